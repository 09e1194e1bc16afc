// Collecting the names (columns or KPI references) used by an expression.

import type { Expr, Span } from './ast';
import { childrenOf } from './children';

export interface NameRef {
  parts: string[];
  span: Span;
}

/** Every name in `expr`, in source order (a name used twice appears twice). */
export function collectNames(expr: Expr): NameRef[] {
  const found: NameRef[] = [];
  const visit = (node: Expr): void => {
    if (node.kind === 'name') found.push({ parts: [...node.parts], span: { ...node.span } });
    for (const child of childrenOf(node)) visit(child);
  };
  visit(expr);
  return found;
}
