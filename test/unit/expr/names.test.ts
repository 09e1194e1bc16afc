// Tests of collectNames and the tree traversal helpers it relies on.

import { strict as assert } from 'assert';
import { childrenOf, findTooDeep } from '../../../src/core/expr/children';
import { collectNames } from '../../../src/core/expr/names';
import { parseOk, show } from './helpers';

describe('expr names', () => {
  it('collects every name in source order, with spans, duplicates kept', () => {
    const expr = parseOk("coalesce(a, customers.plan) in ('x', b) and not c between a and d");
    assert.deepStrictEqual(collectNames(expr), [
      { parts: ['a'], span: { start: 9, end: 10 } },
      { parts: ['customers', 'plan'], span: { start: 12, end: 26 } },
      { parts: ['b'], span: { start: 37, end: 38 } },
      { parts: ['c'], span: { start: 48, end: 49 } },
      { parts: ['a'], span: { start: 58, end: 59 } },
      { parts: ['d'], span: { start: 64, end: 65 } },
    ]);
  });

  it('finds no names in a literal-only expression', () => {
    assert.deepStrictEqual(collectNames(parseOk("1 + abs(-2) > 0 or date '2025-01-01' is null")), []);
  });

  it('collects KPI names of a formula', () => {
    assert.deepStrictEqual(
      collectNames(parseOk('(promoters - detractors) / responses * 100')).map((n) => n.parts.join('.')),
      ['promoters', 'detractors', 'responses'],
    );
  });

  it('returns copies, not the tree nodes', () => {
    const expr = parseOk('a');
    const [ref] = collectNames(expr);
    ref.parts.push('x');
    assert.equal(show(expr), 'a');
  });

  it('lists children in source order', () => {
    assert.deepStrictEqual(childrenOf(parseOk('x between 1 and 2')).map(show), ['x', '1', '2']);
    assert.deepStrictEqual(childrenOf(parseOk('x not in (1, 2)')).map(show), ['x', '1', '2']);
    assert.deepStrictEqual(childrenOf(parseOk('least(1, b)')).map(show), ['1', 'b']);
    assert.deepStrictEqual(childrenOf(parseOk('7')), []);
  });

  it('finds a node deeper than a limit', () => {
    const expr = parseOk('((a + b) + c) + d');
    assert.equal(findTooDeep(expr, 4), undefined);
    const deep = findTooDeep(expr, 3);
    assert.ok(deep);
    assert.equal(deep.kind, 'name');
  });
});
