// A historical or simple CLV over a revenue column holding text that is not a number (an export's
// `oops`, `n/a`): such a row is skipped, as `sum` skips it — it is no revenue row, so a customer
// with only such rows is no paying customer — and the skipped rows of the revenue window (the
// months before each period end, not only the period) are reported on the KPI's `revenue`.
import { strict as assert } from 'assert';
import { lines } from '../helpers';
import { firstValues, specRunFolder } from './specRunFixture';

describe('engine: a CLV skips and reports revenue that is not a number', function () {
  this.timeout(120000);
  const folder = specRunFolder('clv-skipped');

  it('counts only customers with a revenue value, and warns of the rows of the 12-month window', async () => {
    const orders = lines(
      'order_id,customer_id,order_date,amount',
      // Before the window (2024-03-01..2025-02-28): skipped too, but not this run's business.
      'O0,A,2024-02-15,bad',
      'O1,A,2025-01-14,100.00',
      'O2,X,2025-02-03,oops',
      'O3,B,2025-02-05,50.00',
      'O4,B,2025-02-06,n/a',
      'O5,C,2025-02-07,',
    );
    const text = lines(
      'kpilens: 1',
      'as_of: 2025-02-28',
      'sources:',
      '  orders: { file: orders.csv, time: order_date, key: customer_id }',
      'periods:',
      '  monthly: { grain: month, last: 1, compare: none }',
      'kpis:',
      '  clv_h: { type: clv, method: historical, revenue: orders.amount, period: monthly }',
      '  clv_s: { type: clv, method: simple, revenue: orders.amount, lifetime_years: 2, period: monthly }',
      '  total: { type: sum, source: orders, column: amount, period: monthly }',
    );
    const r = await folder.run('clv', text, { 'orders.csv': orders });
    const value = (name: string) => firstValues(r)[name];
    // Customers with a revenue row in 2024-03-01..2025-02-28: A (100), B (50), C (an empty amount:
    // a row without a value, 0); X's only row is skipped. (100 + 50 + 0) / 3 = 50.
    assert.equal(value('clv_h'), 50);
    // ARPU 150 / 3 paying customers = 50, × 2 years.
    assert.equal(value('clv_s'), 100);
    // February alone (A's 100 is in January).
    assert.equal(value('total'), 50);
    const warnings = r.diagnostics.filter((d) => d.code === 'invalid-values').map((d) => [d.line, d.message]);
    assert.deepEqual(warnings, [
      [
        8,
        "KPI 'clv_h', 2024-03-01..2025-02-28: 2 row(s) skipped, 'amount' is not a number: 'n/a' at orders.csv:6, 'oops' at orders.csv:4",
      ],
      [
        9,
        "KPI 'clv_s', 2024-03-01..2025-02-28: 2 row(s) skipped, 'amount' is not a number: 'n/a' at orders.csv:6, 'oops' at orders.csv:4",
      ],
      [
        10,
        "KPI 'total', 2025-02-01..2025-02-28: 2 row(s) skipped, 'amount' is not a number: 'n/a' at orders.csv:6, 'oops' at orders.csv:4",
      ],
    ]);
  });
});
