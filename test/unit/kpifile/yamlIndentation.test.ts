// Indentation mistakes are told at the key out of line, in the KPI file's terms, with fixes that
// indent it as a key above it — the parser said "implicit keys need to be on a single line" and
// "nested mappings are not allowed in compact mappings" at the value of the line above, or "all
// mapping items must start at the same column" at the line's first character. Applying the first
// fix leaves a file that parses, with the key where it was meant to be.
import { strict as assert } from 'assert';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import type { Diagnostic } from '../../../src/core/kpifile/diagnostic';
import { IncrementalChecker } from '../../../src/core/kpifile/incrementalCheck';
import { lines, REPO_ROOT } from '../helpers';

const FILE = path.join(REPO_ROOT, 'samples', 'indented.kpi.yaml');

function applyFix(text: string, d: Diagnostic, index = 0): string {
  const fix = d.fixes?.[index];
  assert.ok(fix, `a fix ${index} on ${d.message}`);
  return text.slice(0, fix.range.startOffset) + fix.newText + text.slice(fix.range.endOffset);
}

async function syntaxErrors(text: string): Promise<Diagnostic[]> {
  const check = await checkKpiFile(FILE, text, { data: false });
  const incremental = await new IncrementalChecker().check(FILE, text, { data: false });
  assert.deepEqual(incremental.diagnostics, check.diagnostics, 'the editor says the same');
  return check.diagnostics.filter((d) => d.code === 'yaml-syntax' || d.code === 'duplicate-key');
}

const at = (d: Diagnostic) => `${d.range.start.line}:${d.range.start.column}-${d.range.end.column}`;

describe('indentation mistakes in a KPI file', () => {
  it('a key indented further than the key above it, whose value is on its line: told at that key', async () => {
    const text = lines(
      'kpilens: 1',
      'sources:',
      '  orders:',
      '    file: data/orders.csv',
      '     time: order_date',
      'kpis: {}',
    );
    const [d, ...rest] = await syntaxErrors(text);
    assert.deepEqual(rest, [], 'one diagnostic, not the parser’s two');
    // Line 5: `     time: order_date`, the key at its 6th character.
    assert.equal(at(d), '5:6-10');
    assert.equal(
      d.message,
      "YAML syntax: 'time' is indented further than 'file' above it, whose value is on its line: YAML reads 'time' as part of that value; indent it as 'file' (4 spaces)",
    );
    assert.equal(d.fixes?.[0].title, "Indent 'time' as 'file'");
    const fixed = applyFix(text, d);
    assert.ok(fixed.includes('\n    file: data/orders.csv\n    time: order_date\n'));
    assert.deepEqual(await syntaxErrors(fixed), []);
  });

  it('a key at a column between two levels: the columns above are listed, the nearer level fixed first', async () => {
    const text = lines(
      'kpilens: 1',
      'kpis:',
      '  revenue:',
      '    type: sum',
      '    source: orders',
      '   column: amount',
      '  count: { type: count, source: orders }',
    );
    const [d, ...rest] = await syntaxErrors(text);
    assert.deepEqual(rest, []);
    assert.equal(at(d), '6:4-10');
    assert.equal(
      d.message,
      "YAML syntax: 'column' starts at column 4, where no key above it starts ('kpis' at column 1, 'revenue' at column 3, 'source' at column 5): the keys of a mapping start at the same column",
    );
    // 4 and 2 spaces are as near: the deeper first (a field of `revenue`), then a KPI of its own.
    assert.deepEqual(
      d.fixes?.map((f) => [f.title, f.newText.length]),
      [
        ["Indent 'column' as 'source'", 4],
        ["Indent 'column' as 'revenue'", 2],
      ],
    );
    assert.deepEqual(await syntaxErrors(applyFix(text, d)), []);
  });

  it('a key out of line under a nested mapping: the level it is nearest, the one below it and the line above offered', async () => {
    const text = lines(
      'kpilens: 1',
      'kpis:',
      '  r:',
      '    type: sum',
      '    target:',
      '      min: 1',
      '   source: orders',
    );
    const [d, ...rest] = await syntaxErrors(text);
    assert.deepEqual(rest, []);
    assert.equal(at(d), '7:4-10');
    assert.deepEqual(
      d.fixes?.map((f) => f.title),
      ["Indent 'source' as 'target'", "Indent 'source' as 'r'", "Indent 'source' as 'min'"],
    );
    const fixed = applyFix(text, d);
    assert.ok(fixed.endsWith('\n      min: 1\n    source: orders\n'));
    assert.deepEqual(await syntaxErrors(fixed), []);
  });

  it('a first key indented further than the next: the next is told, with no duplicate key from the parser’s recovery', async () => {
    // The parser puts both out-of-line `source` keys in `kpis`: a duplicate there, not in the file.
    const text = lines(
      'kpilens: 1',
      'kpis:',
      '  a:',
      '    type: count',
      '   source: orders',
      '  q:',
      '      type: sum',
      '    source: orders',
    );
    const found = await syntaxErrors(text);
    assert.deepEqual(found.map(at), ['5:4-10', '8:5-11'], JSON.stringify(found.map((x) => x.message)));
    const d = found[1];
    assert.match(d.message, /'source' starts at column 5, where no key above it starts \(.*'type' at column 7\)/);
    assert.equal(d.fixes?.[0].title, "Indent 'source' as 'type'");
    assert.deepEqual(await syntaxErrors(applyFix(applyFix(text, d), found[0])), []);
  });

  it('a key in a sequence item and a mistake the parser words otherwise keep their own messages', async () => {
    // `- name: a` then `   kind: x` (one space too many): the item's key is at column 5.
    const items = lines('kpilens: 1', 'tests:', '  - name: a', '     kind: x', 'kpis: {}');
    const [d] = await syntaxErrors(items);
    assert.equal(at(d), '4:6-10');
    assert.match(d.message, /'kind' is indented further than 'name' above it.*\(4 spaces\)$/);
    assert.deepEqual(await syntaxErrors(applyFix(items, d)), []);
    // A tab: the parser's own message, unchanged.
    const tab = lines('kpilens: 1', 'kpis:', '\trevenue: {}');
    const tabbed = await syntaxErrors(tab);
    assert.ok(tabbed.length > 0);
    assert.ok(tabbed.every((x) => !/indented further|where no key above/.test(x.message)));
  });
});
