// Evaluates a `formula` KPI's expression on other KPIs' values (one period, one segment):
// arithmetic with null propagation, division by zero → null, never NaN or Infinity; every
// function with the meaning exprSemantics.ts defines for the SQL dialects.
import type { Expr } from '../../expr';
import { roundNumber } from '../sql/exprSemantics';

export type KpiValueLookup = (name: string) => number | null;

export function evaluateFormula(expr: Expr, valueOf: KpiValueLookup): number | null {
  const num = (v: number | null): number | null => (v === null || !Number.isFinite(v) ? null : v);
  const go = (e: Expr): number | null => {
    switch (e.kind) {
      case 'number':
        return e.value;
      case 'name':
        return e.parts.length === 1 ? valueOf(e.parts[0]) : null;
      case 'null':
        return null;
      case 'unary': {
        const v = go(e.operand);
        return e.op === '-' && v !== null ? -v : null;
      }
      case 'binary': {
        const a = go(e.left);
        const b = go(e.right);
        if (a === null || b === null) return null;
        switch (e.op) {
          case '+':
            return num(a + b);
          case '-':
            return num(a - b);
          case '*':
            return num(a * b);
          case '/':
            return b === 0 ? null : num(a / b);
          default:
            return null;
        }
      }
      case 'call': {
        const args = e.args.map(go);
        switch (e.name) {
          case 'coalesce':
            return args.find((v) => v !== null) ?? null;
          case 'abs':
            return args[0] === null ? null : Math.abs(args[0]);
          case 'round': {
            const [v, d] = args;
            if (v === null) return null;
            const digits = e.args.length > 1 ? d : 0;
            if (digits === null) return null;
            return num(roundNumber(v, digits));
          }
          case 'least':
          case 'greatest': {
            const present = args.filter((v): v is number => v !== null);
            if (present.length === 0) return null;
            return e.name === 'least' ? Math.min(...present) : Math.max(...present);
          }
          default:
            return null;
        }
      }
      default:
        return null;
    }
  };
  return go(expr);
}
