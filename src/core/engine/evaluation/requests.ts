// Planning phase: which KPIs the run evaluates (the wanted, unbroken, evaluated ones) and the
// requests (KPI × period × segments) for them and, transitively, their inputs as their types
// declare them (`inputs` of a derived evaluation) — including the internal KPIs the engine
// creates for them (a cac's spend summed from source.column, a clv's revenue per customer).
import type { DerivedInput } from '../../kpis/kpiType';
import { evaluationOf } from '../../kpis/kpiRules';
import { kpiType } from '../../kpis/registry';
import type { KpiSpec } from '../../kpifile/model';
import * as l10n from '../../l10n/l10n';
import { findBrokenKpis } from './brokenKpis';
import type { EvaluationState, Request } from './evaluationState';
import { MONTH_OF } from './windowRanges';

/** The requests of a run (every one, inputs included) and those of the KPIs it reports. */
export function planRequests(st: EvaluationState): { requests: Map<string, Request>; topRequests: Request[] } {
  const doc = st.check.document;
  const broken = findBrokenKpis(st.check);
  const wanted = st.options.kpis?.length ? st.options.kpis : [...st.model.kpis.keys()];

  // Which KPIs to evaluate: the wanted ones that are not broken, and their inputs.
  const top: KpiSpec[] = [];
  for (const name of wanted) {
    const kpi = st.model.kpis.get(name);
    if (!kpi) continue;
    if (broken.has(name)) {
      const why = broken.get(name);
      if (why !== undefined)
        st.diag(
          doc.rangeOf(['kpis', name], 'key'),
          'error',
          'not-evaluated',
          l10n.t("KPI '{0}' could not be evaluated: {1}", name, why),
        );
      continue;
    }
    const def = kpiType(kpi.type);
    if (!def?.evaluation) {
      st.diag(
        doc.rangeOf(['kpis', name, 'type']),
        'warning',
        'not-evaluated',
        l10n.t("KPI '{0}': the {1} type is not evaluated by this version yet", name, kpi.type),
      );
      continue;
    }
    top.push(kpi);
  }
  const requests = new Map<string, Request>();
  // A request and, through a list rather than calls, those of its inputs: a chain of thousands
  // of formulas is no deeper a call than one.
  const addRequest = (kpi: KpiSpec, period: string, segments: string[]): Request => {
    const key = `${kpi.name}@${period}#${segments.join(',')}`;
    const known = requests.get(key);
    if (known) return known;
    const r: Request = { key, kpi, period, segments };
    requests.set(key, r);
    const pending: Request[] = [r];
    for (let next = pending.pop(); next; next = pending.pop()) {
      for (const dep of dependencyRequests(st, next.kpi, next.period)) {
        const d = st.kpiNamed(dep.name);
        const depKey = d && `${d.name}@${dep.period}#${segments.join(',')}`;
        if (!d || !depKey || requests.has(depKey)) continue;
        const added: Request = { key: depKey, kpi: d, period: dep.period, segments };
        requests.set(depKey, added);
        pending.push(added);
      }
    }
    return r;
  };
  const topRequests = top
    .filter((k) => k.period !== undefined)
    .map((k) => addRequest(k, k.period as string, k.segments));
  return { requests, topRequests };
}

/** An input request of a derived KPI: its role in the value, the KPI's name, the period it is needed over. */
export interface DependencyRequest {
  role: string;
  name: string;
  period: string;
}

/** The inputs of a KPI as its type declares them (derived KPIs only), each with the period it is needed over. */
export function dependencyRequests(st: EvaluationState, kpi: KpiSpec, period: string): DependencyRequest[] {
  const evaluation = evaluationOf(kpi);
  if (evaluation?.kind !== 'derived') return [];
  return evaluation.inputs(kpi.fields).map((input) => ({
    role: input.role,
    name: input.internal ? internalKpi(st, kpi, input) : input.name,
    period: input.over === 'month-of-end' ? `${MONTH_OF}${period}` : period,
  }));
}

/** The name of an internal KPI (a cac's spend summed from source.column, a clv's revenue per customer), created once. */
function internalKpi(st: EvaluationState, kpi: KpiSpec, input: DerivedInput): string {
  const name = `${kpi.name}.${input.name}`;
  const internal = input.internal;
  if (internal && !st.synthetic.has(name)) {
    st.synthetic.set(name, {
      ...kpi,
      name,
      type: internal.type,
      title: `${kpi.title} ${internal.title}`,
      source: internal.source,
      where: undefined,
      time: undefined,
      target: undefined,
      fields: internal.fields,
    });
  }
  return name;
}
