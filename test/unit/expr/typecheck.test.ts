// Tests of checkTypes: inferred types and the certain mismatches it reports.

import { strict as assert } from 'assert';
import type { NameRef } from '../../../src/core/expr/names';
import type { Expr } from '../../../src/core/expr/ast';
import { parseExpression } from '../../../src/core/expr/parse';
import { checkTypes, type ExprType } from '../../../src/core/expr/typecheck';
import { parseOk } from './helpers';

/** The tree of `text`, which may carry non-syntax errors (e.g. an unknown function). */
function tree(text: string): Expr {
  const { expr } = parseExpression(text);
  assert.ok(expr, text);
  return expr;
}

const COLUMNS: Readonly<Record<string, ExprType>> = {
  amount: 'number',
  plan: 'string',
  signup: 'date',
  active: 'boolean',
  'customers.plan': 'string',
  'customers.since': 'date',
};

function typeOf(ref: NameRef): ExprType {
  return COLUMNS[ref.parts.join('.')] ?? 'unknown';
}

function check(text: string): { type: ExprType; errors: Array<[string, number, number, string?]> } {
  const result = checkTypes(tree(text), typeOf);
  return {
    type: result.type,
    errors: result.errors.map((e) => {
      assert.equal(e.code, 'expr-type');
      const row: [string, number, number, string?] = [e.message, e.span.start, e.span.end];
      if (e.suggestion !== undefined) row.push(e.suggestion);
      return row;
    }),
  };
}

function typeOfText(text: string): ExprType {
  const result = check(text);
  assert.deepStrictEqual(result.errors, [], text);
  return result.type;
}

describe('expr typecheck: inference', () => {
  it('types literals and names', () => {
    assert.equal(typeOfText('1.5'), 'number');
    assert.equal(typeOfText("'x'"), 'string');
    assert.equal(typeOfText("date '2025-01-01'"), 'date');
    assert.equal(typeOfText('false'), 'boolean');
    assert.equal(typeOfText('null'), 'null');
    assert.equal(typeOfText('plan'), 'string');
    assert.equal(typeOfText('customers.since'), 'date');
    assert.equal(typeOfText('mystery'), 'unknown');
  });

  it('passes each name reference to the callback', () => {
    const seen: string[] = [];
    checkTypes(parseOk('a + customers.b'), (ref) => {
      seen.push(`${ref.parts.join('.')}@${ref.span.start}-${ref.span.end}`);
      return 'number';
    });
    assert.deepStrictEqual(seen, ['a@0-1', 'customers.b@4-15']);
  });

  it('types arithmetic as number and comparisons, in, between, is null and logic as boolean', () => {
    assert.equal(typeOfText('-amount * 2 + 1 / amount'), 'number');
    assert.equal(typeOfText('amount > 1'), 'boolean');
    assert.equal(typeOfText("plan not in ('a', 'b')"), 'boolean');
    assert.equal(typeOfText('amount between 1 and 2'), 'boolean');
    assert.equal(typeOfText('plan is not null'), 'boolean');
    assert.equal(typeOfText('not active and (amount > 0 or active)'), 'boolean');
    assert.equal(typeOfText("signup >= date '2025-01-01'"), 'boolean');
    assert.equal(typeOfText("plan = customers.plan and plan <> 'x'"), 'boolean');
  });

  it('types function results', () => {
    assert.equal(typeOfText('year(signup) + month(signup) + day(customers.since)'), 'number');
    assert.equal(typeOfText('lower(plan)'), 'string');
    assert.equal(typeOfText('upper(customers.plan)'), 'string');
    assert.equal(typeOfText('round(amount / 3, 2)'), 'number');
    assert.equal(typeOfText('abs(amount)'), 'number');
    assert.equal(typeOfText("coalesce(null, plan, 'none')"), 'string');
    assert.equal(typeOfText("greatest(signup, date '2025-01-01')"), 'date');
    assert.equal(typeOfText('least(mystery, 1)'), 'number');
    assert.equal(typeOfText('coalesce(mystery)'), 'unknown');
    assert.equal(typeOfText('coalesce(null)'), 'null');
    assert.equal(typeOfText('nosuch(amount)'), 'unknown');
  });

  it('treats unknown and null as compatible with everything', () => {
    assert.equal(typeOfText("mystery + 1 > 0 and mystery = 'a' and not mystery"), 'boolean');
    assert.equal(typeOfText('null + 1'), 'number');
    assert.equal(typeOfText("plan = null or signup in (null, date '2025-01-01')"), 'boolean');
    assert.equal(typeOfText('lower(null) is null and year(mystery) > 2000'), 'boolean');
  });
});

describe('expr typecheck: errors', () => {
  it('rejects arithmetic on strings, booleans and dates, at the operand', () => {
    assert.deepStrictEqual(check('plan + 1'), { type: 'number', errors: [["'+' needs a number, got a string", 0, 4]] });
    assert.deepStrictEqual(check('1 - active').errors, [["'-' needs a number, got a boolean", 4, 10]]);
    assert.deepStrictEqual(check('signup + 1').errors, [["'+' needs a number, got a date", 0, 6]]);
    assert.deepStrictEqual(check("'a' * 'b'").errors, [
      ["'*' needs a number, got a string", 0, 3],
      ["'*' needs a number, got a string", 6, 9],
    ]);
    assert.deepStrictEqual(check('-plan').errors, [["'-' needs a number, got a string", 1, 5]]);
  });

  it('a date minus a date is a number of days (DSL.md), also beside a column of unknown type', () => {
    // Before: "'-' needs a number, got a date" at the date literal.
    assert.deepStrictEqual(check("signup - date '2025-01-01' >= 45"), { type: 'boolean', errors: [] });
    assert.deepStrictEqual(check("date '2025-03-31' - mystery <= 30"), { type: 'boolean', errors: [] });
    assert.deepStrictEqual(check("signup - date '2025-01-01'").type, 'number');
    // No other arithmetic takes a date.
    assert.deepStrictEqual(check("signup + date '2025-01-01'").errors.length, 2);
    assert.deepStrictEqual(check('signup - 1').errors, [["'-' needs a number, got a date", 0, 6]]);
  });

  it('rejects and/or/not on non-booleans', () => {
    assert.deepStrictEqual(check('amount and active'), {
      type: 'boolean',
      errors: [["'and' needs a boolean, got a number", 0, 6]],
    });
    assert.deepStrictEqual(check("active or 'yes'").errors, [["'or' needs a boolean, got a string", 10, 15]]);
    assert.deepStrictEqual(check('not amount').errors, [["'not' needs a boolean, got a number", 4, 10]]);
  });

  it('rejects comparing different types over the whole comparison', () => {
    assert.deepStrictEqual(check("amount = 'abc'"), {
      type: 'boolean',
      errors: [['cannot compare a number with a string', 0, 14]],
    });
    assert.deepStrictEqual(check('active > 1').errors, [['cannot compare a boolean with a number', 0, 10]]);
  });

  it('suggests a date literal for a date-like string compared with a date', () => {
    assert.deepStrictEqual(check("signup > '2025-01-31'").errors, [
      ['cannot compare a date with a string: use a date literal', 9, 21, "date '2025-01-31'"],
    ]);
    assert.deepStrictEqual(check("'2025-01-31' <= customers.since").errors, [
      ['cannot compare a date with a string: use a date literal', 0, 12, "date '2025-01-31'"],
    ]);
    assert.deepStrictEqual(check("signup = 'soon'").errors, [['cannot compare a date with a string', 0, 15]]);
  });

  it('checks in-list items and between bounds against the operand', () => {
    assert.deepStrictEqual(check("plan in ('a', 1, 'b', true)").errors, [
      ['cannot compare a string with a number', 14, 15],
      ['cannot compare a string with a boolean', 22, 26],
    ]);
    assert.deepStrictEqual(check("amount between 'a' and 10").errors, [
      ['cannot compare a number with a string', 15, 18],
    ]);
    assert.deepStrictEqual(check("signup not between '2025-01-01' and date '2025-12-31'").errors, [
      ['cannot compare a date with a string: use a date literal', 19, 31, "date '2025-01-01'"],
    ]);
  });

  it('checks the values of an in list and the bounds of between against each other when the operand type is unknown', () => {
    // mystery's type is unknown: 5 and 'abc' cannot both be of it, whatever it holds.
    assert.deepStrictEqual(check("mystery in (5, 'abc', 7, null)").errors, [
      ['an in list needs values of one type: got a number and a string', 15, 20],
    ]);
    assert.deepStrictEqual(check("mystery not in ('a', 'b', true)").errors, [
      ['an in list needs values of one type: got a string and a boolean', 26, 30],
    ]);
    assert.deepStrictEqual(check("mystery between date '2025-01-01' and '2025-12-31'").errors, [
      ['between needs bounds of one type: got a date and a string', 38, 50, "date '2025-12-31'"],
    ]);
    assert.deepStrictEqual(check('mystery between 1 and true').errors, [
      ['between needs bounds of one type: got a number and a boolean', 22, 26],
    ]);
    // Alike values, nulls and unknown names raise nothing.
    for (const ok of ['mystery in (1, 2.5, null, -3)', "mystery in ('a', other)", 'mystery between null and 3']) {
      assert.deepStrictEqual(check(ok).errors, [], ok);
    }
    // A known operand is compared with each value once, not twice.
    assert.deepStrictEqual(check("amount in (5, 'abc')").errors, [['cannot compare a number with a string', 14, 19]]);
  });

  it('checks function argument types', () => {
    assert.deepStrictEqual(check('year(plan)'), {
      type: 'number',
      errors: [['year needs a date, got a string', 5, 9]],
    });
    assert.deepStrictEqual(check("month('2025-03-01')").errors, [
      ['month needs a date, got a string', 6, 18, "date '2025-03-01'"],
    ]);
    assert.deepStrictEqual(check('lower(amount)').errors, [['lower needs a string, got a number', 6, 12]]);
    assert.deepStrictEqual(check('abs(plan)').errors, [['abs needs a number, got a string', 4, 8]]);
    assert.deepStrictEqual(check('round(amount, plan)').errors, [['round needs a number, got a string', 14, 18]]);
    assert.deepStrictEqual(check("coalesce(amount, 'none')"), {
      type: 'unknown',
      errors: [['coalesce needs arguments of one type: got a number and a string', 17, 23]],
    });
    // A date among a function's arguments: a date-like text gets the date literal as a fix.
    assert.deepStrictEqual(check("greatest(signup, '2025-01-01')").errors, [
      ['greatest needs arguments of one type: got a date and a string', 17, 29, "date '2025-01-01'"],
    ]);
    assert.deepStrictEqual(check('greatest(null, signup, 3, mystery)').errors, [
      ['greatest needs arguments of one type: got a date and a number', 23, 24],
    ]);
  });

  it('checks arguments of unknown functions without inventing errors', () => {
    assert.deepStrictEqual(check('nosuch(plan + 1)').errors, [["'+' needs a number, got a string", 7, 11]]);
  });

  it('keeps going after an error, reporting each independent mismatch', () => {
    assert.deepStrictEqual(check("(plan + 1 > 0) and year(amount) = 'x'").errors, [
      ["'+' needs a number, got a string", 1, 5],
      ['year needs a date, got a number', 24, 30],
      ['cannot compare a number with a string', 19, 37],
    ]);
  });
});
