// The hand-computed values of the percentile, time_between_purchases and revenue retention
// KPIs on test/fixtures/kpitypes (orders.csv, order_lines.csv, revenue.csv), shared by the DuckDB test
// (kpiTypes.test.ts) and the PostgreSQL one (postgresKpiTypes.test.ts): both engines must
// give these numbers. Rows are [period, segment, step, value rounded to 1e-6].
import { strict as assert } from 'assert';
import type { RunResult } from '../../../src/core/report/resultModel';

export type Row = [string, Record<string, unknown>, string | null, number | null];

/** The KPIs of the tests (sources named orders, lines and revenue; periods below). */
export const KPIS = [
  'periods:',
  '  monthly: { grain: month, from: 2025-01-01, to: 2025-04-30 }',
  '  fortnight: { from: 2025-02-01, to: 2025-02-14 }',
  '  two_months: { from: 2025-02-01, to: 2025-03-31 }',
  'segments:',
  '  channel: { by: channel }',
  '  plan: { by: plan }',
  '  web: { where: "channel = \'web\'" }',
  'defaults: { period: monthly }',
  'kpis:',
  '  median_basket: { type: percentile, source: orders, column: amount, segments: [channel] }',
  '  p90_basket: { type: percentile, source: orders, column: amount, p: 90 }',
  '  basket_per_order: { type: percentile, source: lines, column: amount, per: order_id }',
  '  p90_per_order: { type: percentile, source: lines, column: amount, per: order_id, p: 90 }',
  '  line_median: { type: percentile, source: lines, column: amount }',
  '  cadence: { type: time_between_purchases, source: orders, segments: [channel, web] }',
  '  cadence_p90: { type: time_between_purchases, source: orders, p: 90 }',
  '  cadence_customers: { type: time_between_purchases, source: orders, over: customers }',
  '  cadence_web: { type: time_between_purchases, source: orders, where: "channel = \'web\'" }',
  '  nrr: { type: net_revenue_retention, source: revenue, column: amount, segments: [plan] }',
  '  grr: { type: gross_revenue_retention, source: revenue, column: amount }',
  '  growth: { type: mrr_growth, source: revenue, column: amount }',
  '  nrr_fortnight: { type: net_revenue_retention, source: revenue, column: amount, period: fortnight }',
  '  nrr_two_months: { type: net_revenue_retention, source: revenue, column: amount, period: two_months }',
];

// orders.csv (order_id, customer, date, amount, channel):
//  1 a 2024-12-20 40 web | 2 a 01-05 10 web | 3 a 01-05 30 shop | 4 a 01-15 20 web
//  5 b 01-10 50 shop | 6 b 01-30 (empty) web | 7 c 01-12 abc web | 8 b 02-19 60 web
//  9 d 02-01 −15 shop | 10 (no customer) 02-03 70 web | 11 a 02-14 60 web
//  12 b 02-24 80 shop | 13 e 03-10 25 web
// percentile (h = (n − 1)·p/100, value x₍⌊h⌋+1₎ + (h − ⌊h⌋)(next − it)):
//  January: 10, 30, 20, 50 (row 6 empty, row 7 'abc' skipped) → 10 20 30 50;
//    p50: h = 1.5 → 20 + 0.5 × 10 = 25; p90: h = 2.7 → 30 + 0.7 × 20 = 44.
//    web 10, 20 → 15; shop 30, 50 → 40.
//  February: 60, −15, 70, 60, 80 → −15 60 60 70 80 (a tie at the median);
//    p50: h = 2 → 60; p90: h = 3.6 → 70 + 0.6 × 10 = 76. web 60, 70, 60 → 60; shop −15, 80 → 32.5.
//  March: one order, 25 → 25 (p50 and p90). April: no order → null.
// order_lines.csv (order, customer, date, amount): o1 a 01-05 10 + 15; o2 b 01-07 40; o3 a 01-20
//  5 + (empty); o4 c 01-25 'x'; o5 c 01-26 30 + 30; (no order) d 01-28 100; o6 d 02-02 −20 + 50.
//  per: order_id — January's orders o1 25, o2 40, o3 5, o5 60 (o4 has no number, the row
//    without an order is left out) → 5 25 40 60: p50 h = 1.5 → 25 + 0.5 × 15 = 32.5;
//    p90 h = 2.7 → 40 + 0.7 × 20 = 54. February: o6 −20 + 50 = 30 → 30.
//  Without per (the lines): January 10 15 40 5 30 30 100 → 5 10 15 30 30 40 100, h = 3 → 30;
//    February −20, 50 → h = 0.5 → −20 + 0.5 × 70 = 15. March, April: null.
// time_between_purchases: purchase days a: 12-20, 01-05, 01-15, 02-14; b: 01-10, 01-30,
//  02-19, 02-24; c: 01-12; d: 02-01; e: 03-10 (c, d, e: one day, no gap; row 10 has no customer).
//  Row gaps: 2 → 16 (12-20 → 01-05), 3 → 16 (same day), 4 → 10, 11 → 30; 5 → none (b's first),
//  6 → 20, 8 → 20, 12 → 5.
//  January gaps 16, 16, 10, 20 → 10 16 16 20: p50 h = 1.5 → 16 + 0.5 × 0 = 16 (a tie);
//    p90 h = 2.7 → 16 + 0.7 × 4 = 18.8. web rows 2, 4, 6 → 10 16 20 → 16; shop row 3 → 16.
//    Over customers: a median(16, 16, 10) = 16, b 20 → median(16, 20) = 18.
//  February gaps 30, 20, 5 → p50 20; p90 h = 1.8 → 20 + 0.8 × 10 = 28; web rows 8, 11 → 20, 30
//    → 25; shop row 12 → 5. Over customers: a 30, b median(20, 5) = 12.5 → median 21.25.
//  where channel = 'web' (the other rows are no purchases): a 12-20, 01-05, 01-15, 02-14 →
//    gaps 16, 10, 30; b 01-30, 02-19 → 20 (02-19). January 16, 10 → 13; February 30, 20 → 25.
//    (The `web` segment instead keeps every purchase and picks the web rows' gaps: 16, 25.)
//  March, April: no gap → null.
const ORDERS: Record<string, Row[]> = {
  median_basket: [
    ['2025-01', {}, null, 25],
    ['2025-01', { channel: 'shop' }, null, 40],
    ['2025-01', { channel: 'web' }, null, 15],
    ['2025-02', {}, null, 60],
    ['2025-02', { channel: 'shop' }, null, 32.5],
    ['2025-02', { channel: 'web' }, null, 60],
    ['2025-03', {}, null, 25],
    ['2025-03', { channel: 'shop' }, null, null],
    ['2025-03', { channel: 'web' }, null, 25],
    ['2025-04', {}, null, null],
    ['2025-04', { channel: 'shop' }, null, null],
    ['2025-04', { channel: 'web' }, null, null],
  ],
  p90_basket: [
    ['2025-01', {}, null, 44],
    ['2025-02', {}, null, 76],
    ['2025-03', {}, null, 25],
    ['2025-04', {}, null, null],
  ],
  basket_per_order: [
    ['2025-01', {}, null, 32.5],
    ['2025-02', {}, null, 30],
    ['2025-03', {}, null, null],
    ['2025-04', {}, null, null],
  ],
  p90_per_order: [
    ['2025-01', {}, null, 54],
    ['2025-02', {}, null, 30],
    ['2025-03', {}, null, null],
    ['2025-04', {}, null, null],
  ],
  line_median: [
    ['2025-01', {}, null, 30],
    ['2025-02', {}, null, 15],
    ['2025-03', {}, null, null],
    ['2025-04', {}, null, null],
  ],
  cadence: [
    ['2025-01', {}, null, 16],
    ['2025-01', { channel: 'shop' }, null, 16],
    ['2025-01', { channel: 'web' }, null, 16],
    ['2025-01', { web: true }, null, 16],
    ['2025-02', {}, null, 20],
    ['2025-02', { channel: 'shop' }, null, 5],
    ['2025-02', { channel: 'web' }, null, 25],
    ['2025-02', { web: true }, null, 25],
    ['2025-03', {}, null, null],
    ['2025-03', { channel: 'shop' }, null, null],
    ['2025-03', { channel: 'web' }, null, null],
    ['2025-03', { web: true }, null, null],
    ['2025-04', {}, null, null],
    ['2025-04', { channel: 'shop' }, null, null],
    ['2025-04', { channel: 'web' }, null, null],
    ['2025-04', { web: true }, null, null],
  ],
  cadence_p90: [
    ['2025-01', {}, null, 18.8],
    ['2025-02', {}, null, 28],
    ['2025-03', {}, null, null],
    ['2025-04', {}, null, null],
  ],
  cadence_customers: [
    ['2025-01', {}, null, 18],
    ['2025-02', {}, null, 21.25],
    ['2025-03', {}, null, null],
    ['2025-04', {}, null, null],
  ],
  cadence_web: [
    ['2025-01', {}, null, 13],
    ['2025-02', {}, null, 25],
    ['2025-03', {}, null, null],
    ['2025-04', {}, null, null],
  ],
};

// revenue.csv (customer, date, amount, plan), per customer and month (B = base, R = period,
// R < 0 counted as 0; base customers: B > 0):
//  a pro: Jan 100 (01-20), Feb 150 (02-10), Mar 150     b basic: Jan 200, Feb 120, Mar —
//  c basic: Jan 50 (01-05), Feb —                       d pro: Jan 80, Feb 100 − 130 (02-20) = −30
//  e basic: Feb 300, Mar 330 (new in Feb)               f basic: Jan 60 − 60 = 0, Feb 40, Mar 20
//  g pro: Jan 10 + 20 (01-20, 01-25), Feb 30 (+ an empty amount), Mar 45
//  h basic: Mar 500 (new); a row without customer, Jan 1000 (left out).
//  January: base = December, no revenue → null (every component too).
//  February (base January: a 100, b 200, c 50, d 80, g 30 → ΣB = 460; f's 0 is no base):
//    R: a 150, b 120, c 0, d 0 (−30), g 30 → ΣR = 300; NRR = 300/460; min(R, B): 100 + 120 + 0 + 0
//    + 30 = 250 → GRR = 250/460; expansion a 50 → 50/460; contraction b 80 → 80/460; churned
//    c 50 + d 80 = 130 → 130/460 (1 + 50/460 − 80/460 − 130/460 = 300/460); growth = −160/460.
//    pro (a, d, g): B 210, R 180 → 180/210; expansion 50/210, contraction 0, churned 80/210.
//    basic (b, c; e and f are no base): B 250, R 120 → 0.48; contraction 80/250, churned 50/250.
//  March (base February: a 150, b 120, e 300, f 40, g 30 → 640; d's −30 is no base):
//    R: a 150, b 0, e 330, f 20, g 45 → 545 → NRR 545/640; GRR 150 + 0 + 300 + 20 + 30 = 500/640;
//    expansion e 30 + g 15 = 45/640; contraction f 20/640; churned b 120/640; growth −95/640.
//    pro (a, g): B 180, R 195 → 195/180; expansion 15/180. basic (b, e, f): B 460, R 350 →
//    350/460; expansion 30/460, contraction 20/460, churned 120/460.
//  April (base March: a 150, e 330, f 20, g 45, h 500 → 1045; no April revenue): NRR 0, GRR 0,
//    churned 1, growth −1 (per plan too).
//  fortnight 2025-02-01..14 (not whole months → the 14 days before: 01-18..01-31):
//    B: a 100, b 200, d 80, g 30 = 410 (c's 01-05 is outside; f nets 0); R: a 150, b 120,
//    d 100 (the refund is on 02-20), g 30 = 400 → 400/410; expansion a 50 + d 20 = 70/410;
//    contraction b 80/410; churned 0.
//  two_months 2025-02-01..03-31 (two whole months → the two months before: 2024-12-01..2025-01-31):
//    B = January's 460 (a 100, b 200, c 50, d 80, g 30); R = February + March: a 300, b 120, c 0,
//    d −30 → 0, g 75 → 495 → 495/460; expansion a 200 + g 45 = 245/460; contraction b 80/460;
//    churned c 50 + d 80 = 130/460 (460 + 245 − 80 − 130 = 495).
const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
const steps = (
  period: string,
  segment: Record<string, unknown>,
  value: number | null,
  e: number | null,
  c: number | null,
  ch: number | null,
): Row[] => [
  [period, segment, null, value],
  [period, segment, 'expansion', e],
  [period, segment, 'contraction', c],
  [period, segment, 'churned', ch],
];
const REVENUE: Record<string, Row[]> = {
  nrr: [
    ...steps('2025-01', {}, null, null, null, null),
    ...steps('2025-01', { plan: 'basic' }, null, null, null, null),
    ...steps('2025-01', { plan: 'pro' }, null, null, null, null),
    ...steps('2025-02', {}, r6(300 / 460), r6(50 / 460), r6(80 / 460), r6(130 / 460)),
    ...steps('2025-02', { plan: 'basic' }, 0.48, 0, r6(80 / 250), r6(50 / 250)),
    ...steps('2025-02', { plan: 'pro' }, r6(180 / 210), r6(50 / 210), 0, r6(80 / 210)),
    ...steps('2025-03', {}, r6(545 / 640), r6(45 / 640), r6(20 / 640), r6(120 / 640)),
    ...steps('2025-03', { plan: 'basic' }, r6(350 / 460), r6(30 / 460), r6(20 / 460), r6(120 / 460)),
    ...steps('2025-03', { plan: 'pro' }, r6(195 / 180), r6(15 / 180), 0, 0),
    ...steps('2025-04', {}, 0, 0, 0, 1),
    ...steps('2025-04', { plan: 'basic' }, 0, 0, 0, 1),
    ...steps('2025-04', { plan: 'pro' }, 0, 0, 0, 1),
  ],
  grr: [
    ...steps('2025-01', {}, null, null, null, null).filter((r) => r[2] !== 'expansion'),
    ...steps('2025-02', {}, r6(250 / 460), null, r6(80 / 460), r6(130 / 460)).filter((r) => r[2] !== 'expansion'),
    ...steps('2025-03', {}, r6(500 / 640), null, r6(20 / 640), r6(120 / 640)).filter((r) => r[2] !== 'expansion'),
    ...steps('2025-04', {}, 0, null, 0, 1).filter((r) => r[2] !== 'expansion'),
  ],
  growth: [
    ...steps('2025-01', {}, null, null, null, null),
    ...steps('2025-02', {}, r6(-160 / 460), r6(50 / 460), r6(80 / 460), r6(130 / 460)),
    ...steps('2025-03', {}, r6(-95 / 640), r6(45 / 640), r6(20 / 640), r6(120 / 640)),
    ...steps('2025-04', {}, -1, 0, 0, 1),
  ],
  nrr_fortnight: steps('2025-02-01..2025-02-14', {}, r6(400 / 410), r6(70 / 410), r6(80 / 410), 0),
  nrr_two_months: steps('2025-02-01..2025-03-31', {}, r6(495 / 460), r6(245 / 460), r6(80 / 460), r6(130 / 460)),
};

export const EXPECTED: Record<string, Row[]> = { ...ORDERS, ...REVENUE };

/** A KPI's rows as [period, segment, step, value rounded to 1e-6]. */
export function rowsOf(result: RunResult, name: string): Row[] {
  const k = result.kpis.find((x) => x.name === name);
  assert.ok(k, `KPI ${name}`);
  return k.rows.map((r) => [r.period, r.segment, r.step ?? null, r.value === null ? null : r6(r.value)]);
}

/** Asserts every KPI of KPIS has the hand-computed rows. */
export function assertExpected(result: RunResult): void {
  for (const [name, rows] of Object.entries(EXPECTED)) assert.deepEqual(rowsOf(result, name), rows, name);
}
