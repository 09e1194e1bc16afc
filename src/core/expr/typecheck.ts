// Bottom-up type inference and checking of an expression tree.
//
// 'unknown' (a name whose type is not known) and 'null' are compatible with every type; errors are only
// reported for mismatches that are certain.

import { isArithmeticOp, type CallExpr, type Expr, type Span } from './ast';
import { isValidDate } from './dates';
import { exprError, type ExprError } from './errors';
import { lookupFunction } from './functions';
import type { NameRef } from './names';
import * as l10n from '../l10n/l10n';

export type ExprType = 'number' | 'string' | 'boolean' | 'date' | 'null' | 'unknown';

export interface TypeCheckResult {
  type: ExprType;
  errors: ExprError[];
}

interface Typed {
  expr: Expr;
  type: ExprType;
}

/** A value of a type, for messages: "a number", "a string"… in the display language. */
export function typeNoun(type: ExprType): string {
  switch (type) {
    case 'number':
      return l10n.t('a number');
    case 'string':
      return l10n.t('a string');
    case 'boolean':
      return l10n.t('a boolean');
    case 'date':
      return l10n.t('a date');
    case 'null':
      return 'null';
    case 'unknown':
      return l10n.t('a value of unknown type');
  }
}

/** True when a value of type `a` may meet a value of type `b` (compared, mixed in a list, ...). */
export function compatible(a: ExprType, b: ExprType): boolean {
  return a === b || a === 'unknown' || b === 'unknown' || a === 'null' || b === 'null';
}

/** A type a value certainly has (not unknown, not null). */
function isConcrete(type: ExprType): boolean {
  return type !== 'unknown' && type !== 'null';
}

/** The one concrete type of `types`, ignoring unknown and null; undefined when they disagree. */
function unify(types: ExprType[]): ExprType | undefined {
  const concrete = types.filter(isConcrete);
  if (concrete.length === 0) return types.includes('unknown') ? 'unknown' : 'null';
  return concrete.every((t) => t === concrete[0]) ? concrete[0] : undefined;
}

/** A string literal holding a valid date, written where a date is expected: suggest the date literal. */
function dateLiteralFix(expr: Expr): string | undefined {
  return expr.kind === 'string' && isValidDate(expr.value) ? `date '${expr.value}'` : undefined;
}

class Checker {
  readonly errors: ExprError[] = [];

  constructor(private readonly typeOfName: (ref: NameRef) => ExprType) {}

  private error(message: string, span: Span, suggestion?: string): void {
    this.errors.push(exprError('expr-type', message, span, suggestion));
  }

  /** Requires `operand` to have type `expected` (or unknown/null); `what` names the consumer. */
  private expect(operand: Typed, expected: 'number' | 'string' | 'date' | 'boolean', what: string): void {
    if (compatible(operand.type, expected)) return;
    const fix = expected === 'date' ? dateLiteralFix(operand.expr) : undefined;
    this.error(
      l10n.t('{0} needs {1}, got {2}', what, typeNoun(expected), typeNoun(operand.type)),
      operand.expr.span,
      fix,
    );
  }

  /** Two values compared with each other; `whole` is reported when no single side is to blame. */
  private expectComparable(a: Typed, b: Typed, whole: Span): void {
    if (compatible(a.type, b.type)) return;
    for (const [date, other] of [
      [a, b],
      [b, a],
    ]) {
      const fix = date.type === 'date' ? dateLiteralFix(other.expr) : undefined;
      if (fix !== undefined) {
        this.error(l10n.t('cannot compare a date with a string: use a date literal'), other.expr.span, fix);
        return;
      }
    }
    this.error(l10n.t('cannot compare {0} with {1}', typeNoun(a.type), typeNoun(b.type)), whole);
  }

  /**
   * Values that must share one type (an in list or between bounds before a column of unknown
   * type, a function's arguments): each of the first known value's type, else an error.
   */
  private expectAlike(values: Typed[], what: string): void {
    const first = values.find((v) => isConcrete(v.type));
    if (first === undefined) return;
    for (const value of values) {
      if (compatible(first.type, value.type)) continue;
      const fix = first.type === 'date' ? dateLiteralFix(value.expr) : undefined;
      this.error(
        l10n.t('{0}: got {1} and {2}', what, typeNoun(first.type), typeNoun(value.type)),
        value.expr.span,
        fix,
      );
    }
  }

  check(expr: Expr): ExprType {
    switch (expr.kind) {
      case 'number':
      case 'string':
      case 'date':
      case 'boolean':
      case 'null':
        return expr.kind;
      case 'name':
        return this.typeOfName({ parts: [...expr.parts], span: { ...expr.span } });
      case 'unary': {
        const operand = this.typed(expr.operand);
        if (expr.op === '-') {
          this.expect(operand, 'number', l10n.t("'{0}'", '-'));
          return 'number';
        }
        this.expect(operand, 'boolean', l10n.t("'{0}'", 'not'));
        return 'boolean';
      }
      case 'binary': {
        const left = this.typed(expr.left);
        const right = this.typed(expr.right);
        if (isArithmeticOp(expr.op)) {
          // A date minus a date is a number of days (DSL.md); no other arithmetic takes a date.
          // (A side of unknown type beside a date: its column's type in the data is checked once read.)
          const dated = (t: ExprType) => t === 'date' || !isConcrete(t);
          if (
            expr.op === '-' &&
            dated(left.type) &&
            dated(right.type) &&
            (left.type === 'date' || right.type === 'date')
          )
            return 'number';
          this.expect(left, 'number', l10n.t("'{0}'", expr.op));
          this.expect(right, 'number', l10n.t("'{0}'", expr.op));
          return 'number';
        }
        if (expr.op === 'and' || expr.op === 'or') {
          this.expect(left, 'boolean', l10n.t("'{0}'", expr.op));
          this.expect(right, 'boolean', l10n.t("'{0}'", expr.op));
          return 'boolean';
        }
        this.expectComparable(left, right, expr.span);
        return 'boolean';
      }
      case 'in': {
        const operand = this.typed(expr.operand);
        const items = expr.list.map((item) => this.typed(item));
        for (const item of items) this.expectComparable(operand, item, item.expr.span);
        // A column of unknown type meets every value of the list: `amount in (5, 'abc')` fails
        // whatever amount holds.
        if (!isConcrete(operand.type)) this.expectAlike(items, l10n.t('an in list needs values of one type'));
        return 'boolean';
      }
      case 'between': {
        const operand = this.typed(expr.operand);
        const low = this.typed(expr.low);
        const high = this.typed(expr.high);
        this.expectComparable(operand, low, expr.low.span);
        this.expectComparable(operand, high, expr.high.span);
        if (!isConcrete(operand.type)) this.expectAlike([low, high], l10n.t('between needs bounds of one type'));
        return 'boolean';
      }
      case 'isNull':
        this.check(expr.operand);
        return 'boolean';
      case 'call':
        return this.checkCall(expr);
    }
  }

  private typed(expr: Expr): Typed {
    return { expr, type: this.check(expr) };
  }

  private checkCall(call: CallExpr): ExprType {
    const args = call.args.map((arg) => this.typed(arg));
    const info = lookupFunction(call.name);
    // Unknown functions are reported by the parser; their result is unknown.
    if (info === undefined) return 'unknown';
    if (info.argType !== 'same') {
      for (const arg of args) this.expect(arg, info.argType, call.name);
      return info.returns === 'same' ? 'unknown' : info.returns;
    }
    const shared = unify(args.map((a) => a.type));
    if (shared !== undefined) return info.returns === 'same' ? shared : info.returns;
    this.expectAlike(args, l10n.t('{0} needs arguments of one type', call.name));
    return info.returns === 'same' ? 'unknown' : info.returns;
  }
}

/**
 * Infers the type of `expr` bottom-up and reports certain mismatches as 'expr-type' errors.
 * `typeOfName` gives the type of each column or KPI name ('unknown' when not known).
 */
export function checkTypes(expr: Expr, typeOfName: (ref: NameRef) => ExprType): TypeCheckResult {
  const checker = new Checker(typeOfName);
  const type = checker.check(expr);
  return { type, errors: checker.errors };
}
