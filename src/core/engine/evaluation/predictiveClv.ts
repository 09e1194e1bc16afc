// Evaluates a predictive clv: one summary query (engine/sql/clvSummaryQuery.ts) for every
// period end (and the back-test's calibration end), then in JavaScript, per period end, the
// BG/NBD + Gamma-Gamma fit on all its customers (core/stats/clvModel.ts) and the mean
// predicted CLV of the whole population and of each segment's customers. Reports the latest
// period end's fit (parameters, per-segment means, back-test) and notes for diagnostics;
// never a NaN: a period end whose data cannot be fitted has no value and a note saying why.
import type { DateRange, PeriodWindow } from './periods';
import type { Engine } from '../backends/engine';
import type { Dialect } from '../sql/dialect';
import type { SourceContext } from '../sources/sourceContext';
import { clvSummarySql } from '../sql/clvSummaryQuery';
import type { SummaryCutoff, SummarySegment } from '../sql/clvSummaryQuery';
import type { CustomerScoreRow } from '../../report/customerScoresCsv';
import type { ClvModelReport, SegmentKey } from '../../report/resultModel';
import type { Severity } from '../../kpifile/diagnostic';
import type { RUN_DIAGNOSTIC_CODES } from '../../kpifile/codes';
import { ClvScorer, CORRELATION_WARNING, fitClvModel, frequencyMonetaryCorrelation } from '../../stats/clvModel';
import type { CustomerScore } from '../../stats/clvModel';
import { bootstrapClv } from '../../stats/clvBootstrap';
import { addMonths, grainEnd, grainStart } from '../../util/calendar';
import * as l10n from '../../l10n/l10n';
import { backtest, modelReport, segmentMeans } from './predictiveClvReport';
import type { ClvCustomerRow } from './predictiveClvReport';

export interface PredictiveClvInput {
  engine: Engine;
  /** The engine's SQL dialect (default DuckDB). */
  dialect?: Dialect;
  signal?: AbortSignal;
  kpiName: string;
  source: SourceContext;
  time: string;
  revenue: string;
  /** The displayed windows (the latest one's end is where the model is reported). */
  windows: PeriodWindow[];
  /** Every window and compared window to give a value to. */
  ranges: DateRange[];
  segments: { name: string; slice: SummarySegment }[];
  horizonMonths: number;
  discountRate: number;
  holdoutMonths?: number;
  /** Percentile bootstrap of the latest period end's means (stats/clvBootstrap.ts). */
  bootstrap?: { samples: number; seed: number; confidence: number };
}

export type { CustomerScoreRow };

export interface PredictiveClvNote {
  severity: Severity;
  code: keyof typeof RUN_DIAGNOSTIC_CODES;
  /** The KPI field the note is about (for its position in the file). */
  field: 'method' | 'revenue' | 'backtest';
  message: string;
}

export interface PredictiveClvOutput {
  /** `${range.start}..${range.end}|${JSON segment}` → mean CLV. */
  values: Map<string, number | null>;
  slices: SegmentKey[];
  model?: ClvModelReport;
  customers: CustomerScoreRow[];
  notes: PredictiveClvNote[];
  /** With a bootstrap: the latest period end's intervals (same keys as values; n = customers). */
  intervals?: Map<string, { n: number; low: number | null; high: number | null }>;
}

type Row = ClvCustomerRow;

const rangeKey = (r: { start: string; end: string }) => `${r.start}..${r.end}`;

/** b − N months; a month's last day gives the last day of the month N months before. */
export function monthsBefore(date: string, months: number): string {
  if (grainEnd(date, 'month') === date) return grainEnd(addMonths(grainStart(date, 'month'), -months), 'month');
  return addMonths(date, -months);
}

export async function evaluatePredictiveClv(q: PredictiveClvInput): Promise<PredictiveClvOutput> {
  const notes: PredictiveClvNote[] = [];
  const label = q.kpiName;
  const ends = [...new Set(q.ranges.map((r) => r.end))].sort();
  const latestEnd =
    q.windows
      .map((w) => w.end)
      .sort()
      .reverse()[0] ?? ends[ends.length - 1];
  const cutoffs: SummaryCutoff[] = ends.map((end) => ({ end }));
  let calibrationIndex = -1;
  if (q.holdoutMonths !== undefined && latestEnd) {
    calibrationIndex = cutoffs.length;
    cutoffs.push({ end: monthsBefore(latestEnd, q.holdoutMonths), holdoutEnd: latestEnd });
  }
  const { sql, params } = clvSummarySql(
    { source: q.source, time: q.time, revenue: q.revenue, cutoffs, segments: q.segments.map((s) => s.slice) },
    q.dialect,
  );
  const result = await q.engine.query(sql, params, { signal: q.signal });
  const byCutoff: Row[][] = cutoffs.map(() => []);
  for (const r of result) {
    const segValues = q.segments.map((_, i) => {
      const v = r[`__s${i}`];
      return v === null || v === undefined ? null : typeof v === 'boolean' ? v : String(v);
    });
    byCutoff[Number(r.__c)]?.push({
      customer: String(r.__k),
      summary: {
        frequency: Number(r.frequency),
        recency: Number(r.recency),
        T: Number(r.age),
        monetary: Number(r.monetary),
      },
      holdout: Number(r.holdout),
      segments: segValues,
    });
  }

  // Slices: the whole population, each `by` value seen at a displayed period end, each `where` segment.
  const displayedEnds = new Set(q.windows.map((w) => w.end));
  const slices: SegmentKey[] = [{}];
  q.segments.forEach((s, i) => {
    if (s.slice.kind === 'where') {
      slices.push({ [s.name]: true });
      return;
    }
    const seen = new Set<string | null>();
    ends.forEach((end, c) => {
      if (displayedEnds.has(end)) for (const row of byCutoff[c]) seen.add(row.segments[i] as string | null);
    });
    const sorted = [...seen].sort((a, b) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0));
    for (const v of sorted) slices.push({ [s.name]: v });
  });
  const inSlice = (row: Row, slice: SegmentKey): boolean => {
    const name = Object.keys(slice)[0];
    if (name === undefined) return true;
    const i = q.segments.findIndex((s) => s.name === name);
    return row.segments[i] === slice[name];
  };

  const values = new Map<string, number | null>();
  const failures = new Map<string, string[]>();
  let unscored = 0;
  let model: ClvModelReport | undefined;
  let intervals: PredictiveClvOutput['intervals'];
  const customers: CustomerScoreRow[] = [];
  const fits = new Map<
    string,
    { fit: ReturnType<typeof fitClvModel>; rows: Row[]; scores: (CustomerScore | null)[] }
  >();
  ends.forEach((end, c) => {
    const rows = byCutoff[c];
    const fit = fitClvModel(rows.map((r) => r.summary));
    let scores: (CustomerScore | null)[] = [];
    if (fit.ok) {
      const scorer = new ClvScorer(
        fit.model.bgnbd.params,
        fit.model.gammaGamma.params,
        q.horizonMonths,
        q.discountRate,
      );
      scores = rows.map((r) => scorer.score(r.summary));
      if (displayedEnds.has(end)) unscored += scores.filter((s) => s === null).length;
    } else {
      failures.set(fit.reason, [...(failures.get(fit.reason) ?? []), end]);
    }
    fits.set(end, { fit, rows, scores });
  });
  for (const range of q.ranges) {
    const f = fits.get(range.end);
    for (const slice of slices) {
      let value: number | null = null;
      if (f?.fit.ok) {
        let sum = 0;
        let n = 0;
        f.rows.forEach((row, i) => {
          const s = f.scores[i];
          if (s && inSlice(row, slice)) {
            sum += s.clv;
            n++;
          }
        });
        value = n > 0 ? sum / n : null;
      }
      values.set(`${rangeKey(range)}|${JSON.stringify(slice)}`, value);
    }
  }

  for (const [reason, at] of failures) {
    const latest = at.includes(latestEnd);
    const message =
      at.length === 1
        ? l10n.t("KPI '{0}': no predictive CLV at {1}: {2}", label, at[0], reason)
        : l10n.t(
            "KPI '{0}': no predictive CLV at {1} period ends ({2}): {3}",
            label,
            at.length,
            `${at.slice(0, 3).join(', ')}${at.length > 3 ? ', …' : ''}`,
            reason,
          );
    notes.push({ severity: latest ? 'error' : 'warning', code: 'clv-fit', field: 'method', message });
  }
  if (unscored > 0)
    notes.push({
      severity: 'warning',
      code: 'clv-fit',
      field: 'method',
      message: l10n.t(
        "KPI '{0}': {1} customer score(s) were not finite and are left out of the means",
        label,
        unscored,
      ),
    });

  const latest = fits.get(latestEnd);
  if (latest?.fit.ok) {
    const m = latest.fit.model;
    const unsure = [
      !m.bgnbd.converged || !m.gammaGamma.converged ? l10n.t('the likelihood search did not converge') : '',
      m.bgnbd.atBound || m.gammaGamma.atBound
        ? l10n.t('a parameter ended at its bound (e^±20): the data barely identify it')
        : '',
    ].filter(Boolean);
    if (unsure.length)
      notes.push({
        severity: 'warning',
        code: 'clv-fit',
        field: 'method',
        message: l10n.t(
          "KPI '{0}': the fit at {1} is unsure: {2}",
          label,
          latestEnd,
          unsure.length === 1 ? unsure[0] : l10n.t('{0}; {1}', unsure[0], unsure[1]),
        ),
      });
    const summaries = latest.rows.map((r) => r.summary);
    const rho = frequencyMonetaryCorrelation(summaries);
    if (rho !== null && Math.abs(rho) > CORRELATION_WARNING) {
      notes.push({
        severity: 'warning',
        code: 'clv-assumption',
        field: 'revenue',
        message: l10n.t(
          "KPI '{0}': at {1} the correlation of purchase frequency and mean spend among repeat buyers is {2} (|r| > {3}): Gamma-Gamma assumes spend independent of frequency, so predicted spend is biased",
          label,
          latestEnd,
          rho.toFixed(2),
          CORRELATION_WARNING,
        ),
      });
    }
    model = modelReport(latestEnd, m, q, rho, segmentMeans(latest.rows, latest.scores, slices, inSlice));
    if (q.bootstrap) {
      intervals = new Map();
      const latestRange = q.ranges.find((r) => r.end === latestEnd);
      const slicesOf = latest.rows.map((row) => slices.flatMap((s, k) => (inSlice(row, s) ? [k] : [])));
      const boot = bootstrapClv({
        customers: latest.rows.map((r) => r.summary),
        slicesOf,
        slices: slices.length,
        ...q.bootstrap,
        horizonMonths: q.horizonMonths,
        discountRate: q.discountRate,
      });
      model.bootstrap = { ...q.bootstrap, method: 'percentile', failed: boot.failed };
      model.segments.forEach((seg, k) => {
        const ci = boot.intervals[k];
        seg.clv_ci_low = ci.low;
        seg.clv_ci_high = ci.high;
        if (latestRange)
          intervals?.set(`${rangeKey(latestRange)}|${JSON.stringify(seg.segment)}`, {
            n: seg.customers,
            low: ci.low,
            high: ci.high,
          });
      });
    }
    latest.rows.forEach((r, i) => customers.push({ customer: r.customer, ...r.summary, score: latest.scores[i] }));
  }

  if (calibrationIndex >= 0 && q.holdoutMonths !== undefined) {
    const cut = cutoffs[calibrationIndex];
    const outcome = backtest(byCutoff[calibrationIndex], cut.end, latestEnd, q.holdoutMonths);
    if (typeof outcome === 'string') {
      notes.push({
        severity: 'warning',
        code: 'clv-fit',
        field: 'backtest',
        message: l10n.t("KPI '{0}': no back-test (fitted up to {1}): {2}", label, cut.end, outcome),
      });
    } else {
      if (model) model.backtest = outcome;
      const ratio =
        outcome.ratio === null
          ? l10n.t('no purchase in the holdout')
          : l10n.t('Σ predicted / Σ actual = {0}', outcome.ratio.toFixed(3));
      notes.push({
        severity: 'info',
        code: 'clv-backtest',
        field: 'backtest',
        message: l10n.t(
          "KPI '{0}' back-test: fitted on data up to {1}, {2} month(s) held out to {3}: {4} customers, MAE {5} purchases per customer, {6} ({7} predicted, {8} actual)",
          label,
          outcome.calibration_end,
          outcome.holdout_months,
          outcome.holdout_end,
          outcome.customers,
          outcome.mae.toFixed(3),
          ratio,
          outcome.predicted.toFixed(1),
          outcome.actual,
        ),
      });
    }
  }
  return { values, slices, ...(model ? { model } : {}), customers, notes, ...(intervals ? { intervals } : {}) };
}
