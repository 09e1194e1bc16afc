// Canonical text of an expression tree: lower-case keywords, single spaces, parentheses only where the
// precedence requires them. Parsing the result gives back the same tree (spans aside).

import type { BinaryOp, Expr } from './ast';
import { plainDecimal } from './decimal';
import { isBareName, quoteName } from './keywords';

/** Binding strength, loosest first; a child looser than its slot requires is parenthesised. */
const enum Level {
  Or = 1,
  And = 2,
  Not = 3,
  Comparison = 4,
  Additive = 5,
  Multiplicative = 6,
  Unary = 7,
  Primary = 8,
}

function binaryLevel(op: BinaryOp): Level {
  switch (op) {
    case 'or':
      return Level.Or;
    case 'and':
      return Level.And;
    case '+':
    case '-':
      return Level.Additive;
    case '*':
    case '/':
      return Level.Multiplicative;
    default:
      return Level.Comparison;
  }
}

function levelOf(expr: Expr): Level {
  switch (expr.kind) {
    case 'binary':
      return binaryLevel(expr.op);
    case 'unary':
      return expr.op === 'not' ? Level.Not : Level.Unary;
    case 'in':
    case 'between':
    case 'isNull':
      return Level.Comparison;
    case 'number':
      return expr.value < 0 || Object.is(expr.value, -0) ? Level.Unary : Level.Primary;
    default:
      return Level.Primary;
  }
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot format the non-finite number ${value}`);
  return Object.is(value, -0) ? '-0' : plainDecimal(value);
}

/** `expr` written so that it parses back at `min` binding strength or tighter. */
function at(expr: Expr, min: Level): string {
  const text = write(expr);
  return levelOf(expr) < min ? `(${text})` : text;
}

function write(expr: Expr): string {
  switch (expr.kind) {
    case 'number':
      return formatNumber(expr.value);
    case 'string':
      return `'${expr.value.replace(/'/g, "''")}'`;
    case 'date':
      return `date '${expr.value.replace(/'/g, "''")}'`;
    case 'boolean':
      return expr.value ? 'true' : 'false';
    case 'null':
      return 'null';
    case 'name':
      // A part after the dot may be a keyword (orders.date); any other name that is not bare is quoted.
      return expr.parts
        .map((part, i) =>
          isBareName(part) || (i > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(part)) ? part : quoteName(part),
        )
        .join('.');
    case 'unary': {
      if (expr.op === 'not') return `not ${at(expr.operand, Level.Not)}`;
      // `-(-x)` rather than `--x`, which reads like a SQL comment.
      const operand =
        levelOf(expr.operand) === Level.Unary ? `(${write(expr.operand)})` : at(expr.operand, Level.Unary);
      return `-${operand}`;
    }
    case 'binary': {
      const level = binaryLevel(expr.op);
      // Left-associative operators take a same-level left operand bare; comparisons take none.
      const leftMin = level === Level.Comparison ? Level.Additive : level;
      return `${at(expr.left, leftMin)} ${expr.op} ${at(expr.right, level + 1)}`;
    }
    case 'in': {
      const list = expr.list.map((item) => at(item, Level.Or)).join(', ');
      return `${at(expr.operand, Level.Additive)} ${expr.negated ? 'not in' : 'in'} (${list})`;
    }
    case 'between': {
      const keyword = expr.negated ? 'not between' : 'between';
      return `${at(expr.operand, Level.Additive)} ${keyword} ${at(expr.low, Level.Additive)} and ${at(expr.high, Level.Additive)}`;
    }
    case 'isNull':
      return `${at(expr.operand, Level.Additive)} ${expr.negated ? 'is not null' : 'is null'}`;
    case 'call':
      return `${expr.name}(${expr.args.map((arg) => at(arg, Level.Or)).join(', ')})`;
  }
}

/**
 * The canonical text of `expr`. A negative number node is written as `-n`, which parses back as unary
 * minus applied to n (the parser never produces negative number nodes). Throws RangeError for NaN/Infinity.
 */
export function formatExpression(expr: Expr): string {
  return write(expr);
}
