// Retail 4-4-5 / 4-5-4 / 5-4-4 calendars: a fiscal year of whole weeks (52, or 53 when the
// extra week falls due) starting on the `week_start` day nearest the first of the
// `fiscal_year_start` month (Sunday and February: the NRF retail calendar); quarters of 13
// weeks in months of 4, 4 and 5 weeks (or 4-5-4, 5-4-4); a 53rd week goes to the year's last
// month and quarter. Labels say which: FY2026, FY2026-Q1, FY2026-P01 (a retail month),
// FY2026-W01. A fiscal year is named by the calendar year it ends in. The same grain a year
// before has the same number (week 53 → 52); a day is compared with the day 364 days before
// (the same weekday).
import { addDays, daysBetween, type Grain } from './calendar';
import { weekStartOf, type PeriodCalendar, type WeekStart } from './periodCalendar';

export type RetailPattern = '4-4-5' | '4-5-4' | '5-4-4';

const pad = (n: number, w: number) => String(n).padStart(w, '0');

export function retailCalendar(
  pattern: RetailPattern,
  weekStart: WeekStart = 'monday',
  fiscalStart = 1,
): PeriodCalendar {
  const quarterWeeks = pattern.split('-').map(Number);
  /** The first day of fiscal year `fy`: the week's first day nearest the anchor (±3 days). */
  const yearStart = (fy: number): string => {
    const anchor = `${pad(fiscalStart === 1 ? fy : fy - 1, 4)}-${pad(fiscalStart, 2)}-01`;
    const before = weekStartOf(anchor, weekStart);
    return daysBetween(before, anchor) <= 3 ? before : addDays(before, 7);
  };
  const weeksIn = (fy: number): number => daysBetween(yearStart(fy), yearStart(fy + 1)) / 7;
  /** The fiscal year holding `date`. */
  const yearOf = (date: string): number => {
    const y = Number(date.slice(0, 4));
    let fy = fiscalStart === 1 ? y : Number(date.slice(5, 7)) >= fiscalStart ? y + 1 : y;
    while (date < yearStart(fy)) fy--;
    while (date >= yearStart(fy + 1)) fy++;
    return fy;
  };
  /** Weeks before each month of a year (13 entries, the last = the year's weeks). */
  const monthBounds = (fy: number): number[] => {
    const out = [0];
    for (let m = 0; m < 12; m++) out.push(out[m] + quarterWeeks[m % 3]);
    out[12] = weeksIn(fy); // a 53rd week goes to the last month
    return out;
  };
  /** Index (0-based) of the grain holding week `week` of its year, and its first and next weeks. */
  const piece = (fy: number, week: number, grain: Grain): { index: number; from: number; to: number } => {
    const bounds = monthBounds(fy);
    if (grain === 'week') return { index: week, from: week, to: week + 1 };
    if (grain === 'year') return { index: 0, from: 0, to: bounds[12] };
    const step = grain === 'quarter' ? 3 : 1;
    for (let m = 0; m < 12; m += step)
      if (week < bounds[m + step]) return { index: m / step, from: bounds[m], to: bounds[m + step] };
    return { index: 12 / step - 1, from: bounds[12 - step], to: bounds[12] };
  };
  const locate = (date: string, grain: Grain) => {
    const fy = yearOf(date);
    const first = yearStart(fy);
    const week = Math.floor(daysBetween(first, date) / 7);
    return { fy, first, ...piece(fy, week, grain) };
  };
  const start = (date: string, grain: Grain): string => {
    if (grain === 'day') return date;
    const p = locate(date, grain);
    return addDays(p.first, p.from * 7);
  };
  const end = (date: string, grain: Grain): string => {
    if (grain === 'day') return date;
    const p = locate(date, grain);
    return addDays(p.first, p.to * 7 - 1);
  };
  const label = (s: string, grain: Grain): string => {
    if (grain === 'day') return s;
    const p = locate(s, grain);
    const fy = `FY${pad(p.fy, 4)}`;
    switch (grain) {
      case 'week':
        return `${fy}-W${pad(p.index + 1, 2)}`;
      case 'month':
        return `${fy}-P${pad(p.index + 1, 2)}`;
      case 'quarter':
        return `${fy}-Q${p.index + 1}`;
      default:
        return fy;
    }
  };
  const yearAgoStart = (s: string, grain: Grain): string => {
    if (grain === 'day') return addDays(s, -364);
    const p = locate(s, grain);
    const prevFirst = yearStart(p.fy - 1);
    if (grain === 'year') return prevFirst;
    if (grain === 'week') return addDays(prevFirst, Math.min(p.index, weeksIn(p.fy - 1) - 1) * 7);
    const bounds = monthBounds(p.fy - 1);
    return addDays(prevFirst, bounds[p.index * (grain === 'quarter' ? 3 : 1)] * 7);
  };
  return { start, end, label, yearAgoStart, retail: true };
}
