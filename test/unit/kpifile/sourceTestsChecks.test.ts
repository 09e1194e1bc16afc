// The checks of sources' `tests:` and `freshness:` that need no data (sourceTestsChecks.ts and
// the schema): each case's positions counted by hand on its text (1-based, as `kpilens check`
// prints them).
import { strict as assert } from 'assert';
import { brief, diagnose, lines } from '../helpers';
import { durationDays, readFreshness, readSourceTests } from '../../../src/core/kpifile/sourceTestsModel';

/** Lines 1–5: the orders source; its extra keys start at line 6. */
function orders(...extra: string[]): string {
  return lines('kpilens: 1', 'sources:', '  orders:', '    file: data/orders.csv', '    time: order_date', ...extra);
}

describe('sources: tests and freshness in the spec', () => {
  it('a valid file with every test and a freshness has no diagnostic (the tested sources count as used)', async () => {
    const text = lines(
      'kpilens: 1',
      'sources:',
      '  orders:',
      '    file: data/orders.csv',
      '    time: order_date',
      '    key: customer_id',
      '    freshness: { warn_after: 2d, error_after: 1w }',
      '    tests:',
      '      - unique: order_id',
      '      - not_null: [customer_id, amount]',
      '      - accepted_values: { column: status, values: [paid, refunded] }',
      '      - range: { column: amount, min: 0 }',
      '      - relationship: { column: customer_id, to: customers }',
      '        severity: warning',
      '  customers: { file: data/customers.csv, key: customer_id }',
    );
    assert.deepEqual(brief(await diagnose(text)), []);
  });

  it('an unknown column of a test is reported at the column, from the data file header', async () => {
    // Line 7 `      - unique: order_nr`: the value starts at column 17.
    const diags = await diagnose(orders('    tests:', '      - unique: order_nr'));
    assert.deepEqual(brief(diags), ['7:17 error unknown-column']);
    assert.match(diags[0].message, /order_nr/);
    assert.match(diags[0].message, /order_id/); // did you mean
  });

  it("a relationship's unknown source (with a fix), or a source without key", async () => {
    // Line 7 `      - relationship: { column: customer_id, to: customer }`: `customer` at column 50.
    const unknown = await diagnose(
      orders('    tests:', '      - relationship: { column: customer_id, to: customer }').concat(
        '  customers: { file: data/customers.csv, key: customer_id }\n',
      ),
    );
    assert.deepEqual(brief(unknown), ['7:50 error unknown-source', '8:3 warning unused-source']);
    assert.equal(unknown[0].fixes?.[0].newText, 'customers');
    // customers has no key: the column to match is not known.
    const text = orders('    tests:', '      - relationship: { column: customer_id, to: customers }').concat(
      '  customers: { file: data/customers.csv }\n',
    );
    assert.deepEqual(brief(await diagnose(text)), ['7:50 error missing-key']);
    // Named explicitly (`customers.customer_id`): fine.
    assert.deepEqual(brief(await diagnose(text.replace('to: customers', 'to: customers.customer_id'))), []);
  });

  it('freshness needs a time column; error_after may not be shorter than warn_after; durations are days or weeks', async () => {
    const noTime = lines(
      'kpilens: 1',
      'sources:',
      '  orders:',
      '    file: data/orders.csv',
      '    freshness: { warn_after: 2d }',
    );
    assert.deepEqual(brief(await diagnose(noTime)), ['5:5 error missing-time']);
    // Line 6 `    freshness: { warn_after: 1w, error_after: 3d }`: error_after's value at column 47.
    assert.deepEqual(brief(await diagnose(orders('    freshness: { warn_after: 1w, error_after: 3d }'))), [
      '6:47 error invalid-value',
    ]);
    // `2 days` is not a duration (the schema's pattern), at column 30.
    assert.deepEqual(brief(await diagnose(orders('    freshness: { warn_after: 2 days }'))), [
      '6:30 error invalid-value',
    ]);
  });

  it('one test per item; min above max', async () => {
    // Line 7: two tests in one item (`      - { unique: a, not_null: b }`, the item at column 9).
    assert.deepEqual(brief(await diagnose(orders('    tests:', '      - { unique: order_id, not_null: amount }'))), [
      '7:9 error invalid-value',
    ]);
    // Line 7 `      - range: { column: amount, min: 10, max: 1 }`: min's value at column 39.
    assert.deepEqual(
      brief(await diagnose(orders('    tests:', '      - range: { column: amount, min: 10, max: 1 }'))),
      ['7:39 error invalid-value'],
    );
  });

  it('the model reads durations and tests tolerantly', () => {
    assert.equal(durationDays('2d'), 2);
    assert.equal(durationDays('2w'), 14); // 2 × 7
    assert.equal(durationDays('0d'), 0);
    assert.equal(durationDays('2h'), undefined);
    assert.deepEqual(readFreshness({ warn_after: '3d', error_after: 'soon' }), { warnAfterDays: 3 });
    assert.equal(readFreshness({}), undefined);
    assert.deepEqual(
      readSourceTests([
        { not_null: ['a', 'b'] },
        { range: { column: 'score', max: 10 } },
        { relationship: { column: 'c', to: 'customers.id' }, severity: 'warning' },
        { accepted_values: { column: 'x' } }, // no values: left out (the schema reports it)
        'unique: a',
      ]),
      [
        { kind: 'not_null', index: 0, columns: ['a', 'b'], severity: 'error' },
        { kind: 'range', index: 1, columns: ['score'], max: 10, severity: 'error' },
        { kind: 'relationship', index: 2, columns: ['c'], to: 'customers', toColumn: 'id', severity: 'warning' },
      ],
    );
  });
});
