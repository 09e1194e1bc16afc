// Scan phase: the aggregate requests grouped by (source, time column, period, join) — a
// per-customer KPI alone — each group run as one scan per batch of slices (the whole
// population and the `by` segments share one GROUPING SETS query, a `where` segment has its
// own), the rows put back into each KPI's values and counts. Unchanged requests come from the memo.
import * as path from 'path';
import { changedDuringRun } from '../../data/fileChanges';
import { parseExpression } from '../../expr';
import type { KpiSpec } from '../../kpifile/model';
import { kpiType } from '../../kpis/registry';
import * as l10n from '../../l10n/l10n';
import type { SegmentKey } from '../../report/resultModel';
import type { KpiCounts } from '../../stats/intervals';
import type { SqlRow } from '../backends/engine';
import { EngineError } from '../backends/engine';
import { duckdbMessage } from '../sources/profile';
import { CompileError } from '../sql/exprToSql';
import { ScanQuery } from '../sql/scanQuery';
import type { Slice } from '../sql/scanQuery';
import { rangeKey, sliceKey } from './evaluationState';
import type { EvaluationState, Request, RequestValues } from './evaluationState';
import { memoKey } from './memoKeys';
import type { DateRange } from './periods';
import { detailSuffix } from './rows';
import { aggregateContext, countAggregates, countsOf } from './scanAggregates';
import { shareCustomerScans } from './customerScanSharing';
import { customerCountsGrouping, GROUP_WEIGHT } from './customerCountsGrouping';
import { sortSegmentValues, uniqueRanges } from './windowRanges';

/** Groups the aggregate requests by (source, time column, period) and runs one scan per slice. */
export async function runScans(st: EvaluationState, requests: Request[]): Promise<void> {
  const groups = new Map<string, Request[]>();
  for (const r of requests) {
    const def = kpiType(r.kpi.type);
    if (def?.evaluation?.kind !== 'aggregate' || !r.kpi.source) continue;
    const time = r.kpi.time ?? st.model.sources.get(r.kpi.source)?.time ?? '';
    // perCustomer KPIs scan alone; the others share a scan per source, time, period and join.
    const plain = {
      fields: r.kpi.fields,
      column: (c: string) => c,
      filter: undefined,
      key: undefined,
      dialect: st.dialect,
    };
    const join =
      (def.evaluation.join ? def.evaluation.join(plain) : '') +
      (def.evaluation.dates ? JSON.stringify(def.evaluation.dates(plain)) : '');
    const key =
      def.evaluation.perCustomer?.(plain) !== undefined || def.evaluation.rowColumns
        ? `kpi:${r.kpi.name}|${r.period}`
        : `${r.kpi.source}|${time}|${r.period}|${join}`;
    // Unchanged since an earlier run: its values are remembered.
    const known = memoKey(st, 'scan', r);
    const values = known ? st.options.memo?.get<RequestValues>(known) : undefined;
    if (values) {
      st.results.set(r.key, values);
      continue;
    }
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  shareCustomerScans(
    groups,
    (r) => r.kpi.time ?? st.model.sources.get(r.kpi.source ?? '')?.time ?? '',
    (name) => st.sources.get(name)?.spec.key !== undefined,
    st.dialect,
  );
  for (const group of groups.values()) {
    await runScanGroup(st, group);
    for (const r of group) {
      const key = memoKey(st, 'scan', r);
      const values = st.results.get(r.key);
      if (key && values) st.options.memo?.set(key, values);
    }
  }
}

export async function runScanGroup(st: EvaluationState, group: Request[]): Promise<void> {
  const first = group[0];
  const sourceName = first.kpi.source as string;
  const ctx = st.sources.get(sourceName);
  const windows = st.windows.get(first.period) ?? [];
  const fail = (why: string) => {
    for (const r of group) {
      st.results.set(r.key, null);
      st.failed.set(r.kpi.name, why);
    }
  };
  if (!ctx) return fail(l10n.t("source '{0}' cannot be read", sourceName));
  // A period with no window (windowRanges.ts said why): nothing to read.
  if (windows.length === 0) return fail(l10n.t("its period '{0}' has no window", first.period));
  const time = first.kpi.time ?? ctx.spec.time ?? '';
  const ranges = uniqueRanges(windows);
  const kpis = [...new Map(group.map((r) => [r.kpi.name, r.kpi])).values()];
  const segments = [...new Set(group.flatMap((r) => r.segments))];
  const slices: { key: string; slice: Slice }[] = [{ key: '', slice: { kind: 'whole' } }];
  for (const s of segments) {
    const seg = st.model.segments.get(s);
    const score = st.scores?.lookup(s);
    if (score) slices.push({ key: s, slice: { kind: 'by', segment: s, expr: [], score } });
    else if (seg?.by) slices.push({ key: s, slice: { kind: 'by', segment: s, expr: seg.by.split('.') } });
    else if (seg?.where) {
      const expr = parseExpression(seg.where).expr;
      if (expr) slices.push({ key: s, slice: { kind: 'where', segment: s, expr } });
    }
  }
  // Raw values per KPI: range|slice → value; and the by-values seen in displayed windows.
  const raw = new Map<string, Map<string, number | null>>(kpis.map((k) => [k.name, new Map()]));
  const rawCounts = new Map<string, Map<string, KpiCounts>>(kpis.map((k) => [k.name, new Map()]));
  const seen = new Map<string, (string | null)[]>();
  const displayed = new Set(windows.map((w) => rangeKey(w)));
  // The whole population and the `by` slices share one scan (GROUPING SETS); a `where`
  // slice, and every slice of a per-customer KPI, has its own.
  const perCustomer = (() => {
    const evaluation = kpiType(first.kpi.type)?.evaluation;
    const plain = {
      fields: first.kpi.fields,
      column: (c: string) => c,
      filter: undefined,
      key: undefined,
      dialect: st.dialect,
    };
    return evaluation?.kind === 'aggregate' && evaluation.perCustomer?.(plain) !== undefined;
  })();
  const batches = perCustomer
    ? slices.map((s) => [s])
    : [
        slices.filter((s) => s.slice.kind !== 'where'),
        ...slices.filter((s) => s.slice.kind === 'where').map((s) => [s]),
      ];
  for (const batch of batches) {
    const scan = new ScanQuery(ctx, st.sources, time, st.dialect);
    let sql: string;
    try {
      const evaluation = kpiType(first.kpi.type)?.evaluation;
      const firstCtx = aggregateContext(st, first.kpi, scan);
      const options =
        evaluation?.kind === 'aggregate'
          ? {
              join: evaluation.join?.(firstCtx),
              dates: evaluation.dates?.(firstCtx),
              perCustomer: evaluation.perCustomer?.(firstCtx),
              rowColumns: evaluation.rowColumns?.(firstCtx),
              groupKey: evaluation.groupKey?.(firstCtx),
            }
          : {};
      // Customer counts over every window: the rows grouped first (customerCountsGrouping.ts).
      const grouped = ranges.length
        ? customerCountsGrouping(
            kpis,
            batch.map((b) => b.slice),
            ctx,
            (k) => aggregateContext(st, k, scan),
            st.dialect,
          )
        : undefined;
      const actx = (k: KpiSpec) => ({
        ...aggregateContext(st, k, scan),
        ...(grouped ? { weight: GROUP_WEIGHT } : {}),
      });
      const aggregates = kpis.flatMap((k, i) => {
        const evaluation = kpiType(k.type)?.evaluation;
        if (evaluation?.kind !== 'aggregate') throw new CompileError(`not an aggregate: ${k.type}`);
        const steps = evaluation.steps?.(actx(k)) ?? [];
        const counts = evaluation.counts?.(actx(k));
        // A KPI sharing a per-customer scan (customerScanSharing.ts) gives its value over customers.
        const over = perCustomer && !evaluation.perCustomer ? evaluation.overCustomers : undefined;
        return [
          { alias: `k${i}`, sql: () => over?.(actx(k))?.sql ?? evaluation.sql(actx(k)) },
          ...countAggregates(`k${i}`, counts),
          ...steps.flatMap((st, j) => [
            { alias: `k${i}_s${j}`, sql: () => st.sql },
            ...countAggregates(`k${i}_s${j}`, st.counts),
          ]),
        ];
      });
      const bySlices = batch
        .slice(1)
        .map((b) => b.slice)
        .filter((sl): sl is Extract<Slice, { kind: 'by' }> => sl.kind === 'by');
      sql =
        batch.length === 1
          ? scan.build(ranges, batch[0].slice, aggregates, { ...options, ...(grouped ? { grouped } : {}) })
          : scan.buildSets(ranges, bySlices, aggregates, {
              join: options.join,
              dates: options.dates,
              rowColumns: options.rowColumns,
              ...(grouped ? { grouped } : {}),
            });
    } catch (err) {
      if (err instanceof CompileError) return fail(err.message);
      throw err;
    }
    let rows;
    try {
      rows = await st.options.engine.query(sql, [], { signal: st.options.signal });
    } catch (err) {
      if (err instanceof EngineError && err.kind === 'query') {
        const changed = await changedDuringRun(ctx.originals ?? ctx.files, st.started, ctx.states);
        const why = changed ? l10n.t('{0}: run again', changed) : duckdbMessage(err.message);
        st.diag(
          st.check.document.rangeOf(['sources', sourceName, ctx.table ? 'table' : 'file']),
          'error',
          'data-error',
          l10n.t(
            "cannot evaluate KPIs on source '{0}' ({1}): {2}",
            sourceName,
            ctx.table ? (ctx.spec.table ?? '') : path.basename(ctx.files[0]),
            why,
          ),
        );
        return fail(l10n.t("its source '{0}' could not be read", sourceName));
      }
      throw err;
    }
    // The rows of each slice of the batch (a GROUPING SETS row is of the slice whose
    // GROUPING() flag is 0, or of the whole population when none is).
    const rowsOf: SqlRow[][] = batch.map(() => []);
    if (batch.length === 1) rowsOf[0] = rows;
    else {
      for (const row of rows) {
        const i = batch.slice(1).findIndex((_b, j) => Number(row[`__g${j}`]) === 0);
        if (i < 0) rowsOf[0].push(row);
        else rowsOf[i + 1].push({ ...row, __seg: row[`__s${i}`] ?? null });
      }
    }
    batch.forEach(({ key, slice }, i) =>
      collectSlice(key, slice, rowsOf[i], ranges, kpis, displayed, raw, rawCounts, seen),
    );
  }
  for (const r of group) {
    const evaluation = kpiType(r.kpi.type)?.evaluation;
    const empty = evaluation?.kind === 'aggregate' ? evaluation.empty : null;
    const slicesOf: SegmentKey[] = [{}];
    for (const s of r.segments) {
      const seg = st.model.segments.get(s);
      if (seg?.by || seg?.score) for (const v of sortSegmentValues(seen.get(s) ?? [])) slicesOf.push({ [s]: v });
      else if (seg?.where) slicesOf.push({ [s]: true });
    }
    const steps = stepNames(r.kpi);
    st.results.set(r.key, {
      values: raw.get(r.kpi.name) ?? new Map(),
      ...(evaluation?.kind === 'aggregate' && evaluation.counts ? { counts: rawCounts.get(r.kpi.name) } : {}),
      slices: slicesOf,
      empty,
      ...(steps.length ? { detail: { kind: 'step' as const, steps } } : {}),
    });
  }
}

/** Puts a slice's rows into the KPIs' raw values and counts; notes the `by` values seen in displayed windows. */
function collectSlice(
  segName: string,
  slice: Slice,
  rows: SqlRow[],
  ranges: DateRange[],
  kpis: KpiSpec[],
  displayed: Set<string>,
  raw: Map<string, Map<string, number | null>>,
  rawCounts: Map<string, Map<string, KpiCounts>>,
  seen: Map<string, (string | null)[]>,
): void {
  const values: (string | null)[] = seen.get(segName) ?? [];
  for (const row of rows) {
    const w = ranges[Number(row.__w)];
    const n = Number(row.__n);
    let sk: SegmentKey = {};
    if (slice.kind === 'by') {
      const v = row.__seg === null ? null : String(row.__seg);
      if (v === null && n === 0) continue;
      sk = { [segName]: v };
      if (displayed.has(rangeKey(w)) && !values.includes(v)) values.push(v);
    } else if (slice.kind === 'where') {
      sk = { [segName]: true };
    }
    kpis.forEach((k, i) => {
      const put = (alias: string, suffix: string) => {
        const v = row[alias];
        const key = `${rangeKey(w)}|${sliceKey(sk)}${suffix}`;
        raw.get(k.name)?.set(key, v === null || v === undefined ? null : Number(v));
        const counts = countsOf(row, alias);
        if (counts) rawCounts.get(k.name)?.set(key, counts);
      };
      put(`k${i}`, '');
      stepNames(k).forEach((step, j) => put(`k${i}_s${j}`, detailSuffix({ step })));
    });
  }
  if (slice.kind === 'by') seen.set(segName, values);
}

/** The steps a KPI's type reports as rows (a funnel's, as text), [] for the others. */
export function stepNames(kpi: KpiSpec): string[] {
  return kpiType(kpi.type)?.stepLabels?.(kpi.fields) ?? [];
}
