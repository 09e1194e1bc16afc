// Assembles a KPI's result rows (DSL.md): for each period (oldest first) and each slice
// (whole population, then segment values), the value, the compared period's value, the
// relative change and the target status.
import type { ResultRow, Status, KpiTarget } from '../report/resultModel';
import type { PeriodWindow } from './periods';

/** A KPI's values per window, slice and (for cohorts and funnels) day or step. */
export interface SlicedValues {
  /** `${start}..${end}|${slice JSON}` (+ `|d:N` or `|s:step`) → value. */
  values: Map<string, number | null>;
  slices: Record<string, string | boolean | null>[];
  empty: number | null;
  /** cohort_retention: one row per day, no overall row. funnel: the overall row, then one per step. */
  detail?: { kind: 'day'; days: number[] } | { kind: 'step'; steps: string[] };
}

export const detailSuffix = (d: { day?: number; step?: string }): string => (d.day !== undefined ? `|d:${d.day}` : d.step !== undefined ? `|s:${d.step}` : '');

/** (value − previous) / |previous|; null when either is null or previous is 0. */
export function relativeChange(value: number | null, previous: number | null): number | null {
  if (value === null || previous === null || previous === 0) return null;
  const c = (value - previous) / Math.abs(previous);
  return Number.isFinite(c) ? c : null;
}

/** met when every bound holds, missed otherwise; null without a target or a value. */
export function targetStatus(value: number | null, target: KpiTarget | null): Status {
  if (!target || value === null) return null;
  if (target.min !== undefined && value < target.min) return 'missed';
  if (target.max !== undefined && value > target.max) return 'missed';
  return 'met';
}

export function buildRows(windows: PeriodWindow[], values: SlicedValues, target: KpiTarget | null): ResultRow[] {
  const get = (start: string, end: string, slice: Record<string, string | boolean | null>, detail: { day?: number; step?: string }): number | null => {
    const key = `${start}..${end}|${JSON.stringify(slice)}${detailSuffix(detail)}`;
    return values.values.has(key) ? values.values.get(key) ?? null : values.empty;
  };
  const details: { day?: number; step?: string }[] =
    values.detail?.kind === 'day' ? values.detail.days.map((day) => ({ day }))
      : values.detail?.kind === 'step' ? [{}, ...values.detail.steps.map((step) => ({ step }))]
        : [{}];
  const rows: ResultRow[] = [];
  for (const w of windows) {
    for (const slice of values.slices) {
      for (const detail of details) {
        const value = get(w.start, w.end, slice, detail);
        const previous = w.compare ? get(w.compare.start, w.compare.end, slice, detail) : null;
        // Targets apply to the KPI's own value, not to a funnel's per-step shares.
        const status = detail.step !== undefined ? null : targetStatus(value, target);
        rows.push({ period: w.label, segment: slice, value, previous, change: relativeChange(value, previous), status, ...detail });
      }
    }
  }
  return rows;
}
