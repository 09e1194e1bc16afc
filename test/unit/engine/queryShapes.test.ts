// The faster query shapes of issue 21 on hand-checked data, with the real engine and cache:
// customer-base KPIs count rows over a key known unique (the fact found once, kept in the
// columnar cache entry) and distinct keys otherwise; cohorts from one per-customer table
// (windows before the start and overlapping windows); no non-numeric scan of a number column.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { ColumnarCache } from '../../../src/core/engine/cache/columnarCache';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { RecordingEngine } from '../../../src/core/engine/backends/recordingEngine';
import type { RunResult } from '../../../src/core/report/resultModel';
import { lines } from '../helpers';

const BASE_SPEC = lines(
  'kpilens: 1',
  'as_of: 2025-01-31',
  'sources:',
  '  customers: { file: data/customers.csv, time: signup_date, key: customer_id }',
  'periods:',
  '  jan: { grain: month, last: 1, compare: none }',
  'defaults: { period: jan }',
  'kpis:',
  '  churn: { type: churn, source: customers, start: signup_date, end: churn_date }',
  '  retention: { type: retention_rate, source: customers, start: signup_date, end: churn_date }',
  '  newcomers: { type: new_customers, source: customers, start: signup_date, end: churn_date }',
);

// January 2025, a = Jan 1, b = Jan 31.
const CUSTOMERS = [
  'customer_id,signup_date,churn_date,plan',
  'c1,2024-06-01,,pro',
  'c2,2024-07-01,2025-01-10,free',
  'c3,2024-12-31,2025-01-31,pro',
  'c4,2025-01-01,,free',
  'c5,2025-01-15,2025-01-20,pro',
  'c6,2025-02-01,,free',
];

describe('engine: query shapes (issue 21)', function () {
  this.timeout(60000);
  let dir: string;
  let cacheDir: string;
  let engine: DuckDbEngine;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-shapes-'));
    fs.mkdirSync(path.join(dir, 'data'));
    cacheDir = path.join(dir, '.kpilens', 'cache');
    engine = new DuckDbEngine({ allowedDirectories: [dir, path.join(dir, 'data'), cacheDir] });
  });
  afterEach(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function run(
    text: string,
    cache?: ColumnarCache,
    asOf?: string,
  ): Promise<{ result: RunResult; sql: string[] }> {
    const check = await checkKpiFile(path.join(dir, 'test.kpi.yaml'), text);
    const recorder = new RecordingEngine(engine);
    const result = await evaluateSpec(check, {
      engine: recorder,
      ...(cache ? { cache } : {}),
      ...(asOf ? { asOf } : {}),
    });
    return { result, sql: recorder.statements };
  }
  const value = (r: RunResult, kpi: string, period?: string, day?: number) =>
    r.kpis
      .find((k) => k.name === kpi)
      ?.rows.find((x) => (period === undefined || x.period === period) && (day === undefined || x.day === day))?.value;
  // The keys' hashes first (all different: unique), the texts only when some hashes are alike.
  const hashQueries = (sql: string[]) =>
    sql.filter((s) => s.includes('count(DISTINCT hash("customer_id")) FILTER (WHERE "customer_id" IS NOT NULL) AS u'))
      .length;
  const exactQueries = (sql: string[]) => sql.filter((s) => s.includes('count(DISTINCT "customer_id") AS u')).length;
  const uniquenessQueries = (sql: string[]) => hashQueries(sql) + exactQueries(sql);

  it('a unique key: rows are counted, the uniqueness is found once and kept in the cache entry', async () => {
    fs.writeFileSync(path.join(dir, 'data', 'customers.csv'), CUSTOMERS.join('\n') + '\n');
    const first = await run(BASE_SPEC, new ColumnarCache({ dir: cacheDir }));
    // S = start < Jan 1 and (no end or end ≥ Jan 1): c1, c2, c3 = 3. lost = those ending in
    // January: c2 (Jan 10), c3 (Jan 31) = 2 → churn 2/3.
    assert.equal(value(first.result, 'churn'), 2 / 3);
    // E = start ≤ Jan 31 and (no end or end > Jan 31): c1, c4 = 2 (c3 ends Jan 31, c5 Jan 20).
    // N = started in January and active on Jan 31: c4 = 1 → retention (2 − 1) / 3.
    assert.equal(value(first.result, 'retention'), 1 / 3);
    // Started in January: c4, c5 = 2 (c6 in February).
    assert.equal(value(first.result, 'newcomers'), 2);
    assert.equal(uniquenessQueries(first.sql), 1);
    assert.equal(hashQueries(first.sql), 1, 'the hashes were enough');
    const scan = first.sql.find((s) => s.includes('FILTER (WHERE TRY_CAST("signup_date" AS DATE) < "__ws"'));
    assert.ok(scan, 'the customer-base scan');
    // Rows are customers: grouped by their (clamped) dates first, each group counting its keys.
    assert.match(scan, /count\("customer_id"\) AS "__kw"/);
    assert.match(scan, /sum\("__kw"\) FILTER/);
    assert.doesNotMatch(scan, /count\(DISTINCT "customer_id"\)/);
    // The entry's metadata holds the fact: a new cache (a new process) does not ask again.
    const meta = fs
      .readdirSync(cacheDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(fs.readFileSync(path.join(cacheDir, f), 'utf8')) as { facts?: Record<string, unknown> });
    // (Its profile row is kept there too: columnarCache.test.ts.)
    assert.deepEqual(
      meta.map((m) =>
        Object.entries(m.facts ?? {})
          .filter(([name]) => name.startsWith('unique-key:'))
          .map(([, v]) => v),
      ),
      [[true]],
    );
    const again = await run(BASE_SPEC, new ColumnarCache({ dir: cacheDir }));
    assert.equal(uniquenessQueries(again.sql), 0);
    assert.equal(value(again.result, 'churn'), 2 / 3);
    assert.equal(value(again.result, 'retention'), 1 / 3);
  });

  it('a key on two rows: distinct customers are counted (a duplicated export line counts once)', async () => {
    fs.writeFileSync(path.join(dir, 'data', 'customers.csv'), [...CUSTOMERS, 'c1,2024-06-01,,pro'].join('\n') + '\n');
    const r = await run(BASE_SPEC, new ColumnarCache({ dir: cacheDir }));
    // S = distinct {c1, c2, c3} = 3 (c1's two rows are one customer; counting rows would give 4
    // and a churn of 2/4), lost = {c2, c3} = 2.
    assert.equal(value(r.result, 'churn'), 2 / 3);
    // E = {c1, c4} = 2, N = {c4} = 1 → (2 − 1) / 3.
    assert.equal(value(r.result, 'retention'), 1 / 3);
    assert.ok(r.sql.some((s) => /count\(DISTINCT "customer_id"\) FILTER/.test(s)));
    // c1's two rows hash alike: the exact query decides (not unique).
    assert.equal(hashQueries(r.sql), 1);
    assert.equal(exactQueries(r.sql), 1);
    // Without a cache the fact is found on the files too, with the same numbers.
    const plain = await run(BASE_SPEC);
    assert.equal(value(plain.result, 'churn'), 2 / 3);
    assert.equal(exactQueries(plain.sql), 1);
  });

  it("cohorts: a window reaching before the start, overlapping windows, one pass over the members' activity", async () => {
    fs.writeFileSync(
      path.join(dir, 'data', 'customers.csv'),
      'customer_id,signup_date\nk1,2025-01-10\nk2,2025-01-20\nk3,2025-02-05\n',
    );
    // k1: Dec 25 is day −16; k2: Jan 27 is day 7 and Feb 10 day 21; k3: Mar 22 is day 45.
    fs.writeFileSync(
      path.join(dir, 'data', 'orders.csv'),
      'customer_id,order_date\nk1,2024-12-25\nk2,2025-01-27\nk2,2025-02-10\nk3,2025-03-22\nk9,2025-01-12\n',
    );
    const r = await run(
      lines(
        'kpilens: 1',
        'sources:',
        '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
        '  customers: { file: data/customers.csv, time: signup_date, key: customer_id }',
        'periods:',
        '  monthly: { grain: month, from: 2025-01-01, to: 2025-02-28 }',
        'kpis:',
        '  ret: { type: cohort_retention, source: orders, cohort: customers, start: signup_date, days: [7, 45], period: monthly }',
      ),
      new ColumnarCache({ dir: cacheDir }),
      '2025-03-31',
    );
    // With window 30: D7 = days −22..7, D45 = days 16..45 (they overlap on days 16..7: none).
    // January cohort {k1, k2}: D7 k1 (day −16) and k2 (day 7) → 2/2; D45 k2 (day 21) → 1/2.
    assert.equal(value(r.result, 'ret', '2025-01', 7), 1);
    assert.equal(value(r.result, 'ret', '2025-01', 45), 0.5);
    // February cohort {k3}: D7 none → 0; D45 (Mar 22, day 45, ≤ as_of) → 1. k9 is in no cohort.
    assert.equal(value(r.result, 'ret', '2025-02', 7), 0);
    assert.equal(value(r.result, 'ret', '2025-02', 45), 1);
    const cohort = r.sql.filter((s) => s.includes('cohort AS ('));
    assert.equal(cohort.length, 1);
    assert.equal(cohort[0].match(/read_parquet/g)?.length, 2, 'each source read once');
  });

  it('a sum over a number column sends no scan for non-numeric values; over text it still reports them', async () => {
    fs.writeFileSync(
      path.join(dir, 'data', 'orders.csv'),
      'customer_id,order_date,amount\na,2025-01-02,10\nb,2025-01-03,2.5\n',
    );
    fs.writeFileSync(
      path.join(dir, 'data', 'text.csv'),
      'customer_id,order_date,amount\na,2025-01-02,10\nb,2025-01-03,n/a\n',
    );
    const spec = (file: string) =>
      lines(
        'kpilens: 1',
        'as_of: 2025-01-31',
        'sources:',
        `  orders: { file: data/${file}, time: order_date }`,
        'periods:',
        '  jan: { grain: month, last: 1 }',
        'kpis:',
        '  revenue: { type: sum, source: orders, column: amount, period: jan }',
      );
    const numbers = await run(spec('orders.csv'), new ColumnarCache({ dir: cacheDir }));
    assert.equal(value(numbers.result, 'revenue'), 12.5); // 10 + 2.5
    assert.ok(numbers.sql.some((s) => s.startsWith('DESCRIBE SELECT "amount"')));
    assert.ok(!numbers.sql.some((s) => s.includes('AS "bad"')), 'no scan for non-numeric amounts');
    const text = await run(spec('text.csv'), new ColumnarCache({ dir: cacheDir }));
    assert.equal(value(text.result, 'revenue'), 10); // 'n/a' skipped
    const warning =
      "KPI 'revenue', 2025-01-01..2025-01-31: 1 row(s) skipped, 'amount' is not a number: 'n/a' at text.csv:3";
    assert.deepEqual(
      text.result.diagnostics.map((d) => d.message),
      [warning],
    );
    // The line was found in the text once (a typed read of the column, its rejects table); a
    // later run remembers it with the cached copy and reads no text.
    const textReads = (sql: string[]) => sql.filter((s) => s.includes('read_csv(')).length;
    assert.ok(textReads(text.sql) > 0);
    const again = await run(spec('text.csv'), new ColumnarCache({ dir: cacheDir }));
    assert.deepEqual(
      again.result.diagnostics.map((d) => d.message),
      [warning],
    );
    assert.equal(textReads(again.sql), 0, again.sql.filter((s) => s.includes('read_csv(')).join('\n'));
  });

  it('rows dated outside every window are left out before the lookups; a gap still sees the purchase before', async () => {
    fs.writeFileSync(
      path.join(dir, 'data', 'orders.csv'),
      lines(
        'order_id,customer_id,order_date,amount',
        'o1,c1,2024-11-20,100', // before every window: no month's revenue, but c1's previous purchase
        'o2,c1,2025-02-10,10',
        'o3,c2,2025-02-20,5',
        'o4,c2,2025-03-02,7',
        'o5,c1,2025-04-01,1000', // after as_of
      ),
    );
    fs.writeFileSync(path.join(dir, 'data', 'plans.csv'), lines('customer_id,plan', 'c1,pro', 'c2,free'));
    const spec = lines(
      'kpilens: 1',
      'as_of: 2025-03-31',
      'sources:',
      '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
      '  plans: { file: data/plans.csv, key: customer_id }',
      'segments:',
      '  plan: { by: plans.plan }',
      'periods:',
      '  monthly: { grain: month, last: 2, compare: previous }',
      'defaults: { period: monthly }',
      'kpis:',
      '  revenue: { type: sum, source: orders, column: amount, segments: [plan] }',
      '  gap: { type: time_between_purchases, source: orders }',
    );
    const { result, sql } = await run(spec, new ColumnarCache({ dir: cacheDir }));
    const revenue = (period: string, plan?: string) =>
      result.kpis
        .find((k) => k.name === 'revenue')
        ?.rows.find(
          (r) =>
            r.period === period && (plan === undefined ? Object.keys(r.segment).length === 0 : r.segment.plan === plan),
        );
    // February 10 + 5 (pro 10, free 5), March 7 (free); January (the previous of February) 0.
    assert.deepEqual(
      [revenue('2025-02')?.value, revenue('2025-02', 'pro')?.value, revenue('2025-02', 'free')?.value],
      [15, 10, 5],
    );
    assert.deepEqual([revenue('2025-03')?.value, revenue('2025-03')?.previous], [7, 15]);
    assert.equal(revenue('2025-02')?.previous, 0);
    // The sum's scan keeps the rows of January 1 to March 31 (the windows and their previous)
    // before it joins the plans.
    const scan = sql.find((s) => s.includes('"plans.plan"') && s.includes('"amount"'));
    assert.ok(scan, 'the revenue scan');
    assert.match(
      scan,
      /FROM b LEFT JOIN lk_0 ON .* WHERE TRY_CAST\(b\."order_date" AS DATE\) BETWEEN DATE '2025-01-01' AND DATE '2025-03-31'\)/,
    );
    // The gaps' scan keeps every row: a customer's previous purchase may be before the windows.
    const gaps = sql.find((s) => s.includes('AS "__gap"'));
    assert.ok(gaps, 'the gaps scan');
    assert.doesNotMatch(gaps, /BETWEEN DATE/);
    // The gaps: c1 bought on 2024-11-20 then 2025-02-10, 82 days; c2's first day has none, then
    // 2025-03-02 is 10 days after 2025-02-20.
    assert.equal(value(result, 'gap', '2025-02'), 82);
    assert.equal(value(result, 'gap', '2025-03'), 10);
  });
});
