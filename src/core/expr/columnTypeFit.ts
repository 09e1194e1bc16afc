// Whether an expression fits the types its columns have in the data: what the file alone cannot
// tell (a column's type is known once its source is read). A filter `where: amount` on a column
// of numbers would keep every row but those of 0 (DuckDB reads a number as true or false); a
// date compared with a number, a number with the text 'abc', `year(amount)`, `paid + 1` stop
// the query, and with it every KPI of the source. Each is told at its characters instead, and
// only the KPIs using the expression are not evaluated (engine/evaluation/expressionTypes.ts).
// The check uses it too, on the types the file declares (`columns:`, a source's `time`).
// A column held as text meets numbers and dates through exprToSql.ts's conversions: it fits
// them, not true or false. Values of one kind meet: PostgreSQL compares no true with a 1 either.
import { isArithmeticOp, type Expr } from './ast';
import { childrenOf } from './children';
import { exprError, type ExprError } from './errors';
import { lookupFunction } from './functions';
import type { NameRef } from './names';
import * as l10n from '../l10n/l10n';

/** How data holds a column, as far as expressions go (the engine's compiler reads it too: engine/sql/nameTyping.ts). */
export type ColumnKind = 'text' | 'number' | 'date';

/** What the check knows of the columns an expression names. */
export interface ColumnKinds {
  /** How the data holds the column: text, numbers or dates; undefined when neither (or not known). */
  kind(ref: NameRef): ColumnKind | undefined;
  /** Whether the data holds it as true or false. */
  isBoolean(ref: NameRef): boolean;
}

/** The kind of a value: a column's, a literal's, an operation's; undefined when any fits (null, not known). */
type Kind = ColumnKind | 'boolean';

/** A text the engine reads as a number where one is compared with it (DuckDB's and PostgreSQL's casts). */
const NUMBER_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;
/** A text the engine reads as a date or an instant (`2025-01-31`, `2025-1-31`, `2025-01-31 10:00`). */
const DATE_TEXT =
  /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?\s*$/;
const BOOLEAN_TEXT = /^\s*(true|false)\s*$/i;

function readsAsDate(text: string): boolean {
  const m = DATE_TEXT.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

function kindNoun(kind: Kind): string {
  switch (kind) {
    case 'number':
      return l10n.t('numbers');
    case 'date':
      return l10n.t('dates');
    case 'text':
      return l10n.t('text');
    case 'boolean':
      return l10n.t('true or false');
  }
}

const written = (e: Expr): string => (e.kind === 'name' ? e.parts.join('.') : '');

/**
 * The places where `expr` does not fit its columns' types in the data, as 'expr-type' errors
 * over its own text. `asFilter`: the expression is a row filter (true or false for each row).
 */
export function columnTypeProblems(expr: Expr, columns: ColumnKinds, asFilter: boolean): ExprError[] {
  const out: ExprError[] = [];
  const problem = (message: string, at: Expr): void => {
    out.push(exprError('expr-type', message, at.span));
  };
  /** A column of text: exprToSql.ts reads it as a number or a date where it meets one. */
  const convertible = (e: Expr): boolean => e.kind === 'name' && columns.kind(e) === 'text';

  const kindOf = (e: Expr): Kind | undefined => {
    switch (e.kind) {
      case 'number':
        return 'number';
      case 'string':
        return 'text';
      case 'date':
        return 'date';
      case 'boolean':
        return 'boolean';
      case 'null':
        return undefined;
      case 'name':
        return columns.isBoolean(e) ? 'boolean' : columns.kind(e);
      case 'unary':
        return e.op === '-' ? 'number' : 'boolean';
      case 'binary':
        return isArithmeticOp(e.op) ? 'number' : 'boolean';
      case 'in':
      case 'between':
      case 'isNull':
        return 'boolean';
      case 'call': {
        const fn = lookupFunction(e.name);
        if (fn?.returns === 'number') return 'number';
        if (fn?.returns === 'string') return 'text';
        const kinds = e.args.filter((a) => !convertible(a)).map(kindOf);
        return kinds.find((k) => k !== undefined && k !== 'text') ?? kinds.find((k) => k !== undefined);
      }
    }
  };

  /** A value that must be true or false: a column of numbers, dates or text is not. */
  const condition = (e: Expr): void => {
    const kind = e.kind === 'name' ? kindOf(e) : undefined;
    if (kind === undefined || kind === 'boolean') return value(e);
    const example =
      kind === 'number'
        ? `${written(e)} > 0`
        : kind === 'date'
          ? `${written(e)} >= date '2025-01-01'`
          : `${written(e)} = '…'`;
    problem(
      l10n.t(
        "'{0}' holds {1}, not true or false: a filter compares it with a value (e.g. {2})",
        written(e),
        kindNoun(kind),
        example,
      ),
      e,
    );
  };

  /** An operand that must be of `needs` (`what`: the operator or function). */
  const operand = (e: Expr, needs: Kind, what: string): void => {
    const kind = kindOf(e);
    if (kind === undefined || kind === needs || (convertible(e) && (needs === 'number' || needs === 'date'))) return;
    if (e.kind === 'string' && needs !== 'text') return stringAs(e, needs, undefined);
    problem(
      e.kind === 'name'
        ? l10n.t("{0} needs {1}: '{2}' holds {3}", what, kindNoun(needs), written(e), kindNoun(kind))
        : l10n.t('{0} needs {1}, not {2}', what, kindNoun(needs), kindNoun(kind)),
      e,
    );
  };

  /** A text literal where a value of `kind` is met: the engine reads it as one, or stops. */
  const stringAs = (e: Extract<Expr, { kind: 'string' }>, kind: Kind, column: Expr | undefined): void => {
    const fits =
      kind === 'number'
        ? NUMBER_TEXT.test(e.value)
        : kind === 'date'
          ? readsAsDate(e.value)
          : kind === 'boolean'
            ? BOOLEAN_TEXT.test(e.value)
            : true;
    if (fits) return;
    const noun =
      kind === 'number'
        ? l10n.t('a number')
        : kind === 'date'
          ? l10n.t('a date (YYYY-MM-DD)')
          : l10n.t('true or false');
    problem(
      column
        ? l10n.t("'{0}' is not {1}, and '{2}' holds {3}", e.value, noun, written(column), kindNoun(kind))
        : l10n.t("'{0}' is not {1}, and it is compared with {2}", e.value, noun, kindNoun(kind)),
      e,
    );
  };

  /** Values that meet (compared, in a list, between bounds, one function's arguments): one kind. */
  const meeting = (operands: Expr[]): void => {
    // The kind they meet as: of the values that are neither text nor null (a text column or a
    // text literal takes it); text when all are.
    const typed = operands.filter((o) => !convertible(o) && o.kind !== 'string' && kindOf(o) !== undefined);
    const first = typed[0];
    const kind = first ? kindOf(first) : undefined;
    for (const o of typed.slice(1)) {
      const other = kindOf(o);
      if (other === kind) continue;
      const column = [first, o].find((x) => x.kind === 'name');
      const blamed = column === first ? o : first;
      problem(
        column
          ? l10n.t(
              "'{0}' holds {1}: it cannot be compared with {2}",
              written(column),
              kindNoun(kindOf(column) as Kind),
              kindNoun(kindOf(blamed) as Kind),
            )
          : l10n.t('{0} cannot be compared with {1}', kindNoun(kind as Kind), kindNoun(other as Kind)),
        column ? blamed : o,
      );
      return;
    }
    if (kind === undefined || kind === 'text') return;
    for (const o of operands) {
      if (o.kind === 'string') stringAs(o, kind, first.kind === 'name' ? first : undefined);
      else if (kind === 'boolean' && convertible(o))
        problem(
          l10n.t("'{0}' holds {1}: it cannot be compared with {2}", written(o), kindNoun('text'), kindNoun('boolean')),
          o,
        );
    }
  };

  const value = (e: Expr): void => {
    switch (e.kind) {
      case 'unary':
        if (e.op === 'not') return condition(e.operand);
        operand(e.operand, 'number', `'-'`);
        break;
      case 'binary':
        if (e.op === 'and' || e.op === 'or') {
          condition(e.left);
          condition(e.right);
          return;
        }
        if (isArithmeticOp(e.op)) {
          // A date minus a date is a number of days (both engines); no other arithmetic takes a date.
          const days = e.op === '-' && kindOf(e.left) === 'date' && kindOf(e.right) === 'date';
          if (!days) for (const side of [e.left, e.right]) operand(side, 'number', `'${e.op}'`);
        } else meeting([e.left, e.right]);
        break;
      case 'in':
        meeting([e.operand, ...e.list]);
        break;
      case 'between':
        meeting([e.operand, e.low, e.high]);
        break;
      case 'call': {
        const fn = lookupFunction(e.name);
        if (fn?.argType === 'same') meeting(e.args);
        else if (fn) for (const a of e.args) operand(a, fn.argType === 'string' ? 'text' : fn.argType, `'${fn.name}'`);
        break;
      }
      default:
        break;
    }
    for (const child of childrenOf(e)) value(child);
  };

  if (asFilter) condition(expr);
  else value(expr);
  return out;
}
