// percentile (median basket), time_between_purchases and the revenue retention types (NRR,
// GRR, the seeds' MRR growth) on the real DuckDB engine, on test/fixtures/kpitypes: every
// expected value is worked out by hand in kpiTypesExpected.ts (the same numbers
// postgresKpiTypes.test.ts asks of PostgreSQL).
import { strict as assert } from 'assert';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
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
      skipped.includes("KPI 'median_basket', 2025-01-01..2025-04-30: 1 row(s) skipped, 'amount' is not a number: abc"),
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
