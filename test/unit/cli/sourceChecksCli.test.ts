// Sources' data tests and freshness through the CLI: `kpilens test` (one line per check, the
// failures at their line in the KPI file, warnings not failed), `kpilens check --data` (the
// data's diagnostics after the file's) and `kpilens run --now`. Counts worked out by hand.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lines, runCli } from '../helpers';

// orders.csv: order_id 1, 2, 2 (line 3 and 4: 1 value on 2 rows), customer c1, c2, (empty
// on line 4), amount 10, -5 (line 3: below min 0), 20. Latest order_date 2026-03-05.
const ORDERS = lines(
  'order_id,customer_id,order_date,amount',
  '1,c1,2026-03-01,10',
  '2,c2,2026-03-03,-5',
  '2,,2026-03-05,20',
);
// Spec lines: the tests on 8 (unique), 9 (not_null, severity warning on 10), 11 (range);
// freshness on 6, warn_after at column 18.
const SPEC = lines(
  'kpilens: 1',
  'sources:',
  '  orders:',
  '    file: orders.csv',
  '    time: order_date',
  '    freshness: { warn_after: 3d }',
  '    tests:',
  '      - unique: order_id',
  '      - not_null: customer_id',
  '        severity: warning',
  '      - range: { column: amount, min: 0 }',
);

describe('CLI: sources’ tests and freshness', function () {
  this.timeout(120000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-srccli-'));
    fs.writeFileSync(path.join(dir, 'orders.csv'), ORDERS);
    fs.writeFileSync(path.join(dir, 'o.kpi.yaml'), SPEC);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('kpilens test: a line per check, failures at their line; a warning is not a failure', async () => {
    // --now 2026-03-08: 3 days after 2026-03-05 = warn_after: fresh.
    const r = await runCli(['test', '--now', '2026-03-08'], dir);
    assert.equal(r.code, 1);
    assert.equal(
      r.out,
      lines(
        'o.kpi.yaml',
        '  ✗ orders: unique order_id',
        "      o.kpi.yaml:8:9: error: source 'orders': 1 value of 'order_id' is on several rows: '2' on 2 rows (orders.csv:3, :4) [not-unique]",
        '  ⚠ orders: not_null customer_id',
        "      o.kpi.yaml:9:9: warning: source 'orders': 1 of 3 rows has no 'customer_id' (orders.csv:4) [null-values]",
        '  ✗ orders: range amount 0..',
        "      o.kpi.yaml:11:9: error: source 'orders': 1 row has a value of 'amount' outside ≥ 0 or not a number: '-5' (orders.csv:3) [out-of-range]",
        '  ✓ orders: freshness',
      ),
    );
    // 4 checks: freshness passed, not_null warned (counted as passed), unique and range failed.
    assert.equal(r.err, '4 tests: 2 passed, 2 failed\n');
  });

  it('kpilens check --data adds the data’s diagnostics; --now one day later makes the source stale', async () => {
    const plain = await runCli(['check', 'o.kpi.yaml'], dir);
    assert.equal(plain.code, 0);
    assert.equal(plain.out, '');
    const r = await runCli(['check', '--data', '--now', '2026-03-09', 'o.kpi.yaml'], dir);
    assert.equal(r.code, 1);
    // 2026-03-09 − 2026-03-05 = 4 days > 3: a warning at warn_after (line 6, column 18).
    assert.deepEqual(
      r.out
        .split('\n')
        .filter(Boolean)
        .map((l) => l.replace(/: (error|warning): .*\[/, ': $1 [')),
      [
        'o.kpi.yaml:8:9: error [not-unique]',
        'o.kpi.yaml:9:9: warning [null-values]',
        'o.kpi.yaml:11:9: error [out-of-range]',
        'o.kpi.yaml:6:18: warning [stale-source]',
      ],
    );
    assert.match(r.err, /checked 1 file: 2 errors, 2 warnings/);
    assert.equal((await runCli(['check', '--data', '--now', 'yesterday', 'o.kpi.yaml'], dir)).code, 2);
  });
});
