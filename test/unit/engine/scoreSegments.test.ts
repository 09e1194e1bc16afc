// Score segments (docs/DSL.md "Score segments") through the real engine on a small file,
// test/fixtures/scores/data/orders.csv, as_of 2025-03-31 (c13 buys on 04-02: not a customer yet).
//
// At 2025-03-31, each customer's purchase days, days since the last one, days and total:
//  cust  days (value)                                          since  days  total
//  c01   01-05 100, 02-10 100, 03-20 50, 03-30 50               1      4     300
//  c02   03-25 20                                              6      1      20
//  c03   2024-12-01 500, 01-15 500, 02-15 500                  44      3    1500
//  c04   2024-06-01 10, 2024-07-01 10                         273      2      20
//  c05   2024-12-01, 01-01, 02-01, 03-01, 03-31 (40 each)       0      5     200
//  c06   2024-10-10 70                                        172      1      70
//  c07   2024-11-11 60, 03-10 30 + 30 (one day: 60)            21      2     120
//  c08   2024-09-01, 10-01, 11-01, 12-01 (200 each)           120      4     800
//  c09   01-20 15                                              70      1      15
//  c10   02-15 90, 03-15 90                                    16      2     180
//  c11   2024-05-05 5                                         330      1       5
//  c12   2024-03-28, 2024-09-28, 03-28 (1000 each)              3      3    3000
// NTILE(5) of 12 customers: quintiles of 3, 3, 2, 2, 2 (ties by key).
//  R (most days since first): c11 c04 c06 | c08 c09 c03 | c07 c10 | c02 c12 | c01 c05
//  F (fewest days first):     c02 c06 c09 | c11 c04 c07 | c10 c03 | c12 c01 | c08 c05
//    (c11 has 1 day like c02, c06, c09 but comes after them by key: F = 2)
//  M (smallest total first):  c11 c09 c02 | c04 c06 c07 | c10 c05 | c01 c08 | c03 c12
//    (c02 and c04 both 20: c02 first by key)//
// Here: the score functions (NTILE, the R×F grid, bands), each customer's scores and the KPIs
// sliced by them. The checks of score segments and the editor: scoreSegmentsChecks.test.ts.
import { strict as assert } from 'assert';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import type { ScoreSegmentValues } from '../../../src/core/engine/evaluation/scoreSegments';
import type { RunResult } from '../../../src/core/report/resultModel';
import { fitBgnbd } from '../../../src/core/stats/bgnbd';
import { ClvScorer, fitClvModel } from '../../../src/core/stats/clvModel';
import type { CustomerSummary } from '../../../src/core/stats/customerSummary';
import { bandLabels, completeMonths, ntile, rfmGroup } from '../../../src/core/stats/customerSegments';
import { lines } from '../helpers';
import { DIR, ORDERS } from './scoreSegmentsFixture';

const SPEC = (...kpis: string[]) =>
  lines(
    'kpilens: 1',
    'as_of: 2025-03-31',
    'sources:',
    '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
    '  survey: { file: data/survey.csv, time: responded_at, key: customer_id }',
    'periods:',
    '  monthly: { grain: month, last: 1 }',
    'segments:',
    '  rfm: { score: rfm, revenue: orders.amount }',
    '  rfm_group: { score: rfm_group, revenue: orders.amount }',
    '  alive: { score: p_alive, revenue: orders.amount }',
    '  value: { score: clv_decile, revenue: orders.amount }',
    '  tenure: { score: tenure, revenue: orders.amount }',
    'kpis:',
    ...kpis,
  );

const NPS = [
  '  nps:',
  '    type: nps',
  '    source: survey',
  '    column: nps_score',
  '    period: monthly',
  '    segments: [rfm_group]',
];

// The models' summary of each customer at 2025-03-31 (frequency, recency, T in days; monetary = mean of the days after the first):
//  c01: 3, 01-05→03-30 = 26 + 28 + 30 = 84, 01-05→03-31 = 85, (100 + 50 + 50)/3
//  c03: 2, 12-01→02-15 = 30 + 31 + 15 = 76, 12-01→03-31 = 30 + 31 + 28 + 31 = 120, 500
//  c04: 1, 30, 30 + 273 = 303, 10      c05: 4, 120, 120, 40      c07: 1, 19 + 31 + 31 + 28 + 10 = 119, 140, 60
//  c08: 3, 30 + 31 + 30 = 91, 91 + 120 = 211, 200     c10: 1, 28, 44, 90     c12: 2, 365, 368, 1000
//  one-time buyers: c02 T 6, c06 172, c09 70, c11 330
const SUMMARIES: [string, CustomerSummary][] = [
  ['c01', { frequency: 3, recency: 84, T: 85, monetary: 200 / 3 }],
  ['c02', { frequency: 0, recency: 0, T: 6, monetary: 0 }],
  ['c03', { frequency: 2, recency: 76, T: 120, monetary: 500 }],
  ['c04', { frequency: 1, recency: 30, T: 303, monetary: 10 }],
  ['c05', { frequency: 4, recency: 120, T: 120, monetary: 40 }],
  ['c06', { frequency: 0, recency: 0, T: 172, monetary: 0 }],
  ['c07', { frequency: 1, recency: 119, T: 140, monetary: 60 }],
  ['c08', { frequency: 3, recency: 91, T: 211, monetary: 200 }],
  ['c09', { frequency: 0, recency: 0, T: 70, monetary: 0 }],
  ['c10', { frequency: 1, recency: 28, T: 44, monetary: 90 }],
  ['c11', { frequency: 0, recency: 0, T: 330, monetary: 0 }],
  ['c12', { frequency: 2, recency: 365, T: 368, monetary: 1000 }],
];

let engine: DuckDbEngine;

async function run(text: string, listing?: (v: ScoreSegmentValues) => void): Promise<RunResult> {
  const check = await checkKpiFile(path.join(DIR, 'test.kpi.yaml'), text);
  assert.deepEqual(
    check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    [],
    'the spec of the test is valid',
  );
  return evaluateSpec(check, {
    engine,
    ...(listing ? { scoreListing: { ends: ['2025-03-31'], onValues: listing } } : {}),
  });
}

/** Each row of the latest period as `segment value n`. */
function rowsOf(result: RunResult, kpi: string): string[] {
  const k = result.kpis.find((x) => x.name === kpi);
  assert.ok(k, `KPI ${kpi} in the result`);
  return k.rows.map((r) => `${JSON.stringify(r.segment)} ${r.value} ${r.previous ?? '-'}`);
}

describe('score segments: values', () => {
  it('NTILE puts the extra rows in the first buckets', () => {
    // 12 rows in 5 buckets: 3, 3, 2, 2, 2.
    assert.deepEqual(
      Array.from({ length: 12 }, (_, i) => ntile(i, 12, 5)),
      [1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5],
    );
    // 12 rows in 10 buckets: 2, 2, then 1 each.
    assert.deepEqual(
      Array.from({ length: 12 }, (_, i) => ntile(i, 12, 10)),
      [1, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    assert.deepEqual([ntile(0, 1, 5), ntile(0, 3, 5), ntile(2, 3, 5)], [1, 1, 3]);
  });

  it('the R×F grid: every cell named, the corners as published', () => {
    assert.equal(rfmGroup(5, 5), 'champions');
    assert.equal(rfmGroup(5, 1), 'new_customers');
    assert.equal(rfmGroup(1, 5), 'cant_lose');
    assert.equal(rfmGroup(1, 1), 'lost');
    assert.equal(rfmGroup(2, 1), 'hibernating');
    assert.equal(rfmGroup(3, 3), 'need_attention');
    assert.equal(rfmGroup(2, 4), 'at_risk');
  });

  it('band labels and complete months', () => {
    assert.deepEqual(bandLabels('p_alive', [0.25, 0.5, 0.75]), ['00-25%', '25-50%', '50-75%', '75-100%']);
    assert.deepEqual(bandLabels('p_alive', [0.1]), ['00-10%', '10-100%']);
    assert.deepEqual(bandLabels('tenure', [3, 12]), ['00-03m', '03-12m', '12m+']);
    assert.equal(completeMonths('2025-01-31', '2025-02-28'), 0); // the 31st is not reached in February
    assert.equal(completeMonths('2025-01-15', '2025-04-15'), 3);
    assert.equal(completeMonths('2025-01-15', '2025-04-14'), 2);
    assert.equal(completeMonths('2024-03-28', '2025-03-31'), 12);
  });
});

describe('score segments through the engine', function () {
  this.timeout(60000);
  before(() => {
    engine = new DuckDbEngine({ allowedDirectories: [DIR, path.join(DIR, 'data')] });
  });
  after(() => engine.close());

  it('per customer: RFM codes, groups and tenure bands equal the hand computation', async () => {
    let values: ScoreSegmentValues | undefined;
    await run(SPEC(...ORDERS), (v) => (values = v));
    assert.ok(values);
    assert.equal(values.end, '2025-03-31');
    assert.deepEqual(
      values.customers,
      SUMMARIES.map(([c]) => c),
    );
    // R F M from the table above.
    assert.deepEqual(values.values.rfm, [
      '544', // c01
      '411', // c02
      '235', // c03
      '122', // c04
      '553', // c05
      '112', // c06
      '322', // c07
      '254', // c08
      '211', // c09
      '333', // c10
      '121', // c11
      '445', // c12
    ]);
    assert.deepEqual(values.values.rfm_group, [
      'champions', // R5 F4
      'promising', // R4 F1
      'at_risk', // R2 F3
      'hibernating', // R1 F2
      'champions', // R5 F5
      'lost', // R1 F1
      'about_to_sleep', // R3 F2
      'cant_lose', // R2 F5
      'hibernating', // R2 F1
      'need_attention', // R3 F3
      'hibernating', // R1 F2
      'loyal', // R4 F4
    ]);
    // Complete months from the first purchase to 03-31: c01 01-05 → 2, c02 → 0, c03 12-01 → 3,
    // c04 06-01 → 9, c05 12-01 → 3, c06 10-10 → 5, c07 11-11 → 4, c08 09-01 → 6, c09 01-20 → 2,
    // c10 02-15 → 1, c11 2024-05-05 → 10, c12 2024-03-28 → 12.
    assert.deepEqual(values.values.tenure, [
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
  });

  it('per customer: p_alive bands from the closed form of BG/NBD, clv deciles from the CLV order', async () => {
    let values: ScoreSegmentValues | undefined;
    await run(SPEC(...ORDERS), (v) => (values = v));
    assert.ok(values);
    const fit = fitBgnbd(SUMMARIES.map(([, s]) => s));
    assert.ok(fit);
    const { r, alpha, a, b } = fit.params;
    // P(alive | x, t_x, T) = 1 / (1 + [x > 0] · a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x)).
    const pAlive = (s: CustomerSummary) =>
      s.frequency === 0
        ? 1
        : 1 / (1 + (a / (b + s.frequency - 1)) * ((alpha + s.T) / (alpha + s.recency)) ** (r + s.frequency));
    const band = (p: number) => (p < 0.25 ? '00-25%' : p < 0.5 ? '25-50%' : p < 0.75 ? '50-75%' : '75-100%');
    assert.deepEqual(
      values.values.alive,
      SUMMARIES.map(([, s]) => band(pAlive(s))),
    );
    // One-time buyers are alive with probability 1 under BG/NBD.
    assert.equal(values.values.alive?.[1], '75-100%');
    // clv_decile: customers ordered by CLV (then key); of 12, deciles 1 and 2 hold two each.
    const model = fitClvModel(SUMMARIES.map(([, s]) => s));
    assert.ok(model.ok);
    const scorer = new ClvScorer(model.model.bgnbd.params, model.model.gammaGamma.params, 12, 0);
    const order = SUMMARIES.map(([c, s]) => ({ c, clv: scorer.score(s)?.clv ?? NaN })).sort(
      (x, y) => x.clv - y.clv || (x.c < y.c ? -1 : 1),
    );
    const decileAt = [1, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const expected = new Map(order.map((o, i) => [o.c, String(decileAt[i]).padStart(2, '0')]));
    assert.deepEqual(
      values.values.value,
      SUMMARIES.map(([c]) => expected.get(c)),
    );
    assert.equal(new Set(values.values.value).size, 10);
  });

  it('a KPI sliced by scores: each row takes its customer’s score at its window’s end', async () => {
    const result = await run(SPEC(...ORDERS));
    // March orders (rows): c01 ×2, c02, c05 ×2, c07 ×2 (one day), c10, c12 = 9. February's
    // (the compared window, scored at 02-28): c01, c03, c05, c10 — all four first bought less
    // than 3 months before 02-28 (c03 and c05 on 2024-12-01: 2 months), so 00-03m holds 4
    // there, while at 03-31 c03 and c05 are 03-06m.
    // RFM at 02-28 (11 customers, c02 not yet one: quintiles of 3, 2, 2, 2, 2), days since the
    // last purchase: c11 299, c04 242, c12 153, c06 141, c07 109, c08 89, c09 39, c05 27, c01 18,
    // c03 13, c10 13 → R1 c11 c04 c12 | R2 c06 c07 | R3 c08 c09 | R4 c05 c01 | R5 c03 c10;
    // days: 1 c06 c07 c09 c10 c11, 2 c01 c04 c12, 3 c03 c05, 4 c08 →
    // F1 c06 c07 c09 | F2 c10 c11 | F3 c01 c04 | F4 c12 c03 | F5 c05 c08. February's orders:
    // c01 R4 F3 and c10 R5 F2 potential_loyalists (no March row: not shown), c03 R5 F4
    // champions, c05 R4 F5 loyal.
    assert.deepEqual(rowsOf(result, 'orders_count'), [
      '{} 9 4',
      '{"rfm_group":"about_to_sleep"} 2 0', // c07
      '{"rfm_group":"champions"} 4 1', // c01, c05; February: c03
      '{"rfm_group":"loyal"} 1 1', // c12; February: c05
      '{"rfm_group":"need_attention"} 1 0', // c10
      '{"rfm_group":"promising"} 1 0', // c02
      '{"tenure":"00-03m"} 4 4', // March: c01 ×2, c02, c10; February: c01, c03, c05, c10
      '{"tenure":"03-06m"} 4 0', // March: c05 ×2, c07 ×2
      '{"tenure":"12-24m"} 1 0', // c12
    ]);
  });

  it('another source’s rows join on the customer: NPS by RFM group, nobody’s answers in the null slice', async () => {
    const result = await run(SPEC(...NPS));
    // March answers: c01 10 (champions), c06 0 (lost), c12 9 (loyal), c99 10 (never bought) and
    // one without a customer (8): whole = 100 · (3 promoters − 1 detractor) / 5 = 40;
    // null slice: one promoter, one passive → 100 · 1/2 = 50.
    assert.deepEqual(rowsOf(result, 'nps'), [
      '{} 40 -',
      '{"rfm_group":"champions"} 100 -',
      '{"rfm_group":"lost"} -100 -',
      '{"rfm_group":"loyal"} 100 -',
      '{"rfm_group":null} 50 -',
    ]);
  });
});
