// The typed syntax tree of the expression language (where filters, segment filters, formula KPIs).
// Every node carries the span of the characters it was parsed from.

/** Character offsets (UTF-16 code units) into the expression text; `end` is exclusive. */
export interface Span {
  start: number;
  end: number;
}

export type ArithmeticOp = '+' | '-' | '*' | '/';
export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type LogicalOp = 'and' | 'or';
export type BinaryOp = ArithmeticOp | ComparisonOp | LogicalOp;
export type UnaryOp = '-' | 'not';

export interface NumberLiteral {
  kind: 'number';
  value: number;
  span: Span;
}

export interface StringLiteral {
  kind: 'string';
  /** The unescaped text: `'it''s'` gives `it's`. */
  value: string;
  span: Span;
}

export interface DateLiteral {
  kind: 'date';
  /** 'YYYY-MM-DD' as written; an invalid date is reported but still kept here verbatim. */
  value: string;
  span: Span;
}

export interface BooleanLiteral {
  kind: 'boolean';
  value: boolean;
  span: Span;
}

export interface NullLiteral {
  kind: 'null';
  span: Span;
}

export interface NameExpr {
  kind: 'name';
  /** `['amount']`, or `['customers', 'plan']` for a joined column; case as written. */
  parts: string[];
  span: Span;
}

export interface UnaryExpr {
  kind: 'unary';
  op: UnaryOp;
  operand: Expr;
  span: Span;
}

export interface BinaryExpr {
  kind: 'binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
  span: Span;
}

export interface InExpr {
  kind: 'in';
  negated: boolean;
  operand: Expr;
  /** Never empty when produced by the parser. */
  list: Expr[];
  span: Span;
}

export interface BetweenExpr {
  kind: 'between';
  negated: boolean;
  operand: Expr;
  low: Expr;
  high: Expr;
  span: Span;
}

export interface IsNullExpr {
  kind: 'isNull';
  negated: boolean;
  operand: Expr;
  span: Span;
}

export interface CallExpr {
  kind: 'call';
  /** Lower-case function name. */
  name: string;
  args: Expr[];
  span: Span;
}

export type Expr =
  | NumberLiteral
  | StringLiteral
  | DateLiteral
  | BooleanLiteral
  | NullLiteral
  | NameExpr
  | UnaryExpr
  | BinaryExpr
  | InExpr
  | BetweenExpr
  | IsNullExpr
  | CallExpr;

export type ExprKind = Expr['kind'];

export const ARITHMETIC_OPS: readonly ArithmeticOp[] = ['+', '-', '*', '/'];
export const COMPARISON_OPS: readonly ComparisonOp[] = ['=', '!=', '<', '<=', '>', '>='];

export function isArithmeticOp(op: BinaryOp): op is ArithmeticOp {
  return (ARITHMETIC_OPS as readonly string[]).includes(op);
}

export function isComparisonOp(op: BinaryOp): op is ComparisonOp {
  return (COMPARISON_OPS as readonly string[]).includes(op);
}
