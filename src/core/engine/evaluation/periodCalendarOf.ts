// The calendar of a period (docs/DSL.md "periods"): its `calendar` (gregorian, or retail
// 4-4-5 / 4-5-4 / 5-4-4), `week_start` and `fiscal_year_start`; the contract's calendar when
// it sets none.
import type { PeriodSpec } from '../../kpifile/model';
import { DEFAULT_CALENDAR, gregorianCalendar, type PeriodCalendar } from '../../util/periodCalendar';
import { retailCalendar } from '../../util/retailCalendar';

export function calendarOf(spec: PeriodSpec): PeriodCalendar {
  const weekStart = spec.weekStart ?? 'monday';
  const fiscalStart = spec.fiscalYearStart ?? 1;
  if (spec.calendar && spec.calendar !== 'gregorian') return retailCalendar(spec.calendar, weekStart, fiscalStart);
  if (weekStart === 'monday' && fiscalStart === 1) return DEFAULT_CALENDAR;
  return gregorianCalendar(weekStart, fiscalStart);
}
