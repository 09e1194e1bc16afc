// Errors reported by the expression tokenizer, parser and type checker.

import type { Span } from './ast';

export type ExprErrorCode = 'expr-syntax' | 'expr-unknown-function' | 'expr-arity' | 'expr-invalid-date' | 'expr-type';

export interface ExprError {
  code: ExprErrorCode;
  /** Short, lower-case first letter, no positions (the caller maps the span to a file position). */
  message: string;
  /** The offending characters in the expression text. */
  span: Span;
  /** Replacement text for `span`, when one is likely. */
  suggestion?: string;
}

/** Builds an error, leaving `suggestion` out entirely when there is none. */
export function exprError(code: ExprErrorCode, message: string, span: Span, suggestion?: string): ExprError {
  const error: ExprError = { code, message, span: { start: span.start, end: span.end } };
  if (suggestion !== undefined) error.suggestion = suggestion;
  return error;
}
