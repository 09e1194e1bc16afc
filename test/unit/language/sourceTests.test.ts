// Completion and hovers inside a source's `tests:` and `freshness:` (issue 24 item 9).
import { strict as assert } from 'assert';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { completionsAt } from '../../../src/core/language/completion';
import { hoverAt } from '../../../src/core/language/hover';
import { buildSymbolIndex, renameEdits } from '../../../src/core/language/symbols';
import { SHOP } from '../helpers';

const HEAD = [
  'kpilens: 1',
  'sources:',
  '  customers: { file: data/customers.csv, key: customer_id }',
  '  orders:',
  '    file: data/orders.csv',
  '    time: order_date',
];

/** Completion labels at the `|` of the text. */
async function labels(...textLines: string[]): Promise<string[]> {
  const text = textLines.join('\n') + '\n';
  const offset = text.indexOf('|');
  const check = await checkKpiFile(path.join(SHOP, 'c.kpi.yaml'), text.replace('|', ''));
  return completionsAt(check, offset).items.map((i) => i.label);
}

describe('completion and hovers: sources’ tests and freshness', () => {
  it('offers tests and freshness among a source’s keys, then the test kinds after `- `', async () => {
    const keys = await labels(...HEAD, '    |');
    assert.ok(keys.includes('tests') && keys.includes('freshness'), keys.join());
    assert.deepEqual(await labels(...HEAD, '    tests:', '      - |'), [
      'unique',
      'not_null',
      'accepted_values',
      'range',
      'relationship',
    ]);
  });

  it('columns of the source for unique / column, other sources for `to`, severities, durations', async () => {
    const columns = ['order_id', 'customer_id', 'order_date', 'amount', 'channel', 'status'];
    assert.deepEqual(await labels(...HEAD, '    tests:', '      - unique: |'), columns);
    assert.deepEqual(await labels(...HEAD, '    tests:', '      - range: { column: | }'), columns);
    assert.deepEqual(await labels(...HEAD, '    tests:', '      - relationship: { column: customer_id, to: | }'), [
      'customers',
    ]);
    assert.deepEqual(await labels(...HEAD, '    tests:', '      - unique: order_id', '        severity: |'), [
      'error',
      'warning',
    ]);
    assert.deepEqual(await labels(...HEAD, '    freshness: { | }'), ['warn_after', 'error_after']);
    assert.deepEqual(await labels(...HEAD, '    freshness: { warn_after: | }'), ['1d', '2d', '3d', '7d', '1w', '2w']);
  });

  it('hovers a test kind and a freshness bound with the schema’s description', async () => {
    const text = [
      ...HEAD,
      '    freshness: { warn_after: 2d }',
      '    tests:',
      '      - range: { column: amount, min: 0 }',
      '',
    ].join('\n');
    const check = await checkKpiFile(path.join(SHOP, 'h.kpi.yaml'), text);
    const index = buildSymbolIndex(check.document, check.model);
    const range = hoverAt(check, index, text.indexOf('range:') + 2);
    assert.match(
      range?.markdown ?? '',
      /^\*\*range\*\*: Every non-empty value of `column` is a number between `min` and `max`/,
    );
    const warn = hoverAt(check, index, text.indexOf('warn_after') + 3);
    assert.match(warn?.markdown ?? '', /^\*\*warn_after\*\*: Days \(2d\) or weeks \(1w\)/);
    const fresh = hoverAt(check, index, text.indexOf('freshness') + 1);
    assert.match(fresh?.markdown ?? '', /^\*\*freshness\*\*: How recent the latest `time`/);
  });

  it('renaming a source renames it in a relationship’s `to` (the column part kept)', async () => {
    const text = [
      ...HEAD,
      '    tests:',
      '      - relationship: { column: customer_id, to: customers }',
      '      - relationship: { column: customer_id, to: customers.customer_id }',
      '',
    ].join('\n');
    const check = await checkKpiFile(path.join(SHOP, 'r.kpi.yaml'), text);
    const index = buildSymbolIndex(check.document, check.model);
    const result = renameEdits(index, text.indexOf('customers:') + 1, 'clients');
    assert.ok('edits' in result, JSON.stringify(result));
    // The declaration (line 3) and the two `to:` values (lines 8 and 9, `customers` at column 50).
    assert.deepEqual(
      result.edits.map((e) => `${e.range.start.line}:${e.range.start.column}-${e.range.end.column}`),
      ['3:3-12', '8:50-59', '9:50-59'],
    );
  });
});
