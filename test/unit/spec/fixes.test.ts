// The fixes attached to diagnostics (the editor's quick fixes): applied to the text, they
// give the intended file — a did-you-mean replacement, a missing field added in block and
// flow style at the right indentation, `kpilens: 1` at the top.
import { strict as assert } from 'assert';
import { diagnose, lines } from '../helpers';

async function fixed(text: string, code: string): Promise<string> {
  const d = (await diagnose(text)).find((x) => x.code === code);
  assert.ok(d?.fixes?.length, `a fix for ${code}`);
  const f = d.fixes[0];
  return text.slice(0, f.range.startOffset) + f.newText + text.slice(f.range.endOffset);
}

const HEAD = ['kpilens: 1', 'sources:', '  orders: { file: data/orders.csv, time: order_date, key: customer_id }', 'periods:', '  m: { grain: month, last: 3 }', 'kpis:'];

describe('fixes', () => {
  it('adds a missing field at the indentation of the KPI fields (block style)', async () => {
    const out = await fixed(lines(...HEAD, '  revenue:', '    type: sum', '    source: orders', '    period: m'), 'missing-field');
    assert.equal(out, lines(...HEAD, '  revenue:', '    type: sum', '    source: orders', '    period: m', '    column: '));
  });

  it('adds a missing field before the closing brace (flow style)', async () => {
    const out = await fixed(lines(...HEAD, '  revenue: { type: sum, source: orders, period: m }'), 'missing-field');
    assert.equal(out, lines(...HEAD, '  revenue: { type: sum, source: orders, period: m, column: }'));
  });

  it('adds kpilens: 1 at the top of a file without it', async () => {
    const out = await fixed(lines(...HEAD.slice(1), '  n: { type: count, source: orders, period: m }'), 'missing-field');
    assert.ok(out.startsWith('kpilens: 1\nsources:'));
  });

  it('replaces an unknown column with the closest one', async () => {
    const out = await fixed(lines(...HEAD, '  revenue: { type: sum, source: orders, column: amont, period: m }'), 'unknown-column');
    assert.match(out, /column: amount, period: m/);
  });
});
