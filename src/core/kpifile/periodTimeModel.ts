// Reads a period's time options (a rolling `window`, `to_date`, a list of comparisons) into the model
// tolerantly: only what is present and well-typed is kept, absent keys stay absent (the schema
// reports the rest).
import type { PeriodSpec } from './model';

type PeriodTime = Partial<
  Pick<PeriodSpec, 'window' | 'compare' | 'compares' | 'toDate' | 'weekStart' | 'fiscalYearStart' | 'calendar'>
>;

const COMPARE_KINDS = ['previous', 'year_ago'] as const;

export function periodTimeOf(raw: Record<string, unknown>): PeriodTime {
  const out: PeriodTime = {};
  if (typeof raw.window === 'string') out.window = raw.window;
  if (raw.week_start === 'monday' || raw.week_start === 'sunday' || raw.week_start === 'saturday')
    out.weekStart = raw.week_start;
  const month = raw.fiscal_year_start;
  if (typeof month === 'number' && Number.isInteger(month) && month >= 1 && month <= 12) out.fiscalYearStart = month;
  const calendar = raw.calendar;
  if (calendar === 'gregorian' || calendar === '4-4-5' || calendar === '4-5-4' || calendar === '5-4-4')
    out.calendar = calendar;
  if (raw.to_date === 'year' || raw.to_date === 'quarter' || raw.to_date === 'month') out.toDate = raw.to_date;
  if (Array.isArray(raw.compare)) {
    // `compare: [previous, year_ago]`: the first one is the row's previous/change/delta.
    const kinds = [
      ...new Set(raw.compare.filter((c): c is (typeof COMPARE_KINDS)[number] => COMPARE_KINDS.includes(c))),
    ];
    out.compare = kinds[0] ?? 'none';
    if (kinds.length > 0) out.compares = kinds;
  }
  return out;
}
