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

  it('a segment is computed only at the ends its KPIs read: no fit, nor warning, at another segment’s', async () => {
    // `alive` (p_alive) is read only at 2025-06-30 (an explicit range); `ten` (tenure) at the
    // month's end and at the previous month's, 2025-05-31, where only 9 customers have bought:
    // too few for p_alive's fit. Before, both were fitted at the union of their ends, and the run
    // warned "segment 'alive': no value at 2025-05-31" of a date no KPI of `alive` shows.
    const out = await folder.run(
      'ends',
      lines(
        'kpilens: 1',
        'as_of: 2025-06-30',
        'sources:',
        '  orders: { file: ends.csv, time: order_date, key: customer_id }',
        'periods:',
        '  all: { from: 2023-01-01, to: 2025-06-30, compare: none }',
        '  m: { grain: month, last: 1 }',
        'segments:',
        '  alive: { score: p_alive, revenue: orders.amount }',
        '  ten: { score: tenure, revenue: orders.amount }',
        'kpis:',
        '  by_alive: { type: count_distinct, source: orders, column: customer_id, period: all, segments: [alive] }',
        '  monthly: { type: sum, source: orders, column: amount, period: m, segments: [ten] }',
      ),
      { 'ends.csv': ORDERS_20 },
    );
    assert.deepEqual(
      out.diagnostics.map((d) => d.message),
      [],
    );
    // 19 customers bought by 2025-06-30 (customer 20 buys on 07-15), each in one p_alive band.
    const alive = out.kpis[0].rows;
    assert.equal(alive.find((r) => Object.keys(r.segment).length === 0)?.value, 19);
    assert.equal(
      alive.filter((r) => r.segment.alive !== undefined).reduce((n, r) => n + (r.value ?? 0), 0),
      19,
    );
  });
});

/** 36 orders of 20 customers (a sweep's repro): 9 customers have bought by 2025-05-31, 19 by 2025-06-30. */
const ORDERS_20 = `order_id,customer_id,order_date,amount\no1,1,2025-06-30,10\no2,2,2025-01-01,50\no3,2,2025-06-01,50\no4,3,2024-06-30,100\no5,4,2025-06-15,20\no6,4,2025-06-15,30\no7,5,2025-03-01,10\no8,5,2025-04-01,10\no9,5,2025-05-01,10\no10,5,2025-06-01,10\no11,6,2025-06-01,40\no12,7,2025-06-01,40\no13,8,2024-12-31,5\no14,8,2025-02-28,5\no15,8,2025-06-30,5\no16,9,2025-05-31,200\no17,10,2025-06-01,40\no18,11,2025-01-31,60\no19,11,2025-02-28,60\no20,12,2025-06-29,1000\no21,13,2024-01-15,30\no22,13,2024-02-15,30\no23,13,2024-03-15,30\no24,13,2024-04-15,30\no25,13,2024-05-15,30\no26,14,2025-06-10,15\no27,14,2025-06-20,15\no28,15,2025-04-30,50\no29,15,2025-05-31,50\no30,15,2025-06-30,50\no31,16,2025-06-01,40\no32,17,2023-12-31,500\no33,17,2025-06-30,500\no34,18,2025-06-01,0\no35,19,2025-06-30,-20\no36,20,2025-07-15,100\n`;
