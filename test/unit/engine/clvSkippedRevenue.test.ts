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
    // Customers with a revenue row in 2024-03-01..2025-02-28: A (100) and B (50); X's only row is
    // skipped, and C's only row has no amount (no revenue row either: C paid nothing, and is not
    // counted as a customer who paid 0 — before, C lowered the mean to 150 / 3 = 50). 150 / 2 = 75.
    assert.equal(value('clv_h'), 75);
    // ARPU 150 / 2 paying customers = 75, × 2 years.
    assert.equal(value('clv_s'), 150);
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

  it('gives the same CLV with the revenue column declared a number (its `n/a` then read as empty)', async () => {
    const orders = lines(
      'order_id,customer_id,order_date,amount',
      'O1,A,2025-01-14,100.00',
      'O3,B,2025-02-05,50.00',
      'O4,B,2025-02-06,n/a',
      'O5,C,2025-02-07,',
      'O6,D,2025-02-08,n/a',
    );
    const text = lines(
      'kpilens: 1',
      'as_of: 2025-02-28',
      'sources:',
      '  orders: { file: typed.csv, time: order_date, key: customer_id, columns: { amount: number } }',
      'periods:',
      '  monthly: { grain: month, last: 1, compare: none }',
      'kpis:',
      '  clv_h: { type: clv, method: historical, revenue: orders.amount, period: monthly }',
      '  clv_s: { type: clv, method: simple, revenue: orders.amount, lifetime_years: 2, period: monthly }',
    );
    const r = await folder.run('typed', text, { 'typed.csv': orders });
    // A 100 and B 50 paid; C's and D's rows have no amount (D's `n/a` is read as empty and
    // reported at the source): (100 + 50) / 2 = 75, and 75 × 2 = 150 — as with the column as text.
    assert.deepEqual(firstValues(r), { clv_h: 75, clv_s: 150 });
  });
});
