// The time options of issue 24 evaluated end to end, on DuckDB (CSV files) and on a real
// PostgreSQL (the same rows in tables; skipped with a message when no PostgreSQL binaries are
// installed): both give the hand-computed numbers below.
//
// orders (day, amount):  2023-03-01 7 · 2024-02-29 5 (a leap day) · 2024-10-15 10 ·
//   2024-11-20 20 · 2024-12-31 40 · 2025-01-01 80 · 2025-02-10 160
// answers (day, score):  2024-12-15 10 · 2025-01-10 9 · 2025-01-20 3 · 2025-02-05 10 · 2025-03-15 6
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import type { Engine } from '../../../src/core/engine/backends/engine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { postgresDialect, type Dialect } from '../../../src/core/engine/sql/dialect';
import { PostgresEngine } from '../../../src/core/engine/backends/postgresEngine';
import { quoteString } from '../../../src/core/engine/sql/sqlText';
import type { KpiResult, ResultRow, RunResult } from '../../../src/core/report/resultModel';
import { lines } from '../helpers';
import { serverSettings, startPostgresForSuite, type PostgresServer } from './postgresServer';

const ORDERS: [string, number][] = [
  ['2023-03-01', 7],
  ['2024-02-29', 5],
  ['2024-10-15', 10],
  ['2024-11-20', 20],
  ['2024-12-31', 40],
  ['2025-01-01', 80],
  ['2025-02-10', 160],
];
const ANSWERS: [string, number][] = [
  ['2024-12-15', 10],
  ['2025-01-10', 9],
  ['2025-01-20', 3],
  ['2025-02-05', 10],
  ['2025-03-15', 6],
];

/** The spec, with each source's lines (files for DuckDB, tables for PostgreSQL). */
function spec(orders: string[], answers: string[]): string {
  return lines(
    'kpilens: 1',
    'as_of: 2025-03-31',
    'sources:',
    '  orders:',
    ...orders,
    '    time: day',
    '  answers:',
    ...answers,
    '    time: day',
    'periods:',
    '  r90: { grain: month, last: 3, window: 90d, compare: previous }',
    '  last7: { grain: month, last: 1, window: 7d }',
    '  leap: { grain: month, from: 2024-02-01, to: 2024-02-29, window: 12m, compare: year_ago }',
    '  both: { grain: month, from: 2025-01-01, to: 2025-02-28, compare: [previous, year_ago] }',
    '  ya_first: { grain: month, from: 2025-01-01, to: 2025-01-31, compare: [year_ago, previous] }',
    '  ytd: { grain: month, from: 2025-01-01, to: 2025-02-28, to_date: year, compare: year_ago }',
    '  ytd_prev: { grain: month, from: 2024-12-01, to: 2025-01-31, to_date: year, compare: previous }',
    '  qtd: { grain: month, from: 2024-11-01, to: 2024-12-31, to_date: quarter, compare: none }',
    '  fq: { grain: quarter, from: 2024-11-01, to: 2025-04-30, fiscal_year_start: 2, compare: none }',
    '  sunweek: { grain: week, from: 2024-12-29, to: 2025-01-04, week_start: sunday, compare: none }',
    'kpis:',
    '  revenue_r90: { type: sum, source: orders, column: amount, period: r90 }',
    '  nps_r90: { type: nps, source: answers, column: score, period: r90 }',
    '  revenue_last7: { type: sum, source: orders, column: amount, period: last7 }',
    '  basket_last7: { type: avg, source: orders, column: amount, period: last7 }',
    '  orders_last7: { type: count, source: orders, period: last7 }',
    '  revenue_leap: { type: sum, source: orders, column: amount, period: leap }',
    '  revenue_both: { type: sum, source: orders, column: amount, period: both }',
    '  nps_ya_first: { type: nps, source: answers, column: score, period: ya_first }',
    '  revenue_ytd: { type: sum, source: orders, column: amount, period: ytd }',
    '  revenue_ytd_prev: { type: sum, source: orders, column: amount, period: ytd_prev }',
    '  revenue_qtd: { type: sum, source: orders, column: amount, period: qtd }',
    '  revenue_fq: { type: sum, source: orders, column: amount, period: fq }',
    '  revenue_sunweek: { type: sum, source: orders, column: amount, period: sunweek }',
  );
}

const whole = (k: KpiResult): ResultRow[] => k.rows.filter((r) => Object.keys(r.segment).length === 0);

function kpi(result: RunResult, name: string): KpiResult {
  const k = result.kpis.find((x) => x.name === name);
  assert.ok(k, `${name} in ${JSON.stringify(result.diagnostics)}`);
  return k;
}

/** The checks every engine must pass. */
function expectations(run: () => RunResult): void {
  it('window: 90d — a monthly series of trailing-90-day sums, one crossing the year', () => {
    // 2025-01: 2024-11-03..2025-01-31 = 20 + 40 + 80 = 140 (10-15 is before the window);
    // its previous, the 90 days to 2024-12-31 (10-03..12-31) = 10 + 20 + 40 = 70 → change 1.
    // 2025-02: 2024-12-01..2025-02-28 = 40 + 80 + 160 = 280, previous 140 → change 1.
    // 2025-03: 2025-01-01..2025-03-31 = 80 + 160 = 240, previous 280 → change −40/280.
    const rows = whole(kpi(run(), 'revenue_r90'));
    assert.deepEqual(
      rows.map((r) => [r.period, r.value, r.previous, r.delta]),
      [
        ['2025-01', 140, 70, 70],
        ['2025-02', 280, 140, 140],
        ['2025-03', 240, 280, -40],
      ],
    );
    assert.ok(Math.abs((rows[2].change ?? 0) - -40 / 280) < 1e-12);
  });

  it('window: 90d — NPS with n counted on the window', () => {
    // 2025-01 (11-03..01-31): 10, 9, 3 → n 3, promoters 2, detractors 1 → 100 × 1/3.
    // 2025-02 (12-01..02-28): 10, 9, 3, 10 → n 4, P 3, D 1 → 50.
    // 2025-03 (01-01..03-31): 9, 3, 10, 6 → n 4, P 2, D 2 → 0. Previous n: 1 (10-03..12-31
    // holds the 12-15 answer alone), then 3 and 4 (the windows of 2025-01 and 2025-02).
    const rows = whole(kpi(run(), 'nps_r90'));
    assert.deepEqual(
      rows.map((r) => [r.period, r.n, r.previous_n]),
      [
        ['2025-01', 3, 1],
        ['2025-02', 4, 3],
        ['2025-03', 4, 4],
      ],
    );
    assert.ok(Math.abs((rows[0].value ?? NaN) - 100 / 3) < 1e-9);
    assert.equal(rows[1].value, 50);
    assert.equal(rows[2].value, 0);
    // The interval is the window's: present, around the value.
    for (const r of rows) assert.ok(r.ci_low !== null && r.ci_low! <= r.value! && r.value! <= r.ci_high!);
  });

  it('an empty window: the last 7 days of March hold no order (sum and count 0, mean null)', () => {
    // 03-25..03-31: no order.
    const r = run();
    assert.deepEqual(
      whole(kpi(r, 'revenue_last7')).map((x) => [x.period, x.value]),
      [['2025-03', 0]],
    );
    assert.deepEqual(
      whole(kpi(r, 'orders_last7')).map((x) => [x.period, x.value]),
      [['2025-03', 0]],
    );
    assert.deepEqual(
      whole(kpi(r, 'basket_last7')).map((x) => [x.period, x.value]),
      [['2025-03', null]],
    );
  });

  it('window: 12m at a leap day, compared with a year ago', () => {
    // February 2024 ends 02-29: 2023-03-01..2024-02-29 holds 7 (its first day) and 5 (its
    // last) = 12. A year ago, 2022-03-01..2023-02-28: no order → 0; change null (previous 0).
    const rows = whole(kpi(run(), 'revenue_leap'));
    assert.deepEqual(
      rows.map((r) => [r.period, r.value, r.previous, r.change]),
      [['2024-02', 12, 0, null]],
    );
  });

  it('compare: [previous, year_ago] — both in `comparisons`, the first one in previous/change/delta', () => {
    // 2025-01 = 80 (01-01); previous 2024-12 = 40 (12-31) → change 1, delta 40; a year ago
    // 2024-01 holds no order → 0: change null, delta 80.
    // 2025-02 = 160; previous 2025-01 = 80 → change 1, delta 80; a year ago 2024-02 = 5 (the
    // leap day) → change 155/5 = 31, delta 155.
    const k = kpi(run(), 'revenue_both');
    assert.equal(k.compare, 'previous');
    assert.deepEqual(k.comparisons, ['previous', 'year_ago']);
    assert.deepEqual(
      whole(k).map((r) => [r.period, r.value, r.previous, r.change, r.delta, r.comparisons]),
      [
        [
          '2025-01',
          80,
          40,
          1,
          40,
          { previous: { previous: 40, change: 1, delta: 40 }, year_ago: { previous: 0, change: null, delta: 80 } },
        ],
        [
          '2025-02',
          160,
          80,
          1,
          80,
          { previous: { previous: 80, change: 1, delta: 80 }, year_ago: { previous: 5, change: 31, delta: 155 } },
        ],
      ],
    );
  });

  it('to_date: year — YTD at each month against the same span a year ago (a leap day in it)', () => {
    // 2025-01: 2025-01-01..01-31 = 80; a year ago 2024-01-01..01-31: none → 0, change null.
    // 2025-02: 2025-01-01..02-28 = 80 + 160 = 240; a year ago 2024-01-01..02-29 = 5 (the leap
    // day) → change 235 / 5 = 47.
    const rows = whole(kpi(run(), 'revenue_ytd'));
    assert.deepEqual(
      rows.map((r) => [r.period, r.value, r.previous, r.change]),
      [
        ['2025-01', 80, 0, null],
        ['2025-02', 240, 5, 47],
      ],
    );
  });

  it('to_date: year with previous crosses the year; to_date: quarter', () => {
    // 2024-12: YTD 2024 = 5 + 10 + 20 + 40 = 75; previous (YTD at 2024-11) = 5 + 10 + 20 = 35.
    // 2025-01: 80; previous = YTD at 2024-12 = 75 → delta 5.
    assert.deepEqual(
      whole(kpi(run(), 'revenue_ytd_prev')).map((r) => [r.period, r.value, r.previous, r.delta]),
      [
        ['2024-12', 75, 35, 40],
        ['2025-01', 80, 75, 5],
      ],
    );
    // Q4 2024 to date: 2024-11 → 10-01..11-30 = 10 + 20 = 30; 2024-12 → 10-01..12-31 = 70.
    assert.deepEqual(
      whole(kpi(run(), 'revenue_qtd')).map((r) => [r.period, r.value, r.previous]),
      [
        ['2024-11', 30, null],
        ['2024-12', 70, null],
      ],
    );
  });

  it('calendars: fiscal quarters from February, a Sunday week across the new year', () => {
    // FY2025-Q4 = 2024-11-01..2025-01-31 (the range starts 11-01): 20 + 40 + 80 = 140;
    // FY2026-Q1 = 2025-02-01..04-30: 160.
    assert.deepEqual(
      whole(kpi(run(), 'revenue_fq')).map((r) => [r.period, r.value]),
      [
        ['FY2025-Q4', 140],
        ['FY2026-Q1', 160],
      ],
    );
    // Sunday 2024-12-29 .. Saturday 2025-01-04 (its Wednesday is 2025-01-01: week 1 of 2025):
    // 40 (12-31) + 80 (01-01) = 120.
    assert.deepEqual(
      whole(kpi(run(), 'revenue_sunweek')).map((r) => [r.period, r.value]),
      [['2025-W01-sun', 120]],
    );
  });

  it('compare: [year_ago, previous] — NPS: the first listed is the row’s; each with its n and test', () => {
    // 2025-01: 9, 3 → n 2, P 1, D 1 → 0. A year ago (2024-01): no answer → null, n 0, no test.
    // Previous (2024-12): 10 → n 1, 100: delta −100, change −1; a test with both n > 0.
    const [row] = whole(kpi(run(), 'nps_ya_first'));
    assert.deepEqual(
      [row.value, row.previous, row.change, row.delta, row.n, row.previous_n],
      [0, null, null, null, 2, 0],
    );
    assert.deepEqual(Object.keys(row.comparisons ?? {}), ['year_ago', 'previous']);
    assert.deepEqual(row.comparisons?.year_ago, {
      previous: null,
      change: null,
      delta: null,
      previous_n: 0,
      p_value: null,
      significant: null,
    });
    const prev = row.comparisons?.previous;
    assert.deepEqual([prev?.previous, prev?.change, prev?.delta, prev?.previous_n], [100, -1, -100, 1]);
    assert.equal(typeof prev?.p_value, 'number');
  });
}

describe('engine: rolling windows, to-date, comparisons and calendars', function () {
  this.timeout(120000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-time-'));
    fs.writeFileSync(path.join(dir, 'orders.csv'), 'day,amount\n' + ORDERS.map((o) => o.join(',')).join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'answers.csv'), 'day,score\n' + ANSWERS.map((a) => a.join(',')).join('\n') + '\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function evaluate(engine: Engine, text: string, dialect?: Dialect): Promise<RunResult> {
    const check = await checkKpiFile(path.join(dir, 'time.kpi.yaml'), text);
    assert.deepEqual(
      check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      [],
    );
    const result = await evaluateSpec(check, { engine, dialect });
    assert.deepEqual(result.diagnostics, []);
    return result;
  }

  describe('DuckDB', () => {
    let engine: DuckDbEngine;
    let result: RunResult;
    before(async () => {
      engine = new DuckDbEngine({ allowedDirectories: [dir] });
      result = await evaluate(engine, spec(['    file: orders.csv'], ['    file: answers.csv']));
    });
    after(() => engine.close());
    expectations(() => result);
  });

  describe('PostgreSQL', () => {
    let server: PostgresServer;
    let pg: PostgresEngine;
    let result: RunResult;
    before(async function () {
      server = await startPostgresForSuite(this);
      pg = new PostgresEngine(serverSettings(server));
      await pg.query('CREATE TABLE public.orders (day date, amount double precision)');
      await pg.query('CREATE TABLE public.answers (day date, score integer)');
      for (const [d, a] of ORDERS) await pg.query(`INSERT INTO public.orders VALUES (${quoteString(d)}, ${a})`);
      for (const [d, s] of ANSWERS) await pg.query(`INSERT INTO public.answers VALUES (${quoteString(d)}, ${s})`);
      result = await evaluate(
        pg,
        spec(['    table: public.orders', '    connection: pg'], ['    table: public.answers', '    connection: pg']),
        postgresDialect,
      );
    });
    after(async () => {
      await pg?.close();
      server?.stop();
    });
    expectations(() => result);
  });
});
