// Planning phase: which KPIs the run evaluates (the wanted, unbroken, evaluated ones) and the
// requests (KPI × period × segments) for them and, transitively, their inputs — including the
// internal KPIs a cac's spend or a clv's revenue per customer is computed by.
import { collectNames, parseExpression } from '../../expr';
import type { Expr } from '../../expr';
import { kpiType } from '../../kpis/registry';
import type { KpiSpec } from '../../kpifile/model';
import * as l10n from '../../l10n/l10n';
import { findBrokenKpis } from './brokenKpis';
import type { EvaluationState, Request } from './evaluationState';
import { isPredictiveClv } from './predictiveClvRun';
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
    if (!kpi || broken.has(name)) continue;
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
  const addRequest = (kpi: KpiSpec, period: string, segments: string[]): Request => {
    const key = `${kpi.name}@${period}#${segments.join(',')}`;
    let r = requests.get(key);
    if (!r) {
      r = { key, kpi, period, segments };
      requests.set(key, r);
      for (const dep of dependencyRequests(st, kpi, period)) {
        const d = st.kpiNamed(dep.name);
        if (d) addRequest(d, dep.period, segments);
      }
    }
    return r;
  };
  const topRequests = top
    .filter((k) => k.period !== undefined)
    .map((k) => addRequest(k, k.period as string, k.segments));
  return { requests, topRequests };
}

/** The name of the KPI giving a cac's spend: the named KPI, or a sum of source.column. */
export function spendOf(st: EvaluationState, kpi: KpiSpec): string | undefined {
  const spend = kpi.fields.spend;
  if (typeof spend !== 'string') return undefined;
  if (!spend.includes('.')) return spend;
  const [source, column] = spend.split('.');
  const name = `${kpi.name}.spend`;
  if (!st.synthetic.has(name)) {
    st.synthetic.set(name, {
      ...kpi,
      name,
      type: 'sum',
      title: `${kpi.title} (spend)`,
      source,
      where: undefined,
      time: undefined,
      target: undefined,
      fields: { column },
    });
  }
  return name;
}

/** The name of the internal KPI giving a clv's revenue per customer. */
export function revenueOf(st: EvaluationState, kpi: KpiSpec, months: number): string | undefined {
  const revenue = kpi.fields.revenue;
  if (typeof revenue !== 'string' || !revenue.includes('.')) return undefined;
  const [source, column] = revenue.split('.');
  const name = `${kpi.name}.revenue_${months}m`;
  if (!st.synthetic.has(name)) {
    st.synthetic.set(name, {
      ...kpi,
      name,
      type: 'customer_revenue',
      title: `${kpi.title} (revenue per customer)`,
      source,
      where: undefined,
      time: undefined,
      target: undefined,
      fields: { column, months },
    });
  }
  return name;
}

/** The inputs of a KPI, each with the period it is needed over. */
export function dependencyRequests(
  st: EvaluationState,
  kpi: KpiSpec,
  period: string,
): { name: string; period: string }[] {
  if (isPredictiveClv(kpi)) return [];
  if (kpi.type === 'clv') {
    const f = kpi.fields;
    const months = f.method === 'historical' && typeof f.months === 'number' ? f.months : 12;
    const out: { name: string; period: string }[] = [];
    const revenue = revenueOf(st, kpi, months);
    if (revenue) out.push({ name: revenue, period });
    if (f.method === 'simple' && typeof f.lifetime_years !== 'number' && typeof f.churn === 'string')
      out.push({ name: f.churn, period: `${MONTH_OF}${period}` });
    if (f.method === 'simple' && typeof f.cac === 'string') out.push({ name: f.cac, period });
    return out;
  }
  return dependencies(st, kpi).map((name) => ({ name, period }));
}

export function dependencies(st: EvaluationState, kpi: KpiSpec): string[] {
  if (kpi.type === 'cac')
    return [spendOf(st, kpi), kpi.fields.customers].filter((x): x is string => typeof x === 'string');
  if (kpi.type === 'ratio')
    return [kpi.fields.numerator, kpi.fields.denominator].filter((x): x is string => typeof x === 'string');
  if (kpi.type === 'formula' && typeof kpi.fields.expr === 'string') {
    const { expr } = parseExpression(kpi.fields.expr);
    return expr ? namesIn(expr) : [];
  }
  return [];
}

/** The KPI names a formula uses. */
export function namesIn(expr: Expr): string[] {
  return [
    ...new Set(
      collectNames(expr)
        .filter((n) => n.parts.length === 1)
        .map((n) => n.parts[0]),
    ),
  ];
}
