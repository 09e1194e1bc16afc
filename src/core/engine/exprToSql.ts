// Compiles an expression tree (src/core/expr) to DuckDB or PostgreSQL SQL (dialect.ts). Literals go through the quoting
// helpers of sqlText.ts (or, given a SqlValues, become the query's parameters), names through
// a resolver the caller gives, functions through a fixed table: no text of a KPI file is ever
// pasted into SQL as it was written.
import type { Expr, NameRef } from '../expr';
import { quoteString, sqlDate, sqlNumber } from './sqlText';
import { duckdbDialect, type Dialect } from './dialect';
import type { SqlValues } from './sqlValues';
import * as l10n from '../l10n/l10n';

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
  '+': '+', '-': '-', '*': '*', '=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=', and: 'AND', or: 'OR',
};

/** `values`: where the literals go (parameters in PostgreSQL); without it they are quoted literals. */
export function exprToSql(expr: Expr, resolve: NameResolver, dialect: Dialect = duckdbDialect, values?: SqlValues): string {
  const go = (e: Expr): string => {
    switch (e.kind) {
      case 'number':
        return values ? values.number(e.value) : sqlNumber(e.value);
      case 'string':
        return values ? values.text(e.value) : quoteString(e.value);
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
        if (e.op === '/') return `(${go(e.left)} / NULLIF(${go(e.right)}, 0))`;
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
        if (fn === 'round' && e.args.length === 2) return `round(${go(e.args[0])}, CAST(${go(e.args[1])} AS INTEGER))`;
        return `${fn}(${e.args.map(go).join(', ')})`;
      }
    }
  };
  return go(expr);
}
