// Tests of period resolution (engine/evaluation/periods) for a grain with `last`: complete vs
// partial grains, ISO weeks, leap days, and the compare windows (previous, year_ago, none).
// Ranges (from/to), a grain alone and malformed dates: periodRanges.test.ts; the calendar
// helpers: test/unit/util/calendar.test.ts. Expected values are worked out by hand; the
// comments show the reasoning where it is not obvious.

import { strict as assert } from 'assert';
import { resolvePeriod } from '../../../src/core/engine/evaluation/periods';
import { daysBetween } from '../../../src/core/util/calendar';
import { period, range, spans, win } from './periodWindows';

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

  it('year_ago: a partial quarter or year compares with the same dates a year before, 29 February included', () => {
    // 2025-01-01..2025-03-15 is 74 days; a year before, 2024-01-01..2024-03-15 is 75 (2024 is a
    // leap year): the same dates, not the same number of days (which ended on 2024-03-14).
    const q = resolvePeriod(period({ grain: 'quarter', last: 1, partial: true, compare: 'year_ago' }), '2025-03-15');
    assert.deepEqual(q.windows, [
      win('2025-Q1', '2025-01-01', '2025-03-15', range('2024-Q1', '2024-01-01', '2024-03-15')),
    ]);
    const y = resolvePeriod(period({ grain: 'year', last: 1, partial: true, compare: 'year_ago' }), '2025-03-15');
    assert.deepEqual(y.windows, [win('2025', '2025-01-01', '2025-03-15', range('2024', '2024-01-01', '2024-03-15'))]);
    // From a leap year: 2024-01-01..2024-02-29 → 2023-01-01..2023-02-28.
    const leap = resolvePeriod(period({ grain: 'quarter', last: 1, partial: true, compare: 'year_ago' }), '2024-02-29');
    assert.deepEqual(leap.windows[0].compare, range('2023-Q1', '2023-01-01', '2023-02-28'));
  });

  it("year_ago of a week's to-date value: the same dates a year before, not the same week's to-date", () => {
    // 2021-W01 ends on 2021-01-10: YTD 2021-01-01..2021-01-10. 2020-W01 ended on 2020-01-05, but
    // the span a year before is 2020-01-01..2020-01-10. `previous` stays the week before's YTD.
    const r = resolvePeriod(
      period({ grain: 'week', last: 1, toDate: 'year', compare: 'year_ago', compares: ['year_ago', 'previous'] }),
      '2021-01-10',
    );
    assert.deepEqual(r.windows[0].start, '2021-01-01');
    assert.deepEqual(r.windows[0].compare, range('2020-W01', '2020-01-01', '2020-01-10'));
    assert.deepEqual(
      r.windows[0].comparisons?.map((c) => [c.kind, c.range.start, c.range.end]),
      [
        ['year_ago', '2020-01-01', '2020-01-10'],
        // 2020-W53 ends on 2021-01-03; its YTD is 2021-01-01..2021-01-03.
        ['previous', '2021-01-01', '2021-01-03'],
      ],
    );
    // A month to date at 2021-W08 (ends 2021-02-28): 2021-02-01..2021-02-28 against 2020-02-01..2020-02-28.
    const m = resolvePeriod(period({ grain: 'week', last: 1, toDate: 'month', compare: 'year_ago' }), '2021-02-28');
    assert.deepEqual(m.windows[0].compare, range('2020-W08', '2020-02-01', '2020-02-28'));
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
