// n, confidence intervals, the min_sample flag and the change test in the engine's rows,
// on a tiny hand-checked survey (test/fixtures/uncertainty/data/survey.csv) and customer
// base, with the real DuckDB engine. z(95 %) = 1.959964, z(90 %) = 1.644854.
//
// survey.csv, one answer a day:
//   January (compared period): nps 10 9 9 8 7 6 5 3 10 x   → 9 valid: P = 4, passives 2, D = 3
//                              csat 5 4 4 3 2 1 5 4 3 (empty) → 9 valid, 5 satisfied (≥ 4)
//   February (reported):       nps 10 10 10 9 9 9 9 8 7 6 2 10 → 12 valid: P = 8, passives 2, D = 2
//                              csat 5 5 4 4 4 4 3 5 5 4 2 1 → 12 valid, 9 satisfied
// customers.csv: c1 since 2024-12-01; c2 2024-12-01 → 2025-02-10; c3 2024-12-01 → 2025-01-20;
//   c4 since 2025-01-05. February: S = {c1, c2, c4}, lost = {c2} → 1/3; January: S = {c1, c2, c3},
//   lost = {c3} → 1/3.
// events.csv: January e: visit. February a: visit, cart, paid, visit; b: visit, cart; c: visit;
//   d: visit, visit.
// members.csv (cohorts): a joined 2025-01-05, b 01-10, c 01-20, d 01-25, e 01-15.
import { strict as assert } from 'assert';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import type { KpiResult, RunResult } from '../../../src/core/report/resultModel';
import { FIXTURES, lines } from '../helpers';

const DIR = path.join(FIXTURES, 'uncertainty');
const SPEC = lines(
  'kpilens: 1',
  'as_of: 2025-02-28',
  'sources:',
  '  survey: { file: data/survey.csv, time: answered_on }',
  '  customers: { file: data/customers.csv, time: signup_date, key: customer_id }',
  '  events: { file: data/events.csv, time: day, key: customer_id }',
  '  members: { file: data/members.csv, time: joined, key: customer_id }',
  'periods:',
  '  month: { grain: month, last: 1 }',
  '  two: { grain: month, last: 2 }',
  'defaults: { period: month, min_sample: 10 }',
  'kpis:',
  '  nps: { type: nps, source: survey, column: nps }',
  '  csat: { type: csat, source: survey, column: csat }',
  '  csat_90: { type: csat, source: survey, column: csat, confidence: 0.9, min_sample: 13 }',
  '  churn: { type: churn, source: customers, start: signup_date, end: churn_date }',
  '  answers: { type: count, source: survey }',
  '  retention: { type: retention_rate, source: customers, start: signup_date, end: churn_date }',
  '  repurchase: { type: repurchase_rate, source: events }',
  '  checkout: { type: funnel, source: events, column: event, steps: [visit, cart, paid] }',
  '  kept: { type: cohort_retention, source: events, cohort: members, start: joined, days: [30], period: two }',
);

let engine: DuckDbEngine;
let result: RunResult;

const close = (actual: number | null | undefined, expected: number, tol = 1e-5, what = '') =>
  assert.ok(
    typeof actual === 'number' && Math.abs(actual - expected) <= tol,
    `${what} ${actual} is not within ${tol} of ${expected}`,
  );

function kpi(name: string): KpiResult {
  const k = result.kpis.find((x) => x.name === name);
  assert.ok(k, `KPI ${name} in the result`);
  return k;
}

describe('engine: intervals, min_sample and change tests', function () {
  this.timeout(60000);
  before(async () => {
    engine = new DuckDbEngine({ allowedDirectories: [DIR, path.join(DIR, 'data')] });
    const check = await checkKpiFile(path.join(DIR, 'test.kpi.yaml'), SPEC);
    assert.deepEqual(
      check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      [],
    );
    result = await evaluateSpec(check, { engine });
  });
  after(() => engine.close());

  it('NPS: n, the normal interval and the z-test on the difference', () => {
    const k = kpi('nps');
    assert.equal(k.confidence, 0.95);
    assert.equal(k.min_sample, 10);
    const [row] = k.rows;
    // NPS = 100 × (8 − 2)/12 = 50; V = 8/12 + 2/12 − 0.5² = 0.583333; SE = 100 × √(0.583333/12) = 22.047928;
    // ± 1.959964 × 22.047928 = ± 43.213144 → [6.786856, 93.213144].
    close(row.value, 50);
    assert.equal(row.n, 12);
    close(row.ci_low, 6.786856);
    close(row.ci_high, 93.213144);
    assert.equal(row.below_min_sample, false);
    // January: NPS 100 × (4 − 3)/9 = 11.1111, V = 7/9 − (1/9)² = 0.765432; SE(diff) = √(0.583333/12 + 0.765432/9)
    // = √0.133659 = 0.365594; z = (0.5 − 0.111111)/0.365594 = 1.063717; p = 0.287457 → not significant.
    assert.equal(row.previous_n, 9);
    close(row.p_value, 0.287457);
    assert.equal(row.significant, false);
  });

  it('CSAT: the Wilson interval at 95 % and 90 %, and the two-proportion test', () => {
    const [row] = kpi('csat').rows;
    // 9/12: 1 + z²/12 = 1.320122; centre = (0.75 + 3.841459/24)/1.320122 = 0.689376;
    // half = (1.959964/1.320122) × √(0.1875/12 + 3.841459/576) = 0.221682 → [0.467695, 0.911058].
    close(row.value, 0.75);
    assert.equal(row.n, 12);
    close(row.ci_low, 0.467695);
    close(row.ci_high, 0.911058);
    // Pooled 14/21 = 0.666667; SE = √(0.666667 × 0.333333 × (1/12 + 1/9)) = 0.207870;
    // z = (0.75 − 0.555556)/0.207870 = 0.935414; p = 0.349575.
    close(row.p_value, 0.349575);
    assert.equal(row.significant, false);
    const [r90] = kpi('csat_90').rows;
    // 90 %: 1 + 2.705543/12 = 1.225462; centre = (0.75 + 0.112731)/1.225462 = 0.704007;
    // half = (1.644854/1.225462) × √(0.015625 + 2.705543/576) = 0.191345 → [0.512662, 0.895347].
    close(r90.ci_low, 0.512662);
    close(r90.ci_high, 0.895347);
    assert.equal(kpi('csat_90').confidence, 0.9);
    // min_sample 13 > n = 12: flagged.
    assert.equal(r90.below_min_sample, true);
  });

  it('churn: counts of the customer base, a 1/3 against 1/3 change is not significant (p = 1)', () => {
    const [row] = kpi('churn').rows;
    // 1/3: 1 + z²/3 = 2.280486; centre = (0.333333 + 3.841459/6)/2.280486 = 0.426916;
    // half = (1.959964/2.280486) × √(0.222222/3 + 3.841459/36) = 0.365424 → [0.061492, 0.792340].
    close(row.value, 1 / 3);
    assert.equal(row.n, 3);
    close(row.ci_low, 0.061492);
    close(row.ci_high, 0.79234);
    assert.equal(row.below_min_sample, true);
    close(row.p_value, 1, 1e-6); // z = 0
    assert.equal(row.significant, false);
  });

  it('retention: E − N of S', () => {
    const [row] = kpi('retention').rows;
    // February: S = {c1, c2, c4}; E (active on the 28th) = {c1, c4}; N (started in February) = {} → 2/3.
    // Wilson 2/3: centre = (0.666667 + 0.640243)/2.280486 = 0.573084, half 0.365424 → [0.207660, 0.938508].
    close(row.value, 2 / 3);
    assert.equal(row.n, 3);
    close(row.ci_low, 0.20766);
    close(row.ci_high, 0.938508);
  });

  it('repurchase: customers with ≥ 2 rows among buyers, tested against January', () => {
    const [row] = kpi('repurchase').rows;
    // February rows per customer: a 4, b 2, c 1, d 2 → 3 of 4. Wilson 3/4: 1 + z²/4 = 1.960365;
    // centre = (0.75 + 0.480182)/1.960365 = 0.627527; half = (1.959964/1.960365) × √(0.1875/4 + 3.841459/64)
    // = 0.326885 → [0.300642, 0.954413].
    close(row.value, 0.75);
    assert.equal(row.n, 4);
    close(row.ci_low, 0.300642);
    close(row.ci_high, 0.954413);
    // January: e 1 row → 0 of 1. Pooled 3/5 = 0.6; SE = √(0.6 × 0.4 × (1/4 + 1/1)) = 0.547723;
    // z = 0.75/0.547723 = 1.369306; p = 0.170904.
    assert.equal(row.previous_n, 1);
    close(row.p_value, 0.170904);
    assert.equal(row.significant, false);
  });

  it('funnel: the abandonment and each step are shares of the customers reaching the first step', () => {
    const rows = kpi('checkout').rows;
    const abandonment = rows.find((r) => r.step === undefined);
    // Reached visit: a, b, c, d (4); cart: a, b (2); paid: a (1). Abandonment = 1 − 1/4 = 3/4 (n 4, x 3).
    close(abandonment?.value, 0.75);
    assert.equal(abandonment?.n, 4);
    close(abandonment?.ci_low, 0.300642);
    // January: e reached visit only → abandonment 1/1. Pooled 4/5 = 0.8; SE = √(0.8 × 0.2 × 1.25) = 0.447214;
    // z = (0.75 − 1)/0.447214 = −0.559017; p = 0.576150.
    close(abandonment?.p_value, 0.57615);
    const cart = rows.find((r) => r.step === 'cart');
    // cart 2 of 4: Wilson centre 0.5, half = (1.959964/1.960365) × √(0.0625 + 0.060023) = 0.349961 → [0.150039, 0.849961].
    close(cart?.value, 0.5);
    assert.equal(cart?.n, 4);
    close(cart?.ci_low, 0.150039);
    close(cart?.ci_high, 0.849961);
  });

  it("cohort retention: each cell is a share of the cohort's observable customers", () => {
    const k = kpi('kept');
    const january = k.rows.find((r) => r.period === '2025-01' && r.day === 30);
    // Day 30, window 30: active in [start + 1, start + 30]. a (Feb 1–4 in [Jan 6, Feb 4]), b (Feb 5 in
    // [Jan 11, Feb 9]), c (Feb 7 in [Jan 21, Feb 19]), d (Feb 8 in [Jan 26, Feb 24]) are; e (Jan 10, before
    // [Jan 16, Feb 14]) is not → 4/5. Wilson: 1 + z²/5 = 1.768292; centre = (0.8 + 0.384146)/1.768292 = 0.669655;
    // half = (1.959964/1.768292) × √(0.16/5 + 3.841459/100) = 0.294121 → [0.375535, 0.963776].
    close(january?.value, 0.8);
    assert.equal(january?.n, 5);
    close(january?.ci_low, 0.375535);
    close(january?.ci_high, 0.963776);
    assert.equal(january?.below_min_sample, true);
    // February's cohort is empty: no value, n = 0, no interval.
    const february = k.rows.find((r) => r.period === '2025-02' && r.day === 30);
    assert.equal(february?.value, null);
    assert.equal(february?.n, 0);
    assert.equal(february?.ci_low, null);
  });

  it('KPIs without counts keep the contract rows unchanged', () => {
    const [row] = kpi('answers').rows;
    assert.deepEqual(Object.keys(row).sort(), ['change', 'delta', 'period', 'previous', 'segment', 'status', 'value']);
    assert.equal(kpi('answers').confidence, undefined);
  });
});
