// Derived values: a KPI whose type's evaluation is `derived` (ratio, formula, cac, historical or
// simple clv) computed in JavaScript from its inputs' values, range by range and slice by slice
// (memoised in the state's results): the inputs its type declares, its type's `value` function.
import type { Expr } from '../../expr';
import { parseExpression } from '../../expr';
import { evaluationOf } from '../../kpis/kpiRules';
import * as l10n from '../../l10n/l10n';
import { rangeKey, sliceKey } from './evaluationState';
import type { EvaluationState, Request, RequestValues } from './evaluationState';
import { evaluateFormula } from './formulaValue';
import { dependencyRequests } from './requests';
import { MONTH_OF, mergeSlices, monthOf, uniqueRanges } from './windowRanges';

/** The values of a request: computed by a scan, or derived from its inputs (memoised). */
export function valuesOf(st: EvaluationState, r: Request): RequestValues | null {
  if (st.results.has(r.key)) return st.results.get(r.key) ?? null;
  const evaluation = evaluationOf(r.kpi);
  if (evaluation?.kind !== 'derived') {
    st.results.set(r.key, null);
    return null;
  }
  const inputs: { role: string; period: string; values: RequestValues }[] = [];
  for (const { role, name: dep, period } of dependencyRequests(st, r.kpi, r.period)) {
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
    inputs.push({ role, period, values: v });
  }
  const parsed = new Map<string, Expr | null>();
  const slices = mergeSlices(inputs.map((i) => i.values.slices));
  const values = new Map<string, number | null>();
  for (const range of uniqueRanges(st.windows.get(r.period) ?? [])) {
    for (const s of slices) {
      const key = `${rangeKey(range)}|${sliceKey(s)}`;
      // An input over the months holding the windows' ends is read at the month of this range's end.
      const input = (role: string): number | null => {
        const i = inputs.find((x) => x.role === role);
        if (!i) return null;
        const at = i.period.startsWith(MONTH_OF) ? `${rangeKey(monthOf(range.end))}|${sliceKey(s)}` : key;
        return i.values.values.has(at) ? (i.values.values.get(at) ?? null) : i.values.empty;
      };
      const expression = (text: string): number | null => {
        if (!parsed.has(text)) parsed.set(text, parseExpression(text).expr);
        const expr = parsed.get(text);
        return expr ? evaluateFormula(expr, input) : null;
      };
      values.set(key, evaluation.value({ fields: r.kpi.fields, input, expression }));
    }
  }
  const result = { values, slices, empty: null };
  st.results.set(r.key, result);
  return result;
}
