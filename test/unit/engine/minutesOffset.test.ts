// An instant written with hours and minutes only before its offset (`2025-01-10 14:05+01:00`,
// `…T14:05Z`, as many exports write them) is read like the same instant with seconds: DuckDB's
// own cast refuses it, so such rows used to be dropped as "not a date or timestamp".
import { strict as assert } from 'assert';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { convertSql } from '../../../src/core/engine/sources/csvDialect';
import { quoteString } from '../../../src/core/engine/sql/sqlText';

describe('engine: instants with minutes and an offset', function () {
  this.timeout(60000);
  const engine = new DuckDbEngine({ allowedDirectories: [] });
  after(() => engine.close());

  async function read(texts: string[], timezone: string) {
    const values = texts.map((t) => `(${quoteString(t)})`).join(', ');
    const rows = await engine.query(
      `SELECT CAST(${convertSql('v', 'TIMESTAMP', { delimiter: ',' }, timezone)} AS VARCHAR) AS ts, CAST(${convertSql('v', 'DATE', { delimiter: ',' }, timezone)} AS VARCHAR) AS d FROM (VALUES ${values}) t(v)`,
    );
    return rows.map((r) => [r.ts, r.d]);
  }

  it('takes the minutes as if written with :00 seconds, in the spec time zone', async () => {
    assert.deepEqual(
      await read(
        [
          '2025-01-10 14:05+01:00',
          '2025-01-10T14:05Z',
          '2025-01-31T23:30Z',
          '2025-01-31 23:30-05:00',
          '2025-01-10 9:05+01',
        ],
        'Europe/Paris',
      ),
      [
        // 13:05 UTC is 14:05 in Paris (UTC+1 in January).
        ['2025-01-10 14:05:00', '2025-01-10'],
        ['2025-01-10 15:05:00', '2025-01-10'],
        // 23:30 UTC on 31 January is 00:30 on 1 February in Paris: February's.
        ['2025-02-01 00:30:00', '2025-02-01'],
        // 23:30 at UTC−5 is 04:30 UTC, 05:30 in Paris, on 1 February.
        ['2025-02-01 05:30:00', '2025-02-01'],
        ['2025-01-10 09:05:00', '2025-01-10'],
      ],
    );
  });

  it('leaves seconds, fractions and texts without an offset as they were', async () => {
    assert.deepEqual(await read(['2025-01-10 14:05:30+01:00', '2025-01-10 14:05:30.5Z', '2025-01-10 14:05'], 'UTC'), [
      ['2025-01-10 13:05:30', '2025-01-10'],
      ['2025-01-10 14:05:30.5', '2025-01-10'],
      ['2025-01-10 14:05:00', '2025-01-10'],
    ]);
  });
});
