// Which KPIs cannot be evaluated because of an error in the spec: an error inside the KPI,
// or inside a source, period or segment it uses, or in a KPI it depends on. The others run.
import { isMap, isPair, isScalar } from 'yaml';
import { collectNames, parseExpression } from '../../expr';
import type { CheckResult } from '../../kpifile/checkFile';
import type { KpiSpec } from '../../kpifile/model';

type Span = [number, number];

function sectionSpans(check: CheckResult, section: string): Map<string, Span> {
  const out = new Map<string, Span>();
  const node = check.document.node([section]);
  if (!isMap(node)) return out;
  for (const item of node.items) {
    if (!isPair(item) || !isScalar(item.key) || !item.key.range) continue;
    const value = item.value as { range?: [number, number, number] } | null;
    const end = value?.range ? value.range[1] : item.key.range[1];
    out.set(String(item.key.value), [item.key.range[0], end]);
  }
  return out;
}

export function findBrokenKpis(check: CheckResult): Set<string> {
  const errors = check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.range.startOffset);
  const hasError = (span: Span | undefined) => span !== undefined && errors.some((o) => o >= span[0] && o <= span[1]);
  const spans = {
    sources: sectionSpans(check, 'sources'),
    periods: sectionSpans(check, 'periods'),
    segments: sectionSpans(check, 'segments'),
    kpis: sectionSpans(check, 'kpis'),
    defaults: sectionSpans(check, 'defaults'),
  };
  const model = check.model;
  const direct = (k: KpiSpec): boolean => {
    if (hasError(spans.kpis.get(k.name))) return true;
    if (k.period && (hasError(spans.periods.get(k.period)) || !model.periods.has(k.period))) return true;
    if (!k.period) return true;
    const sourceNames = new Set<string>();
    if (k.source) sourceNames.add(k.source);
    for (const s of k.segments) {
      if (hasError(spans.segments.get(s)) || !model.segments.has(s)) return true;
      const seg = model.segments.get(s);
      const by = seg?.by ?? seg?.score?.revenue;
      if (by?.includes('.')) sourceNames.add(by.split('.')[0]);
    }
    for (const s of sourceNames) if (hasError(spans.sources.get(s)) || !model.sources.has(s)) return true;
    return false;
  };
  const broken = new Set<string>();
  for (const k of model.kpis.values()) if (direct(k)) broken.add(k.name);
  // Spread to the KPIs that use a broken one (ratio, formula, cac, clv), until stable.
  let changed = true;
  while (changed) {
    changed = false;
    for (const k of model.kpis.values()) {
      if (broken.has(k.name)) continue;
      const refs = Object.values(k.fields).filter((v): v is string => typeof v === 'string');
      const expr = typeof k.fields.expr === 'string' ? parseExpression(k.fields.expr).expr : null;
      const exprNames = expr ? collectNames(expr).map((n) => n.parts[0]) : [];
      if ([...refs, ...exprNames].some((r) => broken.has(r))) {
        broken.add(k.name);
        changed = true;
      }
    }
  }
  return broken;
}
