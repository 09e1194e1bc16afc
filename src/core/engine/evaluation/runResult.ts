// Result phase: each reported request's values as a KPI result (rows with previous, change,
// status: rows.ts), a diagnostic for each KPI that could not be evaluated, and the run result
// with the diagnostics (given with their ranges to onDiagnostics).
import * as l10n from '../../l10n/l10n';
import { resultDiagnostic } from '../../report/resultDiagnostic';
import type { KpiResult, ResultDiagnostic, RunResult } from '../../report/resultModel';
import type { EvaluationState, Request, RequestValues } from './evaluationState';
import { valuesOf } from './derivedValues';
import { buildRows } from './rows';

/** The results of the reported requests (a diagnostic for each that failed). */
export function kpiResults(st: EvaluationState, topRequests: Request[]): KpiResult[] {
  const doc = st.check.document;
  const kpis: KpiResult[] = [];
  for (const r of topRequests) {
    const values = valuesOf(st, r);
    if (!values) {
      const why = st.failed.get(r.kpi.name);
      if (why)
        st.diag(
          doc.rangeOf(['kpis', r.kpi.name], 'key'),
          'error',
          'not-evaluated',
          l10n.t("KPI '{0}' could not be evaluated: {1}", r.kpi.name, why),
        );
      continue;
    }
    kpis.push(kpiResult(st, r, values));
  }
  return kpis;
}

export function kpiResult(st: EvaluationState, r: Request, values: RequestValues): KpiResult {
  const k = r.kpi;
  const period = st.model.periods.get(r.period);
  const target = k.target
    ? {
        ...(k.target.min !== undefined ? { min: k.target.min } : {}),
        ...(k.target.max !== undefined ? { max: k.target.max } : {}),
      }
    : null;
  return {
    name: k.name,
    title: k.title,
    type: k.type,
    format: k.format,
    period: r.period,
    target,
    rows: buildRows(st.windows.get(r.period) ?? [], values, target, {
      confidence: k.confidence,
      minSample: k.minSample,
    }),
    ...(k.currency ? { currency: k.currency } : {}),
    ...(k.decimals !== undefined ? { decimals: k.decimals } : {}),
    direction: k.direction,
    ...(k.description ? { description: k.description } : {}),
    ...(k.owner ? { owner: k.owner } : {}),
    ...(k.tags.length > 0 ? { tags: [...k.tags] } : {}),
    segments: r.segments,
    compare: period?.compare ?? 'previous',
    ...(period?.compares ? { comparisons: period.compares } : {}),
    ...(st.clvModels.has(k.name) ? { model: st.clvModels.get(k.name) } : {}),
    ...(st.survivalReports.has(k.name) ? { survival: st.survivalReports.get(k.name) } : {}),
    ...(values.counts || values.intervals ? { confidence: k.confidence, min_sample: k.minSample } : {}),
  };
}

export function result(st: EvaluationState, asOf: string, kpis: KpiResult[]): RunResult {
  const shown = st.options.displayPath ?? st.model.file;
  st.options.onDiagnostics?.([...st.diagnostics]);
  const diagnostics: ResultDiagnostic[] = st.diagnostics.map((d) => resultDiagnostic(d, shown));
  return { as_of: asOf, ...(st.model.title ? { title: st.model.title } : {}), kpis, diagnostics };
}
