// Survival phase: each survival KPI's per-duration counts by SQL and its Kaplan–Meier curves
// (survival.ts), S at the chosen days as its rows, the curves at the latest period end kept
// for the result, the rows it left out (no start, end before start) as warnings with a count.
import { parseExpression } from '../../expr';
import { evaluationOf } from '../../kpis/kpiRules';
import * as l10n from '../../l10n/l10n';
import { EngineError } from '../backends/engine';
import { duckdbMessage } from '../sources/profile';
import { CompileError } from '../sql/exprToSql';
import type { SurvivalSlice } from '../sql/survivalQuery';
import type { EvaluationState, Request } from './evaluationState';
import { evaluateSurvival } from './survival';
import { uniqueRanges } from './windowRanges';

/** Runs every survival request. */
export async function runSurvivals(st: EvaluationState, requests: Request[]): Promise<void> {
  for (const r of requests) if (evaluationOf(r.kpi)?.kind === 'survival') await runSurvival(st, r);
}

async function runSurvival(st: EvaluationState, r: Request): Promise<void> {
  const f = r.kpi.fields;
  const source = r.kpi.source ? st.sources.get(r.kpi.source) : undefined;
  const fail = (why: string) => {
    st.results.set(r.key, null);
    st.failed.set(r.kpi.name, why);
  };
  if (!source) return fail(l10n.t("its source '{0}' cannot be read", r.kpi.source ?? ''));
  const windows = st.windows.get(r.period) ?? [];
  const segments = r.segments.flatMap((s): { name: string; slice: SurvivalSlice }[] => {
    const seg = st.model.segments.get(s);
    const expr = seg?.where ? parseExpression(seg.where).expr : null;
    if (seg?.by) return [{ name: s, slice: { kind: 'by', parts: seg.by.split('.') } }];
    return expr ? [{ name: s, slice: { kind: 'where', expr } }] : [];
  });
  try {
    const out = await evaluateSurvival({
      engine: st.options.engine,
      dialect: st.dialect,
      signal: st.options.signal,
      source,
      start: String(f.start),
      end: String(f.end),
      where: r.kpi.where ? (parseExpression(r.kpi.where).expr ?? undefined) : undefined,
      windows,
      ranges: uniqueRanges(windows),
      segments,
      at: Array.isArray(f.at) ? f.at.filter((d): d is number => typeof d === 'number') : undefined,
      confidence: r.kpi.confidence,
    });
    for (const n of out.notes) {
      st.diag(
        st.check.document.rangeOf(['kpis', r.kpi.name, n.field]),
        'warning',
        'invalid-values',
        l10n.t("KPI '{0}', {1}", r.kpi.name, n.message),
      );
      st.diagnostics[st.diagnostics.length - 1].count = n.count;
    }
    if (out.report) st.survivalReports.set(r.kpi.name, out.report);
    st.results.set(r.key, out.values);
  } catch (err) {
    if (err instanceof CompileError) return fail(err.message);
    if (err instanceof EngineError && err.kind === 'query') return fail(duckdbMessage(err.message));
    throw err;
  }
}
