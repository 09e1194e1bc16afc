// The parser of the expression language: text -> typed tree, by recursive descent with SQL-like precedence.
//
// Precedence, lowest first: or < and < not (prefix) < comparison (= != < <= > >= in between is) < + - < * / <
// unary minus < primary. Comparisons do not chain; arithmetic and and/or associate to the left.

import type { BinaryOp, Expr, Span } from './ast';
import { findTooDeep } from './children';
import { checkDate } from './dates';
import { invalidDateMessage } from './dateMessages';
import { exprError, type ExprError } from './errors';
import { describeArity, lookupFunction, suggestFunction } from './functions';
import { tokenize, type Token } from './tokenize';
import { comparisonOpOf, describe, MAX_NESTING, nameOf, spanning, SyntaxFailure, TokenCursor } from './tokenCursor';

export { MAX_NESTING } from './tokenCursor';
import * as l10n from '../l10n/l10n';

export interface ParseResult {
  expr: Expr | null;
  errors: ExprError[];
}

class Parser extends TokenCursor {
  /** Non-fatal errors: unknown functions, arity, invalid dates. */
  readonly errors: ExprError[] = [];
  /** For a parenthesised expression, the span including its parentheses (used for the parent's span). */
  private readonly outer = new WeakMap<Expr, Span>();

  parseAll(): Expr {
    const expr = this.parseOr();
    const rest = this.peek();
    if (rest.kind !== 'end') {
      if (this.isPunct(rest, ')')) this.fail(l10n.t("unmatched ')'"), rest.span);
      this.fail(l10n.t('expected an operator or the end of the expression, found {0}', describe(rest)), rest.span);
    }
    return expr;
  }

  private extent(expr: Expr): Span {
    return this.outer.get(expr) ?? expr.span;
  }

  private binary(op: BinaryOp, left: Expr, right: Expr): Expr {
    return { kind: 'binary', op, left, right, span: spanning(this.extent(left), this.extent(right)) };
  }

  // ---- grammar ----

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isKeyword(this.peek(), 'or')) {
      this.advance();
      left = this.binary('or', left, this.parseAnd());
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isKeyword(this.peek(), 'and')) {
      this.advance();
      left = this.binary('and', left, this.parseNot());
    }
    return left;
  }

  private parseNot(): Expr {
    const token = this.peek();
    if (!this.isKeyword(token, 'not')) return this.parseComparison();
    this.advance();
    this.enter(token);
    const operand = this.parseNot();
    this.leave();
    return { kind: 'unary', op: 'not', operand, span: spanning(token.span, this.extent(operand)) };
  }

  /** True when `token` could start a comparison tail (used to reject chained comparisons). */
  private startsComparison(token: Token): boolean {
    if (comparisonOpOf(token) !== undefined) return true;
    if (this.isKeyword(token, 'not')) {
      const after = this.peek(1);
      return this.isKeyword(after, 'in') || this.isKeyword(after, 'between');
    }
    return token.kind === 'keyword' && ['in', 'between', 'is'].includes(token.keyword);
  }

  private parseComparison(): Expr {
    const left = this.parseAdditive();
    const result = this.parseComparisonTail(left);
    if (result !== left && this.startsComparison(this.peek())) {
      this.fail(l10n.t("comparisons cannot be chained: combine them with 'and'"), this.peek().span);
    }
    return result;
  }

  private parseComparisonTail(left: Expr): Expr {
    const token = this.peek();
    const op = comparisonOpOf(token);
    if (op !== undefined) {
      this.advance();
      return this.binary(op, left, this.parseAdditive());
    }
    if (token.kind !== 'keyword') return left;
    switch (token.keyword) {
      case 'in':
        this.advance();
        return this.parseInList(left, false);
      case 'between':
        this.advance();
        return this.parseBetween(left, false);
      case 'not': {
        const after = this.peek(1);
        if (this.isKeyword(after, 'in')) {
          this.advance();
          this.advance();
          return this.parseInList(left, true);
        }
        if (this.isKeyword(after, 'between')) {
          this.advance();
          this.advance();
          return this.parseBetween(left, true);
        }
        return this.fail(l10n.t("expected 'in' or 'between' after 'not', found {0}", describe(after)), after.span);
      }
      case 'is':
        this.advance();
        return this.parseIsNull(left);
      default:
        return left;
    }
  }

  private parseInList(operand: Expr, negated: boolean): Expr {
    const what = l10n.t("'{0}'", negated ? 'not in' : 'in');
    const open = this.peek();
    if (!this.isPunct(open, '('))
      this.fail(l10n.t("expected '(' after {0}, found {1}", what, describe(open)), open.span);
    this.advance();
    if (this.isPunct(this.peek(), ')')) {
      this.fail(l10n.t('the list of {0} cannot be empty', what), spanning(open.span, this.peek().span));
    }
    this.enter(open);
    const list: Expr[] = [this.parseOr()];
    while (this.isPunct(this.peek(), ',')) {
      this.advance();
      list.push(this.parseOr());
    }
    this.leave();
    const close = this.peek();
    if (!this.isPunct(close, ')')) this.fail(l10n.t("expected ')' after the list of {0}", what), close.span);
    this.advance();
    return { kind: 'in', negated, operand, list, span: spanning(this.extent(operand), close.span) };
  }

  private parseBetween(operand: Expr, negated: boolean): Expr {
    const low = this.parseAdditive();
    const and = this.peek();
    if (!this.isKeyword(and, 'and')) {
      this.fail(l10n.t("expected 'and' after the lower bound of 'between', found {0}", describe(and)), and.span);
    }
    this.advance();
    const high = this.parseAdditive();
    return { kind: 'between', negated, operand, low, high, span: spanning(this.extent(operand), this.extent(high)) };
  }

  private parseIsNull(operand: Expr): Expr {
    let negated = false;
    if (this.isKeyword(this.peek(), 'not')) {
      this.advance();
      negated = true;
    }
    const token = this.peek();
    if (!this.isKeyword(token, 'null')) {
      const message = negated
        ? l10n.t("expected 'null' after 'is not', found {0}", describe(token))
        : l10n.t("expected 'null' or 'not null' after 'is', found {0}", describe(token));
      this.fail(message, token.span);
    }
    this.advance();
    return { kind: 'isNull', negated, operand, span: spanning(this.extent(operand), token.span) };
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    for (;;) {
      const token = this.peek();
      if (!this.isPunct(token, '+') && !this.isPunct(token, '-')) return left;
      this.advance();
      left = this.binary(this.isPunct(token, '+') ? '+' : '-', left, this.parseMultiplicative());
    }
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    for (;;) {
      const token = this.peek();
      if (!this.isPunct(token, '*') && !this.isPunct(token, '/')) return left;
      this.advance();
      left = this.binary(this.isPunct(token, '*') ? '*' : '/', left, this.parseUnary());
    }
  }

  private parseUnary(): Expr {
    const token = this.peek();
    if (!this.isPunct(token, '-')) return this.parsePrimary();
    this.advance();
    this.enter(token);
    const operand = this.parseUnary();
    this.leave();
    return { kind: 'unary', op: '-', operand, span: spanning(token.span, this.extent(operand)) };
  }

  private parsePrimary(): Expr {
    const token = this.peek();
    switch (token.kind) {
      case 'number':
        this.advance();
        return { kind: 'number', value: token.value, span: token.span };
      case 'string':
        this.advance();
        return { kind: 'string', value: token.value, span: token.span };
      case 'identifier':
        return !token.quoted && this.isPunct(this.peek(1), '(') ? this.parseCall() : this.parseName();
      case 'keyword':
        return this.parseKeywordValue(token);
      case 'punctuator':
        if (token.punctuator === '(') return this.parseParenthesised();
        break;
      case 'end':
        break;
    }
    return this.expectedValue(token);
  }

  private expectedValue(token: Token): never {
    const previous = this.previous();
    const found = token.kind === 'keyword' ? l10n.t('the keyword {0}', describe(token)) : describe(token);
    const message =
      previous === undefined
        ? l10n.t('expected a value, found {0}', found)
        : l10n.t('expected a value after {0}, found {1}', describe(previous), found);
    return this.fail(message, token.span);
  }

  private parseKeywordValue(token: Token & { kind: 'keyword' }): Expr {
    switch (token.keyword) {
      case 'true':
      case 'false':
        this.advance();
        return { kind: 'boolean', value: token.keyword === 'true', span: token.span };
      case 'null':
        this.advance();
        return { kind: 'null', span: token.span };
      case 'date':
        return this.parseDate(token);
      default:
        return this.expectedValue(token);
    }
  }

  private parseDate(keyword: Token): Expr {
    this.advance();
    const literal = this.peek();
    if (literal.kind !== 'string') {
      this.fail(
        l10n.t("expected a date string like '2025-01-31' after 'date', found {0}", describe(literal)),
        literal.span,
      );
    }
    this.advance();
    const check = checkDate(literal.value);
    if (!check.ok) {
      const suggestion = check.suggestion === undefined ? undefined : `'${check.suggestion}'`;
      this.errors.push(exprError('expr-invalid-date', invalidDateMessage(literal.value), literal.span, suggestion));
    }
    return { kind: 'date', value: literal.value, span: spanning(keyword.span, literal.span) };
  }

  private parseName(): Expr {
    const first = this.advance();
    const parts = [nameOf(first)];
    let last = first;
    if (this.isPunct(this.peek(), '.')) {
      this.advance();
      const part = this.peek();
      // After the dot a keyword is unambiguous, so `orders.date` names a column called date.
      if (part.kind !== 'identifier' && part.kind !== 'keyword') {
        this.fail(l10n.t("expected a column name after '.', found {0}", describe(part)), part.span);
      }
      this.advance();
      parts.push(nameOf(part));
      last = part;
      const extra = this.peek();
      if (this.isPunct(extra, '.')) this.fail(l10n.t('a name has at most one dot, as in source.column'), extra.span);
    }
    return { kind: 'name', parts, span: spanning(first.span, last.span) };
  }

  private parseCall(): Expr {
    const nameToken = this.advance();
    const open = this.advance();
    this.enter(open);
    const name = nameToken.text.toLowerCase();
    const args: Expr[] = [];
    if (!this.isPunct(this.peek(), ')')) {
      args.push(this.parseOr());
      while (this.isPunct(this.peek(), ',')) {
        this.advance();
        args.push(this.parseOr());
      }
    }
    this.leave();
    const close = this.peek();
    if (!this.isPunct(close, ')')) {
      this.fail(l10n.t("expected ',' or ')' in the arguments of '{0}', found {1}", name, describe(close)), close.span);
    }
    this.advance();
    const span = spanning(nameToken.span, close.span);
    this.checkCall(name, nameToken.span, args, span);
    return { kind: 'call', name, args, span };
  }

  private checkCall(name: string, nameSpan: Span, args: Expr[], callSpan: Span): void {
    const info = lookupFunction(name);
    if (info === undefined) {
      const suggestion = suggestFunction(name);
      const message =
        suggestion === undefined
          ? l10n.t("unknown function '{0}'", name)
          : l10n.t("unknown function '{0}': did you mean '{1}'?", name, suggestion);
      this.errors.push(exprError('expr-unknown-function', message, nameSpan, suggestion));
      return;
    }
    const count = args.length;
    const tooMany = info.maxArgs !== null && count > info.maxArgs;
    if (count >= info.minArgs && !tooMany) return;
    const message = l10n.t('{0} takes {1}, got {2}', name, describeArity(info), count);
    // Too many: point at the surplus arguments; too few: at the whole call.
    const span = tooMany ? spanning(this.extent(args[info.maxArgs ?? 0]), this.extent(args[count - 1])) : callSpan;
    this.errors.push(exprError('expr-arity', message, span));
  }

  private parseParenthesised(): Expr {
    const open = this.advance();
    this.enter(open);
    const inner = this.parseOr();
    this.leave();
    const close = this.peek();
    if (!this.isPunct(close, ')'))
      this.fail(l10n.t("expected ')' to close '(', found {0}", describe(close)), close.span);
    this.advance();
    this.outer.set(inner, spanning(open.span, close.span));
    return inner;
  }
}

/**
 * Parses an expression. Never throws. Stops at the first syntax error (expr null); unknown functions,
 * wrong arities and invalid dates are reported alongside a tree.
 */
export function parseExpression(text: string): ParseResult {
  const { tokens, errors: tokenErrors } = tokenize(text);
  if (tokenErrors.length > 0) return { expr: null, errors: tokenErrors };
  if (tokens.length === 1) {
    return { expr: null, errors: [exprError('expr-syntax', 'empty expression', { start: 0, end: text.length })] };
  }
  const parser = new Parser(tokens);
  let expr: Expr;
  try {
    expr = parser.parseAll();
  } catch (failure) {
    if (failure instanceof SyntaxFailure) return { expr: null, errors: [failure.error] };
    throw failure;
  }
  const tooDeep = findTooDeep(expr, MAX_NESTING);
  if (tooDeep !== undefined) {
    return { expr: null, errors: [exprError('expr-syntax', 'expression nested too deeply', tooDeep.span)] };
  }
  return { expr, errors: parser.errors };
}
