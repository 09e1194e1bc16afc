// Tests of formatExpression: canonical text, minimal parentheses, and the parse/format round trip.

import { strict as assert } from 'assert';
import type { Expr } from '../../../src/core/expr/ast';
import { plainDecimal } from '../../../src/core/expr/decimal';
import { formatExpression } from '../../../src/core/expr/format';
import { parseOk, stripSpans } from './helpers';

const at = { start: 0, end: 0 };
const num = (value: number): Expr => ({ kind: 'number', value, span: at });
const name = (...parts: string[]): Expr => ({ kind: 'name', parts, span: at });

function canonical(text: string): string {
  return formatExpression(parseOk(text));
}

describe('expr format: canonical text', () => {
  const cases: Array<[string, string]> = [
    ['A   OR b AND c', 'A or b and c'],
    ['(a or b) and c', '(a or b) and c'],
    ['a or (b or c)', 'a or (b or c)'],
    ['(a or b) or c', 'a or b or c'],
    ['NOT (a = b)', 'not a = b'],
    ['(not a) = b', '(not a) = b'],
    ['not (a and b)', 'not (a and b)'],
    ['((1 + 2)) * 3', '(1 + 2) * 3'],
    ['1 + (2 * 3)', '1 + 2 * 3'],
    ['a - (b - c)', 'a - (b - c)'],
    ['a / (b * c)', 'a / (b * c)'],
    ['- (x)', '-x'],
    ['-(x + 1)', '-(x + 1)'],
    ['- - x', '-(-x)'],
    ['a<>b', 'a != b'],
    ['(a = b) = c', '(a = b) = c'],
    ["x  IN(1,'it''s' , y)", "x in (1, 'it''s', y)"],
    ['x NOT in (a or b)', 'x not in (a or b)'],
    ['(x + 1) Between (0) AND (y and z)', 'x + 1 between 0 and (y and z)'],
    ['(a = b) is NOT null', '(a = b) is not null'],
    ["Date  '2025-01-31'", "date '2025-01-31'"],
    ['ROUND( a ,2 )', 'round(a, 2)'],
    ['customers.plan', 'customers.plan'],
    ['TRUE and NULL is null', 'true and null is null'],
    ['0.50 + 007', '0.5 + 7'],
  ];
  for (const [text, expected] of cases) {
    it(`${text}  =>  ${expected}`, () => assert.equal(canonical(text), expected));
  }
});

describe('expr format: round trip', () => {
  const expressions = [
    'a or b and c',
    'not a = b',
    '-x * y',
    '1 + 2 * 3',
    '(1 + 2) * (3 - 4) / -5',
    "amount > 0 and status in ('paid', 'refunded')",
    "plan not in ('free') or customers.plan is null",
    'score between 0 and 6 and not promoter',
    'score not between 7 and 8',
    'churned_at is not null',
    "signup >= date '2025-01-01' and signup < date '2026-01-01'",
    'coalesce(discount, 0) * -1 + abs(round(net / 3, 2)) <= greatest(a, b, c)',
    "lower(customers.country) = 'fr' or upper(region) <> 'EU'",
    'year(d) = 2025 and month(d) between 1 and 3 and day(d) != 31',
    'not (a or b) and (c or d)',
    "'it''s' = name",
    '(a = b) = (c < d)',
    '- - - x',
    'least(1, 2) - (3 - 4) - 5',
    'not not (x is null)',
    'x in (1 + 2, y or z, (a = b))',
    '(promoters - detractors) / responses * 100',
    '0.000001 + 123456789.125',
  ];
  for (const text of expressions) {
    it(text, () => {
      const tree = parseOk(text);
      const formatted = formatExpression(tree);
      assert.deepStrictEqual(stripSpans(parseOk(formatted)), stripSpans(tree), formatted);
      assert.equal(formatExpression(parseOk(formatted)), formatted, 'formatting is idempotent');
    });
  }
});

describe('expr format: built trees', () => {
  it('writes numbers in plain decimal notation', () => {
    assert.equal(formatExpression(num(1e21)), '1000000000000000000000');
    assert.equal(formatExpression(num(1.5e-7)), '0.00000015');
    assert.equal(plainDecimal(1.25e22), '12500000000000000000000');
    assert.equal(plainDecimal(-3e-7), '-0.0000003');
    assert.equal(plainDecimal(42), '42');
    assert.deepStrictEqual(stripSpans(parseOk(formatExpression(num(1e21)))), { kind: 'number', value: 1e21 });
  });

  it('writes a negative number as unary minus, parenthesised where needed', () => {
    assert.equal(formatExpression(num(-2)), '-2');
    const times: Expr = { kind: 'binary', op: '*', left: name('a'), right: num(-2), span: at };
    assert.equal(formatExpression(times), 'a * -2');
    assert.equal(formatExpression({ kind: 'unary', op: '-', operand: num(-2), span: at }), '-(-2)');
  });

  it('escapes quotes in strings', () => {
    assert.equal(formatExpression({ kind: 'string', value: "'q'", span: at }), "'''q'''");
  });

  it('refuses non-finite numbers', () => {
    assert.throws(() => formatExpression(num(Number.NaN)), RangeError);
    assert.throws(() => formatExpression(num(Infinity)), RangeError);
  });
});
