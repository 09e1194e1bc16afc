// Predictive CLV phase: each predictive clv fitted on every run (its per-customer scores go to
// onCustomerScores) — one summary query, a fit per period end, means per segment (predictiveClv.ts).
import { parseExpression } from '../../expr';
import type { KpiSpec } from '../../kpifile/model';
import { evaluationOf } from '../../kpis/kpiRules';
import * as l10n from '../../l10n/l10n';
import { EngineError } from '../backends/engine';
import { duckdbMessage } from '../sources/profile';
import type { SummarySegment } from '../sql/clvSummaryQuery';
import { CompileError } from '../sql/exprToSql';
import type { EvaluationState, Request } from './evaluationState';
import { evaluatePredictiveClv } from './predictiveClv';
import { bootstrapOf } from './clvBootstrapOption';
import { uniqueRanges } from './windowRanges';

/** Fits every predictive clv request. */
export async function runPredictiveClvs(st: EvaluationState, requests: Request[]): Promise<void> {
  // Predictive CLVs are fitted on every run (their scores go to onCustomerScores).
  for (const r of requests) if (isPredictiveClv(r.kpi)) await runPredictiveClv(st, r);
}

/** A predictive clv: one summary query, a fit per period end, means per segment (predictiveClv.ts). */
export async function runPredictiveClv(st: EvaluationState, r: Request): Promise<void> {
  const fail = (why: string) => {
    st.results.set(r.key, null);
    st.failed.set(r.kpi.name, why);
  };
  const f = r.kpi.fields;
  const [sourceName, column] = typeof f.revenue === 'string' ? f.revenue.split('.') : [];
  const source = sourceName ? st.sources.get(sourceName) : undefined;
  if (!source || !column) return fail(l10n.t("its source '{0}' cannot be read", sourceName ?? ''));
  const segments: { name: string; slice: SummarySegment }[] = [];
  for (const s of r.segments) {
    const seg = st.model.segments.get(s);
    if (seg?.by) segments.push({ name: s, slice: { kind: 'by', parts: seg.by.split('.') } });
    else if (seg?.where) {
      const expr = parseExpression(seg.where).expr;
      if (expr) segments.push({ name: s, slice: { kind: 'where', expr } });
    }
  }
  const windows = st.windows.get(r.period) ?? [];
  const backtest = f.backtest as { holdout_months?: unknown } | undefined;
  let out;
  try {
    out = await evaluatePredictiveClv({
      engine: st.options.engine,
      dialect: st.dialect,
      signal: st.options.signal,
      kpiName: r.kpi.name,
      source,
      time: source.spec.time ?? '',
      revenue: column,
      windows,
      ranges: uniqueRanges(windows),
      segments,
      horizonMonths: typeof f.horizon_months === 'number' ? f.horizon_months : 12,
      discountRate: typeof f.discount_rate === 'number' ? f.discount_rate : 0,
      holdoutMonths: typeof backtest?.holdout_months === 'number' ? backtest.holdout_months : undefined,
      bootstrap: bootstrapOf(f.bootstrap, r.kpi.confidence),
    });
  } catch (err) {
    if (err instanceof CompileError) return fail(err.message);
    if (err instanceof EngineError && err.kind === 'query') return fail(duckdbMessage(err.message));
    throw err;
  }
  for (const n of out.notes)
    st.diag(st.check.document.rangeOf(['kpis', r.kpi.name, n.field]), n.severity, n.code, n.message);
  if (out.model) st.clvModels.set(r.kpi.name, out.model);
  st.options.onCustomerScores?.(r.kpi.name, out.customers);
  st.results.set(r.key, {
    values: out.values,
    slices: out.slices,
    empty: null,
    ...(out.intervals ? { intervals: out.intervals } : {}),
  });
}

export function isPredictiveClv(kpi: KpiSpec): boolean {
  return evaluationOf(kpi)?.kind === 'predictive-clv';
}
