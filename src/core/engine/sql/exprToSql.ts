// Compiles an expression tree (src/core/expr) to the SQL of a dialect (dialect.ts), with the one
// meaning of each operator and function that exprSemantics.ts defines. Literals go through the quoting
// helpers of sqlText.ts (or, given a SqlValues, become the query's parameters), names through
// a resolver the caller gives, functions through a fixed table: no text of a KPI file is ever
// pasted into SQL as it was written.
import type { Expr, NameRef } from '../../expr';
import { quoteString, sqlDate, sqlNumber } from './sqlText';
import { duckdbDialect, type Dialect } from './dialect';
import type { SqlValues } from './sqlValues';
import { caseMapSql, divideSql, leastGreatestSql, roundSql, textSql } from './exprSemantics';
import * as l10n from '../../l10n/l10n';
import { isDayDifference, operandsOf, readConverted, type ColumnKind, type NameTyping } from './nameTyping';

/** Turns a name of the expression into SQL (a quoted column), or throws CompileError. */
export type NameResolver = (ref: NameRef) => string;

export class CompileError extends Error {}

const SQL_FUNCTIONS: Record<string, string> = {
  coalesce: 'coalesce',
  abs: 'abs',
  round: 'round',
  least: 'least',
  greatest: 'greatest',
  lower: 'lower',
  upper: 'upper',
  year: 'year',
  month: 'month',
  day: 'day',
};

const BINARY_SQL: Record<string, string> = {
  '+': '+',
  '-': '-',
  '*': '*',
  '=': '=',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  and: 'AND',
  or: 'OR',
};

/** The number an expression writes as a literal (`2`, `-1`), else undefined. */
function writtenNumber(e: Expr): number | undefined {
  if (e.kind === 'number') return e.value;
  if (e.kind === 'unary' && e.op === '-' && e.operand.kind === 'number') return -e.operand.value;
  return undefined;
}

/**
 * `values`: where the literals go (parameters in PostgreSQL); without it they are quoted literals.
 * `typing`: how the source holds the columns named (nameTyping.ts); a text column compared with a
 * number, or in arithmetic, is then read as a number (a date as a date).
 */
export function exprToSql(
  expr: Expr,
  resolve: NameResolver,
  dialect: Dialect = duckdbDialect,
  values?: SqlValues,
  typing?: NameTyping,
): string {
  /** An operand read as `as`: a text column's value converted (a NaN of a number column made null), anything else as it is. */
  const operand = (e: Expr, as: ColumnKind | undefined): string => {
    const sql = go(e);
    if (!typing || e.kind !== 'name' || !readConverted(typing, e, as)) return sql;
    return as === 'number' ? typing.asNumber(e, sql) : typing.asDate(e, sql);
  };
  const operands = (e: Expr): string[] => operandsOf(e, typing).map(([child, as]) => operand(child, as));
  const go = (e: Expr): string => {
    switch (e.kind) {
      case 'number':
        return values ? values.number(e.value) : sqlNumber(e.value);
      case 'string':
        return textSql(dialect, values ? values.text(e.value) : quoteString(e.value));
      case 'date':
        return values ? values.date(e.value) : sqlDate(e.value);
      case 'boolean':
        return e.value ? 'TRUE' : 'FALSE';
      case 'null':
        return 'NULL';
      case 'name':
        return resolve({ parts: e.parts, span: e.span });
      case 'unary': {
        const [operand] = operands(e);
        return e.op === '-' ? `(- ${operand})` : `(NOT ${operand})`;
      }
      case 'binary': {
        const [left, right] = operands(e);
        if (e.op === '/') return divideSql(dialect, left, right);
        // Days from the right date to the left one, whatever the sides hold (dates, instants).
        if (isDayDifference(e, typing))
          return `(${dialect.dayDiff(dialect.tryCast(right, 'DATE'), dialect.tryCast(left, 'DATE'))})`;
        return `(${left} ${BINARY_SQL[e.op]} ${right})`;
      }
      case 'in': {
        const [operand, ...list] = operands(e);
        return `(${operand} ${e.negated ? 'NOT IN' : 'IN'} (${list.join(', ')}))`;
      }
      case 'between': {
        const [operand, low, high] = operands(e);
        return `(${operand} ${e.negated ? 'NOT BETWEEN' : 'BETWEEN'} ${low} AND ${high})`;
      }
      case 'isNull':
        return `(${go(e.operand)} IS ${e.negated ? 'NOT NULL' : 'NULL'})`;
      case 'call': {
        const fn = SQL_FUNCTIONS[e.name];
        if (!fn) throw new CompileError(l10n.t("unknown function '{0}'", e.name));
        if (fn === 'round') {
          // A written number of decimals is the SQL's own (no parameter is made of it).
          const n = e.args[1];
          const written = n === undefined ? undefined : writtenNumber(n);
          const value = operand(e.args[0], 'number');
          return roundSql(dialect, value, n === undefined ? undefined : (written ?? { sql: operand(n, 'number') }));
        }
        const args = operands(e);
        if (fn === 'year' || fn === 'month' || fn === 'day') return dialect.datePart(fn, args.join(', '));
        if (fn === 'least' || fn === 'greatest') return leastGreatestSql(dialect, fn, args);
        if (fn === 'lower' || fn === 'upper') return caseMapSql(dialect, fn, args[0]);
        return `${fn}(${args.join(', ')})`;
      }
    }
  };
  return go(expr);
}
