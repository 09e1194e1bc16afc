// Tests of period resolution (engine/evaluation/periods) over ranges: a grain with from/to
// (clipped windows, their compare at the same day offsets, defaults from as_of and the data's
// first date), an explicit range without grain, a grain alone, and malformed dates that never
// throw. Expected values are worked out by hand; the comments show the reasoning where it is
// not obvious.

import { strict as assert } from 'assert';
import { resolvePeriod } from '../../../src/core/engine/evaluation/periods';
import { period, range, spans, win } from './periodWindows';

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

  it('never reaches after as_of: later grains are left out, the one holding it is cut there', () => {
    // as_of 2025-02-15 fixes "today": Q2..Q4 have no data yet (before, each showed 0, a fall of
    // 100 %, or counted rows dated after as_of). Q1 is cut at Feb 15 (days 0..45), compared with
    // the same days of 2024-Q4 (Oct 1 + 45 = Nov 15).
    const r = resolvePeriod(
      period({ grain: 'quarter', from: '2025-01-01', to: '2025-12-31', compare: 'previous' }),
      '2025-02-15',
    );
    assert.deepEqual(r.windows, [
      win('2025-Q1', '2025-01-01', '2025-02-15', range('2024-Q4', '2024-10-01', '2024-11-15')),
    ]);
    // Without a grain: the range ends at as_of (its label says so).
    const year = resolvePeriod(period({ from: '2025-01-01', to: '2025-12-31', compare: 'previous' }), '2025-03-31');
    assert.deepEqual(year.windows, [
      win(
        '2025-01-01..2025-03-31',
        '2025-01-01',
        '2025-03-31',
        range('2024-10-01..2024-12-31', '2024-10-01', '2024-12-31'),
      ),
    ]);
    // A range wholly after as_of has no window.
    assert.deepEqual(
      resolvePeriod(period({ grain: 'month', from: '2025-04-01', to: '2025-06-30' }), '2025-03-31').windows,
      [],
    );
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
  it('one window labelled from..to, compared with the range just before: as many whole months, else days', () => {
    // H1 2025 is six whole months: compared with H2 2024 (before, with the 181 days before it:
    // 2024-07-04..2024-12-31, a window nobody reads as "the previous half-year").
    const r = resolvePeriod(period({ from: '2025-01-01', to: '2025-06-30', compare: 'previous' }), '2025-12-31');
    assert.equal(r.grain, null);
    assert.deepEqual(r.windows, [
      win(
        '2025-01-01..2025-06-30',
        '2025-01-01',
        '2025-06-30',
        range('2024-07-01..2024-12-31', '2024-07-01', '2024-12-31'),
      ),
    ]);
    // Q2 (91 days) against Q1 (90 days), as the grain quarter and a revenue retention's base compare it.
    const q2 = resolvePeriod(period({ from: '2025-04-01', to: '2025-06-30', compare: 'previous' }), '2025-12-31');
    assert.deepEqual(q2.windows[0].compare, range('2025-01-01..2025-03-31', '2025-01-01', '2025-03-31'));
    // February of a leap year against January (before: January 3 to 31, the 29 days before).
    const feb = resolvePeriod(period({ from: '2024-02-01', to: '2024-02-29', compare: 'previous' }), '2025-12-31');
    assert.deepEqual(feb.windows[0].compare, range('2024-01-01..2024-01-31', '2024-01-01', '2024-01-31'));
    // Not whole months: the same number of days just before (Jan 10..Feb 9 is 31 days).
    const days = resolvePeriod(period({ from: '2025-01-10', to: '2025-02-09', compare: 'previous' }), '2025-12-31');
    assert.deepEqual(days.windows[0].compare, range('2024-12-10..2025-01-09', '2024-12-10', '2025-01-09'));
    const mid = resolvePeriod(period({ from: '2025-03-01', to: '2025-03-30', compare: 'previous' }), '2025-12-31');
    assert.deepEqual(mid.windows[0].compare, range('2025-01-30..2025-02-28', '2025-01-30', '2025-02-28'));
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
