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
  // The inputs first, the deepest first, through a list: a chain of thousands of formulas is then
  // no deeper a call than one (each input's values are found memoised).
  for (const input of inputsFirst(st, r)) derivedValues(st, input);
  return derivedValues(st, r);
}

/** The requests a derived request's values need, not yet known, each after its own inputs. */
function inputsFirst(st: EvaluationState, r: Request): Request[] {
  const order: Request[] = [];
  const seen = new Set<string>([r.key]);
  const frames = [{ request: r, inputs: inputRequests(st, r), next: 0 }];
  while (frames.length > 0) {
    const top = frames[frames.length - 1];
    const input = top.inputs[top.next++];
    if (input) {
      if (seen.has(input.key) || st.results.has(input.key)) continue;
      seen.add(input.key);
      frames.push({ request: input, inputs: inputRequests(st, input), next: 0 });
      continue;
    }
    frames.pop();
    if (top.request !== r) order.push(top.request);
  }
  return order;
}

/** The requests of a derived request's inputs (none for a scanned one). */
function inputRequests(st: EvaluationState, r: Request): Request[] {
  if (evaluationOf(r.kpi)?.kind !== 'derived') return [];
  return dependencyRequests(st, r.kpi, r.period).flatMap(({ name, period }) => {
    const kpi = st.kpiNamed(name);
    return kpi ? [{ key: `${name}@${period}#${r.segments.join(',')}`, kpi, period, segments: r.segments }] : [];
  });
}

/** The values of a request whose inputs' values are known or computed here (memoised). */
function derivedValues(st: EvaluationState, r: Request): RequestValues | null {
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
      ? derivedValues(st, { key: `${dep}@${period}#${r.segments.join(',')}`, kpi: d, period, segments: r.segments })
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
  // A formula of constants (`expr: 7 / 2`) has no input to give its slices: the whole population.
  const slices = inputs.length > 0 ? mergeSlices(inputs.map((i) => i.values.slices)) : [{}];
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
