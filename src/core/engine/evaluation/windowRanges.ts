// Windows phase: each requested period's windows at as_of (periods.ts), and the internal
// periods "the calendar month holding the end of each window of P" a simple clv's churn is
// read over; with the helpers on date ranges and segment slices the phases share.
import type { SegmentKey } from '../../report/resultModel';
import { grainEnd, grainLabel, grainStart } from '../../util/calendar';
import { rangeKey, sliceKey } from './evaluationState';
import type { EvaluationState, Request } from './evaluationState';
import { resolvePeriod } from './periods';
import type { DateRange, PeriodWindow } from './periods';

/** Resolves the windows of every requested period at as_of. */
export function resolveWindows(
  st: EvaluationState,
  requests: Request[],
  asOf: string,
  dataStart: string | undefined,
): void {
  const periodNames = new Set(requests.map((r) => r.period));
  for (const name of periodNames) {
    const spec = st.model.periods.get(name);
    if (spec) st.windows.set(name, resolvePeriod(spec, asOf, dataStart).windows);
  }
  // The calendar month holding the end of each window (and compared window) of a period.
  for (const name of periodNames) {
    if (!name.startsWith(MONTH_OF)) continue;
    const months = new Map<string, PeriodWindow>();
    for (const range of uniqueRanges(st.windows.get(name.slice(MONTH_OF.length)) ?? [])) {
      const m = monthOf(range.end);
      months.set(rangeKey(m), { ...m, compare: null });
    }
    st.windows.set(name, [...months.values()]);
  }
}

/** Prefix of the internal period "the month holding the end of each window of P". */
export const MONTH_OF = '__month_of:';

export function monthOf(date: string): DateRange {
  const start = grainStart(date, 'month');
  return { label: grainLabel(start, 'month'), start, end: grainEnd(date, 'month') };
}

export function uniqueRanges(windows: PeriodWindow[]): DateRange[] {
  const out = new Map<string, DateRange>();
  for (const w of windows) {
    out.set(rangeKey(w), { label: w.label, start: w.start, end: w.end });
    if (w.compare) out.set(rangeKey(w.compare), w.compare);
  }
  return [...out.values()];
}

/** Segment values in a stable order: text order, null last. */
export function sortSegmentValues(values: (string | null)[]): (string | null)[] {
  return [...values].sort((a, b) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0));
}

export function mergeSlices(lists: SegmentKey[][]): SegmentKey[] {
  const out = new Map<string, SegmentKey>();
  for (const list of lists) for (const s of list) out.set(sliceKey(s), s);
  return [...out.values()];
}
