// kpilens diff on the percentile, time_between_purchases and revenue retention types (real
// DuckDB, test/fixtures/kpitypes' data copied to a temporary folder): a new `p`, a new
// `over`, and NRR turned into GRR — each moved row with the values worked out by hand in
// test/unit/engine/kpiTypesExpected.ts.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { diffKpiFile } from '../../../src/core/diff';
import type { SpecDiff } from '../../../src/core/diff';
import { FIXTURES, lines } from '../helpers';

const BASE = lines(
  'kpilens: 1',
  'sources:',
  '  orders: { file: orders.csv, time: order_date, key: customer_id }',
  '  revenue: { file: revenue.csv, time: paid_on, key: customer_id }',
  'periods:',
  '  monthly: { grain: month, from: 2025-01-01, to: 2025-03-31 }',
  'defaults: { period: monthly }',
  'kpis:',
  '  basket: { type: percentile, source: orders, column: amount }',
  '  cadence: { type: time_between_purchases, source: orders }',
  '  nrr: { type: net_revenue_retention, source: revenue, column: amount }',
);
const HEAD = BASE.replace('column: amount }\n  cadence', 'column: amount, p: 90 }\n  cadence')
  .replace('source: orders }\n  nrr', 'source: orders, over: customers }\n  nrr')
  .replace('type: net_revenue_retention', 'type: gross_revenue_retention');

describe('diff: percentile, time between purchases, revenue retention (real DuckDB)', function () {
  this.timeout(60000);
  let dir: string;
  let diff: SpecDiff;
  const rows = (name: string) => {
    const k = diff.kpis.find((x) => x.name === name);
    assert.ok(k, name);
    return {
      moved: k.rows?.map((r) => [r.period, r.step ?? null, r.before, r.after, r.deltaText]),
      unchanged: k.unchangedRows,
    };
  };

  before(async () => {
    assert.notEqual(HEAD, BASE);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-diff-types-'));
    for (const f of ['orders.csv', 'revenue.csv'])
      fs.copyFileSync(path.join(FIXTURES, 'kpitypes', f), path.join(dir, f));
    diff = await diffKpiFile(path.join(dir, 'types.kpi.yaml'), BASE, HEAD, {
      dataRoot: dir,
      displayPath: 'types.kpi.yaml',
      asOf: '2025-03-31',
    });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('percentile p 50 → 90: January 25 → 44, February 60 → 76; March (one order, 25) unchanged', () => {
    assert.deepEqual(rows('basket'), {
      moved: [
        ['2025-01', null, 25, 44, '+19'],
        ['2025-02', null, 60, 76, '+16'],
      ],
      unchanged: 1,
    });
  });

  it('time between purchases over gaps → over customers: January 16 → 18 d, February 20 → 21.25 d', () => {
    assert.deepEqual(rows('cadence'), {
      moved: [
        ['2025-01', null, 16, 18, '+2 d'],
        ['2025-02', null, 20, 21.25, '+1.3 d'],
      ],
      unchanged: 1,
    });
  });

  it('NRR → GRR: February 300/460 → 250/460, March 545/640 → 500/640; the expansion step goes', () => {
    // Unchanged: January's value and 3 steps (null, no base), and contraction and churned in
    // February and March (the same in both types): 4 + 2 + 2 = 8.
    assert.deepEqual(rows('nrr'), {
      moved: [
        ['2025-02', 'expansion', 50 / 460, null, null],
        ['2025-03', 'expansion', 45 / 640, null, null],
        ['2025-02', null, 300 / 460, 250 / 460, '−10.9 pp'],
        ['2025-03', null, 545 / 640, 500 / 640, '−7 pp'],
      ],
      unchanged: 8,
    });
  });
});
