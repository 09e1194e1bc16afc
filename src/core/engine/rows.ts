// Assembles a KPI's result rows (DSL.md): for each period (oldest first) and each slice
// (whole population, then segment values), the value, the compared period's value, the
// relative change and the target status.
import type { ResultRow, Status, KpiTarget } from '../report/resultModel';
import type { PeriodWindow } from './periods';

export interface SlicedValues {
  values: Map<string, number | null>;
  slices: Record<string, string | boolean | null>[];
  empty: number | null;
}

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
  const get = (start: string, end: string, slice: Record<string, string | boolean | null>): number | null => {
    const key = `${start}..${end}|${JSON.stringify(slice)}`;
    return values.values.has(key) ? values.values.get(key) ?? null : values.empty;
  };
  const rows: ResultRow[] = [];
  for (const w of windows) {
    for (const slice of values.slices) {
      const value = get(w.start, w.end, slice);
      const previous = w.compare ? get(w.compare.start, w.compare.end, slice) : null;
      rows.push({ period: w.label, segment: slice, value, previous, change: relativeChange(value, previous), status: targetStatus(value, target) });
    }
  }
  return rows;
}
