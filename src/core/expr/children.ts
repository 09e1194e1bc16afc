// Tree traversal: the direct sub-expressions of a node, in source order, and the depth of a tree.

import type { Expr } from './ast';

/** The direct sub-expressions of `expr`, in the order they appear in the text. */
export function childrenOf(expr: Expr): Expr[] {
  switch (expr.kind) {
    case 'number':
    case 'string':
    case 'date':
    case 'boolean':
    case 'null':
    case 'name':
      return [];
    case 'unary':
    case 'isNull':
      return [expr.operand];
    case 'binary':
      return [expr.left, expr.right];
    case 'in':
      return [expr.operand, ...expr.list];
    case 'between':
      return [expr.operand, expr.low, expr.high];
    case 'call':
      return [...expr.args];
  }
}

/**
 * The first node found deeper than `limit` levels (the root is level 1), or undefined.
 * Iterative, so it is safe on trees of any depth.
 */
export function findTooDeep(root: Expr, limit: number): Expr | undefined {
  const stack: Array<[Expr, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [Expr, number];
    if (depth > limit) return node;
    for (const child of childrenOf(node)) stack.push([child, depth + 1]);
  }
  return undefined;
}
