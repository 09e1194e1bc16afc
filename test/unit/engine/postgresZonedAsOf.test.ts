// The as_of a KPI file on PostgreSQL tables takes from its data (no `as_of:`) is the latest date
// in the file's time zone, as on files: 2025-03-31T22:30:00Z is 2025-04-01 00:30 in Paris. Before,
// the profile cast the raw timestamptz (or text with an offset) to a date in UTC: as_of
// 2025-03-31, and the day grain's windows one day early.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { postgresDialect } from '../../../src/core/engine/sql/dialect';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { lines } from '../helpers';
import { postgresSuite } from './postgresServer';

describe('engine: PostgreSQL as_of in the file time zone', function () {
  this.timeout(120_000);
  const suite = postgresSuite('pg-zoned-asof', async (pg) => {
    await pg.query('CREATE TABLE public.zev_tz (customer_id text, at timestamptz)');
    await pg.query('CREATE TABLE public.zev_text (customer_id text, at text)');
    // Paris wall times: c1 2025-03-30 10:00, c2 2025-03-31 23:30, c1 2025-04-01 00:30.
    const rows = [
      ['c1', '2025-03-30T08:00:00Z'],
      ['c2', '2025-03-31T21:30:00Z'],
      ['c1', '2025-03-31T22:30:00Z'],
    ];
    for (const row of rows) {
      await pg.query('INSERT INTO public.zev_tz VALUES ($1, $2)', row);
      await pg.query('INSERT INTO public.zev_text VALUES ($1, $2)', row);
    }
  });

  for (const table of ['zev_tz', 'zev_text'])
    it(`${table}: as_of 2025-04-01, the last three days 1, 1, 1`, async () => {
      const text = lines(
        'kpilens: 1',
        'timezone: Europe/Paris',
        'sources:',
        `  e: { table: public.${table}, connection: pg, time: at, key: customer_id }`,
        'periods:',
        '  daily: { grain: day, last: 3, compare: none }',
        'kpis:',
        '  dau: { type: active_customers, source: e, period: daily }',
      );
      const file = path.join(suite.dir, `${table}.kpi.yaml`);
      fs.writeFileSync(file, text);
      const r = await evaluateSpec(await checkKpiFile(file, text), { engine: suite.pg, dialect: postgresDialect });
      assert.deepEqual(
        r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
        [],
      );
      assert.equal(r.as_of, '2025-04-01');
      assert.deepEqual(
        r.kpis[0].rows.map((row) => [row.period, row.value]),
        [
          ['2025-03-30', 1],
          ['2025-03-31', 1],
          ['2025-04-01', 1],
        ],
      );
    });
});
