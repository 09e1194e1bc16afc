// Dates of the sample-data generator as whole days since 1970-01-01 (UTC): parsing and
// formatting YYYY-MM-DD, the calendar facts of every day precomputed once (text, month, years
// since start, each month's first and last day), weekdays and month ends.

export const MS_PER_DAY = 86_400_000;
export const DAYS_PER_MONTH = 365.2425 / 12;

/** Day number of a YYYY-MM-DD date; throws on anything else (including 2025-02-30). */
export function parseIsoDay(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    const ms = Date.UTC(year, month - 1, day);
    const date = new Date(ms);
    if (date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day) {
      return ms / MS_PER_DAY;
    }
  }
  throw new RangeError(`not a valid YYYY-MM-DD date: '${text}'`);
}

/** YYYY-MM-DD of a day number. */
export function formatIsoDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Calendar facts of each day in [origin, end], precomputed once (index = day − origin). */
export interface Calendar {
  /** First day covered: the earliest possible signup date. */
  origin: number;
  text: string[];
  /** Months since the start date's month (negative before it). */
  monthIndex: Int16Array;
  /** 0 = January … 11 = December. */
  monthOfYear: Uint8Array;
  /** Fractional years since start (negative before it), for trends. */
  years: Float64Array;
  /** First and last day numbers of each calendar month touched by [start, end] (whole months). */
  monthFirst: number[];
  monthLast: number[];
}

export function monthsOf(day: number): number {
  const date = new Date(day * MS_PER_DAY);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

export function buildCalendar(origin: number, start: number, end: number): Calendar {
  const length = end - origin + 1;
  const text: string[] = new Array<string>(length);
  const monthIndex = new Int16Array(length);
  const monthOfYear = new Uint8Array(length);
  const years = new Float64Array(length);
  const startMonths = monthsOf(start);
  for (let i = 0; i < length; i++) {
    const date = new Date((origin + i) * MS_PER_DAY);
    text[i] = date.toISOString().slice(0, 10);
    monthIndex[i] = date.getUTCFullYear() * 12 + date.getUTCMonth() - startMonths;
    monthOfYear[i] = date.getUTCMonth();
    years[i] = (origin + i - start) / 365.2425;
  }
  const monthFirst: number[] = [];
  const monthLast: number[] = [];
  for (let months = startMonths; months <= monthsOf(end); months++) {
    const year = Math.floor(months / 12);
    monthFirst.push(Date.UTC(year, months % 12, 1) / MS_PER_DAY);
    monthLast.push(Date.UTC(year, (months % 12) + 1, 0) / MS_PER_DAY);
  }
  return { origin, text, monthIndex, monthOfYear, years, monthFirst, monthLast };
}

/** The same calendar day `count` years earlier (29 February becomes 1 March). */
export function yearsBefore(day: number, count: number): number {
  const date = new Date(day * MS_PER_DAY);
  return Date.UTC(date.getUTCFullYear() - count, date.getUTCMonth(), date.getUTCDate()) / MS_PER_DAY;
}

/** 0 = Monday … 6 = Sunday. 1970-01-01 was a Thursday. */
export function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** Last day of the month holding `day`. */
export function lastDayOfMonth(day: number): number {
  const date = new Date(day * MS_PER_DAY);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0) / MS_PER_DAY;
}
