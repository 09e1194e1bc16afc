// A KPI sliced by a score segment, over a period compared twice (`compare: [previous,
// year_ago]`): each comparison's slice takes its customers' scores at that comparison's end.
// Before, the second comparison's end got no scores: every slice there read 0 (a sum) without a
// word, while the whole population was right.
import { strict as assert } from 'assert';
import { lines } from '../helpers';
import { specRunFolder } from './specRunFixture';

describe('engine: score segments at every comparison of a period', function () {
  this.timeout(60000);
  const folder = specRunFolder('score-compare');

  // A buys 10 on 2024-06-20 and 20 on 2025-06-20; B buys 5 on 2025-05-10. With one tenure band
  // (bands: [100] months), every buyer is in 00-100m at every end: the slice equals the whole.
  const orders = 'customer_id,order_date,amount\nA,2024-06-20,10\nA,2025-06-20,20\nB,2025-05-10,5\n';
  const spec = (compare: string) =>
    lines(
      'kpilens: 1',
      'as_of: 2025-06-30',
      'sources:',
      '  orders: { file: orders.csv, time: order_date, key: customer_id }',
      'periods:',
      `  june: { grain: month, last: 1, compare: ${compare} }`,
      'segments:',
      '  ten: { score: tenure, revenue: orders.amount, bands: [100] }',
      'kpis:',
      '  revenue: { type: sum, source: orders, column: amount, period: june, segments: [ten] }',
    );

  for (const compare of ['[previous, year_ago]', '[year_ago, previous]'])
    it(`compare: ${compare}: June 2025 20, May 5, June 2024 10 in the slice as in the whole`, async () => {
      const out = await folder.run('rev', spec(compare), { 'orders.csv': orders });
      const slice = out.kpis[0].rows.find((r) => r.segment.ten === '00-100m');
      const whole = out.kpis[0].rows.find((r) => Object.keys(r.segment).length === 0);
      for (const row of [whole, slice]) {
        assert.ok(row);
        assert.equal(row.value, 20);
        assert.equal(row.comparisons?.previous?.previous, 5);
        assert.equal(row.comparisons?.year_ago?.previous, 10);
      }
    });
});
