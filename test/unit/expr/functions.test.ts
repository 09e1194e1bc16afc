// Tests of function calls in expressions: the catalogue, arity errors and unknown-function suggestions.

import { strict as assert } from 'assert';
import { describeArity, FUNCTIONS, lookupFunction, suggestFunction } from '../../../src/core/expr/functions';
import { parseExpression } from '../../../src/core/expr/parse';
import { show } from './helpers';

describe('expr functions', () => {
  it('lists exactly the language functions', () => {
    assert.deepStrictEqual(
      FUNCTIONS.map((f) => f.name),
      ['coalesce', 'abs', 'round', 'least', 'greatest', 'lower', 'upper', 'year', 'month', 'day'],
    );
    assert.equal(lookupFunction('ROUND')?.name, 'round');
    assert.equal(lookupFunction('sum'), undefined);
  });

  it('describes arities in words', () => {
    const arity = (name: string): string => {
      const info = lookupFunction(name);
      assert.ok(info);
      return describeArity(info);
    };
    assert.equal(arity('abs'), '1 argument');
    assert.equal(arity('round'), '1 or 2 arguments');
    assert.equal(arity('coalesce'), 'at least 1 argument');
    assert.equal(arity('least'), 'at least 1 argument');
  });

  it('accepts every valid arity without errors', () => {
    const valid = [
      'coalesce(a)',
      'coalesce(a, b, c, 0)',
      'abs(a)',
      'round(a)',
      'round(a, 2)',
      'least(a)',
      'least(a, b, c)',
      'greatest(a)',
      'greatest(a, b)',
      'lower(s)',
      'upper(s)',
      'year(d)',
      'month(d)',
      'day(d)',
    ];
    for (const text of valid) assert.deepStrictEqual(parseExpression(text).errors, [], text);
  });

  it('reports too few arguments over the whole call, and keeps the tree', () => {
    const { expr, errors } = parseExpression('1 + abs()');
    assert.deepStrictEqual(errors, [
      { code: 'expr-arity', message: 'abs takes 1 argument, got 0', span: { start: 4, end: 9 } },
    ]);
    assert.ok(expr);
    assert.equal(show(expr), '(+ 1 (abs))');
    assert.deepStrictEqual(parseExpression('coalesce()').errors, [
      { code: 'expr-arity', message: 'coalesce takes at least 1 argument, got 0', span: { start: 0, end: 10 } },
    ]);
  });

  it('reports too many arguments over the surplus ones', () => {
    assert.deepStrictEqual(parseExpression('round(x, 1, 2, (3))').errors, [
      { code: 'expr-arity', message: 'round takes 1 or 2 arguments, got 4', span: { start: 12, end: 18 } },
    ]);
    assert.deepStrictEqual(parseExpression('year(a, b)').errors, [
      { code: 'expr-arity', message: 'year takes 1 argument, got 2', span: { start: 8, end: 9 } },
    ]);
  });

  it('reports an unknown function with a did-you-mean suggestion, and keeps the tree', () => {
    const { expr, errors } = parseExpression('coalesc(a, 0) > 1');
    assert.deepStrictEqual(errors, [
      {
        code: 'expr-unknown-function',
        message: "unknown function 'coalesc': did you mean 'coalesce'?",
        span: { start: 0, end: 7 },
        suggestion: 'coalesce',
      },
    ]);
    assert.ok(expr);
    assert.equal(show(expr), '(> (coalesc a 0) 1)');
  });

  it('suggests within edit distance 2 only, case-insensitively', () => {
    assert.equal(suggestFunction('ROUDN'), 'round');
    assert.equal(suggestFunction('uper'), 'upper');
    assert.equal(suggestFunction('greatst'), 'greatest');
    assert.equal(suggestFunction('months'), 'month');
    assert.equal(suggestFunction('median'), undefined);
    assert.deepStrictEqual(parseExpression('median(x)').errors, [
      { code: 'expr-unknown-function', message: "unknown function 'median'", span: { start: 0, end: 6 } },
    ]);
  });

  it('reports both unknown functions and arity problems in one expression', () => {
    const { expr, errors } = parseExpression('foo(abs(), x) or lowr(a)');
    assert.ok(expr);
    assert.deepStrictEqual(
      errors.map((e) => e.code),
      ['expr-arity', 'expr-unknown-function', 'expr-unknown-function'],
    );
    assert.deepStrictEqual(errors[2].suggestion, 'lower');
  });
});
