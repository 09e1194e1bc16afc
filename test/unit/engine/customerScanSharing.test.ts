// active_customers shares the per-customer scan of repurchase_rate when both read the same
// rows (same source, time, period, filter; no segments): one pass over the purchases for
// both, the same numbers as two scans. Values checked by hand.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { RecordingEngine } from '../../../src/core/engine/backends/recordingEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import type { RunResult } from '../../../src/core/report/resultModel';
import { lines } from '../helpers';

const ORDERS = lines(
  'order_id,customer_id,order_date,amount',
  '1,c1,2025-01-03,10',
  '2,c1,2025-01-20,20',
  '3,c2,2025-01-05,30',
  '4,,2025-01-06,40', // nobody's: counted by no customer KPI
  '5,c3,2025-02-01,50',
);

function spec(...kpis: string[]): string {
  return lines(
    'kpilens: 1',
    'as_of: 2025-02-28',
    'sources:',
    '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
    'periods:',
    '  monthly: { grain: month, last: 2 }',
    'segments:',
    '  big: { where: "amount > 15" }',
    'defaults: { period: monthly }',
    'kpis:',
    ...kpis.map((k) => `  ${k}`),
  );
}

function values(r: RunResult, kpi: string): (number | null)[] {
  const k = r.kpis.find((x) => x.name === kpi);
  assert.ok(k, kpi);
  return ['2025-01', '2025-02'].map((p) => {
    const row = k.rows.find((x) => x.period === p && JSON.stringify(x.segment) === '{}');
    assert.ok(row, `${kpi} ${p}`);
    return row.value;
  });
}

describe('engine: active customers over the per-customer scan of repurchase', function () {
  this.timeout(60000);
  let dir: string;
  let engine: DuckDbEngine;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-share-'));
    fs.mkdirSync(path.join(dir, 'data'));
    fs.writeFileSync(path.join(dir, 'data', 'orders.csv'), ORDERS);
    engine = new DuckDbEngine({ allowedDirectories: [dir] });
  });
  after(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function run(text: string): Promise<{ r: RunResult; scans: string[] }> {
    const recorder = new RecordingEngine(engine);
    const r = await evaluateSpec(await checkKpiFile(path.join(dir, 'test.kpi.yaml'), text), { engine: recorder });
    return { r, scans: recorder.statements.filter((s) => s.includes('"k0"')) };
  }

  it('same rows: one scan for both', async () => {
    const { r, scans } = await run(
      spec(
        'active: { type: active_customers, source: orders }',
        'repurchase: { type: repurchase_rate, source: orders }',
      ),
    );
    assert.equal(scans.length, 1, 'one scan');
    assert.ok(scans[0].includes('per_customer') && !scans[0].includes('count(DISTINCT'));
    // January: c1 (2 orders), c2 (1); the keyless order is nobody's → 2 active, 1 of 2 bought again.
    // February: c3 (1 order) → 1 active, 0 of 1.
    assert.deepEqual(values(r, 'active'), [2, 1]);
    assert.deepEqual(values(r, 'repurchase'), [0.5, 0]);
  });

  it('the same filter on both: shared; January with amount > 15: c1 (20) and c2 (30), neither twice', async () => {
    const { r, scans } = await run(
      spec(
        'active: { type: active_customers, source: orders, where: "amount > 15" }',
        'repurchase: { type: repurchase_rate, source: orders, where: "amount > 15" }',
      ),
    );
    assert.equal(scans.length, 1);
    assert.deepEqual(values(r, 'active'), [2, 1]);
    assert.deepEqual(values(r, 'repurchase'), [0, 0]);
  });

  it('another filter, or segments: a scan of its own, the same numbers', async () => {
    const other = await run(
      spec(
        'active: { type: active_customers, source: orders, where: "amount > 15" }',
        'repurchase: { type: repurchase_rate, source: orders }',
      ),
    );
    assert.equal(other.scans.length, 2);
    assert.ok(other.scans.some((s) => s.includes('count(DISTINCT')));
    assert.deepEqual(values(other.r, 'active'), [2, 1]);
    assert.deepEqual(values(other.r, 'repurchase'), [0.5, 0]);
    const segmented = await run(
      spec(
        'active: { type: active_customers, source: orders, segments: [big] }',
        'repurchase: { type: repurchase_rate, source: orders }',
      ),
    );
    assert.ok(segmented.scans.some((s) => s.includes('count(DISTINCT')));
    assert.deepEqual(values(segmented.r, 'active'), [2, 1]);
  });
});
