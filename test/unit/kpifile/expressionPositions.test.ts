// Expression errors point at the exact character in the file, whatever the YAML quoting:
// plain, single-quoted ('' escapes), double-quoted (\ escapes), folded and literal blocks.
import { strict as assert } from 'assert';
import { brief, diagnose, lines } from '../helpers';

/** A valid file whose revenue KPI's `where` is the given YAML lines (line 15 onwards). */
function withWhere(...whereLines: string[]): string {
  return lines(
    'kpilens: 1',
    'sources:',
    '  orders:',
    '    file: data/orders.csv',
    '    time: order_date',
    '    key: customer_id',
    'periods:',
    '  monthly: { grain: month, last: 3 }',
    'kpis:',
    '  revenue:',
    '    type: sum',
    '    source: orders',
    '    column: amount',
    '    period: monthly',
    ...whereLines,
  );
}

describe('expression errors mapped to file positions', () => {
  it('plain scalar: the bad character itself', async () => {
    // "    where: amount > 10 ++ 2": the second '+' is column 25.
    const d = await diagnose(withWhere('    where: amount > 10 ++ 2'));
    assert.deepEqual(brief(d), ['15:25 error expr-syntax']);
  });

  it("single-quoted: '' escapes before the error shift it", async () => {
    // "    where: 'channel = ''x'' and %'" — the value is: channel = 'x' and %
    // the '%' is value offset 20 but file column 33 (two '' escapes before it).
    const d = await diagnose(withWhere("    where: 'channel = ''x'' and %'"));
    assert.deepEqual(brief(d), ['15:33 error expr-syntax']);
  });

  it('single-quoted: an error at the end of the value points at the closing quote', async () => {
    // "    where: 'channel = ''it''''s'' and ('": the closing quote is column 40.
    const d = await diagnose(withWhere("    where: 'channel = ''it''''s'' and ('"));
    assert.deepEqual(brief(d), ['15:40 error expr-syntax']);
  });

  it('double-quoted: the unknown function name, its whole range', async () => {
    // '    where: "lowr(channel) = \'web\'"': lowr starts at column 13 and ends at 16.
    const d = await diagnose(withWhere('    where: "lowr(channel) = \'web\'"'));
    assert.deepEqual(brief(d), ['15:13 error expr-unknown-function']);
    assert.equal(d[0].range.end.column, 17);
    assert.deepEqual(
      d[0].fixes?.map((f) => f.newText),
      ['lower'],
    );
  });

  it('double-quoted with a \\u escape before the error', async () => {
    // value: channel = 'abc' and %  — written with \u0062 for b; the '%' is column 38.
    const d = await diagnose(withWhere('    where: "channel = \'a\\u0062c\' and %"'));
    assert.deepEqual(brief(d), ['15:38 error expr-syntax']);
  });

  it('a folded block over several lines: the error on its own line and column', async () => {
    const d = await diagnose(withWhere('    where: >-', "      status = 'paid'", '      and amount >> 0'));
    // line 17 is "      and amount >> 0": the second '>' is column 19.
    assert.deepEqual(brief(d), ['17:19 error expr-syntax']);
  });

  it('a literal block: an unknown column is found on the right line', async () => {
    const d = await diagnose(withWhere('    where: |', "      status = 'paid'", '      and amont > 0'));
    assert.deepEqual(brief(d), ['17:11 error unknown-column']);
    assert.match(d[0].message, /did you mean 'amount'/);
  });

  it('a joined column in a filter is checked in the other source', async () => {
    const d = await diagnose(
      lines(
        'kpilens: 1',
        'sources:',
        '  orders:',
        '    file: data/orders.csv',
        '    time: order_date',
        '    key: customer_id',
        '  customers:',
        '    file: data/customers.csv',
        '    key: customer_id',
        'periods:',
        '  monthly: { grain: month, last: 3 }',
        'kpis:',
        '  revenue:',
        '    type: sum',
        '    source: orders',
        '    column: amount',
        '    period: monthly',
        "    where: customers.plans = 'pro'",
      ),
    );
    // "    where: customers.plans = 'pro'": customers.plans spans columns 12–26.
    assert.deepEqual(brief(d), ['18:12 error unknown-column']);
    assert.equal(d[0].range.end.column, 27);
    assert.match(d[0].message, /column 'plans' is not in source 'customers'.*did you mean 'plan'/);
    assert.deepEqual(
      d[0].fixes?.map((f) => [f.range.start.column, f.newText]),
      [[22, 'plan']],
    );
  });
});
