// Cohort phase: each cohort_retention request (from the memo when unchanged) as one query per
// slice (whole population, each segment) over cohorts × days (sql/cohortQuery.ts).
import { parseExpression } from '../../expr';
import { kpiType } from '../../kpis/registry';
import * as l10n from '../../l10n/l10n';
import type { SegmentKey } from '../../report/resultModel';
import type { KpiCounts } from '../../stats/intervals';
import { EngineError } from '../backends/engine';
import { duckdbMessage } from '../sources/profile';
import { cohortRetentionSql } from '../sql/cohortQuery';
import type { CohortQueryInput } from '../sql/cohortQuery';
import { CompileError } from '../sql/exprToSql';
import { rangeKey, sliceKey } from './evaluationState';
import type { EvaluationState, Request, RequestValues } from './evaluationState';
import { memoKey } from './memoKeys';
import { detailSuffix } from './rows';
import { sortSegmentValues, uniqueRanges } from './windowRanges';

/** Runs the cohort requests not remembered by the memo. */
export async function runCohorts(st: EvaluationState, requests: Request[]): Promise<void> {
  for (const r of requests) {
    if (kpiType(r.kpi.type)?.evaluation?.kind !== 'cohort') continue;
    const key = memoKey(st, 'cohort', r);
    const known = key ? st.options.memo?.get<RequestValues>(key) : undefined;
    if (known) st.results.set(r.key, known);
    else {
      await runCohort(st, r);
      const values = st.results.get(r.key);
      if (key && values) st.options.memo?.set(key, values);
    }
  }
}

/** cohort_retention: one query per slice (whole, each segment) over cohorts × days. */
export async function runCohort(st: EvaluationState, r: Request): Promise<void> {
  const fail = (why: string) => {
    st.results.set(r.key, null);
    st.failed.set(r.kpi.name, why);
  };
  const f = r.kpi.fields;
  const activity = r.kpi.source ? st.sources.get(r.kpi.source) : undefined;
  const cohort = typeof f.cohort === 'string' ? st.sources.get(f.cohort) : undefined;
  if (!activity || !cohort) return fail(l10n.t('its sources cannot be read'));
  const days = Array.isArray(f.days) ? f.days.filter((d): d is number => typeof d === 'number') : [];
  const windows = st.windows.get(r.period) ?? [];
  if (windows.length === 0) return fail(l10n.t("its period '{0}' has no window", r.period));
  const ranges = uniqueRanges(windows);
  const displayed = new Set(windows.map((w) => rangeKey(w)));
  const values = new Map<string, number | null>();
  const counts = new Map<string, KpiCounts>();
  const slices: SegmentKey[] = [{}];
  const jobs: { name: string; slice: CohortQueryInput['slice'] }[] = [{ name: '', slice: { kind: 'whole' } }];
  for (const s of r.segments) {
    const seg = st.model.segments.get(s);
    if (seg?.by) jobs.push({ name: s, slice: { kind: 'by', parts: seg.by.split('.') } });
    else if (seg?.where) {
      const expr = parseExpression(seg.where).expr;
      if (expr) jobs.push({ name: s, slice: { kind: 'where', expr } });
    }
  }
  for (const job of jobs) {
    let rows;
    try {
      const { sql, params } = cohortRetentionSql(
        {
          activity,
          cohort,
          days,
          asOf: st.asOf,
          windows: ranges,
          slice: job.slice,
          time: r.kpi.time ?? activity.spec.time ?? '',
          start: String(f.start),
          window: typeof f.window === 'number' ? f.window : 30,
          where: r.kpi.where ? (parseExpression(r.kpi.where).expr ?? undefined) : undefined,
        },
        st.dialect,
      );
      rows = await st.options.engine.query(sql, params, { signal: st.options.signal });
    } catch (err) {
      if (err instanceof CompileError) return fail(err.message);
      if (err instanceof EngineError && err.kind === 'query') return fail(duckdbMessage(err.message));
      throw err;
    }
    const seen: (string | null)[] = [];
    for (const row of rows) {
      const w = ranges[Number(row.__w)];
      let sk: SegmentKey = {};
      if (job.slice.kind === 'by') {
        const v = row.__seg === null ? null : String(row.__seg);
        sk = { [job.name]: v };
        if (displayed.has(rangeKey(w)) && !seen.includes(v)) seen.push(v);
      } else if (job.slice.kind === 'where') sk = { [job.name]: true };
      const v = row.__v;
      const key = `${rangeKey(w)}|${sliceKey(sk)}${detailSuffix({ day: Number(row.__d) })}`;
      values.set(key, v === null ? null : Number(v));
      counts.set(key, { kind: 'share', n: Number(row.__n ?? 0), x: Number(row.__x ?? 0) });
    }
    if (job.slice.kind === 'by') for (const v of sortSegmentValues(seen)) slices.push({ [job.name]: v });
    else if (job.slice.kind === 'where') slices.push({ [job.name]: true });
  }
  st.results.set(r.key, { values, counts, slices, empty: null, detail: { kind: 'day', days } });
}
