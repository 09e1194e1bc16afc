// Tests of the expression parser on valid input: precedence, associativity, every form, and spans.

import { strict as assert } from 'assert';
import { parseOk, shape } from './helpers';

describe('expr parse: precedence and associativity', () => {
  const cases: Array<[string, string]> = [
    ['a or b and c', '(or a (and b c))'],
    ['a and b or c', '(or (and a b) c)'],
    ['not a = b', '(not (= a b))'],
    ['not a and b', '(and (not a) b)'],
    ['not not a', '(not (not a))'],
    ['-x * y', '(* (- x) y)'],
    ['-(x * y)', '(- (* x y))'],
    ['1 + 2 * 3', '(+ 1 (* 2 3))'],
    ['(1 + 2) * 3', '(* (+ 1 2) 3)'],
    ['1 - 2 - 3', '(- (- 1 2) 3)'],
    ['8 / 4 / 2', '(/ (/ 8 4) 2)'],
    ['a * b + c * d', '(+ (* a b) (* c d))'],
    ['a or b or c', '(or (or a b) c)'],
    ['a and b and c', '(and (and a b) c)'],
    ['a + 1 > b * 2', '(> (+ a 1) (* b 2))'],
    ['a = 1 and b = 2 or not c', '(or (and (= a 1) (= b 2)) (not c))'],
    ['- - x', '(- (- x))'],
    ['2 * -3', '(* 2 (- 3))'],
    ['a - -b', '(- a (- b))'],
    ['a between 1 and 2 and b', '(and (between a 1 2) b)'],
    ['x + 1 between y - 1 and y + 1', '(between (+ x 1) (- y 1) (+ y 1))'],
    ['a in (1, 2) or b is null', '(or (in a 1 2) (is-null b))'],
    ['not a in (1)', '(not (in a 1))'],
    ['a + 1 is not null', '(is-not-null (+ a 1))'],
    ['(a = b) = c', '(= (= a b) c)'],
    ['((((a))))', 'a'],
  ];
  for (const [text, expected] of cases) {
    it(`${text}  =>  ${expected}`, () => assert.equal(shape(text), expected));
  }
});

describe('expr parse: forms', () => {
  it('reads every comparison operator, <> as !=', () => {
    assert.equal(shape('a = 1'), '(= a 1)');
    assert.equal(shape('a != 1'), '(!= a 1)');
    assert.equal(shape('a <> 1'), '(!= a 1)');
    assert.equal(shape('a < 1'), '(< a 1)');
    assert.equal(shape('a <= 1'), '(<= a 1)');
    assert.equal(shape('a > 1'), '(> a 1)');
    assert.equal(shape('a >= 1'), '(>= a 1)');
  });

  it('reads every arithmetic operator', () => {
    assert.equal(shape('a + b - c * d / e'), '(- (+ a b) (/ (* c d) e))');
  });

  it('reads literals', () => {
    assert.deepStrictEqual(parseOk('12'), { kind: 'number', value: 12, span: { start: 0, end: 2 } });
    assert.deepStrictEqual(parseOk('0.5'), { kind: 'number', value: 0.5, span: { start: 0, end: 3 } });
    assert.deepStrictEqual(parseOk("'it''s'"), { kind: 'string', value: "it's", span: { start: 0, end: 7 } });
    assert.deepStrictEqual(parseOk('true'), { kind: 'boolean', value: true, span: { start: 0, end: 4 } });
    assert.deepStrictEqual(parseOk('FALSE'), { kind: 'boolean', value: false, span: { start: 0, end: 5 } });
    assert.deepStrictEqual(parseOk('Null'), { kind: 'null', span: { start: 0, end: 4 } });
    assert.deepStrictEqual(parseOk("date '2025-01-31'"), {
      kind: 'date',
      value: '2025-01-31',
      span: { start: 0, end: 17 },
    });
  });

  it('accepts keywords in any case', () => {
    assert.equal(
      shape("NOT a IS NULL AnD b NOT IN (1) Or c BETWEEN 1 AND 2 or d = TRUE or e > DATE '2024-02-29'"),
      "(or (or (or (and (not (is-null a)) (not-in b 1)) (between c 1 2)) (= d true)) (> e date'2024-02-29'))",
    );
  });

  it('reads in / not in lists of any expressions', () => {
    assert.equal(shape("plan in ('pro', 'team')"), "(in plan 'pro' 'team')");
    assert.equal(shape('x not in (1, y + 1, abs(z))'), '(not-in x 1 (+ y 1) (abs z))');
    assert.equal(shape('x in (1)'), '(in x 1)');
  });

  it('reads between / not between', () => {
    assert.equal(shape('score between 0 and 10'), '(between score 0 10)');
    assert.equal(shape('score not between 0 and 10'), '(not-between score 0 10)');
  });

  it('reads is null / is not null', () => {
    assert.equal(shape('churned_at is null'), '(is-null churned_at)');
    assert.equal(shape('churned_at is not null'), '(is-not-null churned_at)');
  });

  it('reads joined names with exactly one dot, keeping case', () => {
    assert.deepStrictEqual(parseOk('customers.Plan'), {
      kind: 'name',
      parts: ['customers', 'Plan'],
      span: { start: 0, end: 14 },
    });
    assert.deepStrictEqual(parseOk('Amount'), { kind: 'name', parts: ['Amount'], span: { start: 0, end: 6 } });
  });

  it('accepts a keyword as the column part of a joined name', () => {
    assert.equal(shape("orders.date > date '2025-01-01'"), "(> orders.date date'2025-01-01')");
  });

  it('reads function calls with lower-cased names', () => {
    assert.equal(shape('COALESCE(a, 0)'), '(coalesce a 0)');
    assert.equal(shape('round(a / b, 2)'), '(round (/ a b) 2)');
    assert.equal(shape('Year(signup)'), '(year signup)');
    assert.equal(shape('greatest(least(a, b), 0)'), '(greatest (least a b) 0)');
    assert.equal(shape("lower(upper(name)) = 'x'"), "(= (lower (upper name)) 'x')");
    assert.equal(shape('abs(-x) + month(d) + day(d)'), '(+ (+ (abs (- x)) (month d)) (day d))');
  });

  it('accepts any whitespace between tokens', () => {
    assert.equal(shape('\n\ta\t=\r\n1 '), '(= a 1)');
  });
});

describe('expr parse: spans', () => {
  it('gives a binary node the span from its left to its right operand', () => {
    const expr = parseOk('a + b * c');
    assert.equal(expr.kind, 'binary');
    if (expr.kind !== 'binary') return;
    assert.deepStrictEqual(expr.span, { start: 0, end: 9 });
    assert.deepStrictEqual(expr.right.span, { start: 4, end: 9 });
  });

  it('includes parentheses in the parent span but not in the inner node', () => {
    const expr = parseOk('(a + b) * c');
    assert.ok(expr.kind === 'binary');
    assert.deepStrictEqual(expr.span, { start: 0, end: 11 });
    assert.deepStrictEqual(expr.left.span, { start: 1, end: 6 });
  });

  it('spans prefix operators, lists, between, is null and calls', () => {
    assert.deepStrictEqual(parseOk('not  a').span, { start: 0, end: 6 });
    assert.deepStrictEqual(parseOk('-(x)').span, { start: 0, end: 4 });
    assert.deepStrictEqual(parseOk('x in (1, 2)').span, { start: 0, end: 11 });
    assert.deepStrictEqual(parseOk('x between 1 and (2)').span, { start: 0, end: 19 });
    assert.deepStrictEqual(parseOk('x is not null').span, { start: 0, end: 13 });
    assert.deepStrictEqual(parseOk(' round( x ) ').span, { start: 1, end: 11 });
    assert.deepStrictEqual(parseOk("  date  '2025-01-01'").span, { start: 2, end: 20 });
  });
});
