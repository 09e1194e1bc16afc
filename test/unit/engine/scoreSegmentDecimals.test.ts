// Score segments read a CSV's decimal amounts as exact decimals, as the predictive clv's summary
// does (engine/sql/scoreSegmentQuery.ts): a customer's total of 0.10 + 0.20 equals another's
// 0.30, so their M quintiles go by key — in doubles 0.1 + 0.2 = 0.30000000000000004 > 0.3 would
// swap them.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import type { ScoreSegmentValues } from '../../../src/core/engine/evaluation/scoreSegments';
import { lines } from '../helpers';

describe('score segments on exact decimal amounts', function () {
  this.timeout(60_000);
  let dir: string;
  let engine: DuckDbEngine;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-score-decimals-'));
    engine = new DuckDbEngine({ allowedDirectories: [dir] });
  });

  after(async () => {
    await engine?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('equal totals tie, and ties go by key', async () => {
    fs.writeFileSync(
      path.join(dir, 'orders.csv'),
      lines(
        'customer_id,order_date,amount',
        'a,2025-01-10,0.10',
        'a,2025-02-10,0.20',
        'b,2025-01-10,0.30',
        'c,2025-01-10,1.00',
        'd,2025-01-10,2.00',
        'e,2025-01-10,3.00',
      ),
    );
    const text = lines(
      'kpilens: 1',
      'as_of: 2025-03-31',
      'sources:',
      '  orders: { file: orders.csv, time: order_date, key: customer_id }',
      'periods:',
      '  monthly: { grain: month, last: 1 }',
      'segments:',
      '  rfm: { score: rfm, revenue: orders.amount }',
      'kpis:',
      '  n: { type: count, source: orders, period: monthly, segments: [rfm] }',
    );
    const check = await checkKpiFile(path.join(dir, 'test.kpi.yaml'), text);
    assert.deepEqual(
      check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      [],
    );
    let values: ScoreSegmentValues | undefined;
    await evaluateSpec(check, { engine, scoreListing: { ends: ['2025-03-31'], onValues: (v) => (values = v) } });
    assert.ok(values);
    assert.deepEqual(values.customers, ['a', 'b', 'c', 'd', 'e']);
    // 5 customers, one per quintile. Days since the last purchase at 03-31: a (02-10) 49; b, c,
    // d, e (01-10) 80 → R (most days first) b 1, c 2, d 3, e 4, a 5. Purchase days: a 2, the
    // others 1 → F b 1, c 2, d 3, e 4, a 5. Totals: a 0.10 + 0.20 = 0.30 = b's 0.30 (a first by
    // key), c 1, d 2, e 3 → M a 1, b 2, c 3, d 4, e 5.
    assert.deepEqual(values.values.rfm, ['551', '112', '223', '334', '445']);
  });
});
