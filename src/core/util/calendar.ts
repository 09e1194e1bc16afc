// Pure calendar helpers on 'YYYY-MM-DD' strings: day and month arithmetic, ISO-8601 weeks,
// and the start, end and label of the day / week / month / quarter / year holding a date.
// Everything goes through UTC day numbers (Date.UTC), never local time, so results do not
// depend on the machine's time zone.

export type Grain = 'day' | 'week' | 'month' | 'quarter' | 'year';

const MS_PER_DAY = 86_400_000;
/** Days in a 400-year Gregorian cycle: shifting a date by 400 years keeps its weekday. */
const DAYS_PER_400_YEARS = 146_097;

interface Ymd {
  y: number;
  m: number; // 1..12
  d: number; // 1..31
}

function parse(date: string): Ymd {
  const [y, m, d] = date.split('-').map(Number);
  return { y, m, d };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function format(y: number, m: number, d: number): string {
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** Days since 1970-01-01 of a calendar date; day overflow rolls over as Date.UTC does. */
function dayNumber(y: number, m: number, d: number): number {
  // Date.UTC reads years 0..99 as 1900..1999: go 400 years up and come back.
  if (y >= 0 && y < 100) return Date.UTC(y + 400, m - 1, d) / MS_PER_DAY - DAYS_PER_400_YEARS;
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

function fromDayNumber(n: number): string {
  const t = new Date(n * MS_PER_DAY);
  return format(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

function toDayNumber(date: string): number {
  const { y, m, d } = parse(date);
  return dayNumber(y, m, d);
}

function daysInMonth(y: number, m: number): number {
  // Day 0 of the next month is the last day of this one.
  return dayNumber(y, m + 1, 1) - dayNumber(y, m, 1);
}

/** 0 = Monday … 6 = Sunday. 1970-01-01 (day 0) was a Thursday. */
function weekdayIndex(dayNo: number): number {
  return (((dayNo + 3) % 7) + 7) % 7;
}

export function addDays(date: string, n: number): string {
  return fromDayNumber(toDayNumber(date) + n);
}

/** Adds calendar months, clamping the day to the target month's length (01-31 + 1 month = 02-28/29). */
export function addMonths(date: string, n: number): string {
  const { y, m, d } = parse(date);
  const index = y * 12 + (m - 1) + n;
  const ty = Math.floor(index / 12);
  const tm = index - ty * 12 + 1;
  return format(ty, tm, Math.min(d, daysInMonth(ty, tm)));
}

/** b − a in days (negative when b is before a). */
export function daysBetween(a: string, b: string): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** The ISO-8601 week of a date: weeks start on Monday, week 1 holds the year's first Thursday. */
export function isoWeek(date: string): { year: number; week: number } {
  const n = toDayNumber(date);
  // The Thursday of the same Monday-first week decides the ISO year.
  const thursday = n - weekdayIndex(n) + 3;
  const year = Number(fromDayNumber(thursday).slice(0, 4));
  const week = Math.floor((thursday - dayNumber(year, 1, 1)) / 7) + 1;
  return { year, week };
}

/** The number of ISO weeks (52 or 53) of an ISO week-year: 28 December is always in its last week. */
export function isoWeeksInYear(year: number): number {
  return isoWeek(format(year, 12, 28)).week;
}

/** The Monday of ISO week `week` of ISO year `year` (4 January is always in week 1). */
export function isoWeekStart(year: number, week: number): string {
  const jan4 = dayNumber(year, 1, 4);
  return fromDayNumber(jan4 - weekdayIndex(jan4) + (week - 1) * 7);
}

/** The first day of the grain holding `date` (week: its Monday). */
export function grainStart(date: string, grain: Grain): string {
  const { y, m } = parse(date);
  switch (grain) {
    case 'day':
      return fromDayNumber(toDayNumber(date));
    case 'week': {
      const n = toDayNumber(date);
      return fromDayNumber(n - weekdayIndex(n));
    }
    case 'month':
      return format(y, m, 1);
    case 'quarter':
      return format(y, Math.floor((m - 1) / 3) * 3 + 1, 1);
    case 'year':
      return format(y, 1, 1);
  }
}

/** The last day of the grain holding `date` (week: its Sunday). */
export function grainEnd(date: string, grain: Grain): string {
  const start = grainStart(date, grain);
  switch (grain) {
    case 'day':
      return start;
    case 'week':
      return addDays(start, 6);
    case 'month':
      return addDays(addMonths(start, 1), -1);
    case 'quarter':
      return addDays(addMonths(start, 3), -1);
    case 'year':
      return addDays(addMonths(start, 12), -1);
  }
}

/**
 * The contract label of the grain holding `start`: day 2025-03-07, week 2025-W10 (ISO
 * week-year, so 2024-12-30 is 2025-W01), month 2025-03, quarter 2025-Q1, year 2025.
 */
export function grainLabel(start: string, grain: Grain): string {
  const { y, m } = parse(start);
  switch (grain) {
    case 'day':
      return fromDayNumber(toDayNumber(start));
    case 'week': {
      const w = isoWeek(start);
      return `${pad(w.year, 4)}-W${pad(w.week, 2)}`;
    }
    case 'month':
      return `${pad(y, 4)}-${pad(m, 2)}`;
    case 'quarter':
      return `${pad(y, 4)}-Q${Math.floor((m - 1) / 3) + 1}`;
    case 'year':
      return pad(y, 4);
  }
}

/** true for a real calendar date written 'YYYY-MM-DD'. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const { y, m, d } = parse(value);
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** The span of date ranges (at least one): from the earliest start to the latest end. */
export function spanOfRanges(ranges: { start: string; end: string }[]): { start: string; end: string } {
  const starts = ranges.map((r) => r.start).sort();
  const ends = ranges.map((r) => r.end).sort();
  return { start: starts[0], end: ends[ends.length - 1] };
}
