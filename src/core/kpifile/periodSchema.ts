// The schema of a period's time options beyond grain/last/from/to (docs/DSL.md "periods"):
// a rolling `window`, `to_date`, and `compare` as one kind or a list of kinds. Spread into the `period`
// definition of buildSchema.ts (its `compare` replaced by this one).
import type { JsonSchema } from '../kpis/kpiType';
import { WINDOW_PATTERN } from '../util/windowLength';

/** The kinds a list of comparisons may hold (`none` is the absence of a list). */
export const COMPARE_LIST_KINDS = ['previous', 'year_ago'] as const;

export const PERIOD_TIME_PROPERTIES: Readonly<Record<string, JsonSchema>> = {
  compare: {
    anyOf: [
      { enum: ['previous', 'year_ago', 'none'] },
      { type: 'array', items: { enum: [...COMPARE_LIST_KINDS] }, minItems: 1, uniqueItems: true },
    ],
    description:
      "What each period is compared with: previous (the grain before, default; for a range without a grain, the range just before it: as many whole calendar months when it is whole months, else as many days) | year_ago | none, or several at once, e.g. `[previous, year_ago]` (the first gives the row's previous, change and delta; each one is in the row's `comparisons`).",
  },
  to_date: {
    enum: ['year', 'quarter', 'month'],
    description:
      'To-date values: each grain counts from the start of the year, quarter or month holding its last day (YTD revenue at each month); `compare: year_ago` compares with the same span a year before (2024-01-01..2024-03-15 for 2025-01-01..2025-03-15).',
  },
  week_start: {
    enum: ['monday', 'sunday', 'saturday'],
    description:
      'The first day of weeks: monday (ISO weeks, default, labels 2025-W10), sunday (2025-W10-sun) or saturday (2025-W10-sat); a week belongs to the year holding its fourth day. In a retail calendar, the day its weeks and years start on.',
  },
  fiscal_year_start: {
    type: 'integer',
    minimum: 1,
    maximum: 12,
    description:
      'The month (1–12) the fiscal year starts in: quarters and years become fiscal, named by the calendar year the fiscal year ends in (2: February 2025 – January 2026 is FY2026, its first quarter FY2026-Q1). Months keep their labels. Default 1 (calendar years).',
  },
  calendar: {
    enum: ['gregorian', '4-4-5', '4-5-4', '5-4-4'],
    description:
      'gregorian (default) or a retail calendar of whole weeks: the fiscal year starts on the `week_start` day nearest the first of the `fiscal_year_start` month and has 52 or 53 weeks; quarters of 13 weeks in months of 4-4-5, 4-5-4 or 5-4-4 weeks, a 53rd week in the last month. Labels: FY2026, FY2026-Q1, FY2026-P01 (a retail month), FY2026-W01.',
  },
  window: {
    type: 'string',
    pattern: WINDOW_PATTERN,
    description:
      "A rolling window: each grain's value is computed over the trailing window ending at the grain's last day (`90d`, `13w`, `3m`, `1y`), reported at the grain (a monthly series of trailing-90-day NPS); n, intervals and the compared value are the window's.",
  },
};
