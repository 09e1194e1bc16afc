// Tests of date literals: calendar validation and the errors the parser reports for them.

import { strict as assert } from 'assert';
import { checkDate, isValidDate } from '../../../src/core/expr/dates';
import { parseExpression } from '../../../src/core/expr/parse';
import { show } from './helpers';

describe('expr dates', () => {
  it('accepts real calendar dates, leap days included', () => {
    for (const d of ['2025-01-31', '2024-02-29', '2000-02-29', '2025-12-31', '0001-01-01', '9999-12-31']) {
      assert.ok(isValidDate(d), d);
    }
  });

  it('rejects impossible dates with a precise reason', () => {
    assert.deepStrictEqual(checkDate('2025-02-30'), {
      ok: false,
      message: "invalid date '2025-02-30': February 2025 has 28 days",
    });
    assert.deepStrictEqual(checkDate('1900-02-29'), {
      ok: false,
      message: "invalid date '1900-02-29': February 1900 has 28 days",
    });
    assert.deepStrictEqual(checkDate('2025-04-31'), {
      ok: false,
      message: "invalid date '2025-04-31': April 2025 has 30 days",
    });
    assert.equal(checkDate('2025-13-01').ok, false);
    assert.equal(checkDate('2025-00-10').ok, false);
    assert.equal(checkDate('2025-01-00').ok, false);
    assert.equal(checkDate('0000-01-01').ok, false);
  });

  it('rejects other formats, suggesting the padded form when it is the same date', () => {
    assert.deepStrictEqual(checkDate('2025-1-5'), {
      ok: false,
      message: "invalid date '2025-1-5': write it as YYYY-MM-DD",
      suggestion: '2025-01-05',
    });
    assert.deepStrictEqual(checkDate('31/01/2025'), {
      ok: false,
      message: "invalid date '31/01/2025': expected YYYY-MM-DD",
    });
    for (const d of ['', '2025-01-31T00:00', ' 2025-01-31', '20250131', '2025-1-32']) {
      const check = checkDate(d);
      assert.ok(!check.ok && check.suggestion === undefined, d);
    }
  });

  it('parses a date literal and reports an invalid one over its string, keeping the tree', () => {
    const { expr, errors } = parseExpression("signup >= date '2025-02-30'");
    assert.deepStrictEqual(errors, [
      {
        code: 'expr-invalid-date',
        message: "invalid date '2025-02-30': February 2025 has 28 days",
        span: { start: 15, end: 27 },
      },
    ]);
    assert.ok(expr);
    assert.equal(show(expr), "(>= signup date'2025-02-30')");
  });

  it('suggests the quoted padded date as replacement for the string', () => {
    const { errors } = parseExpression("date '2025-1-5'");
    assert.equal(errors.length, 1);
    assert.equal(errors[0].suggestion, "'2025-01-05'");
    assert.deepStrictEqual(errors[0].span, { start: 5, end: 15 });
  });

  it('requires a string after the date keyword', () => {
    const { expr, errors } = parseExpression('d = date');
    assert.equal(expr, null);
    assert.equal(errors[0].code, 'expr-syntax');
    assert.deepStrictEqual(errors[0].span, { start: 8, end: 8 });
  });
});
