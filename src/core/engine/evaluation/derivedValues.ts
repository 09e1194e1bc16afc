// Derived values: a ratio, cac, formula or non-predictive clv computed in JavaScript from its
// inputs' values, range by range and slice by slice (memoised in the state's results); a clv's
// value from its revenue per customer, lifetime or churn, and cac.
import type { Expr } from '../../expr';
import { parseExpression } from '../../expr';
import type { KpiSpec } from '../../kpifile/model';
import { kpiType } from '../../kpis/registry';
import * as l10n from '../../l10n/l10n';
import type { SegmentKey } from '../../report/resultModel';
import { rangeKey, sliceKey } from './evaluationState';
import type { EvaluationState, Request, RequestValues } from './evaluationState';
import { evaluateFormula } from './formulaValue';
import type { DateRange } from './periods';
import { dependencyRequests, revenueOf, spendOf } from './requests';
import { mergeSlices, monthOf, uniqueRanges } from './windowRanges';

/** The values of a request: computed by a scan, or derived from its inputs (memoised). */
export function valuesOf(st: EvaluationState, r: Request): RequestValues | null {
  if (st.results.has(r.key)) return st.results.get(r.key) ?? null;
  const def = kpiType(r.kpi.type);
  if (def?.evaluation?.kind !== 'derived' && def?.evaluation?.kind !== 'clv') {
    st.results.set(r.key, null);
    return null;
  }
  const inputs = new Map<string, RequestValues>();
  for (const { name: dep, period } of dependencyRequests(st, r.kpi, r.period)) {
    const d = st.kpiNamed(dep);
    const v = d
      ? valuesOf(st, { key: `${dep}@${period}#${r.segments.join(',')}`, kpi: d, period, segments: r.segments })
      : null;
    if (!v) {
      st.failed.set(
        r.kpi.name,
        st.failed.has(dep)
          ? l10n.t("its input '{0}' could not be evaluated", dep)
          : l10n.t("its input '{0}' is not evaluated", dep),
      );
      st.results.set(r.key, null);
      return null;
    }
    inputs.set(dep, v);
  }
  const expr: Expr | null =
    r.kpi.type === 'formula' && typeof r.kpi.fields.expr === 'string' ? parseExpression(r.kpi.fields.expr).expr : null;
  const slices = mergeSlices([...inputs.values()].map((v) => v.slices));
  const values = new Map<string, number | null>();
  for (const range of uniqueRanges(st.windows.get(r.period) ?? [])) {
    for (const s of slices) {
      const key = `${rangeKey(range)}|${sliceKey(s)}`;
      const valueOf = (name: string): number | null => {
        const v = inputs.get(name);
        if (!v) return null;
        return v.values.has(key) ? (v.values.get(key) ?? null) : v.empty;
      };
      let value: number | null;
      if (r.kpi.type === 'clv') {
        value = clvValue(st, r.kpi, range, s, valueOf, inputs);
      } else if (r.kpi.type === 'ratio' || r.kpi.type === 'cac') {
        const [numName, denName] =
          r.kpi.type === 'ratio'
            ? [r.kpi.fields.numerator, r.kpi.fields.denominator]
            : [spendOf(st, r.kpi), r.kpi.fields.customers];
        const num = valueOf(String(numName));
        const den = valueOf(String(denName));
        value = num === null || den === null || den === 0 ? null : num / den;
      } else {
        value = expr ? evaluateFormula(expr, valueOf) : null;
      }
      values.set(key, value);
    }
  }
  const result = { values, slices, empty: null };
  st.results.set(r.key, result);
  return result;
}

/**
 * clv at the end b of a window: `historical` is the revenue per customer over `months`;
 * `simple` is ARPU (12 months) × lifetime − CAC, the lifetime being `lifetime_years` or
 * 1 / annual churn with annual churn = 1 − (1 − monthly churn at b's month)^12.
 */
export function clvValue(
  st: EvaluationState,
  kpi: KpiSpec,
  range: DateRange,
  slice: SegmentKey,
  valueOf: (name: string) => number | null,
  inputs: Map<string, RequestValues>,
): number | null {
  const f = kpi.fields;
  const months = f.method === 'historical' && typeof f.months === 'number' ? f.months : 12;
  const revenue = valueOf(revenueOf(st, kpi, months) ?? '');
  if (f.method === 'historical' || revenue === null) return revenue;
  let lifetime: number | null;
  if (typeof f.lifetime_years === 'number') lifetime = f.lifetime_years;
  else {
    const churnValues = typeof f.churn === 'string' ? inputs.get(f.churn) : undefined;
    const month = monthOf(range.end);
    const key = `${rangeKey(month)}|${sliceKey(slice)}`;
    const monthly = churnValues?.values.has(key) ? (churnValues.values.get(key) ?? null) : (churnValues?.empty ?? null);
    const annual = monthly === null ? null : 1 - (1 - monthly) ** 12;
    lifetime = annual === null || annual === 0 ? null : 1 / annual;
  }
  if (lifetime === null) return null;
  const cac = typeof f.cac === 'string' ? valueOf(f.cac) : 0;
  if (cac === null) return null;
  const value = revenue * lifetime - cac;
  return Number.isFinite(value) ? value : null;
}
