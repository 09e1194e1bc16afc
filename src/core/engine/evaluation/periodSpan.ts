// What a period counts at each of its grains when it is not the grain itself: a rolling
// `window` (the trailing 90 days ending at the grain's last day) or `to_date` (from the start
// of the year, quarter or month holding the grain's last day: YTD at each month). The grain keeps its label
// (a monthly series of trailing-90-day values); its dates, and its compared window's, become
// the window's, so n, intervals and change tests are those of the window.
import type { PeriodSpec } from '../../kpifile/model';
import { parseWindowLength, windowStart } from '../../util/windowLength';
import type { PeriodCalendar } from '../../util/periodCalendar';
import type { DateRange, PeriodWindow } from './periods';

/** The first day counted for a grain (or compared grain) ending at `end`. */
export type PeriodSpan = (end: string) => string;

/** The span of a period, or undefined when it counts its grains as they are. */
export function spanOf(spec: PeriodSpec, cal: PeriodCalendar): PeriodSpan | undefined {
  const length = parseWindowLength(spec.window);
  if (length) return (end) => windowStart(end, length);
  const toDate = spec.toDate;
  if (toDate) return (end) => cal.start(end, toDate);
  return undefined;
}

const spanned = (range: DateRange, span: PeriodSpan): DateRange => ({
  label: range.label,
  start: span(range.end),
  end: range.end,
});

/** A window and its compared window, each widened to the span ending at its last day. */
export function spannedWindow(window: PeriodWindow, span: PeriodSpan): PeriodWindow {
  const out: PeriodWindow = {
    ...spanned(window, span),
    compare: window.compare ? spanned(window.compare, span) : null,
  };
  if (window.comparisons)
    out.comparisons = window.comparisons.map((c) => ({ kind: c.kind, range: spanned(c.range, span) }));
  return out;
}
