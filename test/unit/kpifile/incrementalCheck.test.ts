// The editor's incremental checker on chosen edits: each result equals the whole-file check
// (diagnostics, tree, value, model), the pieces it re-parses are the ones that changed, the
// checks that span KPIs (repeated names, references, formulas) see every KPI, and what the
// split cannot trust is parsed whole.
import { strict as assert } from 'assert';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { IncrementalChecker } from '../../../src/core/kpifile/incrementalCheck';
import { assertSameCheck, manyKpiFile, nodeShape } from '../../fuzz/editArbitraries';
import { REPO_ROOT } from '../helpers';

const FILE = path.join(REPO_ROOT, 'samples', 'incremental.kpi.yaml');
const TEXT_ONLY = { data: false } as const;

/** The 1-based line of the first occurrence of `needle`. */
function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `'${needle}' is in the text`);
  return text.slice(0, at).split('\n').length;
}

describe('IncrementalChecker', () => {
  const base = manyKpiFile(20);

  async function checkedAfter(checker: IncrementalChecker, text: string) {
    const incremental = await checker.check(FILE, text, TEXT_ONLY);
    assertSameCheck(incremental, await checkKpiFile(FILE, text, TEXT_ONLY), text);
    return incremental;
  }

  it('the first check parses every piece: 6 sections, the `kpis:` line and its 20 KPIs = 27 pieces, no diagnostics', async () => {
    const checker = new IncrementalChecker();
    const result = await checkedAfter(checker, base);
    // Sections kpilens, title, sources, periods, segments, defaults = 6, the `kpis:` line = 1,
    // its 20 KPIs = 20: 27 pieces.
    assert.deepEqual(checker.last, { assembled: true, parsedPieces: 27 });
    assert.deepEqual(result.diagnostics, []);
  });

  it('an edit inside a KPI re-parses that KPI only, and its value changes', async () => {
    const checker = new IncrementalChecker();
    await checkedAfter(checker, base);
    const edited = base.replace(`amount > 5"`, `amount > 55"`);
    const result = await checkedAfter(checker, edited);
    assert.deepEqual(checker.last, { assembled: true, parsedPieces: 1 });
    assert.equal(result.model.kpis.get('revenue_5')?.where, "status = 'paid' and amount > 55");
    // A second edit back to the original text finds every piece in the cache.
    await checkedAfter(checker, base);
    assert.deepEqual(checker.last, { assembled: true, parsedPieces: 1 });
  });

  it('a rename that repeats a KPI name is parsed whole and reported as a duplicate key', async () => {
    const checker = new IncrementalChecker();
    await checkedAfter(checker, base);
    const edited = base.replace('  orders_6:\n', '  orders_1:\n');
    const result = await checkedAfter(checker, edited);
    assert.equal(checker.last.assembled, false);
    // The second `orders_1:` is on the line `orders_6:` was on, its key at column 3.
    const line = lineOf(base, '  orders_6:');
    const dup = result.diagnostics.filter((d) => d.code === 'duplicate-key');
    assert.deepEqual(
      dup.map((d) => `${d.range.start.line}:${d.range.start.column}`),
      [`${line}:3`],
    );
  });

  it('deleting a KPI that others refer to reports every reference, though their pieces did not change', async () => {
    const checker = new IncrementalChecker();
    await checkedAfter(checker, base);
    const start = base.indexOf('  orders_1:\n');
    const end = base.indexOf('  basket_2:\n');
    const edited = base.slice(0, start) + base.slice(end);
    const result = await checkedAfter(checker, edited);
    // Only revenue_0 is parsed again: the key after it (parsed with it) is now basket_2; every
    // other piece is found in the cache although it moved.
    assert.deepEqual(checker.last, { assembled: true, parsedPieces: 1 });
    // basket_2's denominator and mix_4's formula name orders_1.
    const unknown = result.diagnostics.filter((d) => d.code === 'unknown-kpi').map((d) => d.range.start.line);
    assert.deepEqual(unknown, [lineOf(edited, 'denominator: orders_1'), lineOf(edited, 'coalesce(orders_1')]);
  });

  it('broken indentation in kpis is parsed whole, with the same YAML error', async () => {
    const checker = new IncrementalChecker();
    await checkedAfter(checker, base);
    const edited = base.replace('  orders_1:\n    type: count\n', '  orders_1:\n type: count\n');
    const result = await checkedAfter(checker, edited);
    assert.equal(checker.last.assembled, false);
    assert.ok(
      result.diagnostics.some((d) => d.code === 'yaml-syntax'),
      'a YAML syntax error',
    );
  });

  it('a pasted flow map is one piece; `kpis:` as a flow map is not split but still assembled', async () => {
    const checker = new IncrementalChecker();
    await checkedAfter(checker, base);
    const flowItem = base.replace(
      '  orders_1:\n    type: count\n    source: orders\n',
      '  orders_1: { type: count, source: orders }\n',
    );
    const result = await checkedAfter(checker, flowItem);
    assert.deepEqual(checker.last, { assembled: true, parsedPieces: 1 });
    assert.equal(result.model.kpis.get('orders_1')?.source, 'orders');
    const flowKpis =
      'kpilens: 1\nsources:\n  orders: { file: data/orders.csv, time: order_date }\nkpis: { n: { type: count, source: orders, period: p } }\nperiods:\n  p: { grain: month, last: 3 }\n';
    await checkedAfter(checker, flowKpis);
    assert.equal(checker.last.assembled, true);
    await checkedAfter(checker, flowKpis.replace('n: {', 'n: { title: N,'));
    assert.deepEqual(checker.last, { assembled: true, parsedPieces: 1 });
  });

  it('anchors, aliases, tabs, `---` and an open quote are parsed whole; the next valid text is assembled again', async () => {
    const checker = new IncrementalChecker();
    await checkedAfter(checker, base);
    const uncertain = [
      base
        .replace('  orders_1:\n    type: count\n', '  orders_1:\n    type: &t count\n')
        .replace('  orders_6:\n    type: count\n', '  orders_6:\n    type: *t\n'),
      base.replace('    type: count\n', '    type: &t count\n'),
      base.replace('title: Many', 'title:\tMany'),
      `---\n${base}`,
      base.replace(`amount > 5"`, `amount > 5`),
    ];
    for (const text of uncertain) {
      await checkedAfter(checker, text);
      assert.equal(checker.last.assembled, false, JSON.stringify(text.slice(0, 80)));
    }
    await checkedAfter(checker, base);
    assert.equal(checker.last.assembled, true);
  });

  it('an earlier result keeps its own ranges after later edits move the pieces', async () => {
    const checker = new IncrementalChecker();
    const first = await checkedAfter(checker, base);
    const before = JSON.stringify(nodeShape(first.document.doc.contents));
    await checkedAfter(checker, base.replace('title: Many', 'title: Many KPIs for the test'));
    assert.equal(checker.last.parsedPieces, 1);
    assert.equal(JSON.stringify(nodeShape(first.document.doc.contents)), before);
  });

  it('forget drops a file: the next check parses every piece again', async () => {
    const checker = new IncrementalChecker();
    await checkedAfter(checker, base);
    checker.forget(FILE);
    await checkedAfter(checker, base);
    assert.equal(checker.last.parsedPieces, 27);
  });
});
