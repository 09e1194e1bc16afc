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

const HEAD = [
  'kpilens: 1',
  'sources:',
  '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
  'periods:',
  '  m: { grain: month, last: 3 }',
  'kpis:',
];

describe('fixes', () => {
  it('adds a missing field at the indentation of the KPI fields (block style)', async () => {
    const out = await fixed(
      lines(...HEAD, '  revenue:', '    type: sum', '    source: orders', '    period: m'),
      'missing-field',
    );
    assert.equal(
      out,
      lines(...HEAD, '  revenue:', '    type: sum', '    source: orders', '    period: m', '    column: '),
    );
  });

  it('adds a missing field before the closing brace (flow style)', async () => {
    const out = await fixed(lines(...HEAD, '  revenue: { type: sum, source: orders, period: m }'), 'missing-field');
    assert.equal(out, lines(...HEAD, '  revenue: { type: sum, source: orders, period: m, column: }'));
  });

  it('adds kpilens: 1 at the top of a file without it', async () => {
    const out = await fixed(
      lines(...HEAD.slice(1), '  n: { type: count, source: orders, period: m }'),
      'missing-field',
    );
    assert.ok(out.startsWith('kpilens: 1\nsources:'));
  });

  it('replaces an unknown column with the closest one', async () => {
    const out = await fixed(
      lines(...HEAD, '  revenue: { type: sum, source: orders, column: amont, period: m }'),
      'unknown-column',
    );
    assert.match(out, /column: amount, period: m/);
  });

  it('never suggests a key the mapping already has: `kpi:` beside `kpilens:` is `kpis`', async () => {
    const text = lines(...HEAD.slice(0, 5), 'kpi:', '  n: { type: count, source: orders, period: m }');
    const d = (await diagnose(text)).find((x) => x.code === 'unknown-key');
    assert.match(d?.message ?? '', /unknown key 'kpi' .*; did you mean 'kpis'\?$/);
    assert.equal(await fixed(text, 'unknown-key'), lines(...HEAD, '  n: { type: count, source: orders, period: m }'));
    // `TIME:` beside `time:`: not `time` (the fix would write it twice).
    const time = lines(
      'kpilens: 1',
      'sources:',
      '  orders: { file: data/orders.csv, time: order_date, TIME: x }',
      ...HEAD.slice(3),
      '  n: { type: count, source: orders, period: m }',
    );
    const t = (await diagnose(time)).find((x) => x.code === 'unknown-key');
    assert.ok(t);
    assert.doesNotMatch(t.message, /did you mean 'time'\?/);
    assert.ok(!(t.fixes ?? []).some((f) => f.newText === 'time'));
  });
});

describe('related information', () => {
  it('renames an invalid name to a free one: `N` beside `n` becomes `n_2`, not a second `n`', async () => {
    const kpis = ['  n: { type: count, source: orders, period: m }', '  N: { type: count, source: orders, period: m }'];
    const out = await fixed(lines(...HEAD, ...kpis), 'invalid-name');
    assert.equal(out, lines(...HEAD, kpis[0], '  n_2: { type: count, source: orders, period: m }'));
    assert.deepEqual(
      (await diagnose(out)).filter((d) => d.severity === 'error'),
      [],
    );
    // Alone, `N` becomes `n`.
    assert.equal(await fixed(lines(...HEAD, kpis[1]), 'invalid-name'), lines(...HEAD, kpis[0]));
  });

  it('a duplicate key points at its first definition', async () => {
    const d = (
      await diagnose(
        lines(
          ...HEAD,
          '  n: { type: count, source: orders, period: m }',
          '  n: { type: count, source: orders, period: m }',
        ),
      )
    ).find((x) => x.code === 'duplicate-key');
    assert.ok(d?.related);
    assert.deepEqual(
      d.related.map((r) => [r.range.start.line, r.range.start.column, r.message]),
      [[7, 3, "'n' is first defined here"]],
    );
  });

  it('each member of a KPI cycle points at the other references of the circle', async () => {
    const diags = (
      await diagnose(
        lines(
          ...HEAD,
          "  a: { type: formula, expr: 'b + 1', period: m }",
          "  b: { type: formula, expr: 'a * 2', period: m }",
        ),
      )
    ).filter((x) => x.code === 'kpi-cycle');
    assert.equal(diags.length, 2);
    assert.deepEqual(
      diags[0].related?.map((r) => [r.range.start.line, r.message]),
      [[8, "'b' uses 'a' here"]],
    );
    assert.deepEqual(
      diags[1].related?.map((r) => [r.range.start.line, r.message]),
      [[7, "'a' uses 'b' here"]],
    );
  });
});
