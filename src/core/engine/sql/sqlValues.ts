// The values of one query — dates, numbers and text of the plan and of the KPI file — in the
// query's dialect: as `$n` parameters with their type (PostgreSQL: the value never becomes SQL
// text), or as literals written by sqlText.ts (DuckDB, whose SQL stays as it always was).
// A builder asks for each value where it goes in the SQL and sends `params` with the query.
import { checkDate } from '../../expr/dates';
import type { Dialect } from './dialect';
import type { SqlValue } from '../backends/engine';
import { quoteString, sqlDate, sqlNumber, SqlTextError } from './sqlText';

/** The largest integer PostgreSQL's INTEGER holds; larger whole numbers go as NUMERIC. */
const INT4_MAX = 2_147_483_647;

export class SqlValues {
  readonly params: SqlValue[] = [];

  constructor(private readonly dialect: Dialect) {}

  /** A calendar date YYYY-MM-DD. */
  date(date: string): string {
    if (!this.dialect.parameters) return sqlDate(date);
    const check =
      typeof date === 'string' ? checkDate(date) : { ok: false as const, message: 'a date must be a string' };
    if (!check.ok) throw new SqlTextError(check.message);
    return this.param(date, 'DATE');
  }

  /** A whole number of the plan (a day count, an index). */
  integer(n: number): string {
    if (!Number.isInteger(n)) throw new SqlTextError(`an integer in SQL must be whole, not ${String(n)}`);
    return this.number(n);
  }

  /** A number, typed as the literal would be (INTEGER when whole and small, else NUMERIC). */
  number(n: number): string {
    const literal = sqlNumber(n); // validates: finite numbers only
    if (!this.dialect.parameters) return literal;
    return Number.isInteger(n) && Math.abs(n) <= INT4_MAX
      ? this.param(n === 0 ? 0 : n, 'INTEGER')
      : this.param(literal.replace(/[()]/g, ''), 'NUMERIC');
  }

  /** A text value. */
  text(text: string): string {
    const literal = quoteString(text); // validates: no NUL, no lone surrogate
    return this.dialect.parameters ? this.param(text, 'VARCHAR') : literal;
  }

  private param(value: SqlValue, type: string): string {
    this.params.push(value);
    return `CAST($${this.params.length} AS ${type})`;
  }
}
