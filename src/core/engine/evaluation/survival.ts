// Evaluates a survival KPI: one counts query per slice (whole population, each segment;
// engine/sql/survivalQuery.ts) gives, per window end and segment value, the events and
// censorings per duration; the Kaplan–Meier product, Greenwood's log-log bands and the
// median are computed here (stats/kaplanMeier.ts). Rows: S at each day of `at` (else at each
// distinct event time seen), with n = subscriptions at risk at that day and the interval.
// The report: each slice's curve and median lifetime at the latest displayed window's end.
// Rows left out (no start, end before start) come back as a note with their count.
import type { DateRange, PeriodWindow } from './periods';
import type { Engine, SqlRow } from '../backends/engine';
import type { Dialect } from '../sql/dialect';
import type { Expr } from '../../expr';
import type { SourceContext } from '../sources/sourceContext';
import { survivalCountsSql, survivalProblemsSql } from '../sql/survivalQuery';
import type { SurvivalSlice } from '../sql/survivalQuery';
import { detailSuffix } from './rows';
import type { SlicedValues } from './rows';
import { kaplanMeier, medianLifetime, survivalAt } from '../../stats/kaplanMeier';
import type { SurvivalCount, SurvivalCurve } from '../../stats/kaplanMeier';
import type { SegmentKey, SurvivalReport, SurvivalSegmentReport } from '../../report/resultModel';
import * as l10n from '../../l10n/l10n';

export interface SurvivalInput {
  engine: Engine;
  dialect: Dialect;
  signal?: AbortSignal;
  source: SourceContext;
  start: string;
  end: string;
  where?: Expr;
  /** The displayed windows (the latest one's end is where the curves are reported). */
  windows: PeriodWindow[];
  /** Every window and compared window to give values to. */
  ranges: DateRange[];
  segments: { name: string; slice: SurvivalSlice }[];
  /** The days S is reported at; undefined: every distinct event time. */
  at?: number[];
  confidence: number;
}

export interface SurvivalNote {
  /** The KPI field the note is about. */
  field: 'start' | 'end';
  message: string;
  count: number;
}

export interface SurvivalOutput {
  values: SlicedValues;
  report?: SurvivalReport;
  notes: SurvivalNote[];
}

/** How the numbers are made, in words (the report's `method`). */
export const SURVIVAL_METHOD =
  "Kaplan–Meier (ties: events before censorings); Greenwood's variance, log-log interval; median = smallest t with S(t) ≤ 0.5, its interval by Brookmeyer–Crowley through the log-log bands";

const rangeKey = (r: { start: string; end: string }) => `${r.start}..${r.end}`;
const sliceKey = (s: SegmentKey) => JSON.stringify(s);

/** Segment values in a stable order: text order, null last. */
function sortValues(values: (string | null)[]): (string | null)[] {
  return [...values].sort((a, b) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0));
}

export async function evaluateSurvival(input: SurvivalInput): Promise<SurvivalOutput> {
  const { engine, dialect, signal } = input;
  const query = { source: input.source, start: input.start, end: input.end, where: input.where };
  const jobs: { name: string; slice: SurvivalSlice }[] = [{ name: '', slice: { kind: 'whole' } }, ...input.segments];
  // Counts per window range and slice.
  const counts = new Map<string, SurvivalCount[]>();
  const slices: SegmentKey[] = [];
  const displayed = new Set(input.windows.map(rangeKey));
  for (const job of jobs) {
    if (input.ranges.length === 0) break;
    const { sql, params } = survivalCountsSql({ ...query, windows: input.ranges, slice: job.slice }, dialect);
    const rows = await engine.query(sql, params, { signal });
    const seen: (string | null)[] = [];
    for (const row of rows) {
      const w = input.ranges[Number(row.__w)];
      let sk: SegmentKey = {};
      if (job.slice.kind === 'by') {
        const v = row.__seg === null || row.__seg === undefined ? null : String(row.__seg);
        sk = { [job.name]: v };
        if (displayed.has(rangeKey(w)) && !seen.includes(v)) seen.push(v);
      } else if (job.slice.kind === 'where') sk = { [job.name]: true };
      const key = `${rangeKey(w)}|${sliceKey(sk)}`;
      const list = counts.get(key) ?? [];
      list.push({ time: Number(row.__t), events: Number(row.__d), censored: Number(row.__c) });
      counts.set(key, list);
    }
    if (job.slice.kind === 'by') for (const v of sortValues(seen)) slices.push({ [job.name]: v });
    else slices.push(job.slice.kind === 'where' ? { [job.name]: true } : {});
  }
  const curves = new Map<string, SurvivalCurve>();
  for (const [key, list] of counts) curves.set(key, kaplanMeier(list, input.confidence));
  // The days of the rows: `at`, else every distinct event time of any curve.
  const days =
    input.at ??
    [...new Set([...curves.values()].flatMap((c) => c.points.filter((p) => p.events > 0).map((p) => p.time)))].sort(
      (a, b) => a - b,
    );
  const values = new Map<string, number | null>();
  const intervals = new Map<string, { n: number; low: number | null; high: number | null }>();
  for (const range of input.ranges)
    for (const s of slices) {
      const curve = curves.get(`${rangeKey(range)}|${sliceKey(s)}`);
      for (const day of days) {
        const key = `${rangeKey(range)}|${sliceKey(s)}${detailSuffix({ day })}`;
        if (!curve) {
          values.set(key, null);
          intervals.set(key, { n: 0, low: null, high: null });
          continue;
        }
        const at = survivalAt(curve, day);
        values.set(key, at.survival);
        intervals.set(key, { n: at.atRisk, low: at.low, high: at.high });
      }
    }
  const latest = input.windows[input.windows.length - 1];
  const report: SurvivalReport | undefined = latest
    ? {
        at: latest.end,
        time_unit: 'days',
        confidence: input.confidence,
        method: SURVIVAL_METHOD,
        segments: slices.map((s) => segmentReport(s, curves.get(`${rangeKey(latest)}|${sliceKey(s)}`))),
      }
    : undefined;
  const notes = await problems(input, query);
  return { values: { values, intervals, slices, empty: null, detail: { kind: 'day', days } }, report, notes };
}

function segmentReport(segment: SegmentKey, curve: SurvivalCurve | undefined): SurvivalSegmentReport {
  if (!curve)
    return {
      segment,
      subjects: 0,
      events: 0,
      censored: 0,
      median: null,
      median_ci_low: null,
      median_ci_high: null,
      curve: [],
    };
  const median = medianLifetime(curve);
  return {
    segment,
    subjects: curve.subjects,
    events: curve.events,
    censored: curve.censored,
    median: median.median,
    median_ci_low: median.low,
    median_ci_high: median.high,
    curve: curve.points.map((p) => ({
      t: p.time,
      at_risk: p.atRisk,
      events: p.events,
      censored: p.censored,
      survival: p.survival,
      ci_low: p.low,
      ci_high: p.high,
    })),
  };
}

/** The rows left out: no readable start, an end before the start. */
async function problems(
  input: SurvivalInput,
  query: Parameters<typeof survivalProblemsSql>[0],
): Promise<SurvivalNote[]> {
  const { sql, params } = survivalProblemsSql(query, input.dialect);
  const rows: SqlRow[] = await input.engine.query(sql, params, { signal: input.signal });
  const row = rows[0] ?? {};
  const notes: SurvivalNote[] = [];
  const noStart = Number(row.__nostart ?? 0);
  const before = Number(row.__before ?? 0);
  if (noStart > 0)
    notes.push({
      field: 'start',
      count: noStart,
      message: l10n.t('{0} row(s) left out: no readable date in {1}', noStart, input.start),
    });
  if (before > 0) {
    const examples = listOf(row.__examples);
    const shown = examples.slice(0, 5).join(', ') + (examples.length > 5 ? ', …' : '');
    notes.push({
      field: 'end',
      count: before,
      message: l10n.t('{0} row(s) left out: {1} before {2} (start..end: {3})', before, input.end, input.start, shown),
    });
  }
  return notes;
}

/** A list aggregate's value: a JS array (PostgreSQL) or JSON text (DuckDB worker). */
function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  try {
    const parsed: unknown = JSON.parse(String(value ?? '[]'));
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}
