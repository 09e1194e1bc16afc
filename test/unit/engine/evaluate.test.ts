// The engine's numbers for the generic KPI types on a tiny hand-checked data set
// (test/fixtures/engine/data), with the real DuckDB engine in its child process.
//
// orders.csv                                 customers.csv
//  id customer date        amount channel      customer signup      plan
//   0 c1       2024-02-29     5   web   paid     c1       2024-01-10  pro
//   1 c1       2024-12-31    10   web   paid     c2       2024-06-01  free
//   2 c1       2025-01-01    20   web   paid     c3       2024-11-20  pro
//   3 c2       2025-01-15    30   store paid     c4       2025-02-01  enterprise
//   4 c3       2025-01-31    40   web   refunded (c5 has no customer row)
//   5 c2       2025-02-10   null  store paid
//   6 c4       2025-02-28    50   web   paid
//   7 c5       2025-03-05    60   store paid
import { strict as assert } from 'assert';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import type { KpiResult, ResultRow, RunResult } from '../../../src/core/report/resultModel';
import { FIXTURES, lines } from '../helpers';

const DIR = path.join(FIXTURES, 'engine');

const HEAD = [
  'kpilens: 1',
  'sources:',
  '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
  '  customers: { file: data/customers.csv, time: signup_date, key: customer_id }',
];

let engine: DuckDbEngine;

async function run(text: string, asOf?: string): Promise<RunResult> {
  const check = await checkKpiFile(path.join(DIR, 'test.kpi.yaml'), text);
  const errors = check.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(
    errors.map((d) => d.message),
    [],
    'the spec of the test is valid',
  );
  return evaluateSpec(check, { engine, asOf });
}

function kpi(result: RunResult, name: string): KpiResult {
  const k = result.kpis.find((x) => x.name === name);
  assert.ok(k, `KPI ${name} in the result`);
  return k;
}

/** `period segment: value (previous, change, status)` lines, compact to compare. */
function show(rows: ResultRow[]): string[] {
  const num = (v: number | null) => (v === null ? 'null' : String(Math.round(v * 10000) / 10000));
  return rows.map((r) => {
    const seg =
      Object.entries(r.segment)
        .map(([k, v]) => `${k}=${v}`)
        .join(',') || 'all';
    return `${r.period} ${seg}: ${num(r.value)} (${num(r.previous)}, ${num(r.change)}, ${r.status})`;
  });
}

describe('engine: generic KPI types on hand-checked data', function () {
  this.timeout(60000);
  before(() => {
    engine = new DuckDbEngine({ allowedDirectories: [DIR, path.join(DIR, 'data')] });
  });
  after(() => engine.close());

  it('count, sum, avg, min, max, count_distinct by month with previous and change (as_of at a month end)', async () => {
    const r = await run(
      lines(
        ...HEAD,
        'periods:',
        '  monthly: { grain: month, last: 3 }',
        'defaults: { period: monthly }',
        'kpis:',
        '  orders: { type: count, source: orders }',
        '  revenue: { type: sum, source: orders, column: amount }',
        '  basket: { type: avg, source: orders, column: amount }',
        '  smallest: { type: min, source: orders, column: amount }',
        '  largest: { type: max, source: orders, column: amount }',
        '  buyers: { type: count_distinct, source: orders, column: customer_id }',
      ),
      '2025-03-31',
    );
    assert.equal(r.as_of, '2025-03-31');
    // Jan: orders 2,3,4 (20+30+40); Feb: 5 (null amount), 6 (50); Mar: 7 (60). Dec 2024: order 1 (10).
    assert.deepEqual(show(kpi(r, 'orders').rows), [
      '2025-01 all: 3 (1, 2, null)',
      '2025-02 all: 2 (3, -0.3333, null)',
      '2025-03 all: 1 (2, -0.5, null)',
    ]);
    assert.deepEqual(show(kpi(r, 'revenue').rows), [
      '2025-01 all: 90 (10, 8, null)',
      '2025-02 all: 50 (90, -0.4444, null)',
      '2025-03 all: 60 (50, 0.2, null)',
    ]);
    // delta = value − previous: orders 3 − 1 = 2, 2 − 3 = −1, 1 − 2 = −1; revenue 90 − 10 = 80, 50 − 90 = −40, 60 − 50 = 10.
    assert.deepEqual(
      kpi(r, 'orders').rows.map((x) => x.delta),
      [2, -1, -1],
    );
    assert.deepEqual(
      kpi(r, 'revenue').rows.map((x) => x.delta),
      [80, -40, 10],
    );
    // The null amount is skipped: Feb's mean is 50, not 25.
    assert.deepEqual(
      kpi(r, 'basket').rows.map((x) => x.value),
      [30, 50, 60],
    );
    assert.deepEqual(
      kpi(r, 'smallest').rows.map((x) => x.value),
      [20, 50, 60],
    );
    assert.deepEqual(
      kpi(r, 'largest').rows.map((x) => x.value),
      [40, 50, 60],
    );
    // Jan: c1, c2, c3; Feb: c2, c4; Mar: c5.
    assert.deepEqual(
      kpi(r, 'buyers').rows.map((x) => x.value),
      [3, 2, 1],
    );
  });

  it('as_of mid-month leaves the partial month out; the default as_of is the latest date in the data', async () => {
    const spec = lines(
      ...HEAD,
      'periods:',
      '  monthly: { grain: month, last: 3 }',
      'kpis:',
      '  orders: { type: count, source: orders, period: monthly }',
    );
    const mid = await run(spec, '2025-03-15');
    assert.deepEqual(
      kpi(mid, 'orders').rows.map((x) => [x.period, x.value]),
      [
        ['2024-12', 1],
        ['2025-01', 3],
        ['2025-02', 2],
      ],
    );
    // Latest date among the sources read: order 7 on 2025-03-05 → March is not complete.
    const auto = await run(spec);
    assert.equal(auto.as_of, '2025-03-05');
    assert.deepEqual(
      kpi(auto, 'orders').rows.map((x) => x.period),
      ['2024-12', '2025-01', '2025-02'],
    );
  });

  it('partial: true counts the month holding as_of, cut at as_of', async () => {
    const r = await run(
      lines(
        ...HEAD,
        'periods:',
        '  monthly: { grain: month, last: 2, partial: true }',
        'kpis:',
        '  orders: { type: count, source: orders, period: monthly }',
      ),
      '2025-03-05',
    );
    // Feb (2 orders), then March 1–5 (order 7), compared with Feb 1–5 (none).
    assert.deepEqual(show(kpi(r, 'orders').rows), [
      '2025-02 all: 2 (3, -0.3333, null)',
      '2025-03 all: 1 (0, null, null)',
    ]);
    // From 0 there is no relative change, but a delta: 1 − 0 = 1 (and 2 − 3 = −1).
    assert.deepEqual(
      kpi(r, 'orders').rows.map((x) => x.delta),
      [-1, 1],
    );
  });

  it('segments: by a column, by a joined column (missing keys → null), a where filter; whole population first', async () => {
    const r = await run(
      lines(
        ...HEAD,
        'periods:',
        '  monthly: { grain: month, last: 3 }',
        'segments:',
        '  channel: { by: channel }',
        '  plan: { by: customers.plan }',
        '  pro: { where: "customers.plan = \'pro\'" }',
        'kpis:',
        '  orders: { type: count, source: orders, period: monthly, segments: [channel, plan, pro] }',
      ),
      '2025-03-31',
    );
    assert.deepEqual(show(kpi(r, 'orders').rows), [
      '2025-01 all: 3 (1, 2, null)',
      '2025-01 channel=store: 1 (0, null, null)',
      '2025-01 channel=web: 2 (1, 1, null)',
      '2025-01 plan=enterprise: 0 (0, null, null)',
      '2025-01 plan=free: 1 (0, null, null)',
      '2025-01 plan=pro: 2 (1, 1, null)',
      '2025-01 plan=null: 0 (0, null, null)',
      '2025-01 pro=true: 2 (1, 1, null)',
      '2025-02 all: 2 (3, -0.3333, null)',
      '2025-02 channel=store: 1 (1, 0, null)',
      '2025-02 channel=web: 1 (2, -0.5, null)',
      '2025-02 plan=enterprise: 1 (0, null, null)',
      '2025-02 plan=free: 1 (1, 0, null)',
      '2025-02 plan=pro: 0 (2, -1, null)',
      '2025-02 plan=null: 0 (0, null, null)',
      '2025-02 pro=true: 0 (2, -1, null)',
      '2025-03 all: 1 (2, -0.5, null)',
      '2025-03 channel=store: 1 (1, 0, null)',
      '2025-03 channel=web: 0 (1, -1, null)',
      '2025-03 plan=enterprise: 0 (1, -1, null)',
      '2025-03 plan=free: 0 (1, -1, null)',
      '2025-03 plan=pro: 0 (0, null, null)',
      '2025-03 plan=null: 1 (0, null, null)',
      '2025-03 pro=true: 0 (0, null, null)',
    ]);
    // The JSON contract: {} for the whole population, text for by, true for where.
    assert.deepEqual(
      kpi(r, 'orders')
        .rows.slice(0, 8)
        .map((x) => x.segment),
      [
        {},
        { channel: 'store' },
        { channel: 'web' },
        { plan: 'enterprise' },
        { plan: 'free' },
        { plan: 'pro' },
        { plan: null },
        { pro: true },
      ],
    );
  });

  it('filters: the source where, the KPI where', async () => {
    const r = await run(
      lines(
        'kpilens: 1',
        'sources:',
        '  orders: { file: data/orders.csv, time: order_date, key: customer_id, where: "status = \'paid\'" }',
        'periods:',
        '  q: { grain: quarter, last: 1 }',
        'kpis:',
        '  paid: { type: count, source: orders, period: q }',
        '  paid_web: { type: sum, source: orders, column: amount, period: q, where: "channel = \'web\'" }',
      ),
      '2025-03-31',
    );
    // 2025-Q1 paid orders: 2, 3, 5, 6, 7 (4 is refunded); 2024-Q4: order 1.
    assert.deepEqual(show(kpi(r, 'paid').rows), ['2025-Q1 all: 5 (1, 4, null)']);
    // web and paid in Q1: orders 2 (20) and 6 (50); Q4: order 1 (10).
    assert.deepEqual(show(kpi(r, 'paid_web').rows), ['2025-Q1 all: 70 (10, 6, null)']);
  });

  it('ratio and formula per period and segment; division by zero is null; targets give met/missed', async () => {
    const r = await run(
      lines(
        ...HEAD,
        'periods:',
        '  monthly: { grain: month, last: 3 }',
        'segments:',
        '  channel: { by: channel }',
        'defaults: { period: monthly }',
        'kpis:',
        '  orders: { type: count, source: orders }',
        '  revenue: { type: sum, source: orders, column: amount }',
        '  basket: { type: ratio, numerator: revenue, denominator: orders, segments: [channel], target: { min: 28 } }',
        '  doubled: { type: formula, expr: "round(revenue / orders * 2, 1)" }',
      ),
      '2025-03-31',
    );
    // Whole: Jan 90/3 = 30, Feb 50/2 = 25, Mar 60/1 = 60. web: Jan (20+40)/2 = 30, Feb 50/1, Mar 0/0 → null.
    assert.deepEqual(show(kpi(r, 'basket').rows), [
      '2025-01 all: 30 (10, 2, met)',
      '2025-01 channel=store: 30 (null, null, met)',
      '2025-01 channel=web: 30 (10, 2, met)',
      '2025-02 all: 25 (30, -0.1667, missed)',
      '2025-02 channel=store: 0 (30, -1, missed)',
      '2025-02 channel=web: 50 (30, 0.6667, met)',
      '2025-03 all: 60 (25, 1.4, met)',
      '2025-03 channel=store: 60 (0, null, met)',
      '2025-03 channel=web: null (50, null, null)',
    ]);
    assert.deepEqual(
      kpi(r, 'doubled').rows.map((x) => x.value),
      [60, 50, 120],
    );
  });

  it('an empty period: counts and sums are 0, averages and ratios null', async () => {
    const r = await run(
      lines(
        ...HEAD,
        'periods:',
        '  h2_2023: { from: 2023-07-01, to: 2023-12-31 }',
        'defaults: { period: h2_2023 }',
        'kpis:',
        '  orders: { type: count, source: orders }',
        '  revenue: { type: sum, source: orders, column: amount }',
        '  basket_avg: { type: avg, source: orders, column: amount }',
        '  basket: { type: ratio, numerator: revenue, denominator: orders }',
      ),
      '2025-03-31',
    );
    assert.deepEqual(show(kpi(r, 'orders').rows), ['2023-07-01..2023-12-31 all: 0 (0, null, null)']);
    assert.deepEqual(
      kpi(r, 'revenue').rows.map((x) => x.value),
      [0],
    );
    assert.deepEqual(
      kpi(r, 'basket_avg').rows.map((x) => x.value),
      [null],
    );
    assert.deepEqual(
      kpi(r, 'basket').rows.map((x) => x.value),
      [null],
    );
  });

  it('ISO weeks across the new year, a leap day, quarters, years and year_ago', async () => {
    const r = await run(
      lines(
        ...HEAD,
        'periods:',
        '  weekly: { grain: week, from: 2024-12-30, to: 2025-01-12 }',
        '  daily: { grain: day, from: 2024-02-28, to: 2024-03-01 }',
        '  quarterly: { grain: quarter, last: 2, compare: year_ago }',
        '  yearly: { grain: year, last: 1 }',
        '  feb_vs_last_year: { grain: month, from: 2025-02-01, to: 2025-02-28, compare: year_ago }',
        'kpis:',
        '  w: { type: count, source: orders, period: weekly }',
        '  d: { type: count, source: orders, period: daily }',
        '  q: { type: count, source: orders, period: quarterly }',
        '  y: { type: count, source: orders, period: yearly }',
        '  f: { type: count, source: orders, period: feb_vs_last_year }',
      ),
      '2025-03-31',
    );
    // 2025-W01 = 2024-12-30..2025-01-05 holds orders 1 and 2; 2025-W02 none (order 3 is W03).
    assert.deepEqual(
      kpi(r, 'w').rows.map((x) => [x.period, x.value]),
      [
        ['2025-W01', 2],
        ['2025-W02', 0],
      ],
    );
    assert.deepEqual(
      kpi(r, 'd').rows.map((x) => [x.period, x.value]),
      [
        ['2024-02-28', 0],
        ['2024-02-29', 1],
        ['2024-03-01', 0],
      ],
    );
    // 2024-Q4: order 1; 2025-Q1: orders 2–7. year_ago: 2023-Q4 none, 2024-Q1: order 0.
    assert.deepEqual(show(kpi(r, 'q').rows), ['2024-Q4 all: 1 (0, null, null)', '2025-Q1 all: 6 (1, 5, null)']);
    // as_of 2025-03-31: the last complete year is 2024 (orders 0 and 1).
    assert.deepEqual(
      kpi(r, 'y').rows.map((x) => [x.period, x.value]),
      [['2024', 2]],
    );
    // Feb 2025 (orders 5, 6) vs Feb 2024 (the leap day order 0).
    assert.deepEqual(show(kpi(r, 'f').rows), ['2025-02 all: 2 (1, 1, null)']);
  });
});
