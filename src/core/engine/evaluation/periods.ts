// Period resolution: turns a period of a KPI file (grain + last N, a from/to range, or both)
// and the file's as_of date into the concrete date windows to report, oldest first, each
// with the window it is compared with (previous grain, same grain a year ago, or none).
// Grains are counted in the period's calendar (util/periodCalendar, util/retailCalendar: week
// start, fiscal years, 4-4-5); pure date logic on 'YYYY-MM-DD' strings; no data is read here.
import type { PeriodSpec } from '../../kpifile/model';
import { addDays, addMonths, daysBetween, isCalendarDate, type Grain } from '../../util/calendar';
import { spanOf, spannedWindow } from './periodSpan';
import type { PeriodCalendar } from '../../util/periodCalendar';
import { calendarOf } from './periodCalendarOf';

/** A labelled range of dates, both ends inclusive. */
export interface DateRange {
  label: string;
  start: string;
  end: string;
}

/** A kind of comparison a period may list (`compare: [previous, year_ago]`). */
export type CompareKind = 'previous' | 'year_ago';

/** One reported window and the window its value is compared with (null for `compare: none`). */
export interface PeriodWindow extends DateRange {
  compare: DateRange | null;
  /** With a list `compare: [a, b, …]`: each compared window by kind, in the order given (the first is `compare`). */
  comparisons?: { kind: CompareKind; range: DateRange }[];
}

export interface ResolvedPeriod {
  /** Oldest first. */
  windows: PeriodWindow[];
  /** The period's grain, null for an explicit from/to range without one. */
  grain: Grain | null;
}

type Compare = PeriodSpec['compare'];

/** A date input if it is a real calendar date, otherwise undefined (ignored, never thrown on). */
function date(value: string | undefined): string | undefined {
  return value !== undefined && isCalendarDate(value) ? value : undefined;
}

const minDate = (a: string, b: string): string => (a < b ? a : b);
const maxDate = (a: string, b: string): string => (a > b ? a : b);

/** The start of the grain just before the one starting at `start`. */
const previousGrainStart = (cal: PeriodCalendar, start: string, grain: Grain): string =>
  cal.start(addDays(start, -1), grain);

/**
 * The last grain counted at `asOf`: the grain holding it when as_of is its last day or when
 * `partial` (then cut at as_of), otherwise the complete grain before.
 */
function lastWindow(cal: PeriodCalendar, asOf: string, grain: Grain, partial: boolean): DateRange {
  const start = cal.start(asOf, grain);
  if (partial || cal.end(asOf, grain) === asOf) return { label: cal.label(start, grain), start, end: asOf };
  const prev = previousGrainStart(cal, start, grain);
  return { label: cal.label(prev, grain), start: prev, end: cal.end(prev, grain) };
}

/**
 * The grain starting at `target`, cut to the same day offsets from its start as `window` has
 * from the start of its own grain (a full window gives the full target grain). Offsets past the
 * target grain's end are clamped to it.
 */
function alignedRange(
  cal: PeriodCalendar,
  window: DateRange,
  grain: Grain,
  target: string,
  sameDates = false,
): DateRange {
  const ownStart = cal.start(window.start, grain);
  const targetEnd = cal.end(target, grain);
  const label = cal.label(target, grain);
  if (window.start === ownStart && window.end === cal.end(window.start, grain))
    return { label, start: target, end: targetEnd };
  // A year ago of a partial month, quarter or year of dates: the same dates a year before
  // (2025-01-01..2025-03-15 → 2024-01-01..2024-03-15, 29 February included); else the same
  // number of days from the compared grain's start.
  const at = (date: string) => (sameDates ? addMonths(date, -12) : addDays(target, daysBetween(ownStart, date)));
  const start = minDate(at(window.start), targetEnd);
  const end = minDate(at(window.end), targetEnd);
  return { label, start, end };
}

function grainCompare(cal: PeriodCalendar, window: DateRange, grain: Grain, compare: Compare): DateRange | null {
  if (compare === 'none') return null;
  const ownStart = cal.start(window.start, grain);
  const target = compare === 'previous' ? previousGrainStart(cal, ownStart, grain) : cal.yearAgoStart(ownStart, grain);
  const sameDates =
    compare === 'year_ago' && !cal.retail && (grain === 'month' || grain === 'quarter' || grain === 'year');
  return alignedRange(cal, window, grain, target, sameDates);
}

const rangeLabel = (start: string, end: string): string => `${start}..${end}`;

function rangeCompare(start: string, end: string, compare: Compare): DateRange | null {
  if (compare === 'none') return null;
  if (compare === 'year_ago') {
    const s = addMonths(start, -12);
    const e = addMonths(end, -12);
    return { label: rangeLabel(s, e), start: s, end: e };
  }
  // The range just before: as many whole calendar months when the range is whole months (April
  // to June is compared with January to March, not with the 91 days before it), else as many
  // days — the base period of the revenue retentions (revenueRetentionParts.ts).
  const e = addDays(start, -1);
  const months = wholeMonths(start, end);
  const s = months !== undefined ? addMonths(start, -months) : addDays(start, -(daysBetween(start, end) + 1));
  return { label: rangeLabel(s, e), start: s, end: e };
}

/** The number of calendar months of a range from a month's first day to a month's last day; undefined otherwise. */
function wholeMonths(start: string, end: string): number | undefined {
  if (!start.endsWith('-01') || addDays(end, 1).slice(8) !== '01') return undefined;
  const after = addDays(end, 1);
  return (
    (Number(after.slice(0, 4)) - Number(start.slice(0, 4))) * 12 + Number(after.slice(5, 7)) - Number(start.slice(5, 7))
  );
}

function withCompare(
  cal: PeriodCalendar,
  range: DateRange,
  grain: Grain,
  compare: Compare,
  list?: CompareKind[],
): PeriodWindow {
  const out: PeriodWindow = { ...range, compare: grainCompare(cal, range, grain, compare) };
  if (list) out.comparisons = list.map((kind) => ({ kind, range: grainCompare(cal, range, grain, kind) as DateRange }));
  return out;
}

/** `last` grains ending with `last` itself, oldest first. */
function backFrom(cal: PeriodCalendar, last: DateRange, count: number, grain: Grain): DateRange[] {
  const out: DateRange[] = [last];
  let start = last.start;
  for (let i = 1; i < count; i++) {
    start = previousGrainStart(cal, start, grain);
    out.push({ label: cal.label(start, grain), start, end: cal.end(start, grain) });
  }
  return out.reverse();
}

/** Every grain overlapping [from, to], each clipped to it. */
function grainsOver(cal: PeriodCalendar, from: string, to: string, grain: Grain): DateRange[] {
  const out: DateRange[] = [];
  for (let start = cal.start(from, grain); start <= to; start = addDays(cal.end(start, grain), 1)) {
    out.push({
      label: cal.label(start, grain),
      start: maxDate(start, from),
      end: minDate(cal.end(start, grain), to),
    });
  }
  return out;
}

/**
 * The windows of a period at `asOf`. `dataStart` (the earliest date in the data) is the default
 * start of ranges without `from`. Never throws: malformed dates are ignored, an unusable as_of or
 * a non-positive `last` gives no windows.
 */
export function resolvePeriod(spec: PeriodSpec, asOf: string, dataStart?: string): ResolvedPeriod {
  const cal = calendarOf(spec);
  const resolved = resolveGrains(cal, spec, asOf, dataStart);
  const span = spanOf(spec, cal);
  if (!span || resolved.grain === null) return resolved;
  const windows = resolved.windows.map((w) => spannedWindow(w, span));
  const toDate = spec.toDate;
  if (!toDate || resolved.grain !== 'week' || cal.retail) return { ...resolved, windows };
  return { ...resolved, windows: windows.map((w) => weekToDateYearAgo(w, spec.compare, cal, toDate)) };
}

/**
 * A week's to-date value compared with a year ago: the same span a year before (2021-01-01..
 * 2021-01-10 with 2020-01-01..2020-01-10, as DSL.md says), not the to-date of the same-numbered
 * week, which ends on another date (2020-W01 ended on 2020-01-05). Labels stay the week's.
 */
function weekToDateYearAgo(w: PeriodWindow, first: Compare, cal: PeriodCalendar, toDate: Grain): PeriodWindow {
  const shifted = (range: DateRange): DateRange => {
    const end = addMonths(w.end, -12);
    return { label: range.label, start: cal.start(end, toDate), end };
  };
  return {
    ...w,
    compare: w.compare && first === 'year_ago' ? shifted(w.compare) : w.compare,
    ...(w.comparisons
      ? { comparisons: w.comparisons.map((c) => (c.kind === 'year_ago' ? { ...c, range: shifted(c.range) } : c)) }
      : {}),
  };
}

/** The grains of a period (each with its compared grain), before a rolling window or to-date widens them. */
function resolveGrains(cal: PeriodCalendar, spec: PeriodSpec, asOf: string, dataStart?: string): ResolvedPeriod {
  const grain = spec.grain ?? null;
  if (!isCalendarDate(asOf)) return { windows: [], grain };
  const first = date(dataStart);
  const from = date(spec.from);
  const to = date(spec.to);

  // as_of fixes "today": a range never reaches after it (the rows dated later are not yet in the
  // data of that day, and a grain after it would show as a fall to nothing).
  const until = to !== undefined && to < asOf ? to : asOf;

  if (grain === null) {
    // One explicit range (a `last` without a grain is rejected by the validator and ignored here).
    const end = until;
    const start = from ?? first ?? end;
    if (start > end) return { windows: [], grain };
    const window: PeriodWindow = {
      label: rangeLabel(start, end),
      start,
      end,
      compare: rangeCompare(start, end, spec.compare),
    };
    if (spec.compares)
      window.comparisons = spec.compares.map((kind) => ({ kind, range: rangeCompare(start, end, kind) as DateRange }));
    return { windows: [window], grain };
  }

  if (spec.last !== undefined) {
    // `last` wins over from/to (having both is rejected by the validator).
    const count = Math.floor(spec.last);
    if (!Number.isFinite(count) || count < 1) return { windows: [], grain };
    const ranges = backFrom(cal, lastWindow(cal, asOf, grain, spec.partial), count, grain);
    return { windows: ranges.map((r) => withCompare(cal, r, grain, spec.compare, spec.compares)), grain };
  }

  if (from !== undefined || to !== undefined) {
    // The user gave the range: keep incomplete grains, clipped to it (and to as_of).
    const end = until;
    const start = from ?? first ?? cal.start(end, grain);
    if (start > end) return { windows: [], grain };
    return {
      windows: grainsOver(cal, start, end, grain).map((r) => withCompare(cal, r, grain, spec.compare, spec.compares)),
      grain,
    };
  }

  // Neither: every complete grain from the one holding dataStart to the last one at as_of.
  const last = lastWindow(cal, asOf, grain, spec.partial);
  const ranges: DateRange[] = [];
  if (first === undefined) {
    ranges.push(last);
  } else {
    for (let start = cal.start(first, grain); start < last.start; start = addDays(cal.end(start, grain), 1)) {
      ranges.push({ label: cal.label(start, grain), start, end: cal.end(start, grain) });
    }
    if (cal.start(first, grain) <= last.start) ranges.push(last);
  }
  return { windows: ranges.map((r) => withCompare(cal, r, grain, spec.compare, spec.compares)), grain };
}
