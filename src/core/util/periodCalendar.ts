// The calendar a period counts its grains in (docs/DSL.md "periods"): where a day / week /
// month / quarter / year starts and ends, its label, and the same grain a year before. The
// default is the contract's (ISO weeks, calendar quarters and years); `week_start` moves weeks
// to Sunday or Saturday, `fiscal_year_start` moves quarters and years to a fiscal year named
// by the calendar year it ends in (FY2026-Q1), `calendar: 4-4-5` (retailCalendar.ts) counts
// whole weeks. Pure date logic on 'YYYY-MM-DD' strings.
import {
  addDays,
  addMonths,
  daysBetween,
  grainEnd,
  grainLabel,
  grainStart,
  isoWeek,
  isoWeekStart,
  isoWeeksInYear,
  type Grain,
} from './calendar';

export type WeekStart = 'monday' | 'sunday' | 'saturday';

export interface PeriodCalendar {
  /** The first day of the grain holding `date`. */
  start(date: string, grain: Grain): string;
  /** The last day of the grain holding `date`. */
  end(date: string, grain: Grain): string;
  /** The label of the grain starting at `start`. */
  label(start: string, grain: Grain): string;
  /** The start of the same grain a year before the one starting at `start`. */
  yearAgoStart(start: string, grain: Grain): string;
  /** Whether its months, quarters and years are of whole weeks (a retail calendar), not of dates. */
  readonly retail: boolean;
}

/** Days from Monday (1970-01-05 was a Monday). */
const WEEKDAY_FROM_MONDAY = (date: string): number => ((daysBetween('1970-01-05', date) % 7) + 7) % 7;
const OFFSET: Record<WeekStart, number> = { monday: 0, sunday: 6, saturday: 5 };
const SUFFIX: Record<WeekStart, string> = { monday: '', sunday: '-sun', saturday: '-sat' };

/** The first day of the week holding `date` for weeks starting on `weekStart`. */
export function weekStartOf(date: string, weekStart: WeekStart): string {
  return addDays(date, -((WEEKDAY_FROM_MONDAY(date) - OFFSET[weekStart] + 7) % 7));
}

/**
 * Weeks starting on another day than Monday are numbered as ISO weeks are: a week belongs to
 * the year holding its fourth day, week 1 holds 4 January. Labelled `2025-W10-sun`.
 */
function weekNumber(start: string): { year: number; week: number } {
  const fourth = addDays(start, 3);
  const year = Number(fourth.slice(0, 4));
  return { year, week: Math.floor(daysBetween(`${fourth.slice(0, 4)}-01-01`, fourth) / 7) + 1 };
}

function weeksInYear(year: number, weekStart: WeekStart): number {
  return weekNumber(weekStartOf(`${String(year).padStart(4, '0')}-12-28`, weekStart)).week;
}

function weekOf(year: number, week: number, weekStart: WeekStart): string {
  return addDays(weekStartOf(`${String(year).padStart(4, '0')}-01-04`, weekStart), (week - 1) * 7);
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** The contract's calendar, with weeks starting on `weekStart` and years on month `fiscalStart`. */
export function gregorianCalendar(weekStart: WeekStart = 'monday', fiscalStart = 1): PeriodCalendar {
  const month = (date: string) => Number(date.slice(5, 7));
  const fiscal = fiscalStart !== 1;
  /** The first month of the fiscal grain (quarter or year) holding `date`. */
  const fiscalGrainStart = (date: string, months: number): string => {
    const first = grainStart(date, 'month');
    const back = (((month(date) - fiscalStart) % months) + months) % months;
    return addMonths(first, -back);
  };
  const start = (date: string, grain: Grain): string => {
    if (grain === 'week') return weekStartOf(date, weekStart);
    if (fiscal && grain === 'quarter') return fiscalGrainStart(date, 3);
    if (fiscal && grain === 'year') return fiscalGrainStart(date, 12);
    return grainStart(date, grain);
  };
  const end = (date: string, grain: Grain): string => {
    if (grain === 'week') return addDays(start(date, grain), 6);
    if (fiscal && (grain === 'quarter' || grain === 'year'))
      return addDays(addMonths(start(date, grain), grain === 'quarter' ? 3 : 12), -1);
    return grainEnd(date, grain);
  };
  const label = (s: string, grain: Grain): string => {
    if (grain === 'week' && weekStart !== 'monday') {
      const w = weekNumber(s);
      return `${pad(w.year, 4)}-W${pad(w.week, 2)}${SUFFIX[weekStart]}`;
    }
    if (fiscal && (grain === 'quarter' || grain === 'year')) {
      // Named by the calendar year the fiscal year ends in: Feb 2025 – Jan 2026 is FY2026.
      const yearStart = fiscalGrainStart(s, 12);
      const fy = Number(addDays(addMonths(yearStart, 12), -1).slice(0, 4));
      if (grain === 'year') return `FY${pad(fy, 4)}`;
      const q = Math.floor(((month(s) - fiscalStart + 12) % 12) / 3) + 1;
      return `FY${pad(fy, 4)}-Q${q}`;
    }
    return grainLabel(s, grain);
  };
  const yearAgoStart = (s: string, grain: Grain): string => {
    if (grain === 'week') {
      if (weekStart === 'monday') {
        const { year, week } = isoWeek(s);
        return isoWeekStart(year - 1, Math.min(week, isoWeeksInYear(year - 1)));
      }
      // The same week number of the year before; week 53 becomes 52 when that year has none.
      const { year, week } = weekNumber(s);
      return weekOf(year - 1, Math.min(week, weeksInYear(year - 1, weekStart)), weekStart);
    }
    return start(addMonths(s, -12), grain);
  };
  return { start, end, label, yearAgoStart, retail: false };
}

/** The contract's calendar: ISO weeks, calendar quarters and years. */
export const DEFAULT_CALENDAR: PeriodCalendar = gregorianCalendar();
