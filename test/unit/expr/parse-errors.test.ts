// Tests of the parser's syntax errors: messages, codes and exact spans.

import { strict as assert } from 'assert';
import type { ExprError } from '../../../src/core/expr/errors';
import { parseExpression } from '../../../src/core/expr/parse';

/** The single error of a failed parse, asserting the tree is null. */
function failure(text: string): ExprError {
  const { expr, errors } = parseExpression(text);
  assert.equal(expr, null, `expected no tree for ${JSON.stringify(text)}`);
  assert.equal(errors.length, 1, `expected one error for ${JSON.stringify(text)}: ${JSON.stringify(errors)}`);
  return errors[0];
}

function at(text: string): [string, number, number] {
  const error = failure(text);
  return [error.code, error.span.start, error.span.end];
}

describe('expr parse: syntax errors', () => {
  it('reports an empty or blank expression over the whole text', () => {
    assert.deepStrictEqual(parseExpression(''), {
      expr: null,
      errors: [{ code: 'expr-syntax', message: 'empty expression', span: { start: 0, end: 0 } }],
    });
    assert.deepStrictEqual(failure(' \t\n ').span, { start: 0, end: 4 });
    assert.equal(failure('   ').message, 'empty expression');
  });

  it("points at the unterminated string in `amount > 'abc`", () => {
    const error = failure("amount > 'abc");
    assert.deepStrictEqual(error.span, { start: 9, end: 13 });
    assert.equal(error.message, "unterminated string: add a closing '");
  });

  it('points at the * in `a + * b`', () => {
    assert.deepStrictEqual(failure('a + * b'), {
      code: 'expr-syntax',
      message: "expected a value after '+', found '*'",
      span: { start: 4, end: 5 },
    });
  });

  it('points at the end of `(a = 1` for the missing )', () => {
    assert.deepStrictEqual(failure('(a = 1'), {
      code: 'expr-syntax',
      message: "expected ')' to close '(', found the end of the expression",
      span: { start: 6, end: 6 },
    });
    assert.deepStrictEqual(at('(a = 1 b'), ['expr-syntax', 7, 8]);
  });

  it('reports a value missing at the end', () => {
    assert.deepStrictEqual(failure('a >'), {
      code: 'expr-syntax',
      message: "expected a value after '>', found the end of the expression",
      span: { start: 3, end: 3 },
    });
  });

  it('rejects trailing input and an unmatched )', () => {
    assert.deepStrictEqual(failure('a b'), {
      code: 'expr-syntax',
      message: "expected an operator or the end of the expression, found 'b'",
      span: { start: 2, end: 3 },
    });
    assert.deepStrictEqual(failure('(a))'), {
      code: 'expr-syntax',
      message: "unmatched ')'",
      span: { start: 3, end: 4 },
    });
  });

  it('rejects chained comparisons at the second operator', () => {
    assert.deepStrictEqual(failure('a = b = c'), {
      code: 'expr-syntax',
      message: "comparisons cannot be chained: combine them with 'and'",
      span: { start: 6, end: 7 },
    });
    assert.deepStrictEqual(at('a < b in (1)'), ['expr-syntax', 6, 8]);
    assert.deepStrictEqual(at('a is null is null'), ['expr-syntax', 10, 12]);
    assert.deepStrictEqual(at('a between 1 and 2 between 3 and 4'), ['expr-syntax', 18, 25]);
    assert.deepStrictEqual(at('a in (1) not in (2)'), ['expr-syntax', 9, 12]);
  });

  it('rejects keywords used as names', () => {
    assert.deepStrictEqual(failure('in = 1'), {
      code: 'expr-syntax',
      message: "expected a value, found the keyword 'in'",
      span: { start: 0, end: 2 },
    });
    assert.deepStrictEqual(at('a = between'), ['expr-syntax', 4, 11]);
    assert.deepStrictEqual(at('a = not b'), ['expr-syntax', 4, 7]);
    assert.deepStrictEqual(at('x and or'), ['expr-syntax', 6, 8]);
  });

  it('rejects an empty in list, spanning its parentheses', () => {
    assert.deepStrictEqual(failure('x in ()'), {
      code: 'expr-syntax',
      message: "the list of 'in' cannot be empty",
      span: { start: 5, end: 7 },
    });
    assert.deepStrictEqual(failure('x not in ( )').message, "the list of 'not in' cannot be empty");
  });

  it('reports malformed in lists', () => {
    assert.deepStrictEqual(failure('x in (1, 2'), {
      code: 'expr-syntax',
      message: "expected ')' after the list of 'in'",
      span: { start: 10, end: 10 },
    });
    assert.deepStrictEqual(failure('x in 1'), {
      code: 'expr-syntax',
      message: "expected '(' after 'in', found '1'",
      span: { start: 5, end: 6 },
    });
    assert.deepStrictEqual(at('x in (1,)'), ['expr-syntax', 8, 9]);
    assert.deepStrictEqual(at('x in (1 2)'), ['expr-syntax', 8, 9]);
  });

  it('reports malformed between, is and not', () => {
    assert.deepStrictEqual(failure('x between 1 or 2'), {
      code: 'expr-syntax',
      message: "expected 'and' after the lower bound of 'between', found 'or'",
      span: { start: 12, end: 14 },
    });
    assert.deepStrictEqual(failure('x is 1'), {
      code: 'expr-syntax',
      message: "expected 'null' or 'not null' after 'is', found '1'",
      span: { start: 5, end: 6 },
    });
    assert.deepStrictEqual(failure('x is not'), {
      code: 'expr-syntax',
      message: "expected 'null' after 'is not', found the end of the expression",
      span: { start: 8, end: 8 },
    });
    assert.deepStrictEqual(failure('x not like 1'), {
      code: 'expr-syntax',
      message: "expected 'in' or 'between' after 'not', found 'like'",
      span: { start: 6, end: 10 },
    });
  });

  it('reports malformed joined names', () => {
    assert.deepStrictEqual(failure('a.b.c'), {
      code: 'expr-syntax',
      message: 'a name has at most one dot, as in source.column',
      span: { start: 3, end: 4 },
    });
    assert.deepStrictEqual(failure('orders. = 1'), {
      code: 'expr-syntax',
      message: "expected a column name after '.', found '='",
      span: { start: 8, end: 9 },
    });
    assert.deepStrictEqual(at('orders.'), ['expr-syntax', 7, 7]);
  });

  it('reports a date keyword without its string', () => {
    assert.deepStrictEqual(failure('d > date'), {
      code: 'expr-syntax',
      message: "expected a date string like '2025-01-31' after 'date', found the end of the expression",
      span: { start: 8, end: 8 },
    });
    assert.deepStrictEqual(at('d > date 2025'), ['expr-syntax', 9, 13]);
  });

  it('reports unclosed function calls', () => {
    assert.deepStrictEqual(failure('round(a, 2'), {
      code: 'expr-syntax',
      message: "expected ',' or ')' in the arguments of 'round', found the end of the expression",
      span: { start: 10, end: 10 },
    });
  });

  it('rejects unary plus', () => {
    assert.deepStrictEqual(at('+1'), ['expr-syntax', 0, 1]);
  });

  it('returns every tokenizer error at once', () => {
    const { expr, errors } = parseExpression("a # b = 'x");
    assert.equal(expr, null);
    assert.deepStrictEqual(
      errors.map((e) => [e.span.start, e.span.end]),
      [
        [2, 3],
        [8, 10],
      ],
    );
  });

  it('truncates a long token in messages', () => {
    const error = failure(`a '${'x'.repeat(40)}'`);
    assert.equal(error.message, `expected an operator or the end of the expression, found '${"'" + 'x'.repeat(22)}…'`);
  });
});
