// percentile (median basket), time_between_purchases and the revenue retention types (NRR,
// GRR, the seeds' MRR growth) on the real DuckDB engine, on test/fixtures/kpitypes: every
// expected value is worked out by hand in kpiTypesExpected.ts (the same numbers
// postgresKpiTypes.test.ts asks of PostgreSQL).
import { strict as assert } from 'assert';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { RecordingEngine } from '../../../src/core/engine/backends/recordingEngine';
import type { RunResult } from '../../../src/core/report/resultModel';
import { FIXTURES, lines } from '../helpers';
import { assertExpected, KPIS, rowsOf } from './kpiTypesExpected';

const DIR = path.join(FIXTURES, 'kpitypes');
let engine: DuckDbEngine;

const SPEC = lines(
  'kpilens: 1',
  'sources:',
  '  orders: { file: orders.csv, time: order_date, key: customer_id }',
  '  lines: { file: order_lines.csv, time: order_date, key: customer_id }',
  '  revenue: { file: revenue.csv, time: paid_on, key: customer_id }',
  ...KPIS,
);

async function run(text: string): Promise<RunResult> {
  const check = await checkKpiFile(path.join(DIR, 'types.kpi.yaml'), text);
  assert.deepEqual(
    check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    [],
  );
  return evaluateSpec(check, { engine, asOf: '2025-04-30' });
}

describe('engine: percentile, time between purchases, revenue retention (DuckDB, hand-checked)', function () {
  this.timeout(60000);
  let result: RunResult;
  before(async () => {
    engine = new DuckDbEngine({ allowedDirectories: [DIR] });
    result = await run(SPEC);
  });
  after(() => engine.close());

  it('gives every hand-computed value: ties, a single order, empty months, segments, steps', () => {
    assertExpected(result);
  });

  it('reports the non-numeric amount it skipped, with its value, and no error', () => {
    assert.deepEqual(
      result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      [],
    );
    const skipped = result.diagnostics.filter((d) => d.code === 'invalid-values').map((d) => d.message);
    assert.ok(
      skipped.includes(
        "KPI 'median_basket', 2025-01-01..2025-04-30: 1 row(s) skipped, 'amount' is not a number: 'abc' at orders.csv:8",
      ),
      skipped.join('\n'),
    );
  });

  it('compares each month with the one before (previous, delta)', () => {
    const k = result.kpis.find((x) => x.name === 'nrr');
    const march = k?.rows.find((r) => r.period === '2025-03' && Object.keys(r.segment).length === 0 && !r.step);
    // March 545/640 against February 300/460.
    assert.ok(march);
    assert.equal(Math.round((march.previous ?? NaN) * 1e6) / 1e6, Math.round((300 / 460) * 1e6) / 1e6);
    assert.equal(Math.round((march.delta ?? NaN) * 1e6) / 1e6, Math.round((545 / 640 - 300 / 460) * 1e6) / 1e6);
  });

  it('p: 0 and p: 100 are the smallest and the largest value; the default p is the median', async () => {
    const r = await run(
      lines(
        'kpilens: 1',
        'sources:',
        '  orders: { file: orders.csv, time: order_date, key: customer_id }',
        'periods:',
        '  monthly: { grain: month, from: 2025-02-01, to: 2025-02-28 }',
        'defaults: { period: monthly }',
        'kpis:',
        '  low: { type: percentile, source: orders, column: amount, p: 0 }',
        '  high: { type: percentile, source: orders, column: amount, p: 100 }',
        '  median: { type: percentile, source: orders, column: amount }',
        '  positive: { type: percentile, source: orders, column: amount, where: "order_id <> 9" }',
      ),
    );
    // February: −15 60 60 70 80. Without order 9 (the refund): 60 60 70 80 → h = 1.5 → x₂ + 0.5 (x₃ − x₂) = 60 + 0.5 × 10 = 65.
    assert.deepEqual(rowsOf(r, 'low'), [['2025-02', {}, null, -15]]);
    assert.deepEqual(rowsOf(r, 'high'), [['2025-02', {}, null, 80]]);
    assert.deepEqual(rowsOf(r, 'median'), [['2025-02', {}, null, 60]]);
    assert.deepEqual(rowsOf(r, 'positive'), [['2025-02', {}, null, 65]]);
  });
});

describe('engine: which new types share a scan (DuckDB)', function () {
  this.timeout(60000);
  let engine: DuckDbEngine;
  before(() => {
    engine = new DuckDbEngine({ allowedDirectories: [DIR] });
  });
  after(() => engine.close());

  it('a plain percentile shares its source scan; per: order_id and time_between_purchases scan alone', async () => {
    const text = lines(
      'kpilens: 1',
      'sources:',
      '  lines: { file: order_lines.csv, time: order_date, key: customer_id }',
      'periods:',
      '  jan: { from: 2025-01-01, to: 2025-01-31 }',
      'defaults: { period: jan }',
      'kpis:',
      '  total: { type: sum, source: lines, column: amount }',
      '  median_line: { type: percentile, source: lines, column: amount }',
      '  median_order: { type: percentile, source: lines, column: amount, per: order_id }',
      '  cadence: { type: time_between_purchases, source: lines }',
    );
    const check = await checkKpiFile(path.join(DIR, 'scans.kpi.yaml'), text);
    const recorder = new RecordingEngine(engine);
    const r = await evaluateSpec(check, { engine: recorder, asOf: '2025-01-31' });
    // Scans name their first aggregate "k0": total + median_line together, median_order, cadence.
    const scans = recorder.statements.filter((s) => s.includes('"k0"'));
    assert.equal(scans.length, 3, scans.join('\n\n'));
    assert.ok(scans.some((s) => s.includes('AS "k1"') && !s.includes('per_customer')));
    // total: 10 + 15 + 40 + 5 + 30 + 30 + 100 = 230 ('x' and the empty amount skipped); the
    // lines' median 30, the orders' 32.5 (kpiTypesExpected.ts). cadence, per line: a 01-05 →
    // 01-20 = 15 on both o3 lines, c 01-25 → 01-26 = 1 on both o5 lines, b and d one day each →
    // 1 1 15 15, h = 1.5 → 1 + 0.5 × 14 = 8.
    assert.deepEqual(
      ['total', 'median_line', 'median_order', 'cadence'].map((k) => rowsOf(r, k)[0][3]),
      [230, 30, 32.5, 8],
    );
  });
});
