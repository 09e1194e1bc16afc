// A customer-base source with a customer on several rows (a subscription's history: a plan
// changed, a customer back after leaving, a second signup): the customer is active on the days
// any of its rows covers and starts at its earliest start (KPIS.md: a customer is a distinct
// value of the key). Counting each row's conditions made churn and retention contradict each
// other (a customer lost by the row that ended while another row kept it, new by its second row).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import type { RunResult } from '../../../src/core/report/resultModel';
import { lines } from '../helpers';

const SUBSCRIPTIONS = lines(
  'customer_id,signup_date,churn_date,plan',
  'k,2024-12-01,2025-01-15,basic', // k moves from basic to pro on Jan 15: never away
  'k,2025-01-15,,pro',
  'm,2024-12-01,,basic',
  'r,2024-11-01,2025-01-10,basic', // r leaves on Jan 10 and is back on Jan 20
  'r,2025-01-20,,basic',
  'c,2024-12-01,2025-01-20,basic', // c leaves on Jan 20
  'a,2024-12-01,,basic', // a signs up twice
  'a,2025-01-05,,basic',
  'n,2025-01-08,,pro', // n is new in January
);
const SPEC = lines(
  'kpilens: 1',
  'as_of: 2025-01-31',
  'sources:',
  '  subs: { file: subs.csv, time: signup_date, key: customer_id }',
  'periods:',
  '  monthly: { grain: month, last: 1, compare: none }',
  'segments:',
  '  plan: { by: plan }',
  'defaults: { period: monthly, segments: [plan] }',
  'kpis:',
  '  churn: { type: churn, source: subs, start: signup_date, end: churn_date }',
  '  retention: { type: retention_rate, source: subs, start: signup_date, end: churn_date }',
  '  customers: { type: customers, source: subs, start: signup_date, end: churn_date }',
  '  new: { type: new_customers, source: subs, start: signup_date, end: churn_date }',
);

describe('engine: a customer-base source with a customer on several rows', function () {
  this.timeout(60000);
  let dir: string;
  let engine: DuckDbEngine;
  let r: RunResult;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-histories-'));
    fs.writeFileSync(path.join(dir, 'subs.csv'), SUBSCRIPTIONS);
    engine = new DuckDbEngine({ allowedDirectories: [dir] });
    const file = path.join(dir, 'subs.kpi.yaml');
    r = await evaluateSpec(await checkKpiFile(file, SPEC), { engine });
  });
  after(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const value = (kpi: string, segment: Record<string, unknown> = {}) =>
    r.kpis
      .find((k) => k.name === kpi)
      ?.rows.find((x) => x.period === '2025-01' && JSON.stringify(x.segment) === JSON.stringify(segment))?.value;

  it('the whole population: one customer each, active on the days any of its rows covers', () => {
    // Active on Dec 31 (S): k, m, r, c, a = 5; on Jan 31 (E): k, m, r, a, n = 5; S ∪ E = 6.
    // lost = 6 − 5 = 1 (c), churn 1/5; N = 6 − 5 = 1 (n), retention (5 − 1)/5 = 0.8 = 1 − churn.
    // New (earliest start in January): n alone. Counting rows gave churn 3/5 (k, r and c lost),
    // retention 0.2 and 4 new customers (k, r, a, n).
    assert.equal(value('churn'), 0.2);
    assert.equal(value('retention'), 0.8);
    assert.equal(value('customers'), 5);
    assert.equal(value('new'), 1);
  });

  it('each plan: the customer on the rows of that plan', () => {
    // basic: S = k, m, r, c, a (5); E = m, r, a (3); S ∪ E = 5: lost 2 (k moved, c left), churn
    // 0.4, N 0, retention 3/5; no earliest basic start in January.
    assert.equal(value('churn', { plan: 'basic' }), 0.4);
    assert.equal(value('retention', { plan: 'basic' }), 0.6);
    assert.equal(value('customers', { plan: 'basic' }), 3);
    assert.equal(value('new', { plan: 'basic' }), 0);
    // pro: S = none (churn has no base); E = k, n; new: k (Jan 15) and n (Jan 8).
    assert.equal(value('churn', { plan: 'pro' }), null);
    assert.equal(value('customers', { plan: 'pro' }), 2);
    assert.equal(value('new', { plan: 'pro' }), 2);
  });
});

describe('engine: customer-base rows counted on no day are told', function () {
  this.timeout(60000);
  it('a row without a start date, or ending before it starts: its customer at its line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-dayless-'));
    const engine = new DuckDbEngine({ allowedDirectories: [dir] });
    try {
      fs.writeFileSync(
        path.join(dir, 'subs.csv'),
        lines(
          'customer_id,signup_date,churn_date',
          'a,2024-12-01,',
          'b,,2025-01-10', // line 3: no start
          'c,2025-01-20,2025-01-05', // line 4: ends before it starts
          'd,2025-01-08,',
        ),
      );
      const text = lines(
        'kpilens: 1',
        'as_of: 2025-01-31',
        'sources:',
        '  subs: { file: subs.csv, time: signup_date, key: customer_id }',
        'periods:',
        '  monthly: { grain: month, last: 1, compare: none }',
        'defaults: { period: monthly }',
        'kpis:',
        '  customers: { type: customers, source: subs, start: signup_date, end: churn_date }',
        '  new: { type: new_customers, source: subs, start: signup_date, end: churn_date }',
      );
      const r = await evaluateSpec(await checkKpiFile(path.join(dir, 's.kpi.yaml'), text), { engine });
      // By hand: active on Jan 31: a and d → 2 (b has no start, c is active on no day); new in
      // January: c (Jan 20) and d (Jan 8) → 2 (c started, whatever its end).
      assert.deepEqual(
        r.kpis.map((k) => [k.name, k.rows[0]?.value]),
        [
          ['customers', 2],
          ['new', 2],
        ],
      );
      assert.deepEqual(
        r.diagnostics.map((d) => d.message),
        [
          "KPI 'customers', 2025-01-01..2025-01-31: 2 customer row(s) counted on no day, without a start date or ending before it: 'b' at subs.csv:3, 'c' at subs.csv:4",
          "KPI 'new', 2025-01-01..2025-01-31: 1 customer row(s) counted in no period, without a start date: 'b' at subs.csv:3",
        ],
      );
    } finally {
      await engine.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
