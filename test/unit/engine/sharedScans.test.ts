// Shared scans: the KPIs on one source, time column and period compile to ONE query that
// computes every aggregate for the whole population and each `by` segment (GROUPING SETS);
// a `where` segment gets its own. Values checked by hand on test/fixtures/engine/data.
import { strict as assert } from 'assert';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { RecordingEngine } from '../../../src/core/engine/backends/recordingEngine';
import type { RunResult } from '../../../src/core/report/resultModel';
import { FIXTURES, lines } from '../helpers';

const DIR = path.join(FIXTURES, 'engine');

// January 2025 in orders.csv: order 2 c1 20 web, order 3 c2 30 store, order 4 c3 40 web.
// customers.csv: c1 pro, c2 free, c3 pro.
const SPEC = lines(
  'kpilens: 1',
  'as_of: 2025-01-31',
  'sources:',
  '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
  '  customers: { file: data/customers.csv, time: signup_date, key: customer_id }',
  'periods:',
  '  jan: { grain: month, last: 1 }',
  'segments:',
  '  channel: { by: channel }',
  '  plan: { by: customers.plan }',
  '  pro: { where: "customers.plan = \'pro\'" }',
  'defaults: { period: jan }',
  'kpis:',
  '  revenue: { type: sum, source: orders, column: amount, segments: [channel, plan] }',
  '  orders: { type: count, source: orders, segments: [channel] }',
  '  biggest: { type: max, source: orders, column: amount, segments: [pro] }',
);

function value(
  r: RunResult,
  kpi: string,
  segment: Record<string, string | boolean | null> = {},
): number | null | undefined {
  return r.kpis
    .find((k) => k.name === kpi)
    ?.rows.find((row) => row.period === '2025-01' && JSON.stringify(row.segment) === JSON.stringify(segment))?.value;
}

describe('engine: shared scans', function () {
  this.timeout(60000);
  let engine: DuckDbEngine;
  before(() => {
    engine = new DuckDbEngine({ allowedDirectories: [DIR, path.join(DIR, 'data')] });
  });
  after(() => engine.close());

  it('one query for every KPI of a source and period, all `by` segments included', async () => {
    const check = await checkKpiFile(path.join(DIR, 'test.kpi.yaml'), SPEC);
    const recorder = new RecordingEngine(engine);
    const r = await evaluateSpec(check, { engine: recorder });
    const scans = recorder.statements.filter((s) => s.includes('"k0"'));
    // The whole population with channel and plan: one GROUPING SETS query for the three
    // KPIs; the `where` segment pro: one more.
    assert.equal(scans.length, 2);
    assert.equal(scans.filter((s) => s.includes('GROUPING SETS')).length, 1);
    assert.ok(scans[0].includes('"k2"'), 'the three KPIs in the same query');
    assert.equal(value(r, 'revenue'), 90); // 20 + 30 + 40
    assert.equal(value(r, 'revenue', { channel: 'web' }), 60); // 20 + 40
    assert.equal(value(r, 'revenue', { channel: 'store' }), 30);
    assert.equal(value(r, 'revenue', { plan: 'pro' }), 60); // c1 20 + c3 40
    assert.equal(value(r, 'revenue', { plan: 'free' }), 30); // c2
    assert.equal(value(r, 'orders', { channel: 'web' }), 2);
    assert.equal(value(r, 'orders', { channel: 'store' }), 1);
    assert.equal(value(r, 'biggest'), 40);
    assert.equal(value(r, 'biggest', { pro: true }), 40); // c1 20, c3 40
  });
});
