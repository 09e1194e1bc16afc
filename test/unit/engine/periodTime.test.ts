// Period resolution with the time options of issue 24 (engine/evaluation/periods.ts and
// periodSpan.ts, util/windowLength.ts): rolling windows. Expected dates are worked out by hand
// in the comments (days counted month by month).
import { strict as assert } from 'assert';
import { resolvePeriod, type PeriodWindow } from '../../../src/core/engine/evaluation/periods';
import type { PeriodSpec } from '../../../src/core/kpifile/model';
import { parseWindowLength, windowStart } from '../../../src/core/util/windowLength';

function period(fields: Partial<PeriodSpec>): PeriodSpec {
  return { name: 'p', partial: false, compare: 'none', ...fields };
}

/** `label start..end` of each window, then ` vs start..end` of its compared window. */
function spans(windows: PeriodWindow[]): string[] {
  return windows.map(
    (w) => `${w.label} ${w.start}..${w.end}${w.compare ? ` vs ${w.compare.start}..${w.compare.end}` : ''}`,
  );
}

describe('rolling windows: lengths', () => {
  it('parses N + d|w|m|y and nothing else', () => {
    assert.deepEqual(parseWindowLength('90d'), { count: 90, unit: 'd' });
    assert.deepEqual(parseWindowLength('13w'), { count: 13, unit: 'w' });
    assert.deepEqual(parseWindowLength('3m'), { count: 3, unit: 'm' });
    assert.deepEqual(parseWindowLength('1y'), { count: 1, unit: 'y' });
    for (const bad of ['0d', '90', 'd', '3 m', '3M', '-3m', '1.5m', '12345d', undefined])
      assert.equal(parseWindowLength(bad), undefined, String(bad));
  });

  it('days and weeks count back from the last day, both ends included', () => {
    // 2025-01-31 − 89 days: January gives 31 days (back to 01-01), December 31 more (62, back
    // to 12-01), November the last 28 (90): 2024-11-03. 1d is the day itself.
    assert.equal(windowStart('2025-01-31', { count: 90, unit: 'd' }), '2024-11-03');
    assert.equal(windowStart('2025-01-31', { count: 1, unit: 'd' }), '2025-01-31');
    // 13w = 91 days: one more than 90d.
    assert.equal(windowStart('2025-01-31', { count: 13, unit: 'w' }), '2024-11-02');
    // Over a leap day: 2024-03-01 − 6 days = 02-24 (02-29 is one of the 7 days).
    assert.equal(windowStart('2024-03-01', { count: 7, unit: 'd' }), '2024-02-24');
  });

  it('months: whole months at a month end, else the day after the same day N months back', () => {
    assert.equal(windowStart('2025-03-31', { count: 3, unit: 'm' }), '2025-01-01');
    assert.equal(windowStart('2025-02-28', { count: 3, unit: 'm' }), '2024-12-01');
    // A leap day ends February 2024: the 12 whole months March 2023..February 2024.
    assert.equal(windowStart('2024-02-29', { count: 12, unit: 'm' }), '2023-03-01');
    assert.equal(windowStart('2024-02-29', { count: 1, unit: 'y' }), '2023-03-01');
    // Mid-month: 2025-03-15 → 02-15 + 1 day; 03-30 → 02-28 (clamped) + 1 day = 03-01.
    assert.equal(windowStart('2025-03-15', { count: 1, unit: 'm' }), '2025-02-16');
    assert.equal(windowStart('2025-03-30', { count: 1, unit: 'm' }), '2025-03-01');
  });
});

describe('to-date periods', () => {
  it('YTD at each month; year_ago is the same span a year before (a leap day in it)', () => {
    // 2024-02 YTD: 2024-01-01..02-29; a year ago 2023-01-01..02-28. 2024-03: to 03-31.
    const r = resolvePeriod(
      period({ grain: 'month', from: '2024-02-01', to: '2024-03-31', toDate: 'year', compare: 'year_ago' }),
      '2024-12-31',
    );
    assert.deepEqual(spans(r.windows), [
      '2024-02 2024-01-01..2024-02-29 vs 2023-01-01..2023-02-28',
      '2024-03 2024-01-01..2024-03-31 vs 2023-01-01..2023-03-31',
    ]);
  });

  it('a partial month: year to as_of, compared like-for-like with the same days a year before', () => {
    // as_of 2025-03-15, partial: 2025-01-01..03-15; a year before, March cut at the 15th → 2024-01-01..03-15.
    const r = resolvePeriod(
      period({ grain: 'month', last: 1, partial: true, toDate: 'year', compare: 'year_ago' }),
      '2025-03-15',
    );
    assert.deepEqual(spans(r.windows), ['2025-03 2025-01-01..2025-03-15 vs 2024-01-01..2024-03-15']);
  });

  it('previous crosses the year: YTD at January is compared with the whole year before', () => {
    const r = resolvePeriod(period({ grain: 'month', last: 1, toDate: 'year', compare: 'previous' }), '2025-01-31');
    assert.deepEqual(spans(r.windows), ['2025-01 2025-01-01..2025-01-31 vs 2024-01-01..2024-12-31']);
  });

  it('quarter to date at each week: from the quarter holding the week’s Sunday', () => {
    // 2025-W14 runs 03-31..04-06: its Sunday is in Q2 → 04-01..04-06 (a range that starts after the
    // week does: only Q2's days count). 2025-W13 (03-24..03-30) → Q1: 01-01..03-30.
    const r = resolvePeriod(period({ grain: 'week', last: 2, toDate: 'quarter' }), '2025-04-06');
    assert.deepEqual(spans(r.windows), ['2025-W13 2025-01-01..2025-03-30', '2025-W14 2025-04-01..2025-04-06']);
  });
});

describe('calendars', () => {
  it('week_start: sunday and saturday weeks, numbered by their fourth day, labelled so', () => {
    // 2025-03-09 is a Sunday: its week runs to Saturday 03-15; its fourth day, Wednesday 03-12,
    // is day 70 after 01-01 (31 + 28 + 11) → week 70 / 7 + 1 = 11.
    const sun = resolvePeriod(period({ grain: 'week', last: 1, weekStart: 'sunday' }), '2025-03-15');
    assert.deepEqual(spans(sun.windows), ['2025-W11-sun 2025-03-09..2025-03-15']);
    // Saturday 03-08 to Friday 03-14; fourth day Tuesday 03-11, day 69 → week 10.
    const sat = resolvePeriod(period({ grain: 'week', last: 1, weekStart: 'saturday' }), '2025-03-14');
    assert.deepEqual(spans(sat.windows), ['2025-W10-sat 2025-03-08..2025-03-14']);
    // The complete-period rule: as_of Friday 03-14 is not a Sunday-week's last day → the week before.
    const before = resolvePeriod(period({ grain: 'week', last: 1, weekStart: 'sunday' }), '2025-03-14');
    assert.deepEqual(spans(before.windows), ['2025-W10-sun 2025-03-02..2025-03-08']);
  });

  it('week 53 of Sunday weeks, compared with week 52 a year before', () => {
    // 2025 starts on a Wednesday: Sunday week 1 is 2024-12-29..2025-01-04 (its Wednesday is
    // 01-01), and 2025-12-28..2026-01-03 (Wednesday 12-31, day 364 → 364 / 7 + 1) is week 53.
    // 2024's last Sunday week holds 12-28 (12-22..12-28, Wednesday 12-25 = day 359 → 52).
    const r = resolvePeriod(period({ grain: 'week', last: 1, weekStart: 'sunday', compare: 'year_ago' }), '2026-01-03');
    assert.deepEqual(spans(r.windows), ['2025-W53-sun 2025-12-28..2026-01-03 vs 2024-12-22..2024-12-28']);
  });

  it('fiscal_year_start: 2 — fiscal quarters named by the year they end in; a leap day a year ago', () => {
    // FY2026 = 2025-02-01..2026-01-31: Q1 Feb–Apr, Q2 May–Jul. A year before: FY2025, whose Q1
    // holds 2024-02-29.
    const q = resolvePeriod(
      period({ grain: 'quarter', last: 2, fiscalYearStart: 2, compare: 'year_ago' }),
      '2025-07-31',
    );
    assert.deepEqual(spans(q.windows), [
      'FY2026-Q1 2025-02-01..2025-04-30 vs 2024-02-01..2024-04-30',
      'FY2026-Q2 2025-05-01..2025-07-31 vs 2024-05-01..2024-07-31',
    ]);
    // Q4 crosses the calendar year; the year is FY2026; as_of 2026-01-30 is not Q4's last day.
    const y = resolvePeriod(period({ grain: 'year', last: 1, fiscalYearStart: 2 }), '2026-01-31');
    assert.deepEqual(spans(y.windows), ['FY2026 2025-02-01..2026-01-31']);
    const q4 = resolvePeriod(period({ grain: 'quarter', last: 1, fiscalYearStart: 2 }), '2026-01-30');
    assert.deepEqual(spans(q4.windows), ['FY2026-Q3 2025-08-01..2025-10-31']);
    // Year to date at each month counts from February; months keep their labels.
    const ytd = resolvePeriod(
      period({ grain: 'month', from: '2025-01-01', to: '2025-03-31', fiscalYearStart: 2, toDate: 'year' }),
      '2025-03-31',
    );
    assert.deepEqual(spans(ytd.windows), [
      '2025-01 2024-02-01..2025-01-31',
      '2025-02 2025-02-01..2025-02-28',
      '2025-03 2025-02-01..2025-03-31',
    ]);
  });

  it('retail 4-5-4 (NRF: Sunday weeks, February): a 53-week year and its week 53', () => {
    // FY2024 starts on the Sunday nearest 2023-02-01 (a Wednesday): 2023-01-29 (3 days before);
    // FY2025 on the Sunday nearest 2024-02-01 (a Thursday): 2024-02-04 (3 days after, not 4
    // before). FY2024 = 2023-01-29..2024-02-03 = 371 days = 53 weeks. Week 53 = its last
    // week; FY2023 (from 2022-01-30, the Sunday 2 days before 2022-02-01) has 52: week 52 =
    // 2022-01-30 + 51 × 7 = 2023-01-22.
    const cal = { calendar: '4-5-4' as const, weekStart: 'sunday' as const, fiscalYearStart: 2 };
    const w = resolvePeriod(period({ grain: 'week', last: 1, compare: 'year_ago', ...cal }), '2024-02-03');
    assert.deepEqual(spans(w.windows), ['FY2024-W53 2024-01-28..2024-02-03 vs 2023-01-22..2023-01-28']);
    // The last month gets the 53rd week: 4 + 1 = 5 weeks from week 49 (4+5+4 × 3 + 4 + 5 = 48
    // weeks before it): 2023-01-29 + 336 days = 2023-12-31. A year before, FY2023's 4-week P12:
    // 2022-01-30 + 336 = 2023-01-01..2023-01-28.
    const m = resolvePeriod(period({ grain: 'month', last: 1, compare: 'year_ago', ...cal }), '2024-02-03');
    assert.deepEqual(spans(m.windows), ['FY2024-P12 2023-12-31..2024-02-03 vs 2023-01-01..2023-01-28']);
    // as_of 2024-02-01 ends no quarter: the last complete one is Q3, weeks 27–39:
    // 2023-01-29 + 26 × 7 = 2023-07-30 .. + 13 weeks − 1 day = 2023-10-28.
    const q = resolvePeriod(period({ grain: 'quarter', last: 1, ...cal }), '2024-02-01');
    assert.deepEqual(spans(q.windows), ['FY2024-Q3 2023-07-30..2023-10-28']);
  });

  it('retail 4-4-5 (Monday weeks, January): the third month has 5 weeks', () => {
    // FY2025 starts on the Monday nearest 2025-01-01 (a Wednesday): 2024-12-30. P03 = weeks
    // 9–13: 2024-12-30 + 56 days = 2025-02-24 .. + 35 − 1 = 2025-03-30.
    const r = resolvePeriod(
      period({ grain: 'month', from: '2025-02-24', to: '2025-03-30', calendar: '4-4-5' }),
      '2025-12-31',
    );
    assert.deepEqual(spans(r.windows), ['FY2025-P03 2025-02-24..2025-03-30']);
  });
});

describe('rolling windows: periods', () => {
  it('a monthly series of trailing-90-day windows keeps the month labels; previous is the window a month earlier', () => {
    // As for windowStart: 01-31 → 11-03; 02-28 − 89: February 28, January 31 (59), December
    // the last 31 (90) → 12-01; 03-31 − 89: March 31, February 28 (59), January 31 (90) → 01-01.
    // The compared window of 2025-01 ends 2024-12-31: December 31, November 30 (61), October
    // the last 29 (90) → 10-03.
    const r = resolvePeriod(period({ grain: 'month', last: 3, window: '90d', compare: 'previous' }), '2025-03-31');
    assert.deepEqual(spans(r.windows), [
      '2025-01 2024-11-03..2025-01-31 vs 2024-10-03..2024-12-31',
      '2025-02 2024-12-01..2025-02-28 vs 2024-11-03..2025-01-31',
      '2025-03 2025-01-01..2025-03-31 vs 2024-12-01..2025-02-28',
    ]);
  });

  it('year_ago: the window ending on the same grain a year before (a leap day, week 53)', () => {
    // February 2024 ends on the leap day: 12m = March 2023..February 2024; a year before,
    // February 2023 ends on the 28th: March 2022..February 2023.
    const m = resolvePeriod(
      period({ grain: 'month', from: '2024-02-01', to: '2024-02-29', window: '12m', compare: 'year_ago' }),
      '2024-12-31',
    );
    assert.deepEqual(spans(m.windows), ['2024-02 2023-03-01..2024-02-29 vs 2022-03-01..2023-02-28']);
    // 2020-W53 runs Monday 2020-12-28 to Sunday 2021-01-03; 4w = 28 days back to 2020-12-07.
    // 2019 has no W53: the year-ago week is 2019-W52 (2019-12-23..12-29), its 4 weeks from 12-02.
    const w = resolvePeriod(period({ grain: 'week', last: 1, window: '4w', compare: 'year_ago' }), '2021-01-03');
    assert.deepEqual(spans(w.windows), ['2020-W53 2020-12-07..2021-01-03 vs 2019-12-02..2019-12-29']);
  });

  it('a partial grain: the window ends at as_of', () => {
    // as_of 2025-03-15, partial: March is cut at the 15th; 30d back = 02-14..03-15 (February
    // 14..28 is 15 days, March 1..15 15 more). Its compared grain is February cut at the same
    // day (02-01..02-15): 30d back from 02-15 = 01-17 (January 17..31 is 15 days, February
    // 1..15 15 more). February itself is complete: 30d = 01-30..02-28 (28 + 2 days), compared
    // with January's 30 days 01-02..01-31.
    const r = resolvePeriod(
      period({ grain: 'month', last: 2, partial: true, window: '30d', compare: 'previous' }),
      '2025-03-15',
    );
    assert.deepEqual(spans(r.windows), [
      '2025-02 2025-01-30..2025-02-28 vs 2025-01-02..2025-01-31',
      '2025-03 2025-02-14..2025-03-15 vs 2025-01-17..2025-02-15',
    ]);
  });

  it('a window shorter than the grain (the last 7 days of each month)', () => {
    const r = resolvePeriod(period({ grain: 'month', last: 2, window: '7d' }), '2025-02-28');
    assert.deepEqual(spans(r.windows), ['2025-01 2025-01-25..2025-01-31', '2025-02 2025-02-22..2025-02-28']);
  });

  it('a window without a grain is ignored (the checker reports it)', () => {
    const r = resolvePeriod(period({ from: '2025-01-01', to: '2025-01-31', window: '90d' }), '2025-03-31');
    assert.deepEqual(spans(r.windows), ['2025-01-01..2025-01-31 2025-01-01..2025-01-31']);
  });
});
