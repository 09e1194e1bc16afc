// The memo key of a request (cache/evaluationMemo.ts): what decides its values — the KPI's
// definition, its segments, its period's windows, as_of, and every source it reads with the
// files' stamps. A request without a memo or with an unstamped source has none.
import { parseExpression } from '../../expr';
import { sourcesNamedBy } from '../../kpis/kpiRules';
import { EvaluationMemo } from '../cache/evaluationMemo';
import type { EvaluationState, Request } from './evaluationState';
import { joinedSources, qualifiedSources } from './sourcePreparation';
import { sourceMemoIdentity } from '../sources/sourceContext';

/**
 * The memo key of a request: the KPI's own definition (not its title or format), its
 * segments' definitions, its period's windows, as_of, and every source it reads (spec,
 * files and their stamps). Undefined without a memo or when a source has no stamp.
 */
export function memoKey(st: EvaluationState, kind: string, r: Request): string | undefined {
  if (!st.options.memo) return undefined;
  const k = r.kpi;
  const names = new Set<string>();
  const addExpr = (text: string | undefined) => {
    const expr = text ? parseExpression(text).expr : null;
    if (expr) for (const s of qualifiedSources(expr)) names.add(s);
  };
  if (k.source) names.add(k.source);
  for (const s of sourcesNamedBy(k)) if (st.model.sources.has(s)) names.add(s);
  addExpr(k.where);
  const segments = r.segments.map((s) => {
    const seg = st.model.segments.get(s);
    if (seg?.by?.includes('.')) names.add(seg.by.split('.')[0]);
    if (seg?.score?.revenue?.includes('.')) names.add(seg.score.revenue.split('.')[0]);
    addExpr(seg?.where);
    return [s, seg ?? null];
  });
  for (const n of [...names]) for (const j of joinedSources(st, n)) names.add(j);
  const sources: unknown[] = [];
  for (const n of [...names].sort()) {
    const ctx = st.sources.get(n);
    if (!ctx?.stamp) return undefined;
    sources.push([n, ...sourceMemoIdentity(ctx)]);
  }
  return EvaluationMemo.key(kind, {
    kpi: [k.type, k.source ?? null, k.time ?? null, k.where ?? null, k.fields],
    segments,
    period: r.period,
    windows: st.windows.get(r.period) ?? [],
    asOf: st.asOf,
    sources,
  });
}
