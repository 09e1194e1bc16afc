// Which KPIs cannot be evaluated because of an error in the spec: an error inside the KPI,
// or inside a source, period or segment it uses, or in a KPI it depends on (then with the
// reason, told at the KPI: it is not left out without a word). The others run.
import { isMap, isPair, isScalar } from 'yaml';
import { collectNames, parseExpression } from '../../expr';
import type { CheckResult } from '../../kpifile/checkFile';
import type { KpiSpec } from '../../kpifile/model';
import * as l10n from '../../l10n/l10n';

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

/**
 * The KPIs an error keeps from being evaluated, each with the reason when the error is outside
 * its own definition (its period's, a segment's, a source's, an input's), undefined when the
 * error is in the KPI itself (told there already).
 */
export function findBrokenKpis(check: CheckResult): Map<string, string | undefined> {
  const errors = check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.range.startOffset);
  const hasError = (span: Span | undefined) => span !== undefined && errors.some((o) => o >= span[0] && o <= span[1]);
  const spans = {
    sources: sectionSpans(check, 'sources'),
    periods: sectionSpans(check, 'periods'),
    segments: sectionSpans(check, 'segments'),
    kpis: sectionSpans(check, 'kpis'),
  };
  const model = check.model;
  /** Why the KPI cannot run for an error of its own or of what it uses; null when it can. */
  const direct = (k: KpiSpec): string | undefined | null => {
    if (hasError(spans.kpis.get(k.name)) || !k.period || !model.periods.has(k.period)) return undefined;
    if (hasError(spans.periods.get(k.period))) return l10n.t("its period '{0}' has errors", k.period);
    const sourceNames = new Set<string>();
    if (k.source) sourceNames.add(k.source);
    for (const s of k.segments) {
      if (!model.segments.has(s)) return undefined;
      if (hasError(spans.segments.get(s))) return l10n.t("its segment '{0}' has errors", s);
      const seg = model.segments.get(s);
      const by = seg?.by ?? seg?.score?.revenue;
      if (by?.includes('.')) sourceNames.add(by.split('.')[0]);
    }
    for (const s of sourceNames) {
      if (!model.sources.has(s)) return undefined;
      if (hasError(spans.sources.get(s))) return l10n.t("its source '{0}' has errors", s);
    }
    return null;
  };
  const broken = new Map<string, string | undefined>();
  for (const k of model.kpis.values()) {
    const why = direct(k);
    if (why !== null) broken.set(k.name, why);
  }
  // Spread to the KPIs that use a broken one (ratio, formula, cac, clv), until stable.
  let changed = true;
  while (changed) {
    changed = false;
    for (const k of model.kpis.values()) {
      if (broken.has(k.name)) continue;
      const refs = Object.values(k.fields).filter((v): v is string => typeof v === 'string');
      const expr = typeof k.fields.expr === 'string' ? parseExpression(k.fields.expr).expr : null;
      const exprNames = expr ? collectNames(expr).map((n) => n.parts[0]) : [];
      const input = [...refs, ...exprNames].find((r) => broken.has(r));
      if (input !== undefined) {
        broken.set(k.name, l10n.t("its input '{0}' has errors", input));
        changed = true;
      }
    }
  }
  return broken;
}
