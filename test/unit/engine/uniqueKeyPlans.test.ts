// A dimension source whose key is unique (checked once on the data, keyUniqueness.ts) is read
// without grouping it by its key: its lookups (`customers.plan`) and its cohorts take each
// customer's row as is, and the duplicate-key check is not run. The numbers are those of the
// grouped plan — a row with an empty time keeps its joined value (a customer whose signup date
// is empty keeps their plan), a row with an empty key is no customer, in no cohort — checked
// by hand here and against the same data with a key on two rows (the grouped plan).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { RecordingEngine } from '../../../src/core/engine/backends/recordingEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import type { RunResult } from '../../../src/core/report/resultModel';
import { lines } from '../helpers';

const CUSTOMERS = lines(
  'customer_id,signup_date,plan',
  'c1,2025-01-05,pro',
  'c2,,free', // no signup date: still on the free plan (no dated row to prefer), in no cohort
  'c3,2025-01-10,pro',
  ',2025-01-03,free', // no key: no customer (before, the keyless rows were one cohort member, never retained)
);
const ORDERS = lines(
  'order_id,customer_id,order_date,amount',
  '1,c1,2025-01-06,10',
  '2,c2,2025-01-07,20',
  '3,c3,2025-01-12,30',
  '4,c1,2025-01-20,5',
);
const SPEC = lines(
  'kpilens: 1',
  'as_of: 2025-03-31',
  'sources:',
  '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
  '  customers: { file: data/customers.csv, time: signup_date, key: customer_id }',
  'periods:',
  '  jan: { grain: month, last: 3 }',
  'segments:',
  '  plan: { by: customers.plan }',
  '  cohort_plan: { by: plan }',
  'defaults: { period: jan }',
  'kpis:',
  '  revenue: { type: sum, source: orders, column: amount, segments: [plan] }',
  '  d30: { type: cohort_retention, source: orders, cohort: customers, start: signup_date, days: [30], segments: [cohort_plan] }',
);

function n(r: RunResult, kpi: string, segment: Record<string, unknown>): number | null | undefined {
  return r.kpis
    .find((k) => k.name === kpi)
    ?.rows.find((x) => x.period === '2025-01' && JSON.stringify(x.segment) === JSON.stringify(segment))?.n;
}

function value(r: RunResult, kpi: string, segment: Record<string, unknown>): number | null | undefined {
  const row = r.kpis
    .find((k) => k.name === kpi)
    ?.rows.find((x) => x.period === '2025-01' && JSON.stringify(x.segment) === JSON.stringify(segment));
  return row?.value === null || row?.value === undefined ? row?.value : Math.round(row.value * 10000) / 10000;
}

describe('engine: a dimension source with a unique key is not grouped by its key', function () {
  this.timeout(60000);
  let dir: string;
  let engine: DuckDbEngine;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-unique-'));
    fs.mkdirSync(path.join(dir, 'data'));
    fs.writeFileSync(path.join(dir, 'data', 'orders.csv'), ORDERS);
    engine = new DuckDbEngine({ allowedDirectories: [dir] });
  });
  after(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function run(customers: string): Promise<{ r: RunResult; sql: string[] }> {
    fs.writeFileSync(path.join(dir, 'data', 'customers.csv'), customers);
    const recorder = new RecordingEngine(engine);
    const check = await checkKpiFile(path.join(dir, 'test.kpi.yaml'), SPEC);
    const r = await evaluateSpec(check, { engine: recorder });
    return { r, sql: recorder.statements };
  }

  /**
   * January: revenue 10 + 20 + 30 + 5 = 65; pro = c1 (10 + 5) + c3 30 = 45; free = c2's 20 (before,
   * c2's empty signup date lost its plan: its 20 went to the empty slice, without a word).
   */
  function checkNumbers(r: RunResult): void {
    assert.equal(value(r, 'revenue', {}), 65);
    assert.equal(value(r, 'revenue', { plan: 'pro' }), 45);
    assert.equal(value(r, 'revenue', { plan: 'free' }), 20);
    assert.equal(value(r, 'revenue', { plan: null }), undefined, 'every purchase joins a plan');
    // January cohort: c1 (Jan 5) and c3 (Jan 10); the row without a key (Jan 3) is no customer.
    // D30 = days 1..30 after the start: c1 Jan 6 (day 1), c3 Jan 12 (day 2) → 2 of 2. By plan:
    // pro {c1, c3} → 2/2; free has no member.
    assert.equal(value(r, 'd30', {}), 1);
    assert.equal(n(r, 'd30', {}), 2);
    assert.equal(value(r, 'd30', { cohort_plan: 'pro' }), 1);
    assert.equal(n(r, 'd30', { cohort_plan: 'free' }) ?? 0, 0);
  }

  it('unique key: the lookup and the cohorts read one row per customer, no duplicate-key query', async () => {
    const { r, sql } = await run(CUSTOMERS);
    checkNumbers(r);
    const lookups = sql.filter((s) => s.includes('lk_0 AS ('));
    assert.ok(lookups.length > 0);
    for (const s of lookups) assert.ok(!/arg_max\(/.test(s), 'the lookup takes the row as is');
    const cohorts = sql.filter((s) => s.includes('cohort AS ('));
    assert.ok(cohorts.length > 0);
    for (const s of cohorts)
      assert.ok(!/GROUP BY 1/.test(s.split('cohort AS (')[1].split('\n')[0]), 'keyed rows as they are');
    assert.ok(!sql.some((s) => s.includes('HAVING count(*) > 1')), 'no duplicate-key query');
    assert.ok(!r.diagnostics.some((d) => d.code === 'duplicate-keys'));
  });

  it('the same data with c1 on two identical rows: the grouped plan gives the same numbers and warns', async () => {
    const { r, sql } = await run(CUSTOMERS + 'c1,2025-01-05,pro\n');
    checkNumbers(r);
    assert.ok(sql.some((s) => s.includes('lk_0 AS (') && /arg_max\(/.test(s)));
    assert.ok(r.diagnostics.some((d) => d.code === 'duplicate-keys'));
  });

  it('a key on several rows: its latest dated row gives the plan, else the smallest plan of its undated rows', async () => {
    // c2: an undated `free` row and a `pro` row dated 2025-02-01 → pro (the dated row wins, even
    // dated after the purchase); c3: two undated rows, `pro` and `basic` → basic (the smallest).
    const { r } = await run(
      lines(
        'customer_id,signup_date,plan',
        'c1,2025-01-05,pro',
        'c2,,free',
        'c2,2025-02-01,pro',
        'c3,,pro',
        'c3,,basic',
      ),
    );
    // pro: c1 10 + 5, c2 20 = 35; basic: c3 30.
    assert.equal(value(r, 'revenue', { plan: 'pro' }), 35);
    assert.equal(value(r, 'revenue', { plan: 'basic' }), 30);
    assert.equal(value(r, 'revenue', { plan: 'free' }), undefined);
    assert.equal(value(r, 'revenue', { plan: null }), undefined);
  });
});
