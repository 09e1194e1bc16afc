// Assembles a KPI's result rows (DSL.md): for each period (oldest first) and each slice
// (whole population, then segment values), the value, the compared period's value, the
// relative change, the difference (delta) and the target status.
import type { ResultRow, Status, KpiTarget } from '../../report/resultModel';
import type { PeriodWindow } from './periods';
import { changeTest } from '../../stats/changeSignificance';
import { intervalOf } from '../../stats/intervals';
import type { KpiCounts } from '../../stats/intervals';
import { rowComparisons } from './comparisons';

/** The confidence level and the smallest trusted n of a KPI. */
export interface SampleRules {
  confidence: number;
  minSample: number;
}

/** A KPI's values per window, slice and (for cohorts and funnels) day or step. */
export interface SlicedValues {
  /** `${start}..${end}|${slice JSON}` (+ `|d:N` or `|s:step`) → value. */
  values: Map<string, number | null>;
  /** Shares and NPS: the counts behind each value (same keys), for intervals and change tests. */
  counts?: Map<string, KpiCounts>;
  slices: Record<string, string | boolean | null>[];
  empty: number | null;
  /** Values with an interval of their own (survival, a bootstrapped clv): n and the bounds, same keys; rows without a key have none. */
  intervals?: Map<string, { n: number; low: number | null; high: number | null }>;
  /** cohort_retention: one row per day, no overall row. funnel: the overall row, then one per step. */
  detail?: { kind: 'day'; days: number[] } | { kind: 'step'; steps: string[] };
}

export const detailSuffix = (d: { day?: number; step?: string }): string =>
  d.day !== undefined ? `|d:${d.day}` : d.step !== undefined ? `|s:${d.step}` : '';

/** (value − previous) / |previous|; null when either is null or previous is 0. */
export function relativeChange(value: number | null, previous: number | null): number | null {
  if (value === null || previous === null || previous === 0) return null;
  const d = difference(value, previous);
  const c = d === null ? null : d / Math.abs(previous);
  return c !== null && Number.isFinite(c) ? c : null;
}

/**
 * value − previous (the row's `delta`); null when either is null. At the decimals the two are
 * written with, without the noise of a binary subtraction: 90 000.5 − 1 090 020.3 is −1 000 019.8,
 * not −1 000 019.7999999999 (the decimal difference of two decimals has no more decimals).
 */
export function difference(value: number | null, previous: number | null): number | null {
  if (value === null || previous === null) return null;
  const d = value - previous;
  if (!Number.isFinite(d)) return null;
  const decimals = Math.max(decimalsOf(value), decimalsOf(previous));
  return decimals <= MAX_FIXED ? Number(d.toFixed(decimals)) : d;
}

/** The most decimals toFixed writes. */
const MAX_FIXED = 100;

/** The decimals of a number's shortest text: 3 for 0.125, 7 for 1e-7, 0 for 1e21. */
function decimalsOf(x: number): number {
  const [mantissa, exponent] = String(Math.abs(x)).split('e');
  return Math.max(0, (mantissa.split('.')[1] ?? '').length - Number(exponent ?? 0));
}

/** met when every bound holds, missed otherwise; null without a target or a value. */
export function targetStatus(value: number | null, target: KpiTarget | null): Status {
  if (!target || value === null) return null;
  if (target.min !== undefined && value < target.min) return 'missed';
  if (target.max !== undefined && value > target.max) return 'missed';
  return 'met';
}

export function buildRows(
  windows: PeriodWindow[],
  values: SlicedValues,
  target: KpiTarget | null,
  rules?: SampleRules,
): ResultRow[] {
  const keyOf = (
    start: string,
    end: string,
    slice: Record<string, string | boolean | null>,
    detail: { day?: number; step?: string },
  ) => `${start}..${end}|${JSON.stringify(slice)}${detailSuffix(detail)}`;
  const get = (
    start: string,
    end: string,
    slice: Record<string, string | boolean | null>,
    detail: { day?: number; step?: string },
  ): number | null => {
    const key = keyOf(start, end, slice, detail);
    return values.values.has(key) ? (values.values.get(key) ?? null) : values.empty;
  };
  const counts = values.counts;
  // A window with no row at all has no count aggregates: its n is 0.
  const countsAt = (
    start: string,
    end: string,
    slice: Record<string, string | boolean | null>,
    detail: { day?: number; step?: string },
  ): KpiCounts | undefined => {
    if (!counts) return undefined;
    const found = counts.get(keyOf(start, end, slice, detail));
    if (found) return found;
    const kind = counts.values().next().value?.kind ?? 'share';
    return kind === 'nps' ? { kind, n: 0, promoters: 0, detractors: 0 } : { kind, n: 0, x: 0 };
  };
  const details: { day?: number; step?: string }[] =
    values.detail?.kind === 'day'
      ? values.detail.days.map((day) => ({ day }))
      : values.detail?.kind === 'step'
        ? [{}, ...values.detail.steps.map((step) => ({ step }))]
        : [{}];
  const rows: ResultRow[] = [];
  for (const w of windows) {
    for (const slice of values.slices) {
      for (const detail of details) {
        const value = get(w.start, w.end, slice, detail);
        const previous = w.compare ? get(w.compare.start, w.compare.end, slice, detail) : null;
        // Targets apply to the KPI's own value, not to a funnel's per-step shares.
        const status = detail.step !== undefined ? null : targetStatus(value, target);
        const row: ResultRow = {
          period: w.label,
          segment: slice,
          value,
          previous,
          change: relativeChange(value, previous),
          delta: difference(value, previous),
          status,
          ...detail,
        };
        const own = values.intervals?.get(keyOf(w.start, w.end, slice, detail));
        if (own)
          Object.assign(row, {
            n: own.n,
            ci_low: own.low,
            ci_high: own.high,
            ...(rules ? { below_min_sample: own.n < rules.minSample } : {}),
          });
        const current = rules ? countsAt(w.start, w.end, slice, detail) : undefined;
        if (rules && current)
          Object.assign(
            row,
            uncertainty(
              current,
              w.compare ? countsAt(w.compare.start, w.compare.end, slice, detail) : undefined,
              rules,
            ),
          );
        const comparisons = rowComparisons(w, {
          value,
          valueAt: (r) => get(r.start, r.end, slice, detail),
          current,
          countsAt: (r) => countsAt(r.start, r.end, slice, detail),
          rules,
        });
        if (comparisons) row.comparisons = comparisons;
        rows.push(row);
      }
    }
  }
  return rows;
}

/** n, the interval, the min_sample flag and (with a compared period) the change test of one row. */
export function uncertainty(
  current: KpiCounts,
  previous: KpiCounts | undefined,
  rules: SampleRules,
): Partial<ResultRow> {
  const interval = intervalOf(current, rules.confidence);
  const out: Partial<ResultRow> = {
    n: current.n,
    ci_low: interval ? interval.low : null,
    ci_high: interval ? interval.high : null,
    below_min_sample: current.n < rules.minSample,
  };
  if (previous) {
    const test = changeTest(current, previous);
    out.previous_n = previous.n;
    out.p_value = test ? test.p_value : null;
    out.significant = test ? test.p_value < 1 - rules.confidence : null;
  }
  return out;
}
