// Robustness of the expression parser: no exceptions on arbitrary input, and the deep-nesting guard.

import { strict as assert } from 'assert';
import { formatExpression } from '../../../src/core/expr/format';
import { MAX_NESTING, parseExpression } from '../../../src/core/expr/parse';
import { checkTypes } from '../../../src/core/expr/typecheck';
import { collectNames } from '../../../src/core/expr/names';
import { pick, seededRandom, stripSpans } from './helpers';

const FRAGMENTS = [
  'a',
  'b',
  'customers',
  '.',
  'plan',
  '1',
  '0.5',
  '12.',
  '1e3',
  "'x'",
  "'it''s'",
  "'open",
  'date',
  "'2025-02-30'",
  "'2025-01-31'",
  'true',
  'FALSE',
  'null',
  'and',
  'Or',
  'not',
  'in',
  'between',
  'is',
  '+',
  '-',
  '*',
  '/',
  '=',
  '!=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
  '(',
  ')',
  ',',
  'coalesce',
  'round',
  'abs',
  'lowr',
  'year',
  ' ',
  ' ',
  '  ',
  '\n',
  '#',
  '"',
  '!',
  '😀',
  '==',
  '_',
  '9',
];

/** Up to 15 fragments, mostly separated by a space, sometimes glued together. */
function randomText(random: () => number): string {
  const length = Math.floor(random() * 16);
  let text = '';
  for (let i = 0; i < length; i++) text += (random() < 0.8 ? ' ' : '') + pick(random, FRAGMENTS);
  return text;
}

/** A random valid expression from the grammar, with redundant parentheses and odd letter case thrown in. */
function randomExpression(random: () => number, depth: number): string {
  const leaf = (): string =>
    pick(random, [
      'a',
      'B_2',
      'customers.plan',
      '0',
      '12',
      '0.25',
      "'x'",
      "'it''s'",
      "DATE '2024-02-29'",
      'True',
      'null',
    ]);
  if (depth <= 0 || random() < 0.25) return leaf();
  const sub = (): string => {
    const text = randomExpression(random, depth - 1);
    return random() < 0.5 ? `(${text})` : text;
  };
  // Operands of comparisons and arithmetic are parenthesised so that any generated tree is valid.
  const paren = (): string => `(${randomExpression(random, depth - 1)})`;
  switch (Math.floor(random() * 11)) {
    case 0:
      return `${sub()} ${pick(random, ['or', 'OR', 'and', 'And'])} ${sub()}`;
    case 1:
      return `NOT ${sub()}`;
    case 2:
      return `${paren()} ${pick(random, ['=', '!=', '<>', '<', '<=', '>', '>='])} ${paren()}`;
    case 3:
      return `${paren()} ${pick(random, ['+', '-', '*', '/'])} ${paren()}`;
    case 4:
      return `-${paren()}`;
    case 5:
      return `${paren()} ${pick(random, ['in', 'not in'])} (${sub()}, ${sub()})`;
    case 6:
      return `${paren()} ${pick(random, ['between', 'NOT between'])} ${paren()} and ${paren()}`;
    case 7:
      return `${paren()} ${pick(random, ['is null', 'is not null'])}`;
    case 8:
      return `${pick(random, ['coalesce', 'Least', 'GREATEST'])}(${sub()}, ${sub()})`;
    case 9:
      return `${pick(random, ['abs', 'round', 'lower', 'upper', 'year', 'month', 'day'])}(${sub()})`;
    default:
      return `round(${sub()}, ${sub()})`;
  }
}

describe('expr robustness', () => {
  it('never throws on 500 pseudo-random token soups, and reports consistently', () => {
    const random = seededRandom(20250131);
    let parsed = 0;
    for (let i = 0; i < 500; i++) {
      const text = randomText(random);
      const result = parseExpression(text);
      if (result.expr === null) {
        assert.ok(result.errors.length > 0, `no tree and no error for ${JSON.stringify(text)}`);
      } else {
        parsed++;
        collectNames(result.expr);
        checkTypes(result.expr, () => 'unknown');
        const formatted = formatExpression(result.expr);
        const again = parseExpression(formatted);
        assert.ok(again.expr, `formatted text does not parse: ${JSON.stringify(formatted)}`);
        assert.deepStrictEqual(stripSpans(again.expr), stripSpans(result.expr), formatted);
      }
      for (const error of result.errors) {
        assert.ok(error.span.start >= 0 && error.span.start <= error.span.end && error.span.end <= text.length, text);
        assert.match(error.message, /^[a-z'0-9]/, error.message);
      }
    }
    assert.ok(parsed > 0, 'some random inputs should parse');
  });

  it('parses 300 random grammar-generated expressions and round-trips them through the formatter', () => {
    const random = seededRandom(424242);
    for (let i = 0; i < 300; i++) {
      const text = randomExpression(random, 4);
      const result = parseExpression(text);
      assert.deepStrictEqual(result.errors, [], text);
      assert.ok(result.expr, text);
      const formatted = formatExpression(result.expr);
      const again = parseExpression(formatted);
      assert.ok(again.expr, formatted);
      assert.deepStrictEqual(stripSpans(again.expr), stripSpans(result.expr), `${text}  =>  ${formatted}`);
      assert.ok(formatted.length <= text.length, `canonical text is not longer: ${text}  =>  ${formatted}`);
    }
  });

  it('never throws on random characters', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 300; i++) {
      let text = '';
      const length = Math.floor(random() * 12);
      for (let j = 0; j < length; j++) text += String.fromCharCode(Math.floor(random() * 128));
      const result = parseExpression(text);
      assert.ok(result.expr !== null || result.errors.length > 0, JSON.stringify(text));
    }
  });

  it('rejects 10 000 nested parentheses at the first one too deep', () => {
    const { expr, errors } = parseExpression(`${'('.repeat(10000)}a${')'.repeat(10000)}`);
    assert.equal(expr, null);
    assert.deepStrictEqual(errors, [
      {
        code: 'expr-syntax',
        message: 'expression nested too deeply',
        span: { start: MAX_NESTING, end: MAX_NESTING + 1 },
      },
    ]);
  });

  it('rejects long chains of prefix operators and function calls', () => {
    assert.equal(parseExpression(`${'not '.repeat(5000)}a`).errors[0].message, 'expression nested too deeply');
    assert.equal(parseExpression(`${'-'.repeat(5000)}1`).errors[0].message, 'expression nested too deeply');
    assert.equal(
      parseExpression(`${'abs('.repeat(5000)}1${')'.repeat(5000)}`).errors[0].message,
      'expression nested too deeply',
    );
    assert.equal(parseExpression(`x in ${'('.repeat(5000)}`).errors[0].message, 'expression nested too deeply');
  });

  it('rejects a tree deeper than the limit built by a long operator chain', () => {
    const { expr, errors } = parseExpression(Array.from({ length: 5000 }, () => 'a').join(' + '));
    assert.equal(expr, null);
    assert.equal(errors[0].message, 'expression nested too deeply');
  });

  it('accepts nesting up to the limit', () => {
    assert.ok(parseExpression(`${'('.repeat(MAX_NESTING)}a${')'.repeat(MAX_NESTING)}`).expr);
    assert.ok(parseExpression(Array.from({ length: 150 }, (_, i) => `a${i}`).join(' + ')).expr);
    assert.ok(parseExpression(`x in (${Array.from({ length: 5000 }, (_, i) => i).join(', ')})`).expr);
  });
});
