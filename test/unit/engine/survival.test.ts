// type: survival evaluated on real DuckDB (a CSV file) and real PostgreSQL (the same rows in a
// table; postgresServer.ts), against a small data set worked out by hand below: an end on the
// first day, an event and a censoring tied, an end after as_of, no end, an end before the start
// and a missing start (both left out and counted), a start after as_of; segments by plan. Both
// engines give the same rows and curves.
import { strict as assert } from 'assert';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { PostgresEngine } from '../../../src/core/engine/backends/postgresEngine';
import { postgresDialect } from '../../../src/core/engine/sql/dialect';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { quoteString } from '../../../src/core/engine/sql/sqlText';
import type { KpiResult, ResultRow, RunResult } from '../../../src/core/report/resultModel';
import { diffKpiFile, renderDiff } from '../../../src/core/diff';
import * as fs from 'fs';
import * as os from 'os';
import { FIXTURES, lines, runCli } from '../helpers';
import { serverSettings, startPostgresForSuite, type PostgresServer } from './postgresServer';

const DIR = path.join(FIXTURES, 'survival');
const CSV = path.join(DIR, 'data', 'subscriptions.csv');

const KPIS = [
  'periods:',
  '  monthly: { grain: month, from: 2025-02-01, to: 2025-03-31 }',
  'segments:',
  '  plan: { by: plan }',
  'kpis:',
  '  lifetime:',
  '    type: survival',
  '    source: subs',
  '    start: start_date',
  '    end: end_date',
  '    at: [0, 30, 60, 90]',
  '    period: monthly',
  '    segments: [plan]',
];

async function evaluate(text: string, options: Parameters<typeof evaluateSpec>[1]): Promise<RunResult> {
  const check = await checkKpiFile(path.join(DIR, 'test.kpi.yaml'), text);
  assert.deepEqual(
    check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    [],
  );
  return evaluateSpec(check, options);
}

const r6 = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 1e6) / 1e6);

function cell(k: KpiResult, period: string, day: number, segment: Record<string, string> = {}): unknown[] {
  const row = k.rows.find(
    (x: ResultRow) => x.period === period && x.day === day && JSON.stringify(x.segment) === JSON.stringify(segment),
  );
  assert.ok(row, `${period} D${day} ${JSON.stringify(segment)}`);
  return [r6(row.value), row.n, r6(row.ci_low), r6(row.ci_high)];
}

/** The hand-worked numbers; the same for both engines. */
function checkNumbers(result: RunResult): void {
  const k = result.kpis.find((x) => x.name === 'lifetime');
  assert.ok(k);
  // March (censoring at b = 03-31). Counted: s1..s5 (s6 ends before it starts, s7 has no start,
  // s8 starts after b). Durations: s1 01-01→01-01 = 0 ended; s2 01-01→01-31 = 30 ended;
  // s3 no end → censored at 03-31 − 01-01 = 89; s4 01-31→03-02 = 30 ended; s5 ends 04-15 > b →
  // censored at 03-31 − 02-28 = 31.  So 0E, 30E, 30E, 31C, 89C.
  // t=0: 5 at risk, 1 ends → S = 0.8.  t=30: 4 at risk, 2 end → S = 0.8 × 2/4 = 0.4.
  // Greenwood at 0: 1/(5·4) = 0.05, se = √0.05/|ln 0.8| = 1.0020758, low = 0.8^exp(1.964033) = 0.203809,
  //   high = 0.8^exp(−1.964033) = 0.8^0.140292 = 0.969180.
  // At 30: 0.05 + 2/(4·2) = 0.3, se = 0.5477226/0.9162907 = 0.5977610, z·se = 1.1715906,
  //   low = 0.4^3.2270 = 0.051976, high = 0.4^0.309890 = 0.752816 (R survfit log-log: the same).
  // Day 60: still 0.4, n at risk = durations ≥ 60 = 1 (s3). Day 90 > 89, the last (censored) duration: null.
  assert.deepEqual(cell(k, '2025-03', 0), [0.8, 5, 0.203809, 0.96918]);
  assert.deepEqual(cell(k, '2025-03', 30), [0.4, 4, 0.051976, 0.752816]);
  assert.deepEqual(cell(k, '2025-03', 60), [0.4, 1, 0.051976, 0.752816]);
  assert.deepEqual(cell(k, '2025-03', 90), [null, 0, null, null]);
  // February (b = 02-28): s1 0E; s2 30E; s3 censored at 58; s4 ends 03-02 > b → censored at 28;
  // s5 starts on b → censored at 0 (tied with s1's event at 0: events first, so 5 at risk at 0).
  // t=0: 5 at risk, 1 ends → 0.8; t=28 censored; t=30: 2 at risk, 1 ends → 0.4.
  // Greenwood at 30: 0.05 + 1/(2·1) = 0.55, se = 0.7416198/0.9162907 = 0.8093755, z·se = 1.5863470,
  //   low = 0.4^4.886 = 0.011369, high = 0.4^0.204662 = 0.828996.
  assert.deepEqual(cell(k, '2025-02', 0), [0.8, 5, 0.203809, 0.96918]);
  assert.deepEqual(cell(k, '2025-02', 30), [0.4, 2, 0.011369, 0.828996]);
  assert.deepEqual(cell(k, '2025-02', 60), [null, 0, null, null]);
  // March's previous value is February's.
  const march30 = k.rows.find((x) => x.period === '2025-03' && x.day === 30 && Object.keys(x.segment).length === 0);
  assert.equal(r6(march30?.previous), 0.4);
  // By plan, March. basic {s1 0E, s2 30E}: t=0 2 at risk → 0.5; t=30 1 at risk → 0; S stays 0 after.
  // Greenwood at 0: 1/(2·1) = 0.5, se = √0.5/ln 2 = 1.0201394, z·se = 1.9994365: low = 0.5^7.3849 = 0.005983,
  // high = 0.5^0.135409 = 0.910410 (R: 0.00598, 0.91). At 30, S = 0: no interval.
  assert.deepEqual(cell(k, '2025-03', 0, { plan: 'basic' }), [0.5, 2, 0.005983, 0.91041]);
  assert.deepEqual(cell(k, '2025-03', 30, { plan: 'basic' }), [0, 1, null, null]);
  assert.deepEqual(cell(k, '2025-03', 90, { plan: 'basic' }), [0, 0, null, null]);
  // pro {s3 89C, s4 30E, s5 31C}: S(0) = 1 (no event yet, no interval); t=30: 3 at risk, 1 ends → 2/3,
  // Greenwood 1/(3·2) = 1/6, se = 0.4082483/0.4054651 = 1.0068643, low = (2/3)^exp(1.973418) = 0.054073,
  // high = (2/3)^exp(−1.973418) = 0.945206 (R: 0.0540734, 0.945206).
  assert.deepEqual(cell(k, '2025-03', 0, { plan: 'pro' }), [1, 3, null, null]);
  assert.deepEqual(cell(k, '2025-03', 30, { plan: 'pro' }), [0.666667, 3, 0.054073, 0.945206]);
  // The curves at the latest period end and the medians: whole 30 (S(30) = 0.4 ≤ 0.5), its interval
  // from 0 (lower band 0.2038 ≤ 0.5 at t=0) to not reached (upper bands 0.969, 0.753 > 0.5);
  // basic: 0 (S(0) = 0.5), interval from 0 to not reached (S = 0 at 30 has no band); pro: not reached
  // (S ≥ 2/3), yet its interval starts at 30, where the lower band 0.054 is ≤ 0.5 (R: NA, 30, NA).
  const s = k.survival;
  assert.ok(s);
  assert.equal(s.at, '2025-03-31');
  assert.deepEqual(
    s.segments.map((g) => [g.segment, g.subjects, g.events, g.censored, g.median, g.median_ci_low, g.median_ci_high]),
    [
      [{}, 5, 3, 2, 30, 0, null],
      [{ plan: 'basic' }, 2, 2, 0, 0, 0, null],
      [{ plan: 'pro' }, 3, 1, 2, null, 30, null],
    ],
  );
  assert.deepEqual(
    s.segments[0].curve.map((p) => [p.t, p.at_risk, p.events, p.censored, r6(p.survival)]),
    [
      [0, 5, 1, 0, 0.8],
      [30, 4, 2, 0, 0.4],
      [31, 2, 0, 1, 0.4],
      [89, 1, 0, 1, 0.4],
    ],
  );
  // The rows left out are counted, each with its field.
  const notes = result.diagnostics.filter((d) => d.code === 'invalid-values').map((d) => [d.message, d.count]);
  assert.deepEqual(notes, [
    ["KPI 'lifetime', 1 row(s) left out: no readable date in start_date", 1],
    ["KPI 'lifetime', 1 row(s) left out: end_date before start_date (start..end: 2025-03-15..2025-03-10)", 1],
  ]);
}

describe('engine: survival (Kaplan–Meier) on DuckDB and PostgreSQL', function () {
  this.timeout(120_000);
  let duck: DuckDbEngine;
  let duckResult: RunResult;
  before(() => {
    duck = new DuckDbEngine({ allowedDirectories: [DIR, path.join(DIR, 'data')] });
  });
  after(() => duck.close());

  it('DuckDB, from a CSV file: S, n at risk and the interval per day, the curves and medians, the rows left out', async () => {
    duckResult = await evaluate(
      lines(
        'kpilens: 1',
        'as_of: 2025-03-31',
        'sources:',
        '  subs: { file: data/subscriptions.csv, key: subscription_id, time: start_date }',
        ...KPIS,
      ),
      { engine: duck },
    );
    checkNumbers(duckResult);
  });

  it('without `at`: one row per distinct event time', async () => {
    const result = await evaluate(
      lines(
        'kpilens: 1',
        'as_of: 2025-03-31',
        'sources:',
        '  subs: { file: data/subscriptions.csv, key: subscription_id, time: start_date }',
        ...KPIS.filter((l) => !l.includes('at: [')),
      ),
      { engine: duck },
    );
    const k = result.kpis[0];
    // Event times in any curve (January's compared window too: s1 at 0, s2 at 30): 0 and 30.
    assert.deepEqual([...new Set(k.rows.map((r) => r.day))], [0, 30]);
  });

  it('kpilens diff: survival rows before → after, each with its day', async () => {
    const text = (where: string[]) =>
      lines(
        'kpilens: 1',
        'as_of: 2025-03-31',
        'sources:',
        '  subs: { file: data/subscriptions.csv, key: subscription_id, time: start_date }',
        ...KPIS.filter((l) => !l.includes('segments')).filter(
          (l) => !l.startsWith('segments:') && !l.includes('plan: { by'),
        ),
        ...where,
      );
    const diff = await diffKpiFile(path.join(DIR, 'test.kpi.yaml'), text([]), text(['    where: "plan = \'basic\'"']), {
      dataRoot: DIR,
      displayPath: 'subs.kpi.yaml',
    });
    const k = diff.kpis.find((x) => x.name === 'lifetime');
    assert.ok(k?.rows);
    // Head: basic only, {s1 0E, s2 30E}: S(0) = 1/2, S(30) = 0 (both months); base: see above
    // (March 0.8 and 0.4; February 0.8 and 0.4).
    const moved = (period: string, day: number) => {
      const row = k.rows?.find((r) => r.period === period && r.day === day);
      return row ? [r6(row.before), r6(row.after)] : undefined;
    };
    assert.deepEqual(moved('2025-03', 0), [0.8, 0.5]);
    assert.deepEqual(moved('2025-03', 30), [0.4, 0]);
    assert.deepEqual(moved('2025-03', 60), [0.4, 0]);
    assert.match(renderDiff(diff, 'table'), /D30/);
  });

  it('kpilens sql: the survival statements compile for BigQuery, Snowflake and Trino', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-survival-sql-'));
    try {
      fs.mkdirSync(path.join(dir, 'data'));
      fs.copyFileSync(CSV, path.join(dir, 'data', 'subscriptions.csv'));
      const file = path.join(dir, 'subs.kpi.yaml');
      fs.writeFileSync(
        file,
        lines(
          'kpilens: 1',
          'as_of: 2025-03-31',
          'sources:',
          '  subs: { file: data/subscriptions.csv, key: subscription_id, time: start_date }',
          ...KPIS,
        ),
      );
      for (const dialect of ['bigquery', 'snowflake', 'trino']) {
        const { code, out, err } = await runCli(['sql', file, '--dialect', dialect], dir);
        assert.equal(code, 0, `${dialect}: ${err}`);
        assert.match(out, /"__d"|`__d`/, dialect);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('PostgreSQL', () => {
    let server: PostgresServer;
    let pg: PostgresEngine;
    before(async function () {
      server = await startPostgresForSuite(this);
      pg = new PostgresEngine(serverSettings(server));
    });
    after(async () => {
      await pg?.close();
      server?.stop();
    });

    it('the same rows, curves and notes as DuckDB, every value a parameter', async () => {
      await pg.query(
        'CREATE TABLE public.subs (subscription_id text, customer_id text, plan text, start_date date, end_date date)',
      );
      await pg.query(`COPY public.subs FROM ${quoteString(server.stage(CSV))} WITH (FORMAT csv, HEADER true)`);
      const calls: string[] = [];
      const result = await evaluate(
        lines(
          'kpilens: 1',
          'as_of: 2025-03-31',
          'sources:',
          '  subs: { table: public.subs, connection: pg, key: subscription_id, time: start_date }',
          ...KPIS,
        ),
        {
          engine: {
            query: (sql, params, options) => {
              calls.push(sql);
              return pg.query(sql, params, options);
            },
            close: async () => undefined,
          },
          dialect: postgresDialect,
        },
      );
      checkNumbers(result);
      assert.ok(duckResult, 'the DuckDB test ran first');
      const strip = (r: RunResult) => JSON.parse(JSON.stringify(r.kpis)) as unknown;
      assert.deepEqual(strip(result), strip(duckResult));
      for (const sql of calls.filter((c) => c.includes('"__t"'))) assert.doesNotMatch(sql, /2025-|DATE '/);
    });
  });
});
