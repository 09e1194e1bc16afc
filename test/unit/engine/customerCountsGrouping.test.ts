// Customer-base counts (churn, retention_rate, customers, new_customers) over a customer
// table with a unique key: the rows are grouped by their start and end dates first, clamped to
// the windows' span (a date before it compares with every bound as the day before the span,
// one after it as the day after). The numbers are the row-by-row definitions', checked by hand
// with dates before, on and after the bounds, empty dates and a `by` segment; a KPI filter
// keeps the row-by-row plan.
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

// Windows: January [Jan 1, Jan 31] and February [Feb 1, Feb 28] 2025 (span Jan 1 – Feb 28).
const CUSTOMERS = lines(
  'customer_id,signup_date,churn_date,plan',
  'a,2020-05-01,,pro', // long before the span, never ends
  'b,2024-12-31,2025-01-01,free', // the day before the span; ends on its first day
  'c,2025-01-01,2025-03-15,pro', // starts on the first day; ends after the span
  'd,2025-02-28,,free', // starts on the last day
  'e,2023-01-01,2024-06-01,pro', // started and ended before the span
  'f,,2025-02-10,free', // no start: in no set
);

const SPEC = (kpis: string[]) =>
  lines(
    'kpilens: 1',
    'as_of: 2025-02-28',
    'sources:',
    '  customers: { file: data/customers.csv, time: signup_date, key: customer_id }',
    'periods:',
    '  monthly: { grain: month, last: 2 }',
    'segments:',
    '  plan: { by: plan }',
    'defaults: { period: monthly }',
    'kpis:',
    ...kpis.map((k) => `  ${k}`),
  );

const BASE = 'source: customers, start: signup_date, end: churn_date';

function values(r: RunResult, kpi: string, segment: Record<string, unknown> = {}): (number | null)[] {
  const k = r.kpis.find((x) => x.name === kpi);
  assert.ok(k, kpi);
  return ['2025-01', '2025-02'].map((p) => {
    const row = k.rows.find((x) => x.period === p && JSON.stringify(x.segment) === JSON.stringify(segment));
    assert.ok(row, `${kpi} ${p} ${JSON.stringify(segment)}`);
    return row.value;
  });
}

describe('engine: customer counts grouped by their dates first', function () {
  this.timeout(60000);
  let dir: string;
  let engine: DuckDbEngine;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-grouped-'));
    fs.mkdirSync(path.join(dir, 'data'));
    fs.writeFileSync(path.join(dir, 'data', 'customers.csv'), CUSTOMERS);
    engine = new DuckDbEngine({ allowedDirectories: [dir] });
  });
  after(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function run(kpis: string[]): Promise<{ r: RunResult; scans: string[] }> {
    const recorder = new RecordingEngine(engine);
    const r = await evaluateSpec(await checkKpiFile(path.join(dir, 'test.kpi.yaml'), SPEC(kpis)), {
      engine: recorder,
    });
    return { r, scans: recorder.statements.filter((s) => s.includes('"k0"')) };
  }

  it('churn, retention, customers and new customers, whole and by plan', async () => {
    const { r, scans } = await run([
      `churn: { type: churn, ${BASE}, segments: [plan] }`,
      `retention: { type: retention_rate, ${BASE} }`,
      `active: { type: customers, ${BASE} }`,
      `newcomers: { type: new_customers, ${BASE} }`,
    ]);
    assert.equal(scans.length, 1);
    assert.match(scans[0], /GROUP BY ALL\)/, 'the rows are grouped first');
    assert.match(scans[0], /sum\("__kw"\) FILTER/);
    // January: S = start < Jan 1, not ended before Jan 1 = {a, b}; lost = of S, ending in
    // January = {b} → churn 1/2. February: S = {a, c} (b ended Jan 1; d starts Feb 28), lost
    // = {} → 0/2.
    assert.deepEqual(values(r, 'churn'), [0.5, 0]);
    // By plan (pro {a, c, e}, free {b, d, f}): January pro S {a} lost {} → 0, free S {b}
    // lost {b} → 1; February pro S {a, c} → 0, free S {} → no value.
    assert.deepEqual(values(r, 'churn', { plan: 'pro' }), [0, 0]);
    assert.deepEqual(values(r, 'churn', { plan: 'free' }), [1, null]);
    // E = started by the last day, not ended by it: January {a, c} (b ended Jan 1, d later,
    // e ended 2024, f has no start) = 2; February {a, c (ends Mar 15), d} = 3.
    assert.deepEqual(values(r, 'active'), [2, 3]);
    // N = started in the period and active at its end: January {c}, February {d}.
    assert.deepEqual(values(r, 'newcomers'), [1, 1]);
    // retention = (E − N) / S: January (2 − 1) / 2, February (3 − 1) / 2.
    assert.deepEqual(values(r, 'retention'), [0.5, 1]);
  });

  it('a KPI filter keeps the row-by-row counts, with the same definitions', async () => {
    const { r, scans } = await run([`pro_churn: { type: churn, ${BASE}, where: "plan = 'pro'" }`]);
    assert.equal(scans.length, 1);
    assert.doesNotMatch(scans[0], /"__kw"/);
    // As the pro slice above: January 0/1, February 0/2.
    assert.deepEqual(values(r, 'pro_churn'), [0, 0]);
  });
});
