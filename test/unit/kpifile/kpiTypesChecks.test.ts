// The checks of the percentile, time_between_purchases and revenue retention types while
// you type: a customer-level type on a source without `key`, a percentile out of 0–100, an
// unknown `over`, a missing revenue column — each at its exact line:column (counted by hand).
import { strict as assert } from 'assert';
import { brief, diagnose, lines } from '../helpers';

/** Lines 1–9: the orders source without key and a monthly period; KPIs from line 10. */
function withKpis(key: boolean, ...kpiLines: string[]): string {
  return lines(
    'kpilens: 1',
    'sources:',
    '  orders:',
    '    file: data/orders.csv',
    '    time: order_date',
    key ? '    key: customer_id' : '    # no key',
    'periods:',
    '  monthly: { grain: month, last: 3 }',
    'kpis:',
    ...kpiLines,
  );
}

describe('checks of percentile, time_between_purchases and revenue retention', () => {
  it('every customer-level new type on a source without key: missing-key on its source', async () => {
    const text = withKpis(
      false,
      '  cadence: { type: time_between_purchases, source: orders, period: monthly }',
      '  nrr: { type: net_revenue_retention, source: orders, column: amount, period: monthly }',
      '  grr: { type: gross_revenue_retention, source: orders, column: amount, period: monthly }',
      '  growth: { type: mrr_growth, source: orders, column: amount, period: monthly }',
      '  median: { type: percentile, source: orders, column: amount, period: monthly }',
    );
    // The value `orders` of `source:`: line 10 after '  cadence: { ' (13) + 'type:
    // time_between_purchases, ' (30) + 'source: ' (8) → column 52; line 11: 9 + 29 + 8 → 47;
    // line 12: 9 + 31 + 8 → 49; line 13: 12 + 18 + 8 → 39.
    // a percentile reads rows, not customers: no diagnostic on line 14.
    const diags = await diagnose(text);
    assert.deepEqual(brief(diags), [
      '10:52 error missing-key',
      '11:47 error missing-key',
      '12:49 error missing-key',
      '13:39 error missing-key',
    ]);
    assert.match(diags[0].message, /source 'orders' has no 'key'/);
  });

  it('p above 100, an unknown over, a revenue retention without column: schema errors where written', async () => {
    const text = withKpis(
      true,
      '  p: { type: percentile, source: orders, column: amount, p: 150, period: monthly }',
      '  c: { type: time_between_purchases, source: orders, over: orders, period: monthly }',
      '  n: { type: net_revenue_retention, source: orders, period: monthly }',
    );
    // Line 10: '  p: { ' (7) + 'type: percentile, ' (18) + 'source: orders, ' (16) + 'column: amount, '
    // (16) + 'p: ' (3) → the 150 at column 61; line 11: 7 + 30 + 16 + 'over: ' (6) → 60; line 12:
    // the KPI `n` itself (column 3) lacks its required `column`.
    const diags = await diagnose(text);
    assert.deepEqual(brief(diags), [
      '10:61 error invalid-value',
      '11:60 error invalid-value',
      '12:3 error missing-field',
    ]);
    assert.match(diags[2].message, /column/);
  });
});
