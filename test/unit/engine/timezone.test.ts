// Time zones (issue 19): an instant (a timestamp with an offset) gets its date in the spec's
// `timezone` (default UTC), never in the machine's TZ. The same spec is run with the DuckDB
// engine started under TZ=Asia/Tokyo and TZ=UTC, and on a real PostgreSQL (timestamptz and
// text columns): the monthly counts are the same everywhere and equal to the hand-computed ones.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { postgresDialect } from '../../../src/core/engine/sql/dialect';
import { PostgresEngine } from '../../../src/core/engine/backends/postgresEngine';
import { quoteIdent, quoteString } from '../../../src/core/engine/sql/sqlText';
import type { RunResult } from '../../../src/core/report/resultModel';
import { lines } from '../helpers';
import { serverSettings, startPostgresForSuite, type PostgresServer } from './postgresServer';

// 1. 2025-03-31T23:30:00+02:00 = 21:30 UTC on March 31: March in UTC, March in Europe/Paris
//    (23:30 on March 31, summer time +02:00 since March 30), April in Asia/Tokyo (06:30 on April 1).
// 2. 2025-04-30T22:30:00Z: April in UTC, May in Paris (00:30 on May 1), May in Tokyo (07:30 on May 1).
// 3. 2025-04-15 12:00:00 (no offset: a wall time): April everywhere.
// 4. 2025-04-01T00:30:00+02:00 = 22:30 UTC on March 31: March in UTC (its written date says April),
//    April in Paris (00:30 on April 1), April in Tokyo (07:30 on April 1).
// 5. 2025-04-30T18:00:00Z: April in UTC, April in Paris (20:00), May in Tokyo (03:00 on May 1).
// Per month (March, April, May): UTC {1,4} {2,3,5} {} = 2, 3, 0; Paris {1} {3,4,5} {2} = 1, 3, 1;
// Tokyo {} {1,3,4} {2,5} = 0, 3, 2.
const INSTANTS = [
  '2025-03-31T23:30:00+02:00',
  '2025-04-30T22:30:00Z',
  '2025-04-15 12:00:00',
  '2025-04-01T00:30:00+02:00',
  '2025-04-30T18:00:00Z',
];
const EXPECTED: Record<string, [string, number][]> = {
  UTC: [
    ['2025-03', 2],
    ['2025-04', 3],
    ['2025-05', 0],
  ],
  'Europe/Paris': [
    ['2025-03', 1],
    ['2025-04', 3],
    ['2025-05', 1],
  ],
  'Asia/Tokyo': [
    ['2025-03', 0],
    ['2025-04', 3],
    ['2025-05', 2],
  ],
};

function spec(timezone: string | undefined, source: string[]): string {
  return lines(
    'kpilens: 1',
    'as_of: 2025-05-31',
    ...(timezone ? [`timezone: ${timezone}`] : []),
    'sources:',
    '  e:',
    ...source,
    'periods:',
    '  m: { grain: month, last: 3 }',
    'kpis:',
    '  n: { type: count, source: e, period: m }',
  );
}

const monthly = (r: RunResult) =>
  r.kpis[0].rows.filter((row) => Object.keys(row.segment).length === 0).map((row) => [row.period, row.value]);

describe('engine: time zones', function () {
  this.timeout(120000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-tz-'));
    fs.writeFileSync(
      path.join(dir, 'events.csv'),
      'at,customer_id\n' + INSTANTS.map((t, i) => `${t},c${i}`).join('\n') + '\n',
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The spec evaluated by a DuckDB engine whose process starts with TZ=`tz`. */
  async function duckUnder(tz: string, timezone: string | undefined): Promise<RunResult> {
    const saved = process.env.TZ;
    process.env.TZ = tz;
    const engine = new DuckDbEngine({ allowedDirectories: [dir] });
    try {
      await engine.query('SELECT 1'); // the child process starts now, under TZ
      process.env.TZ = saved;
      if (saved === undefined) delete process.env.TZ;
      const file = path.join(dir, 'tz.kpi.yaml');
      const text = spec(timezone, ['    file: events.csv', '    time: at']);
      return await evaluateSpec(await checkKpiFile(file, text), { engine });
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
      await engine.close();
    }
  }

  for (const timezone of [undefined, 'Europe/Paris', 'Asia/Tokyo']) {
    it(`timezone: ${timezone ?? '(default UTC)'} gives the same months under TZ=Asia/Tokyo and TZ=UTC`, async () => {
      const expected = EXPECTED[timezone ?? 'UTC'];
      assert.deepEqual(monthly(await duckUnder('Asia/Tokyo', timezone)), expected);
      assert.deepEqual(monthly(await duckUnder('UTC', timezone)), expected);
    });
  }

  it('NDJSON instants (read by DuckDB as timestamps with time zone) get the same months', async () => {
    fs.writeFileSync(
      path.join(dir, 'events.ndjson'),
      INSTANTS.filter((t) => /Z|\+/.test(t))
        .map((t, i) => JSON.stringify({ at: t, customer_id: `c${i}` }))
        .join('\n') + '\n',
    );
    // Instants 1, 2, 4, 5 (3 has no offset): UTC 2, 2, 0; Paris 1, 2, 1; Tokyo 0, 2, 2.
    const want: Record<string, [string, number][]> = {
      UTC: [
        ['2025-03', 2],
        ['2025-04', 2],
        ['2025-05', 0],
      ],
      'Europe/Paris': [
        ['2025-03', 1],
        ['2025-04', 2],
        ['2025-05', 1],
      ],
      'Asia/Tokyo': [
        ['2025-03', 0],
        ['2025-04', 2],
        ['2025-05', 2],
      ],
    };
    const engine = new DuckDbEngine({ allowedDirectories: [dir] });
    try {
      for (const timezone of ['UTC', 'Europe/Paris', 'Asia/Tokyo']) {
        const text = spec(timezone, ['    file: events.ndjson', '    time: at']);
        const r = await evaluateSpec(await checkKpiFile(path.join(dir, 'nd.kpi.yaml'), text), { engine });
        assert.deepEqual(monthly(r), want[timezone], `${timezone}: ${JSON.stringify(r.diagnostics)}`);
      }
    } finally {
      await engine.close();
    }
  });

  describe('PostgreSQL agrees', () => {
    let server: PostgresServer;
    let pg: PostgresEngine;
    before(async function () {
      server = await startPostgresForSuite(this);
      // The server's own default is Asia/Kolkata (+05:30; for connections opened after this),
      // which would give 0, 4, 1: the engine must not depend on it either.
      const admin = new PostgresEngine(serverSettings(server));
      await admin.query(`ALTER DATABASE ${quoteIdent(server.database)} SET timezone = 'Asia/Kolkata'`);
      await admin.close();
      pg = new PostgresEngine(serverSettings(server));
      await pg.query('CREATE TABLE public.events_tz (at timestamptz, customer_id text)');
      await pg.query('CREATE TABLE public.events_text (at text, customer_id text)');
      for (const [i, t] of INSTANTS.entries()) {
        // The server's session is UTC (the engine sets it): the wall time 2025-04-15 12:00 is 12:00 UTC.
        await pg.query(`INSERT INTO public.events_tz VALUES (${quoteString(t)}, 'c${i}')`);
        await pg.query(`INSERT INTO public.events_text VALUES (${quoteString(t)}, 'c${i}')`);
      }
    });
    after(async () => {
      await pg?.close();
      server?.stop();
    });

    it('a text ending in UTC is an instant too (PostgreSQL would ignore the zone of a plain timestamp)', async () => {
      // 22:30 UTC on April 30 is 00:30 on May 1 in Paris; read as a wall time it stayed in April.
      await pg.query('CREATE TABLE public.events_utc (at text, customer_id text)');
      await pg.query(
        `INSERT INTO public.events_utc VALUES ('2025-04-30 22:30 UTC', 'c0'), ('2025-04-30 21:30:00 UTC', 'c1')`,
      );
      const file = path.join(dir, 'pg-utc.kpi.yaml');
      const text = spec('Europe/Paris', ['    table: public.events_utc', '    connection: pg', '    time: at']);
      const r = await evaluateSpec(await checkKpiFile(file, text), { engine: pg, dialect: postgresDialect });
      assert.deepEqual(
        monthly(r),
        [
          ['2025-03', 0],
          ['2025-04', 1],
          ['2025-05', 1],
        ],
        JSON.stringify(r.diagnostics),
      );
    });

    for (const table of ['events_tz', 'events_text']) {
      for (const timezone of [undefined, 'Europe/Paris', 'Asia/Tokyo']) {
        it(`${table}, timezone: ${timezone ?? '(default UTC)'}: the months DuckDB gives`, async () => {
          const file = path.join(dir, `pg-${table}.kpi.yaml`);
          const text = spec(timezone, [`    table: public.${table}`, '    connection: pg', '    time: at']);
          const r = await evaluateSpec(await checkKpiFile(file, text), { engine: pg, dialect: postgresDialect });
          assert.deepEqual(monthly(r), EXPECTED[timezone ?? 'UTC'], JSON.stringify(r.diagnostics));
        });
      }
    }
  });
});
