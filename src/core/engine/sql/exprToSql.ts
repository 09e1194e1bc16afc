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

/** `values`: where the literals go (parameters in PostgreSQL); without it they are quoted literals. */
export function exprToSql(
  expr: Expr,
  resolve: NameResolver,
  dialect: Dialect = duckdbDialect,
  values?: SqlValues,
): string {
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
      case 'unary':
        return e.op === '-' ? `(- ${go(e.operand)})` : `(NOT ${go(e.operand)})`;
      case 'binary':
        if (e.op === '/') return divideSql(dialect, go(e.left), go(e.right));
        return `(${go(e.left)} ${BINARY_SQL[e.op]} ${go(e.right)})`;
      case 'in':
        return `(${go(e.operand)} ${e.negated ? 'NOT IN' : 'IN'} (${e.list.map(go).join(', ')}))`;
      case 'between':
        return `(${go(e.operand)} ${e.negated ? 'NOT BETWEEN' : 'BETWEEN'} ${go(e.low)} AND ${go(e.high)})`;
      case 'isNull':
        return `(${go(e.operand)} IS ${e.negated ? 'NOT NULL' : 'NULL'})`;
      case 'call': {
        const fn = SQL_FUNCTIONS[e.name];
        if (!fn) throw new CompileError(l10n.t("unknown function '{0}'", e.name));
        if (fn === 'year' || fn === 'month' || fn === 'day') return dialect.datePart(fn, e.args.map(go).join(', '));
        if (fn === 'round') {
          const n = e.args[1];
          const written = n === undefined ? undefined : writtenNumber(n);
          return roundSql(dialect, go(e.args[0]), n === undefined ? undefined : (written ?? { sql: go(n) }));
        }
        if (fn === 'least' || fn === 'greatest') return leastGreatestSql(dialect, fn, e.args.map(go));
        if (fn === 'lower' || fn === 'upper') return caseMapSql(dialect, fn, go(e.args[0]));
        return `${fn}(${e.args.map(go).join(', ')})`;
      }
    }
  };
  return go(expr);
}
