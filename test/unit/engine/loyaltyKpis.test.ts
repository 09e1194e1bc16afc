// The loyalty KPI types on tiny hand-built data, each expected value computed by hand in
// the comments (KPIS.md's definitions), with the real DuckDB engine.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import type { KpiResult, RunResult } from '../../../src/core/report/resultModel';
import { FIXTURES, lines } from '../helpers';

const DIR = path.join(FIXTURES, 'engine');
let engine: DuckDbEngine;

async function run(text: string, asOf = '2025-03-31'): Promise<RunResult> {
  const check = await checkKpiFile(path.join(DIR, 'loyalty.kpi.yaml'), text);
  assert.deepEqual(
    check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    [],
  );
  return evaluateSpec(check, { engine, asOf });
}

function values(result: RunResult, name: string, segment: Record<string, unknown> = {}): [string, number | null][] {
  const k: KpiResult | undefined = result.kpis.find((x) => x.name === name);
  assert.ok(k, `KPI ${name}`);
  return k.rows
    .filter((r) => JSON.stringify(r.segment) === JSON.stringify(segment))
    .map((r) => [r.period, r.value === null ? null : Math.round(r.value * 10000) / 10000]);
}

describe('engine: loyalty KPI types on hand-checked data', function () {
  this.timeout(60000);
  before(() => {
    engine = new DuckDbEngine({ allowedDirectories: [DIR, path.join(DIR, 'data')] });
  });
  after(() => engine.close());

  describe('survey KPIs (survey.csv)', () => {
    const spec = lines(
      'kpilens: 1',
      'sources:',
      '  survey: { file: data/survey.csv, time: responded_at, key: customer_id }',
      'periods:',
      '  monthly: { grain: month, from: 2025-01-01, to: 2025-02-28 }',
      'defaults: { period: monthly }',
      'kpis:',
      '  nps: { type: nps, source: survey, column: nps_score }',
      '  csat: { type: csat, source: survey, column: csat_score }',
      '  ces: { type: ces, source: survey, column: ces_score }',
    );

    it('NPS skips invalid scores (11, -1, 7.5, empty) and reports their count', async () => {
      const r = await run(spec);
      // January's valid answers: 10, 9, 8, 6, 0, 10 → promoters 3, detractors 2, n = 6 → 100 × 1/6.
      // February: one 9 → 100.
      assert.deepEqual(values(r, 'nps'), [
        ['2025-01', 16.6667],
        ['2025-02', 100],
      ]);
      const warning = r.diagnostics.find((d) => d.code === 'invalid-values' && d.message.startsWith("KPI 'nps',"));
      assert.ok(warning, 'a warning for the skipped NPS answers');
      assert.equal(warning.severity, 'warning');
      assert.equal(
        warning.message,
        // Each answer out of the scale at its line in survey.csv (the file writes -1, 11 and 7.5).
        "KPI 'nps', 2025-01-01..2025-02-28: 4 answer(s) skipped, not an integer 0..10: (empty), '-1' at survey.csv:8, '11' at survey.csv:7, '7.5' at survey.csv:9",
      );
    });

    it('CSAT: share of valid answers (1..5) that are ≥ 4', async () => {
      const r = await run(spec);
      // January's valid answers: 5, 4, 3, 2, 1, 5 → satisfied 3 of 6. February: 5 → 1.
      assert.deepEqual(values(r, 'csat'), [
        ['2025-01', 0.5],
        ['2025-02', 1],
      ]);
      assert.match(
        r.diagnostics.find((d) => d.message.startsWith("KPI 'csat',"))?.message ?? '',
        /: 4 answer\(s\) skipped, not an integer 1\.\.5: /,
      );
    });

    it('CES: mean of valid answers (1..7)', async () => {
      const r = await run(spec);
      // January's valid answers: 7, 6, 5, 2, 1, 7 → 28 / 6. February: 7.
      assert.deepEqual(values(r, 'ces'), [
        ['2025-01', 4.6667],
        ['2025-02', 7],
      ]);
    });
  });

  describe('customer base (subscriptions.csv)', () => {
    const spec = lines(
      'kpilens: 1',
      'sources:',
      '  subs: { file: data/subscriptions.csv, time: start, key: customer_id }',
      '  marketing: { file: data/marketing.csv, time: month }',
      'periods:',
      '  monthly: { grain: month, last: 3 }',
      'segments:',
      '  plan: { by: plan }',
      'defaults: { period: monthly }',
      'kpis:',
      '  churn: { type: churn, source: subs, start: start, end: end, segments: [plan] }',
      '  retention: { type: retention_rate, source: subs, start: start, end: end }',
      '  base: { type: customers, source: subs, start: start, end: end }',
      '  newcomers: { type: new_customers, source: subs, start: start, end: end }',
      '  cac: { type: cac, spend: marketing.spend, customers: newcomers }',
    );

    it('churn counts customers leaving on the first and the last day of the period', async () => {
      const r = await run(spec);
      // Jan: S = {a, h} (active on Dec 31); lost = {h} (ends Jan 31) → 1/2.
      // Feb: S = {a, b, c, g}; lost = {b (ends Feb 1), c (ends Feb 28)} → 2/4. d starts Feb 1: not in S.
      // Mar: S = {a, d, e, g}; lost = {g (ends Mar 1)} → 1/4.
      assert.deepEqual(values(r, 'churn'), [
        ['2025-01', 0.5],
        ['2025-02', 0.5],
        ['2025-03', 0.25],
      ]);
      // Feb by plan: pro S = {a, b, g}, lost {b} → 1/3; free S = {c}, lost {c} → 1.
      assert.deepEqual(values(r, 'churn', { plan: 'pro' }), [
        ['2025-01', 0],
        ['2025-02', 0.3333],
        ['2025-03', 0.3333],
      ]);
      assert.deepEqual(values(r, 'churn', { plan: 'free' }), [
        ['2025-01', 1],
        ['2025-02', 1],
        ['2025-03', 0],
      ]);
    });

    it('retention_rate = (E − N) / S = 1 − churn on the same data', async () => {
      const r = await run(spec);
      // Jan: E = {a, b, c, g}, N = {b, c, g} → (4 − 3)/2. Feb: E = {a, d, e, g}, N = {d, e} → 2/4.
      // Mar: E = {a, d, e}, N = {} → 3/4.
      assert.deepEqual(values(r, 'retention'), [
        ['2025-01', 0.5],
        ['2025-02', 0.5],
        ['2025-03', 0.75],
      ]);
      const churn = values(r, 'churn').map(([p, v]) => [p, v === null ? null : Math.round((1 - v) * 10000) / 10000]);
      assert.deepEqual(values(r, 'retention'), churn);
    });

    it('customers (active at period end) and new_customers (started in the period)', async () => {
      const r = await run(spec);
      assert.deepEqual(values(r, 'base'), [
        ['2025-01', 4],
        ['2025-02', 4],
        ['2025-03', 3],
      ]);
      // Jan: b, c, g; Feb: d, e (on the last day), f (started and left in February); Mar: none.
      assert.deepEqual(values(r, 'newcomers'), [
        ['2025-01', 3],
        ['2025-02', 3],
        ['2025-03', 0],
      ]);
    });

    it('cac = spend / new customers; no new customer gives null', async () => {
      const r = await run(spec);
      // Jan 300 / 3, Feb 600 / 3, Mar 150 / 0 → null.
      assert.deepEqual(values(r, 'cac'), [
        ['2025-01', 100],
        ['2025-02', 200],
        ['2025-03', null],
      ]);
    });
  });

  describe('behaviour (events.csv)', () => {
    const spec = lines(
      'kpilens: 1',
      'sources:',
      '  events: { file: data/events.csv, time: event_date, key: customer_id }',
      'periods:',
      '  monthly: { grain: month, from: 2025-01-01, to: 2025-02-28 }',
      'defaults: { period: monthly }',
      'kpis:',
      '  repurchase: { type: repurchase_rate, source: events }',
      '  repurchase_buys: { type: repurchase_rate, source: events, where: "kind = \'purchase\'" }',
      '  active: { type: active_customers, source: events }',
      '  active_7d: { type: active_customers, source: events, window: 7 }',
      '  engagement: { type: engagement, source: events, column: kind, weights: { purchase: 5, review: 3, visit: 1 } }',
    );

    it('repurchase_rate: one-row and two-row customers', async () => {
      const r = await run(spec);
      // Jan: u1 3 rows, u2 2, u3 1 → 2 of 3. Feb: u3 1, u4 2 → 1 of 2.
      assert.deepEqual(values(r, 'repurchase'), [
        ['2025-01', 0.6667],
        ['2025-02', 0.5],
      ]);
      // Purchases only: Jan u1 2, u3 1 → 1/2; Feb u3 1 → 0.
      assert.deepEqual(values(r, 'repurchase_buys'), [
        ['2025-01', 0.5],
        ['2025-02', 0],
      ]);
    });

    it('active_customers, and with a 7-day window at the end of each period', async () => {
      const r = await run(spec);
      assert.deepEqual(values(r, 'active'), [
        ['2025-01', 3],
        ['2025-02', 2],
      ]);
      // Jan 25–31: u2, u3. Feb 22–28: nobody.
      assert.deepEqual(values(r, 'active_7d'), [
        ['2025-01', 2],
        ['2025-02', 0],
      ]);
    });

    it('engagement: weighted interactions per customer, unweighted kinds count 0 and are reported', async () => {
      const r = await run(spec);
      // Jan: u1 5+5+1 = 11, u2 1+3 = 4, u3 5 → 20/3. Feb: u3 5, u4 0 (share) + 1 → 3.
      assert.deepEqual(values(r, 'engagement'), [
        ['2025-01', 6.6667],
        ['2025-02', 3],
      ]);
      const warnings = r.diagnostics.filter((d) => d.message.startsWith("KPI 'engagement',"));
      assert.equal(warnings.length, 1);
      assert.match(
        warnings[0].message,
        /^KPI 'engagement', 2025-01-01\.\.2025-02-28: 1 interaction\(s\) of a kind without a weight, counted as 0: share$/,
      );
    });
  });
});

describe('engine: cohorts, funnels and CLV on hand-checked data', function () {
  this.timeout(60000);
  let tmp: string;
  before(() => {
    engine = new DuckDbEngine({ allowedDirectories: [DIR, path.join(DIR, 'data'), os.tmpdir()] });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-clv-'));
    // The worked example of KPIS.md: 2 orders a week of 50 (Mondays and Thursdays) for 5 years.
    const orders = ['customer_id,order_date,amount'];
    for (
      let d = new Date(Date.UTC(2021, 0, 1));
      d <= new Date(Date.UTC(2025, 11, 31));
      d.setUTCDate(d.getUTCDate() + 1)
    ) {
      if (d.getUTCDay() === 1 || d.getUTCDay() === 4) orders.push(`w1,${d.toISOString().slice(0, 10)},50`);
    }
    fs.writeFileSync(path.join(tmp, 'orders.csv'), orders.join('\n') + '\n');
    // December 2025: 4 customers at the start, x3 leaves on the 15th → monthly churn 1/4.
    fs.writeFileSync(
      path.join(tmp, 'customers.csv'),
      'customer_id,start,end\nw1,2020-01-01,\nx1,2020-01-01,\nx2,2020-01-01,\nx3,2020-01-01,2025-12-15\n',
    );
  });
  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
    return engine.close();
  });

  it('cohort_retention: own start per customer, window boundaries, right-censored cells, segments', async () => {
    const r = await run(
      lines(
        'kpilens: 1',
        'sources:',
        '  orders: { file: data/cohort_orders.csv, time: order_date, key: customer_id }',
        '  customers: { file: data/cohort_customers.csv, time: signup_date, key: customer_id }',
        'periods:',
        '  monthly: { grain: month, from: 2025-01-01, to: 2025-03-31 }',
        'segments:',
        '  plan: { by: plan }',
        'kpis:',
        '  retention: { type: cohort_retention, source: orders, cohort: customers, start: signup_date, days: [30, 60, 90], period: monthly, segments: [plan] }',
      ),
      '2025-04-30',
    );
    const k = r.kpis.find((x) => x.name === 'retention');
    assert.ok(k);
    const cell = (period: string, day: number, segment: Record<string, unknown> = {}) => {
      const row = k.rows.find(
        (x) => x.period === period && x.day === day && JSON.stringify(x.segment) === JSON.stringify(segment),
      );
      assert.ok(row, `${period} D${day}`);
      return row.value === null ? null : Math.round(row.value * 10000) / 10000;
    };
    // January cohort k1 (Jan 1), k2 (Jan 15), k3 (Jan 31). D30 = days 1..30 after start:
    // k1 Jan 31 (day 30), k2 Feb 14 (day 30), k3 Mar 1 (day 29) → 3/3. k1's Jan 1 order is day 0: not counted.
    assert.equal(cell('2025-01', 30), 1);
    // D60 = days 31..60: k1 none, k2 Mar 17 is day 61, k3 none → 0/3.
    assert.equal(cell('2025-01', 60), 0);
    // D90: k3 + 90 = May 1 > as_of → not observable; k2 Mar 17 (day 61) counts; k1 none → 1/2.
    assert.equal(cell('2025-01', 90), 0.5);
    // February cohort k4 (Feb 10): Mar 12 is day 30, Apr 11 day 60; D90 (May 11) is censored → null.
    assert.deepEqual([cell('2025-02', 30), cell('2025-02', 60), cell('2025-02', 90)], [1, 1, null]);
    // March cohort k5 (Mar 20): D30 (Apr 19) observable, Mar 25 → 1; D60 and D90 censored.
    assert.deepEqual([cell('2025-03', 30), cell('2025-03', 60), cell('2025-03', 90)], [1, null, null]);
    // By plan (a column of the cohort source), January: pro {k1, k3}, free {k2}.
    assert.deepEqual(
      [
        cell('2025-01', 30, { plan: 'pro' }),
        cell('2025-01', 60, { plan: 'pro' }),
        cell('2025-01', 90, { plan: 'pro' }),
      ],
      [1, 0, 0],
    );
    assert.deepEqual(
      [
        cell('2025-01', 30, { plan: 'free' }),
        cell('2025-01', 60, { plan: 'free' }),
        cell('2025-01', 90, { plan: 'free' }),
      ],
      [1, 0, 1],
    );
    // Rows carry `day`; every (cohort, segment) has one row per day.
    assert.equal(k.rows.length, 3 * 3 * 3);
    assert.ok(k.rows.every((x) => typeof x.day === 'number'));
  });

  it('funnel: per-step shares among those reaching the first step, and the abandonment', async () => {
    const r = await run(
      lines(
        'kpilens: 1',
        'sources:',
        '  events: { file: data/funnel_events.csv, time: event_date, key: customer_id }',
        'periods:',
        '  jan: { from: 2025-01-01, to: 2025-01-31 }',
        'kpis:',
        '  checkout: { type: funnel, source: events, column: step, steps: [visit, cart, checkout, paid], period: jan }',
      ),
    );
    const k = r.kpis.find((x) => x.name === 'checkout');
    assert.ok(k);
    // Reached the first step (visit): f1, f2, f3 (f4 never visited). cart: f1, f2; checkout, paid: f1.
    assert.deepEqual(
      k.rows.map((x) => [x.step ?? 'abandonment', Math.round((x.value ?? NaN) * 10000) / 10000]),
      [
        ['abandonment', 0.6667],
        ['visit', 1],
        ['cart', 0.6667],
        ['checkout', 0.3333],
        ['paid', 0.3333],
      ],
    );
  });

  it('clv: the worked example of KPIS.md (26 000), historical, and the lifetime from churn', async () => {
    const text = lines(
      'kpilens: 1',
      'sources:',
      '  orders: { file: orders.csv, time: order_date, key: customer_id }',
      '  customers: { file: customers.csv, time: start, key: customer_id }',
      'periods:',
      '  y2025: { grain: year, from: 2025-01-01, to: 2025-12-31 }',
      '  monthly: { grain: month, last: 1 }',
      'kpis:',
      '  clv_5y: { type: clv, method: simple, revenue: orders.amount, lifetime_years: 5, period: y2025 }',
      '  clv_hist: { type: clv, method: historical, revenue: orders.amount, months: 12, period: y2025 }',
      '  churn: { type: churn, source: customers, start: start, end: end, period: monthly }',
      '  clv_churn: { type: clv, method: simple, revenue: orders.amount, churn: churn, period: y2025 }',
    );
    const check = await checkKpiFile(path.join(tmp, 'clv.kpi.yaml'), text);
    assert.deepEqual(
      check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      [],
    );
    const r = await evaluateSpec(check, { engine, asOf: '2025-12-31' });
    const value = (name: string) => r.kpis.find((x) => x.name === name)?.rows[0].value;
    // 2025 has 52 Mondays and 52 Thursdays: 104 orders of 50 = 5 200 a year; × 5 years − no CAC.
    assert.equal(value('clv_5y'), 26000);
    assert.equal(value('clv_hist'), 5200);
    // Monthly churn in December 2025: 1 of 4 → annual churn 1 − 0.75^12; lifetime = its inverse.
    assert.equal(value('churn'), 0.25);
    const expected = 5200 / (1 - 0.75 ** 12);
    assert.ok(Math.abs((value('clv_churn') ?? 0) - expected) < 1e-6, `${value('clv_churn')} ≈ ${expected}`);
  });
});
