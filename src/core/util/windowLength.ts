// A rolling window's length as written in a period (`window: 90d`, `13w`, `3m`, `1y`) and the
// first day of the trailing window ending at a given day. Pure date logic on 'YYYY-MM-DD'
// strings (util/calendar), no time zone involved.
import { addDays, addMonths, grainEnd } from './calendar';

export type WindowUnit = 'd' | 'w' | 'm' | 'y';

export interface WindowLength {
  count: number;
  unit: WindowUnit;
}

/** The pattern the schema checks: a positive whole number and a unit (days, weeks, months, years). */
export const WINDOW_PATTERN = '^[1-9][0-9]{0,3}[dwmy]$';

/** `90d` → { count: 90, unit: 'd' }; undefined when the text is not a window length. */
export function parseWindowLength(text: string | undefined): WindowLength | undefined {
  if (text === undefined || !new RegExp(WINDOW_PATTERN).test(text)) return undefined;
  return { count: Number(text.slice(0, -1)), unit: text.slice(-1) as WindowUnit };
}

/**
 * The first day of the window of `length` ending at `end` (inclusive): `90d` → end − 89 days,
 * `13w` → end − 90 days (91 days). Months (`1y` = `12m`): ending on a month's last day, whole
 * months (2025-03-31 with 3m → 2025-01-01; 2025-02-28 → 2024-12-01; 2024-02-29 with 12m →
 * 2023-03-01); otherwise the day after the same day N months earlier, clamped to that month
 * (2025-03-15 with 1m → 2025-02-16; 2025-03-30 → 2025-02-28 + 1 = 2025-03-01).
 */
export function windowStart(end: string, length: WindowLength): string {
  switch (length.unit) {
    case 'd':
      return addDays(end, 1 - length.count);
    case 'w':
      return addDays(end, 1 - 7 * length.count);
    case 'm':
      return monthsBack(end, length.count);
    case 'y':
      return monthsBack(end, 12 * length.count);
  }
}

function monthsBack(end: string, months: number): string {
  if (grainEnd(end, 'month') === end) return addMonths(addDays(end, 1), -months);
  return addDays(addMonths(end, -months), 1);
}
