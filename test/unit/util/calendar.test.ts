// Tests of the calendar helpers (util/calendar): adding days and months, day counts, ISO weeks
// and week-years, grain starts, ends and labels, real calendar dates — across month, leap-day
// and year boundaries. Expected values are worked out by hand; the comments show the
// reasoning where it is not obvious.

import { strict as assert } from 'assert';
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
