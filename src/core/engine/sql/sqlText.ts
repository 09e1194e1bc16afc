// Safe SQL text: the only way text or numbers coming from a KPI file reach generated SQL.
// Identifiers and strings are quoted the standard way (the quote character doubled), dates
// and numbers are validated and written as plain literals. Anything that cannot be written
// safely (NUL, lone surrogates, invalid dates, NaN, Infinity) throws SqlTextError.
import { plainDecimal } from '../../expr/decimal';

import { checkDate } from '../../expr/dates';

/** A value that cannot be turned into SQL text safely: a bug in the caller, not a user error. */
export class SqlTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlTextError';
  }
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one:
// such strings cannot be encoded as UTF-8, so DuckDB would receive something else.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Refuses text that cannot reach SQL safely in any dialect: not a string, a NUL, a lone surrogate (the one guard: warehouseDialects.ts uses it too). */
export function checkSqlText(text: string, what: string): void {
  if (typeof text !== 'string') throw new SqlTextError(`${what} must be a string`);
  if (text.includes('\0')) throw new SqlTextError(`${what} contains a NUL character`);
  if (LONE_SURROGATE.test(text)) throw new SqlTextError(`${what} contains an unpaired UTF-16 surrogate`);
}

/** `name` as a double-quoted identifier: `a"b` → `"a""b"`. Any other character is kept as is. */
export function quoteIdent(name: string): string {
  checkSqlText(name, 'an identifier');
  if (name.length === 0) throw new SqlTextError('an identifier cannot be empty');
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * `text` as a standard single-quoted string literal: `it's` → `'it''s'`. Backslashes are
 * ordinary characters in standard literals, so nothing else needs escaping.
 */
export function quoteString(text: string): string {
  checkSqlText(text, 'a string');
  return `'${text.replace(/'/g, "''")}'`;
}

/** A calendar date written YYYY-MM-DD as a DATE literal: `DATE '2025-01-31'`. */
export function sqlDate(date: string): string {
  if (typeof date !== 'string') throw new SqlTextError('a date must be a string');
  const check = checkDate(date);
  if (!check.ok) throw new SqlTextError(check.message);
  return `DATE '${date}'`;
}

/**
 * A finite number as a plain decimal literal without exponent (1e-7 → `0.0000001`,
 * 1e21 → `1000000000000000000000`). Negative numbers come in parentheses, `(-5)`, so that
 * they never merge with a preceding minus into a `--` comment.
 */
export function sqlNumber(n: number): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new SqlTextError(`a number in SQL must be finite, not ${String(n)}`);
  }
  if (n === 0) return '0'; // -0 included
  const digits = plainDecimal(Math.abs(n));
  return n < 0 ? `(-${digits})` : digits;
}
