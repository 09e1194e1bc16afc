// Shared helpers for the expression-language tests: tree printing, span stripping, a seeded PRNG.

import { strict as assert } from 'assert';
import type { Expr } from '../../../src/core/expr/ast';
import { parseExpression } from '../../../src/core/expr/parse';

/** A compact prefix notation of a tree, e.g. `(or a (and b c))`, to write expected trees by hand. */
export function show(expr: Expr): string {
  switch (expr.kind) {
    case 'number':
      return String(expr.value);
    case 'string':
      return `'${expr.value.replace(/'/g, "''")}'`;
    case 'date':
      return `date'${expr.value}'`;
    case 'boolean':
      return String(expr.value);
    case 'null':
      return 'null';
    case 'name':
      return expr.parts.join('.');
    case 'unary':
      return `(${expr.op} ${show(expr.operand)})`;
    case 'binary':
      return `(${expr.op} ${show(expr.left)} ${show(expr.right)})`;
    case 'in':
      return `(${expr.negated ? 'not-in' : 'in'} ${[expr.operand, ...expr.list].map(show).join(' ')})`;
    case 'between':
      return `(${expr.negated ? 'not-between' : 'between'} ${show(expr.operand)} ${show(expr.low)} ${show(expr.high)})`;
    case 'isNull':
      return `(${expr.negated ? 'is-not-null' : 'is-null'} ${show(expr.operand)})`;
    case 'call':
      return `(${expr.name}${expr.args.map((a) => ` ${show(a)}`).join('')})`;
  }
}

/** Parses `text`, asserting there is no error of any kind, and returns the tree. */
export function parseOk(text: string): Expr {
  const { expr, errors } = parseExpression(text);
  assert.deepStrictEqual(errors, [], `unexpected errors for ${JSON.stringify(text)}`);
  assert.ok(expr, `no tree for ${JSON.stringify(text)}`);
  return expr;
}

/** `show` of the tree parsed from `text` (which must parse cleanly). */
export function shape(text: string): string {
  return show(parseOk(text));
}

/** A deep copy of `value` without any `span` property, to compare trees regardless of positions. */
export function stripSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripSpans);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      if (key !== 'span') out[key] = stripSpans(field);
    }
    return out;
  }
  return value;
}

/** A xorshift32 generator: deterministic floats in [0, 1) from a non-zero seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
}

/** One of `items`, chosen with `random`. */
export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}
