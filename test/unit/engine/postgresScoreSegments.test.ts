// Score segments (rfm, rfm_group, p_alive, clv_decile, tenure) on a real PostgreSQL server
// (postgresServer.ts) and on DuckDB: the data of test/fixtures/scores (as_of 2025-03-31) loaded
// into typed tables, the same KPI file run on both engines — the same values per customer,
// the same KPI rows, as computed by hand below — and the temporary tables gone after each run.
// Skipped, with a message, only when no PostgreSQL binaries are installed.
//
// At 2025-03-31 (test/unit/engine/scoreSegments.test.ts details each quintile):
//  cust  purchase days (value)                        since last  days  total  R F M  group           tenure
//  c01   01-05 100, 02-10 100, 03-20 50, 03-30 50       1          4     300   5 4 4  champions       2 months
//  c02   03-25 20                                       6          1      20   4 1 1  promising       0
//  c03   2024-12-01, 01-15, 02-15 (500 each)           44          3    1500   2 3 5  at_risk         3
//  c04   2024-06-01 10, 2024-07-01 10                 273          2      20   1 2 2  hibernating     9
//  c05   2024-12-01, 01-01, 02-01, 03-01, 03-31 (40)    0          5     200   5 5 3  champions       3
//  c06   2024-10-10 70                                172          1      70   1 1 2  lost            5
//  c07   2024-11-11 60, 03-10 30 + 30 (one day)        21          2     120   3 2 2  about_to_sleep  4
//  c08   2024-09-01, 10-01, 11-01, 12-01 (200 each)   120          4     800   2 5 4  cant_lose       6
//  c09   01-20 15                                      70          1      15   2 1 1  hibernating     2
//  c10   02-15 90, 03-15 90                            16          2     180   3 3 3  need_attention  1
//  c11   2024-05-05 5                                 330          1       5   1 2 1  hibernating    10
//  c12   2024-03-28, 2024-09-28, 03-28 (1000 each)      3          3    3000   4 4 5  loyal          12
// NTILE(5) of 12 customers: quintiles of 3, 3, 2, 2, 2, ties by key (c11, with 1 day like c02,
// c06 and c09, comes after them: F = 2). Tenure bands (default 3, 6, 12, 24 months):
// 00-03m c01 c02 c09 c10; 03-06m c03 c05 c06 c07; 06-12m c04 c08 c11; 12-24m c12.

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import type { Engine, QueryOptions, SqlRow, SqlValue } from '../../../src/core/engine/backends/engine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import type { ScoreSegmentValues } from '../../../src/core/engine/evaluation/scoreSegments';
import { PostgresEngine } from '../../../src/core/engine/backends/postgresEngine';
import { postgresDialect } from '../../../src/core/engine/sql/dialect';
import { quoteString } from '../../../src/core/engine/sql/sqlText';
import type { RunResult } from '../../../src/core/report/resultModel';
import { fitBgnbd } from '../../../src/core/stats/bgnbd';
import { ClvScorer, fitClvModel } from '../../../src/core/stats/clvModel';
import type { CustomerSummary } from '../../../src/core/stats/customerSummary';
import { rfmGroup } from '../../../src/core/stats/customerSegments';
import { FIXTURES, lines } from '../helpers';
import { serverSettings, startPostgresForSuite, type PostgresServer } from './postgresServer';

const DIR = path.join(FIXTURES, 'scores');
const CUSTOMERS = ['c01', 'c02', 'c03', 'c04', 'c05', 'c06', 'c07', 'c08', 'c09', 'c10', 'c11', 'c12'];

// The models' summary at 03-31 (frequency = days − 1; recency, T in days; monetary = mean of the
// days after the first), e.g. c01: 3, 01-05→03-30 = 26 + 28 + 30 = 84, 01-05→03-31 = 85, 200/3.
const SUMMARIES: CustomerSummary[] = [
  { frequency: 3, recency: 84, T: 85, monetary: 200 / 3 },
  { frequency: 0, recency: 0, T: 6, monetary: 0 },
  { frequency: 2, recency: 76, T: 120, monetary: 500 },
  { frequency: 1, recency: 30, T: 303, monetary: 10 },
  { frequency: 4, recency: 120, T: 120, monetary: 40 },
  { frequency: 0, recency: 0, T: 172, monetary: 0 },
  { frequency: 1, recency: 119, T: 140, monetary: 60 },
  { frequency: 3, recency: 91, T: 211, monetary: 200 },
  { frequency: 0, recency: 0, T: 70, monetary: 0 },
  { frequency: 1, recency: 28, T: 44, monetary: 90 },
  { frequency: 0, recency: 0, T: 330, monetary: 0 },
  { frequency: 2, recency: 365, T: 368, monetary: 1000 },
];

// March's orders (customer, amount): the rows the KPIs below slice.
const MARCH: [string, number][] = [
  ['c01', 50],
  ['c01', 50],
  ['c02', 20],
  ['c05', 40],
  ['c05', 40],
  ['c07', 30],
  ['c07', 30],
  ['c10', 90],
  ['c12', 1000],
];

const spec = (orders: string, survey: string) =>
  lines(
    'kpilens: 1',
    'as_of: 2025-03-31',
    'sources:',
    `  orders: { ${orders}, time: order_date, key: customer_id }`,
    `  survey: { ${survey}, time: responded_at, key: customer_id }`,
    'periods:',
    '  monthly: { grain: month, last: 1 }',
    'segments:',
    '  rfm: { score: rfm, revenue: orders.amount }',
    '  rfm_group: { score: rfm_group, revenue: orders.amount }',
    '  alive: { score: p_alive, revenue: orders.amount }',
    '  value: { score: clv_decile, revenue: orders.amount }',
    '  tenure: { score: tenure, revenue: orders.amount }',
    'kpis:',
    '  orders_count: { type: count, source: orders, period: monthly, segments: [rfm_group, tenure] }',
    '  revenue: { type: sum, source: orders, column: amount, period: monthly, segments: [tenure, alive, value] }',
    '  nps: { type: nps, source: survey, column: nps_score, period: monthly, segments: [rfm_group] }',
  );

const PG_SPEC = spec('table: public.s_orders, connection: pg', 'table: public.s_survey, connection: pg');
const DUCK_SPEC = spec('file: data/orders.csv', 'file: data/survey.csv');

type Call = { sql: string; params: SqlValue[]; pinned: boolean };

/** Runs every query on the engine it wraps (in its session too: `pinned`) and keeps each with its parameters. */
class Recorder implements Engine {
  constructor(
    private readonly inner: Engine,
    readonly calls: Call[] = [],
    private readonly pinned = false,
  ) {}
  query(sql: string, params: SqlValue[] = [], options?: QueryOptions): Promise<SqlRow[]> {
    this.calls.push({ sql, params, pinned: this.pinned });
    return this.inner.query(sql, params, options);
  }
  session<T>(work: (engine: Engine) => Promise<T>): Promise<T> {
    const inner = this.inner;
    if (!inner.session) return work(this);
    return inner.session((engine) => work(new Recorder(engine, this.calls, true)));
  }
  async close(): Promise<void> {
    // The test closes the engine it wraps.
  }
}

/** Each row of the latest period as `segment value previous`. */
function rowsOf(result: RunResult, kpi: string): string[] {
  const k = result.kpis.find((x) => x.name === kpi);
  assert.ok(k, `KPI ${kpi} in the result: ${JSON.stringify(result.diagnostics)}`);
  return k.rows.map((r) => `${JSON.stringify(r.segment)} ${r.value} ${r.previous ?? '-'}`);
}

describe('score segments on PostgreSQL and on DuckDB', function () {
  this.timeout(120_000);
  let server: PostgresServer;
  let pg: PostgresEngine;
  let duck: DuckDbEngine;
  let dir: string;

  before(async function () {
    server = await startPostgresForSuite(this);
    pg = new PostgresEngine(serverSettings(server));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-pg-scores-'));
    await pg.query(
      'CREATE TABLE public.s_orders (order_id text, customer_id text, order_date date, amount numeric(12,2))',
    );
    await pg.query(
      'CREATE TABLE public.s_survey (response_id text, customer_id text, responded_at date, nps_score integer)',
    );
    for (const [table, file] of [
      ['s_orders', 'orders.csv'],
      ['s_survey', 'survey.csv'],
    ])
      await pg.query(
        `COPY public.${table} FROM ${quoteString(server.stage(path.join(DIR, 'data', file)))} WITH (FORMAT csv, HEADER true)`,
      );
    duck = new DuckDbEngine({ allowedDirectories: [DIR, path.join(DIR, 'data'), dir, path.join(dir, 'data')] });
  });

  after(async () => {
    await pg?.close();
    await duck?.close();
    server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function run(
    engine: 'pg' | 'duckdb',
    text: string,
    at = DIR,
  ): Promise<{ result: RunResult; values: ScoreSegmentValues; calls: Call[] }> {
    const check = await checkKpiFile(path.join(at, 'test.kpi.yaml'), text);
    assert.deepEqual(
      check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      [],
    );
    const recorder = new Recorder(engine === 'pg' ? pg : duck);
    let values: ScoreSegmentValues | undefined;
    const result = await evaluateSpec(check, {
      engine: recorder,
      ...(engine === 'pg' ? { dialect: postgresDialect } : {}),
      scoreListing: { ends: ['2025-03-31'], onValues: (v) => (values = v) },
    });
    assert.deepEqual(
      result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      [],
    );
    assert.ok(values, 'the values per customer');
    return { result, values, calls: recorder.calls };
  }

  /** The temporary tables of score segments still in the engine (any connection of PostgreSQL). */
  async function leftTables(engine: 'pg' | 'duckdb'): Promise<number> {
    const rows =
      engine === 'pg'
        ? await pg.query("SELECT count(*) AS n FROM pg_class WHERE relname LIKE '\\_\\_kpilens\\_%'")
        : await duck.query(
            "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE '\\_\\_kpilens\\_%' ESCAPE '\\'",
          );
    return Number(rows[0].n);
  }

  it('the same values per customer on both engines, as computed by hand', async () => {
    const p = await run('pg', PG_SPEC);
    const d = await run('duckdb', DUCK_SPEC);
    assert.equal(p.values.end, '2025-03-31');
    assert.deepEqual(p.values.customers, CUSTOMERS);
    // R F M and the groups of the table above.
    const rfm = ['544', '411', '235', '122', '553', '112', '322', '254', '211', '333', '121', '445'];
    assert.deepEqual(p.values.values.rfm, rfm);
    assert.deepEqual(
      p.values.values.rfm_group,
      rfm.map((c) => rfmGroup(Number(c[0]), Number(c[1]))),
    );
    assert.deepEqual(p.values.values.rfm_group?.slice(0, 4), ['champions', 'promising', 'at_risk', 'hibernating']);
    assert.deepEqual(p.values.values.tenure, [
      '00-03m',
      '00-03m',
      '03-06m',
      '06-12m',
      '03-06m',
      '03-06m',
      '03-06m',
      '06-12m',
      '00-03m',
      '00-03m',
      '06-12m',
      '12-24m',
    ]);
    // p_alive: P(alive | x, t_x, T) = 1 / (1 + [x > 0] · a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x))
    // with the BG/NBD fitted on the summaries above, in bands of 25%.
    const fit = fitBgnbd(SUMMARIES);
    assert.ok(fit);
    const { r, alpha, a, b } = fit.params;
    const pAlive = (s: CustomerSummary) =>
      s.frequency === 0
        ? 1
        : 1 / (1 + (a / (b + s.frequency - 1)) * ((alpha + s.T) / (alpha + s.recency)) ** (r + s.frequency));
    const band = (x: number) => (x < 0.25 ? '00-25%' : x < 0.5 ? '25-50%' : x < 0.75 ? '50-75%' : '75-100%');
    assert.deepEqual(
      p.values.values.alive,
      SUMMARIES.map((s) => band(pAlive(s))),
    );
    // clv_decile: customers ordered by their 12-month CLV (then key); of 12, deciles 1 and 2 hold two.
    assert.deepEqual(p.values.values.value, expectedDeciles());
    // DuckDB gives the same, customer for customer.
    assert.deepEqual(d.values, p.values);
    // No date, key or label was written into PostgreSQL's SQL: they went as parameters.
    const made = p.calls.filter((c) => /^CREATE TEMP TABLE/.test(c.sql));
    assert.equal(made.length, 2, 'one summary and one labels table (one revenue column)');
    for (const c of made) assert.doesNotMatch(c.sql, /2025-|'champions'|'00-03m'/);
    assert.ok(made[0].params.includes('2025-03-31') && made[0].params.includes('2025-02-28'), 'both ends');
    assert.ok(made[1].params.includes('champions') && made[1].params.includes('12-24m'), 'the labels');
    // Every query of the run went through one connection (the session), where the temporary
    // tables are: one of PostgreSQL's pool, one lane of DuckDB's child.
    assert.ok(p.calls.length > 5 && p.calls.every((c) => c.pinned));
    assert.ok(d.calls.length > 5 && d.calls.every((c) => c.pinned));
    assert.equal(await leftTables('pg'), 0, 'PostgreSQL: the temporary tables were dropped');
    assert.equal(await leftTables('duckdb'), 0, 'DuckDB: the temporary tables were dropped');
  });

  it('the same KPI rows: counts and NPS by RFM group, revenue by tenure, p_alive and clv decile', async () => {
    const p = await run('pg', PG_SPEC);
    const d = await run('duckdb', DUCK_SPEC);
    // March: 9 orders (c01 ×2, c02, c05 ×2, c07 ×2, c10, c12); February's 4 (c01, c03, c05, c10)
    // are scored at 02-28, where c03 is champions, c05 loyal, c01 and c10 potential_loyalists
    // (scoreSegments.test.ts works the 02-28 quintiles out), and all four are 00-03m.
    assert.deepEqual(rowsOf(p.result, 'orders_count'), [
      '{} 9 4',
      '{"rfm_group":"about_to_sleep"} 2 0', // c07
      '{"rfm_group":"champions"} 4 1', // c01, c05; February: c03
      '{"rfm_group":"loyal"} 1 1', // c12; February: c05
      '{"rfm_group":"need_attention"} 1 0', // c10
      '{"rfm_group":"promising"} 1 0', // c02
      '{"tenure":"00-03m"} 4 4', // c01 ×2, c02, c10
      '{"tenure":"03-06m"} 4 0', // c05 ×2, c07 ×2
      '{"tenure":"12-24m"} 1 0', // c12
    ]);
    // NPS, March answers: c01 10 (champions), c06 0 (lost), c12 9 (loyal), c99 10 (never bought)
    // and one without a customer (8): whole 100 · (3 − 1) / 5 = 40; null slice: 100 · 1/2 = 50.
    assert.deepEqual(rowsOf(p.result, 'nps'), [
      '{} 40 -',
      '{"rfm_group":"champions"} 100 -',
      '{"rfm_group":"lost"} -100 -',
      '{"rfm_group":"loyal"} 100 -',
      '{"rfm_group":null} 50 -',
    ]);
    // Revenue, March: 50 + 50 + 20 + 40 + 40 + 30 + 30 + 90 + 1000 = 1350; February: 100 (c01)
    // + 500 (c03) + 40 (c05) + 90 (c10) = 730. By tenure: 00-03m c01 c02 c10 = 50 + 50 + 20 + 90
    // = 210 (February's four: 730); 03-06m c05 c07 = 40 + 40 + 30 + 30 = 140; 12-24m c12 1000
    // (a sum over no row is 0: their February).
    const revenue = rowsOf(p.result, 'revenue');
    assert.deepEqual(
      revenue.filter((r) => !/alive|value/.test(r)),
      ['{} 1350 730', '{"tenure":"00-03m"} 210 730', '{"tenure":"03-06m"} 140 0', '{"tenure":"12-24m"} 1000 0'],
    );
    // By clv decile and p_alive band: March's amounts summed by each customer's value at 03-31.
    const marchBy = (labels: (string | null)[]) => {
      const sums = new Map<string, number>();
      for (const [c, amount] of MARCH) {
        const label = labels[CUSTOMERS.indexOf(c)] as string;
        sums.set(label, (sums.get(label) ?? 0) + amount);
      }
      return sums;
    };
    const current = (segment: string) =>
      new Map(
        (p.result.kpis.find((k) => k.name === 'revenue')?.rows ?? [])
          .filter((r) => r.segment[segment] !== undefined && r.value !== null)
          .map((r) => [r.segment[segment] as string, r.value]),
      );
    assert.deepEqual(current('value'), marchBy(expectedDeciles()));
    assert.deepEqual(current('alive'), marchBy(p.values.values.alive ?? []));
    // DuckDB gives every row the same.
    for (const kpi of ['orders_count', 'nps', 'revenue'])
      assert.deepEqual(rowsOf(d.result, kpi), rowsOf(p.result, kpi));
  });

  it('customers compared in byte order on PostgreSQL too, whatever the column’s collation', async () => {
    // c11 written C11: in bytes 'C' (0x43) sorts before every 'c' (0x63), so C11 comes first;
    // in a linguistic collation (und-x-icu) after c09. Among the one-day customers C11, c02, c06,
    // c09 (ties in F), F1 is now C11 c02 c06 and c09 goes to F2: C11 R1 F1 M1 (lost), c09 R2 F2
    // M1 (hibernating); R and M have no tie between them.
    await pg.query(
      'CREATE TABLE public.s_orders_icu (order_id text, customer_id text COLLATE "und-x-icu", order_date date, amount numeric(12,2))',
    );
    await pg.query(
      "INSERT INTO public.s_orders_icu SELECT order_id, replace(customer_id, 'c11', 'C11'), order_date, amount FROM public.s_orders",
    );
    fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
    const csv = fs.readFileSync(path.join(DIR, 'data', 'orders.csv'), 'utf8').replace(',c11,', ',C11,');
    fs.writeFileSync(path.join(dir, 'data', 'orders.csv'), csv);
    fs.copyFileSync(path.join(DIR, 'data', 'survey.csv'), path.join(dir, 'data', 'survey.csv'));
    const p = await run('pg', PG_SPEC.replace('public.s_orders', 'public.s_orders_icu'));
    const d = await run('duckdb', DUCK_SPEC, dir);
    const keys = ['C11', ...CUSTOMERS.filter((c) => c !== 'c11')];
    assert.deepEqual(p.values.customers, keys);
    const rfm = new Map(p.values.customers.map((c, i) => [c, p.values.values.rfm?.[i]]));
    assert.equal(rfm.get('C11'), '111');
    assert.equal(rfm.get('c09'), '221');
    assert.equal(rfm.get('c02'), '411');
    const groups = new Map(p.values.customers.map((c, i) => [c, p.values.values.rfm_group?.[i]]));
    assert.deepEqual([groups.get('C11'), groups.get('c09')], ['lost', 'hibernating']);
    assert.deepEqual(d.values, p.values);
  });

  it('a session holds one connection: its temporary table is seen by its next queries only', async () => {
    const seen = await pg.session(async (s) => {
      await s.query('CREATE TEMP TABLE kept AS SELECT 1 AS x');
      // The pool's other connection does not see it while the session holds its own.
      const other = await pg.query("SELECT to_regclass('pg_temp.kept') IS NOT NULL AS seen");
      const own = await s.query('SELECT count(*) AS n FROM kept');
      await s.query('DROP TABLE kept');
      return { other: other[0].seen, own: own[0].n };
    });
    assert.deepEqual(seen, { other: false, own: 1 });
    // A query of the session can be cancelled as any other; the session is unusable after it ends.
    let held: Engine | undefined;
    await pg.session(async (s) => {
      held = s;
      const stop = new AbortController();
      const slow = s.query('SELECT pg_sleep(30)', [], { signal: stop.signal });
      stop.abort();
      await assert.rejects(slow, (e: Error & { kind?: string }) => e.kind === 'cancelled');
    });
    await assert.rejects(
      held?.query('SELECT 1') ?? Promise.resolve(),
      (e: Error & { kind?: string }) => e.kind === 'unavailable',
    );
  });
});

/** Each customer's CLV decile: the 12-month CLV of BG/NBD + Gamma-Gamma fitted on SUMMARIES, ordered (ties by key). */
function expectedDeciles(): string[] {
  const model = fitClvModel(SUMMARIES);
  assert.ok(model.ok);
  const scorer = new ClvScorer(model.model.bgnbd.params, model.model.gammaGamma.params, 12, 0);
  const order = SUMMARIES.map((s, i) => ({ i, clv: scorer.score(s)?.clv ?? NaN })).sort(
    (x, y) => x.clv - y.clv || x.i - y.i,
  );
  // 12 customers in 10 deciles: 2, 2, then 1 each.
  const decileAt = [1, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const out: string[] = [];
  order.forEach((o, pos) => (out[o.i] = String(decileAt[pos]).padStart(2, '0')));
  return out;
}
