// Windows phase: each requested period's windows at as_of (periods.ts), and the internal
// periods "the calendar month holding the end of each window of P" a simple clv's churn is
// read over; with the helpers on date ranges and segment slices the phases share.
import type { SegmentKey } from '../../report/resultModel';
import { grainEnd, grainLabel, grainStart } from '../../util/calendar';
import { rangeKey, sliceKey } from './evaluationState';
import type { EvaluationState, Request } from './evaluationState';
import { resolvePeriod } from './periods';
import type { DateRange, PeriodWindow } from './periods';
import * as l10n from '../../l10n/l10n';

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
    if (!spec) continue;
    const windows = resolvePeriod(spec, asOf, dataStart).windows;
    // A period (or what it is compared with) reaching before the year 1 (`last: 100000` months):
    // said at the period, which gets no rows, rather than failing the run on the date.
    const first = uniqueRanges(windows).reduce((min, r) => (r.start < min ? r.start : min), '9999-12-31');
    if (first < '0001-01-01') {
      const field = spec.last !== undefined ? 'last' : spec.from !== undefined ? 'from' : 'grain';
      st.diag(
        st.check.document.rangeOf(['periods', name, field]),
        'error',
        'invalid-value',
        l10n.t(
          "period '{0}' reaches before the year 1 at as_of {1} (its windows or the periods they are compared with): shorten it",
          name,
          asOf,
        ),
      );
      st.windows.set(name, []);
      continue;
    }
    st.windows.set(name, windows);
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
    for (const c of w.comparisons ?? []) out.set(rangeKey(c.range), c.range);
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
