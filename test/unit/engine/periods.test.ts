// Tests of the calendar helpers (util/calendar) and of period resolution (engine/evaluation/periods):
// grains with `last`, complete vs partial grains, ISO weeks, leap days, from/to ranges,
// defaults from the data's first date, and the compare windows. Expected values are worked
// out by hand; the comments show the reasoning where it is not obvious.

import { strict as assert } from 'assert';
import { resolvePeriod, type DateRange, type PeriodWindow } from '../../../src/core/engine/evaluation/periods';
import type { PeriodSpec } from '../../../src/core/kpifile/model';
import {
  addDays,
  addMonths,
  daysBetween,
  grainEnd,
  grainLabel,
  grainStart,
  isCalendarDate,
  isoWeek,
  isoWeeksInYear,
  isoWeekStart,
} from '../../../src/core/util/calendar';

function period(fields: Partial<PeriodSpec>): PeriodSpec {
  return { name: 'p', partial: false, compare: 'none', ...fields };
}

const range = (label: string, start: string, end: string): DateRange => ({ label, start, end });
const win = (label: string, start: string, end: string, compare: DateRange | null = null): PeriodWindow => ({
  label,
  start,
  end,
  compare,
});

/** Just label/start/end of each window, for tests that do not look at compare. */
function spans(windows: PeriodWindow[]): string[] {
  return windows.map((w) => `${w.label} ${w.start}..${w.end}`);
}

describe('calendar helpers', () => {
  it('addDays crosses month, leap-day and year boundaries', () => {
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
    assert.equal(addDays('2025-02-28', 1), '2025-03-01');
    assert.equal(addDays('2025-03-01', -1), '2025-02-28');
    assert.equal(addDays('2024-12-31', 1), '2025-01-01');
    assert.equal(addDays('2025-01-01', 365), '2026-01-01');
    assert.equal(addDays('2025-06-15', 0), '2025-06-15');
  });

  it('addDays works for years below 100 (no 19xx reinterpretation)', () => {
    assert.equal(addDays('0099-12-31', 1), '0100-01-01');
    assert.equal(addDays('0050-02-28', 1), '0050-03-01'); // 50 is not a leap year
    assert.equal(addDays('0100-01-01', -1), '0099-12-31');
  });

  it('addMonths clamps the day to the target month', () => {
    assert.equal(addMonths('2024-01-31', 1), '2024-02-29');
    assert.equal(addMonths('2025-01-31', 1), '2025-02-28');
    assert.equal(addMonths('2025-03-31', -1), '2025-02-28');
    assert.equal(addMonths('2025-05-31', 1), '2025-06-30');
    assert.equal(addMonths('2024-02-29', -12), '2023-02-28');
    assert.equal(addMonths('2024-02-29', 48), '2028-02-29');
    assert.equal(addMonths('2025-11-15', 3), '2026-02-15');
    assert.equal(addMonths('2025-01-15', -13), '2023-12-15');
    assert.equal(addMonths('2025-01-15', 0), '2025-01-15');
  });

  it('daysBetween is b − a in days', () => {
    assert.equal(daysBetween('2025-01-01', '2025-12-31'), 364);
    assert.equal(daysBetween('2024-01-01', '2025-01-01'), 366); // 2024 is a leap year
    assert.equal(daysBetween('2024-02-01', '2024-03-01'), 29);
    assert.equal(daysBetween('2025-03-10', '2025-03-03'), -7);
    assert.equal(daysBetween('2025-03-10', '2025-03-10'), 0);
  });

  it('isoWeek follows ISO-8601 across year boundaries', () => {
    // 2025-01-01 is a Wednesday, so week 1 of 2025 starts on Monday 2024-12-30.
    assert.deepEqual(isoWeek('2024-12-30'), { year: 2025, week: 1 });
    assert.deepEqual(isoWeek('2024-12-29'), { year: 2024, week: 52 });
    // 2020 starts on a Wednesday and is a leap year: it has 53 weeks, the last one
    // Monday 2020-12-28 .. Sunday 2021-01-03.
    assert.deepEqual(isoWeek('2020-12-28'), { year: 2020, week: 53 });
    assert.deepEqual(isoWeek('2021-01-03'), { year: 2020, week: 53 });
    assert.deepEqual(isoWeek('2021-01-04'), { year: 2021, week: 1 });
    // 2023-01-01 is a Sunday: still the last week of 2022 (which has 52).
    assert.deepEqual(isoWeek('2023-01-01'), { year: 2022, week: 52 });
    // 2025-03-07 (Friday): 67 days after 2024-12-30 → week ⌊67/7⌋ + 1 = 10.
    assert.deepEqual(isoWeek('2025-03-07'), { year: 2025, week: 10 });
    // 2026 starts on a Thursday → 53 weeks; Friday 2027-01-01 is in its week 53.
    assert.deepEqual(isoWeek('2027-01-01'), { year: 2026, week: 53 });
  });

  it('isoWeeksInYear and isoWeekStart', () => {
    assert.equal(isoWeeksInYear(2020), 53);
    assert.equal(isoWeeksInYear(2015), 53); // starts on a Thursday
    assert.equal(isoWeeksInYear(2021), 52);
    assert.equal(isoWeeksInYear(2024), 52);
    assert.equal(isoWeeksInYear(2026), 53);
    assert.equal(isoWeekStart(2025, 1), '2024-12-30');
    assert.equal(isoWeekStart(2020, 53), '2020-12-28');
    assert.equal(isoWeekStart(2024, 1), '2024-01-01'); // 2024-01-01 is a Monday
  });

  it('grainStart and grainEnd for every grain', () => {
    const d = '2025-03-07'; // a Friday
    assert.deepEqual([grainStart(d, 'day'), grainEnd(d, 'day')], ['2025-03-07', '2025-03-07']);
    assert.deepEqual([grainStart(d, 'week'), grainEnd(d, 'week')], ['2025-03-03', '2025-03-09']);
    assert.deepEqual([grainStart(d, 'month'), grainEnd(d, 'month')], ['2025-03-01', '2025-03-31']);
    assert.deepEqual([grainStart(d, 'quarter'), grainEnd(d, 'quarter')], ['2025-01-01', '2025-03-31']);
    assert.deepEqual([grainStart(d, 'year'), grainEnd(d, 'year')], ['2025-01-01', '2025-12-31']);
    // Weeks: a Monday and a Sunday are their own week's start and end; weeks span years.
    assert.deepEqual([grainStart('2025-03-03', 'week'), grainEnd('2025-03-03', 'week')], ['2025-03-03', '2025-03-09']);
    assert.deepEqual([grainStart('2025-03-09', 'week'), grainEnd('2025-03-09', 'week')], ['2025-03-03', '2025-03-09']);
    assert.deepEqual([grainStart('2025-01-01', 'week'), grainEnd('2025-01-01', 'week')], ['2024-12-30', '2025-01-05']);
    // Leap February, 30-day months, Q4.
    assert.equal(grainEnd('2024-02-10', 'month'), '2024-02-29');
    assert.equal(grainEnd('2025-02-10', 'month'), '2025-02-28');
    assert.equal(grainEnd('2025-04-10', 'month'), '2025-04-30');
    assert.deepEqual(
      [grainStart('2025-11-20', 'quarter'), grainEnd('2025-11-20', 'quarter')],
      ['2025-10-01', '2025-12-31'],
    );
    assert.deepEqual(
      [grainStart('2025-05-20', 'quarter'), grainEnd('2025-05-20', 'quarter')],
      ['2025-04-01', '2025-06-30'],
    );
  });

  it('grainLabel uses the contract formats (ISO week-year for weeks)', () => {
    assert.equal(grainLabel('2025-03-07', 'day'), '2025-03-07');
    assert.equal(grainLabel('2025-03-03', 'week'), '2025-W10');
    assert.equal(grainLabel('2024-12-30', 'week'), '2025-W01');
    assert.equal(grainLabel('2020-12-28', 'week'), '2020-W53');
    assert.equal(grainLabel('2025-03-01', 'month'), '2025-03');
    assert.equal(grainLabel('2025-01-01', 'quarter'), '2025-Q1');
    assert.equal(grainLabel('2025-10-01', 'quarter'), '2025-Q4');
    assert.equal(grainLabel('2025-01-01', 'year'), '2025');
  });

  it('isCalendarDate accepts only real YYYY-MM-DD dates', () => {
    assert.ok(isCalendarDate('2024-02-29'));
    assert.ok(!isCalendarDate('2025-02-29'));
    assert.ok(!isCalendarDate('2025-13-01'));
    assert.ok(!isCalendarDate('2025-1-01'));
    assert.ok(!isCalendarDate('yesterday'));
  });
});

describe('resolvePeriod: grain + last', () => {
  it('month: as_of on the last day of the month includes that month', () => {
    const r = resolvePeriod(period({ grain: 'month', last: 3 }), '2025-12-31');
    assert.equal(r.grain, 'month');
    assert.deepEqual(r.windows, [
      win('2025-10', '2025-10-01', '2025-10-31'),
      win('2025-11', '2025-11-01', '2025-11-30'),
      win('2025-12', '2025-12-01', '2025-12-31'),
    ]);
  });

  it('month: as_of mid-month excludes the incomplete month', () => {
    const r = resolvePeriod(period({ grain: 'month', last: 3 }), '2025-12-15');
    assert.deepEqual(r.windows, [
      win('2025-09', '2025-09-01', '2025-09-30'),
      win('2025-10', '2025-10-01', '2025-10-31'),
      win('2025-11', '2025-11-01', '2025-11-30'),
    ]);
  });

  it('month: partial keeps the month holding as_of, cut at as_of, compared with the same days before', () => {
    const r = resolvePeriod(period({ grain: 'month', last: 3, partial: true, compare: 'previous' }), '2025-12-15');
    assert.deepEqual(r.windows, [
      win('2025-10', '2025-10-01', '2025-10-31', range('2025-09', '2025-09-01', '2025-09-30')),
      win('2025-11', '2025-11-01', '2025-11-30', range('2025-10', '2025-10-01', '2025-10-31')),
      // Days 1..15 of December compare with days 1..15 of November.
      win('2025-12', '2025-12-01', '2025-12-15', range('2025-11', '2025-11-01', '2025-11-15')),
    ]);
  });

  it('partial on the last day of the grain is just the full grain', () => {
    const full = resolvePeriod(period({ grain: 'month', last: 2, compare: 'previous' }), '2025-12-31');
    const partial = resolvePeriod(
      period({ grain: 'month', last: 2, partial: true, compare: 'previous' }),
      '2025-12-31',
    );
    assert.deepEqual(partial, full);
  });

  it('day: the day holding as_of is always complete; leap day included', () => {
    const r = resolvePeriod(period({ grain: 'day', last: 3, compare: 'previous' }), '2024-03-01');
    assert.deepEqual(r.windows, [
      win('2024-02-28', '2024-02-28', '2024-02-28', range('2024-02-27', '2024-02-27', '2024-02-27')),
      win('2024-02-29', '2024-02-29', '2024-02-29', range('2024-02-28', '2024-02-28', '2024-02-28')),
      win('2024-03-01', '2024-03-01', '2024-03-01', range('2024-02-29', '2024-02-29', '2024-02-29')),
    ]);
  });

  it('week: as_of on a Sunday includes its week, on a Wednesday it does not', () => {
    // 2025-03-09 is a Sunday: W10 (03-03..03-09) is complete.
    const sunday = resolvePeriod(period({ grain: 'week', last: 2 }), '2025-03-09');
    assert.deepEqual(spans(sunday.windows), ['2025-W09 2025-02-24..2025-03-02', '2025-W10 2025-03-03..2025-03-09']);
    // 2025-03-12 is a Wednesday: W11 (03-10..03-16) is not complete yet → still W09, W10.
    const wednesday = resolvePeriod(period({ grain: 'week', last: 2 }), '2025-03-12');
    assert.deepEqual(spans(wednesday.windows), ['2025-W09 2025-02-24..2025-03-02', '2025-W10 2025-03-03..2025-03-09']);
    // Partial: W11 is the last window, Monday to Wednesday.
    const partial = resolvePeriod(period({ grain: 'week', last: 2, partial: true }), '2025-03-12');
    assert.deepEqual(spans(partial.windows), ['2025-W10 2025-03-03..2025-03-09', '2025-W11 2025-03-10..2025-03-12']);
  });

  it('week: across a year boundary, compare previous of 2025-W01 is 2024-W52', () => {
    // 2025-01-05 is a Sunday; its week starts on Monday 2024-12-30 and is 2025-W01.
    // 2024 has 52 ISO weeks (it starts on a Monday and 2024-12-28 is in W52).
    const r = resolvePeriod(period({ grain: 'week', last: 2, compare: 'previous' }), '2025-01-05');
    assert.deepEqual(r.windows, [
      win('2024-W52', '2024-12-23', '2024-12-29', range('2024-W51', '2024-12-16', '2024-12-22')),
      win('2025-W01', '2024-12-30', '2025-01-05', range('2024-W52', '2024-12-23', '2024-12-29')),
    ]);
  });

  it('week: a 53-week year (2020)', () => {
    // 2021-01-03 (Sunday) closes 2020-W53 = 2020-12-28..2021-01-03.
    const r = resolvePeriod(period({ grain: 'week', last: 2, compare: 'previous' }), '2021-01-03');
    assert.deepEqual(r.windows, [
      win('2020-W52', '2020-12-21', '2020-12-27', range('2020-W51', '2020-12-14', '2020-12-20')),
      win('2020-W53', '2020-12-28', '2021-01-03', range('2020-W52', '2020-12-21', '2020-12-27')),
    ]);
  });

  it('quarter: on the last day of Q1 vs the day before', () => {
    const end = resolvePeriod(period({ grain: 'quarter', last: 2, compare: 'previous' }), '2025-03-31');
    assert.deepEqual(end.windows, [
      win('2024-Q4', '2024-10-01', '2024-12-31', range('2024-Q3', '2024-07-01', '2024-09-30')),
      // Compare previous across the year boundary: 2025-Q1 → 2024-Q4.
      win('2025-Q1', '2025-01-01', '2025-03-31', range('2024-Q4', '2024-10-01', '2024-12-31')),
    ]);
    const before = resolvePeriod(period({ grain: 'quarter', last: 2 }), '2025-03-30');
    assert.deepEqual(spans(before.windows), ['2024-Q3 2024-07-01..2024-09-30', '2024-Q4 2024-10-01..2024-12-31']);
  });

  it('year: on 12-31 vs 12-30, compare previous and year_ago', () => {
    const end = resolvePeriod(period({ grain: 'year', last: 2, compare: 'previous' }), '2025-12-31');
    assert.deepEqual(end.windows, [
      win('2024', '2024-01-01', '2024-12-31', range('2023', '2023-01-01', '2023-12-31')),
      win('2025', '2025-01-01', '2025-12-31', range('2024', '2024-01-01', '2024-12-31')),
    ]);
    const before = resolvePeriod(period({ grain: 'year', last: 2 }), '2025-12-30');
    assert.deepEqual(spans(before.windows), ['2023 2023-01-01..2023-12-31', '2024 2024-01-01..2024-12-31']);
    const ago = resolvePeriod(period({ grain: 'year', last: 1, compare: 'year_ago' }), '2025-12-31');
    assert.deepEqual(ago.windows, [win('2025', '2025-01-01', '2025-12-31', range('2024', '2024-01-01', '2024-12-31'))]);
  });

  it('month: compare previous across a year boundary (2025-01 → 2024-12)', () => {
    const r = resolvePeriod(period({ grain: 'month', last: 1, compare: 'previous' }), '2025-01-31');
    assert.deepEqual(r.windows, [
      win('2025-01', '2025-01-01', '2025-01-31', range('2024-12', '2024-12-01', '2024-12-31')),
    ]);
  });

  it('leap day: February 2024 has 29 days', () => {
    const r = resolvePeriod(period({ grain: 'month', last: 1 }), '2024-02-29');
    assert.deepEqual(r.windows, [win('2024-02', '2024-02-01', '2024-02-29')]);
    assert.equal(daysBetween(r.windows[0].start, r.windows[0].end) + 1, 29);
  });

  it('year_ago: month 2025-02 → 2024-02 ending on the leap day; quarters keep their number', () => {
    const feb = resolvePeriod(period({ grain: 'month', last: 1, compare: 'year_ago' }), '2025-02-28');
    assert.deepEqual(feb.windows, [
      win('2025-02', '2025-02-01', '2025-02-28', range('2024-02', '2024-02-01', '2024-02-29')),
    ]);
    const mar = resolvePeriod(period({ grain: 'month', last: 1, compare: 'year_ago' }), '2025-03-31');
    assert.deepEqual(mar.windows[0].compare, range('2024-03', '2024-03-01', '2024-03-31'));
    const q = resolvePeriod(period({ grain: 'quarter', last: 1, compare: 'year_ago' }), '2025-09-30');
    assert.deepEqual(q.windows, [
      win('2025-Q3', '2025-07-01', '2025-09-30', range('2024-Q3', '2024-07-01', '2024-09-30')),
    ]);
  });

  it('year_ago: day 2024-02-29 → 2023-02-28', () => {
    const r = resolvePeriod(period({ grain: 'day', last: 1, compare: 'year_ago' }), '2024-02-29');
    assert.deepEqual(r.windows, [
      win('2024-02-29', '2024-02-29', '2024-02-29', range('2023-02-28', '2023-02-28', '2023-02-28')),
    ]);
    const plain = resolvePeriod(period({ grain: 'day', last: 1, compare: 'year_ago' }), '2025-03-07');
    assert.deepEqual(plain.windows[0].compare, range('2024-03-07', '2024-03-07', '2024-03-07'));
  });

  it('year_ago: a partial month compares with the same days a year before', () => {
    const r = resolvePeriod(period({ grain: 'month', last: 1, partial: true, compare: 'year_ago' }), '2025-03-15');
    assert.deepEqual(r.windows, [
      win('2025-03', '2025-03-01', '2025-03-15', range('2024-03', '2024-03-01', '2024-03-15')),
    ]);
  });

  it('year_ago: weeks keep their ISO week number, W53 falls back to W52', () => {
    // 2021-W01 starts on 2021-01-04; 2020-W01 starts on 2019-12-30 (2020-01-01 is a Wednesday).
    const w1 = resolvePeriod(period({ grain: 'week', last: 1, compare: 'year_ago' }), '2021-01-10');
    assert.deepEqual(w1.windows, [
      win('2021-W01', '2021-01-04', '2021-01-10', range('2020-W01', '2019-12-30', '2020-01-05')),
    ]);
    // 2020-W53 → 2019 has 52 weeks → 2019-W52. 2019-W01 starts 2018-12-31; + 51 weeks = 2019-12-23.
    const w53 = resolvePeriod(period({ grain: 'week', last: 1, compare: 'year_ago' }), '2021-01-03');
    assert.deepEqual(w53.windows, [
      win('2020-W53', '2020-12-28', '2021-01-03', range('2019-W52', '2019-12-23', '2019-12-29')),
    ]);
    // 2026-W53 (2026-12-28..2027-01-03) → 2025-W52: 2024-12-30 + 51 weeks = 2025-12-22.
    const w53b = resolvePeriod(period({ grain: 'week', last: 1, compare: 'year_ago' }), '2027-01-03');
    assert.deepEqual(w53b.windows, [
      win('2026-W53', '2026-12-28', '2027-01-03', range('2025-W52', '2025-12-22', '2025-12-28')),
    ]);
  });

  it('compare none gives null compare windows', () => {
    const r = resolvePeriod(period({ grain: 'month', last: 2, partial: true, compare: 'none' }), '2025-12-15');
    assert.equal(r.windows.length, 2);
    for (const w of r.windows) assert.equal(w.compare, null);
  });

  it('last 0 or negative gives no windows', () => {
    assert.deepEqual(resolvePeriod(period({ grain: 'month', last: 0 }), '2025-12-31'), { windows: [], grain: 'month' });
    assert.deepEqual(resolvePeriod(period({ grain: 'week', last: -2 }), '2025-12-31'), { windows: [], grain: 'week' });
  });
});

describe('resolvePeriod: grain + from/to', () => {
  it('a full year of quarters is Q1..Q4 exactly, compared a year ago', () => {
    const r = resolvePeriod(
      period({ grain: 'quarter', from: '2025-01-01', to: '2025-12-31', compare: 'year_ago' }),
      '2026-03-15',
    );
    assert.deepEqual(r.windows, [
      win('2025-Q1', '2025-01-01', '2025-03-31', range('2024-Q1', '2024-01-01', '2024-03-31')),
      win('2025-Q2', '2025-04-01', '2025-06-30', range('2024-Q2', '2024-04-01', '2024-06-30')),
      win('2025-Q3', '2025-07-01', '2025-09-30', range('2024-Q3', '2024-07-01', '2024-09-30')),
      win('2025-Q4', '2025-10-01', '2025-12-31', range('2024-Q4', '2024-10-01', '2024-12-31')),
    ]);
  });

  it('clips the first and last windows to the range', () => {
    const r = resolvePeriod(period({ grain: 'quarter', from: '2025-02-01', to: '2025-08-15' }), '2025-12-31');
    assert.deepEqual(spans(r.windows), [
      '2025-Q1 2025-02-01..2025-03-31',
      '2025-Q2 2025-04-01..2025-06-30',
      '2025-Q3 2025-07-01..2025-08-15',
    ]);
  });

  it('a clipped window compares with the previous grain at the same day offsets', () => {
    // 2025-02-01..2025-03-31 is days 31..89 of 2025-Q1 (2025-01-01 is day 0).
    // 2024-Q4 starts 2024-10-01: day 31 is 2024-11-01, day 89 is 2024-12-29.
    const r = resolvePeriod(
      period({ grain: 'quarter', from: '2025-02-01', to: '2025-03-31', compare: 'previous' }),
      '2025-12-31',
    );
    assert.deepEqual(r.windows, [
      win('2025-Q1', '2025-02-01', '2025-03-31', range('2024-Q4', '2024-11-01', '2024-12-29')),
    ]);
  });

  it('offsets past the end of a shorter previous grain are clamped to it', () => {
    // 2025-03-01..2025-03-30 is days 0..29 of March; February 2025 has days 0..27 only.
    const r = resolvePeriod(
      period({ grain: 'month', from: '2025-03-01', to: '2025-03-30', compare: 'previous' }),
      '2025-12-31',
    );
    assert.deepEqual(r.windows, [
      win('2025-03', '2025-03-01', '2025-03-30', range('2025-02', '2025-02-01', '2025-02-28')),
    ]);
  });

  it('keeps incomplete grains; `to` defaults to as_of', () => {
    const r = resolvePeriod(period({ grain: 'month', from: '2025-10-01', compare: 'previous' }), '2025-12-15');
    assert.deepEqual(r.windows, [
      win('2025-10', '2025-10-01', '2025-10-31', range('2025-09', '2025-09-01', '2025-09-30')),
      win('2025-11', '2025-11-01', '2025-11-30', range('2025-10', '2025-10-01', '2025-10-31')),
      win('2025-12', '2025-12-01', '2025-12-15', range('2025-11', '2025-11-01', '2025-11-15')),
    ]);
  });

  it('`from` defaults to the data start, or to the grain of `to` alone', () => {
    const withData = resolvePeriod(period({ grain: 'month', to: '2025-03-31' }), '2025-12-31', '2025-01-20');
    assert.deepEqual(spans(withData.windows), [
      '2025-01 2025-01-20..2025-01-31',
      '2025-02 2025-02-01..2025-02-28',
      '2025-03 2025-03-01..2025-03-31',
    ]);
    const noData = resolvePeriod(period({ grain: 'month', to: '2025-03-31' }), '2025-12-31');
    assert.deepEqual(spans(noData.windows), ['2025-03 2025-03-01..2025-03-31']);
    const midMonth = resolvePeriod(period({ grain: 'month', to: '2025-03-20' }), '2025-12-31');
    assert.deepEqual(spans(midMonth.windows), ['2025-03 2025-03-01..2025-03-20']);
  });

  it('weeks over a range spanning a year boundary use ISO week-years in labels', () => {
    const r = resolvePeriod(period({ grain: 'week', from: '2024-12-25', to: '2025-01-08' }), '2025-12-31');
    assert.deepEqual(spans(r.windows), [
      '2024-W52 2024-12-25..2024-12-29',
      '2025-W01 2024-12-30..2025-01-05',
      '2025-W02 2025-01-06..2025-01-08',
    ]);
  });

  it('a range ending before it starts gives no windows', () => {
    assert.deepEqual(
      resolvePeriod(period({ grain: 'month', from: '2025-05-01', to: '2025-04-01' }), '2025-12-31').windows,
      [],
    );
  });
});

describe('resolvePeriod: explicit range without grain', () => {
  it('one window labelled from..to, compared with the same number of days before', () => {
    // H1 2025 has 31+28+31+30+31+30 = 181 days; the 181 days before 2025-01-01 start on
    // 2024-07-04 (Jul 4..31 = 28, then 31+30+31+30+31 = 153; 28 + 153 = 181).
    const r = resolvePeriod(period({ from: '2025-01-01', to: '2025-06-30', compare: 'previous' }), '2025-12-31');
    assert.equal(r.grain, null);
    assert.deepEqual(r.windows, [
      win(
        '2025-01-01..2025-06-30',
        '2025-01-01',
        '2025-06-30',
        range('2024-07-04..2024-12-31', '2024-07-04', '2024-12-31'),
      ),
    ]);
  });

  it('year_ago shifts both ends by twelve months (clamping the leap day)', () => {
    const h1 = resolvePeriod(period({ from: '2025-01-01', to: '2025-06-30', compare: 'year_ago' }), '2025-12-31');
    assert.deepEqual(h1.windows[0].compare, range('2024-01-01..2024-06-30', '2024-01-01', '2024-06-30'));
    const feb = resolvePeriod(period({ from: '2024-02-01', to: '2024-02-29', compare: 'year_ago' }), '2025-12-31');
    assert.deepEqual(feb.windows[0].compare, range('2023-02-01..2023-02-28', '2023-02-01', '2023-02-28'));
  });

  it('`to` defaults to as_of and `from` to the data start, else to `to`', () => {
    const noTo = resolvePeriod(period({ from: '2025-01-01' }), '2025-03-31');
    assert.deepEqual(spans(noTo.windows), ['2025-01-01..2025-03-31 2025-01-01..2025-03-31']);
    const withData = resolvePeriod(period({ to: '2025-06-30' }), '2025-12-31', '2025-02-10');
    assert.deepEqual(spans(withData.windows), ['2025-02-10..2025-06-30 2025-02-10..2025-06-30']);
    const noData = resolvePeriod(period({ to: '2025-06-30' }), '2025-12-31');
    assert.deepEqual(spans(noData.windows), ['2025-06-30..2025-06-30 2025-06-30..2025-06-30']);
  });

  it('compare none', () => {
    const r = resolvePeriod(period({ from: '2025-01-01', to: '2025-06-30', compare: 'none' }), '2025-12-31');
    assert.equal(r.windows[0].compare, null);
  });
});

describe('resolvePeriod: grain alone', () => {
  it('every complete grain from the one holding the data start', () => {
    // Data starts mid-October: October is still a whole window; December (as_of mid-month) is not complete.
    const r = resolvePeriod(period({ grain: 'month' }), '2025-12-15', '2025-10-15');
    assert.deepEqual(spans(r.windows), ['2025-10 2025-10-01..2025-10-31', '2025-11 2025-11-01..2025-11-30']);
  });

  it('partial adds the grain holding as_of, cut at as_of', () => {
    const r = resolvePeriod(period({ grain: 'month', partial: true }), '2025-12-15', '2025-10-15');
    assert.deepEqual(spans(r.windows), [
      '2025-10 2025-10-01..2025-10-31',
      '2025-11 2025-11-01..2025-11-30',
      '2025-12 2025-12-01..2025-12-15',
    ]);
  });

  it('without a data start: just the last complete grain', () => {
    const r = resolvePeriod(period({ grain: 'quarter', compare: 'previous' }), '2025-05-10');
    assert.deepEqual(r.windows, [
      win('2025-Q1', '2025-01-01', '2025-03-31', range('2024-Q4', '2024-10-01', '2024-12-31')),
    ]);
  });

  it('no complete grain since the data start gives no windows', () => {
    assert.deepEqual(resolvePeriod(period({ grain: 'month' }), '2025-12-15', '2025-12-03').windows, []);
  });
});

describe('resolvePeriod: robustness', () => {
  it('never throws on malformed dates', () => {
    assert.deepEqual(resolvePeriod(period({ grain: 'month', last: 3 }), 'not-a-date'), { windows: [], grain: 'month' });
    // A malformed `from` is ignored: the range falls back to the data start.
    const r = resolvePeriod(
      period({ grain: 'month', from: '2025-02-30', to: '2025-03-31' }),
      '2025-12-31',
      '2025-03-05',
    );
    assert.deepEqual(spans(r.windows), ['2025-03 2025-03-05..2025-03-31']);
  });
});
