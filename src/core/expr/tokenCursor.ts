// The expression parser's token cursor and its small helpers: where the parser is in the
// token list, what a token is, how a syntax error stops the parse (SyntaxFailure, caught by
// parseExpression), and the nesting limit. parse.ts's Parser extends TokenCursor with the grammar.
import type { ComparisonOp, Span } from './ast';
import { exprError, type ExprError } from './errors';
import type { Keyword } from './keywords';
import type { Punctuator, Token } from './tokenize';
import * as l10n from '../l10n/l10n';

/** Deepest nesting accepted, counted both while parsing (parentheses, calls, lists, prefix operators) and in the tree. */
export const MAX_NESTING = 200;

const COMPARISON_OPS: Readonly<Partial<Record<Punctuator, ComparisonOp>>> = {
  '=': '=',
  '!=': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

export function comparisonOpOf(token: Token): ComparisonOp | undefined {
  return token.kind === 'punctuator' ? COMPARISON_OPS[token.punctuator] : undefined;
}

/** Thrown inside the parser to stop at the first syntax error; never escapes parseExpression. */
export class SyntaxFailure {
  constructor(readonly error: ExprError) {}
}

export function describe(token: Token): string {
  if (token.kind === 'end') return l10n.t('the end of the expression');
  const text = token.text.length > 24 ? `${token.text.slice(0, 23)}…` : token.text;
  return l10n.t("'{0}'", text);
}

/** The name a token spells: a quoted identifier's name without its quotes, else the text. */
export function nameOf(token: Token): string {
  return token.kind === 'identifier' ? token.name : token.text;
}

export function spanning(from: Span, to: Span): Span {
  return { start: from.start, end: to.end };
}

export abstract class TokenCursor {
  protected pos = 0;
  protected depth = 0;

  constructor(protected readonly tokens: Token[]) {}

  protected peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
  }

  protected advance(): Token {
    const token = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return token;
  }

  protected previous(): Token | undefined {
    return this.pos > 0 ? this.tokens[this.pos - 1] : undefined;
  }

  protected isKeyword(token: Token, keyword: Keyword): boolean {
    return token.kind === 'keyword' && token.keyword === keyword;
  }

  protected isPunct(token: Token, punctuator: Punctuator): boolean {
    return token.kind === 'punctuator' && token.punctuator === punctuator;
  }

  protected fail(message: string, span: Span, suggestion?: string): never {
    throw new SyntaxFailure(exprError('expr-syntax', message, span, suggestion));
  }

  protected enter(token: Token): void {
    this.depth++;
    if (this.depth > MAX_NESTING) this.fail(l10n.t('expression nested too deeply'), token.span);
  }

  protected leave(): void {
    this.depth--;
  }
}
