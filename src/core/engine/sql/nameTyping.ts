// What an expression's compiler knows of the columns it names: whether the source holds each as
// text, a number or a date, and how to read a text column as a number or a date. A column read
// as text (a CSV column with one `n/a`, or with no value in its first rows; a Parquet VARCHAR)
// compared with a number would stop the query (DuckDB and PostgreSQL compare no text with a
// number); exprToSql.ts reads it as a number there instead, the way the file writes numbers, a
// value that is not one being null (the filter then leaves its row out; skippedRows.ts tells it).
import type { Expr, NameRef } from '../../expr';
import { isArithmeticOp } from '../../expr/ast';
import { lookupFunction } from '../../expr/functions';
import type { Dialect } from './dialect';
import type { ColumnKind } from '../../expr/columnTypeFit';

/** How a source holds a column, as far as comparisons go (one meaning with the type checks of the data). */
export type { ColumnKind };

export interface NameTyping {
  /** How the source holds the named column; undefined when not known (then it is left as it is). */
  kind(ref: NameRef): ColumnKind | undefined;
  /** The SQL of a text column's value as a number (null when it is not one). */
  asNumber(ref: NameRef, sql: string): string;
  /** The SQL of a text column's value as a date (null when it is not one). */
  asDate(ref: NameRef, sql: string): string;
  /**
   * Whether a number column may hold values that are no numbers (a PostgreSQL `numeric`,
   * `double precision` or `real`: NaN, Infinity, -Infinity): read through asNumber, as a text
   * column is, wherever it is read as a number.
   */
  holdsNonFinite?(ref: NameRef): boolean;
}

/** Whether a name read as `as` is converted (asNumber, asDate): a text column, or a number column that may hold NaN. */
export function readConverted(typing: NameTyping, ref: NameRef, as: ColumnKind | undefined): boolean {
  if (as !== 'number' && as !== 'date') return false;
  const kind = typing.kind(ref);
  return kind === 'text' || (as === 'number' && kind === 'number' && typing.holdsNonFinite?.(ref) === true);
}

/**
 * A value as a double, null when it is not a finite number: DuckDB casts the texts `NaN`, `inf`
 * and `1e400` to NaN or infinity, which would turn a sum or an average into no number at all, or
 * pass any `> 0` filter; they are read as no number instead.
 */
export function finiteNumberSql(dialect: Dialect, sql: string): string {
  const cast = dialect.tryCast(sql, 'DOUBLE');
  return dialect.name === 'duckdb' ? `(CASE WHEN isfinite(${cast}) THEN ${cast} END)` : cast;
}

/**
 * A PostgreSQL `numeric` value, null when it is NaN or ±Infinity (which PostgreSQL sums to NaN,
 * and ranks above every number): compared as text, which every version reads (PostgreSQL 13 has
 * no numeric infinity to compare with).
 */
export function finiteNumericSql(sql: string): string {
  return `(CASE WHEN CAST(${sql} AS TEXT) IN ('NaN', 'Infinity', '-Infinity') THEN NULL ELSE ${sql} END)`;
}

/** The kind of an expression's value, when it is sure (a literal, a known column, arithmetic, a function's result). */
export function exprKind(e: Expr, typing: NameTyping | undefined): ColumnKind | undefined {
  switch (e.kind) {
    case 'number':
      return 'number';
    case 'string':
      return 'text';
    case 'date':
      return 'date';
    case 'name':
      return typing?.kind(e);
    case 'unary':
      return e.op === '-' ? 'number' : undefined;
    case 'binary':
      return isArithmeticOp(e.op) ? 'number' : undefined;
    case 'call': {
      const fn = lookupFunction(e.name);
      if (fn?.returns === 'number') return 'number';
      if (fn?.returns === 'string') return 'text';
      if (fn?.returns === 'same') return sameKind(e.args, typing);
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The one kind other than text the operands have, when the others are text or unknown (a text column then reads as it). */
export function sameKind(operands: Expr[], typing: NameTyping | undefined): ColumnKind | undefined {
  const kinds = new Set(operands.map((o) => exprKind(o, typing)).filter((k) => k !== undefined));
  kinds.delete('text');
  return kinds.size === 1 ? [...kinds][0] : undefined;
}

/**
 * The names of text columns an expression reads as numbers or dates (its comparisons with
 * numbers, its arithmetic), each once: what a filter may leave out for a value that is not one.
 */
export function convertedNames(expr: Expr, typing: NameTyping): { ref: NameRef; as: 'number' | 'date' }[] {
  const out = new Map<string, { ref: NameRef; as: 'number' | 'date' }>();
  const visit = (e: Expr, as: ColumnKind | undefined): void => {
    if (e.kind === 'name') {
      if ((as === 'number' || as === 'date') && readConverted(typing, e, as))
        out.set(e.parts.join('.'), { ref: e, as });
      return;
    }
    for (const [child, childAs] of operandsOf(e, typing)) visit(child, childAs);
  };
  visit(expr, undefined);
  return [...out.values()];
}

/** Each operand of an expression with the kind it is read as (undefined: as it is). */
export function operandsOf(e: Expr, typing: NameTyping | undefined): [Expr, ColumnKind | undefined][] {
  switch (e.kind) {
    case 'unary':
      return [[e.operand, e.op === '-' ? 'number' : undefined]];
    case 'binary': {
      if (isArithmeticOp(e.op)) {
        // A date minus a date (a number of days): each side read as a date.
        const as = isDayDifference(e, typing) ? 'date' : 'number';
        return [
          [e.left, as],
          [e.right, as],
        ];
      }
      if (e.op === 'and' || e.op === 'or')
        return [
          [e.left, undefined],
          [e.right, undefined],
        ];
      const kind = sameKind([e.left, e.right], typing);
      return [
        [e.left, kind],
        [e.right, kind],
      ];
    }
    case 'between': {
      const kind = sameKind([e.operand, e.low, e.high], typing);
      return [
        [e.operand, kind],
        [e.low, kind],
        [e.high, kind],
      ];
    }
    case 'in': {
      const kind = sameKind([e.operand, ...e.list], typing);
      return [[e.operand, kind], ...e.list.map((x): [Expr, ColumnKind | undefined] => [x, kind])];
    }
    case 'isNull':
      return [[e.operand, undefined]];
    case 'call': {
      const fn = lookupFunction(e.name);
      const kind =
        fn?.argType === 'number'
          ? 'number'
          : fn?.argType === 'date'
            ? 'date'
            : fn?.argType === 'same'
              ? sameKind(e.args, typing)
              : undefined;
      return e.args.map((a) => [a, kind]);
    }
    default:
      return [];
  }
}

/** Whether an expression is a date minus a date (a number of days, DSL.md). */
export function isDayDifference(e: Expr, typing: NameTyping | undefined): boolean {
  return e.kind === 'binary' && e.op === '-' && sameKind([e.left, e.right], typing) === 'date';
}
