// The before → after figures of `kpilens diff` (compareValues, latestValues), without data: a
// retention day compares the latest cohort with a value, a funnel its value and each step,
// differences of percents in points (also in French), relative changes for amounts only and
// never over a zero, and floating-point noise that is no change.
import { strict as assert } from 'assert';
import frenchBundle from '../../../l10n/bundle.l10n.fr.json';
import { useLocale } from '../../../src/core/l10n/l10n';
import { compareValues, latestValues } from '../../../src/core/diff/compareValues';
import type { KpiResult } from '../../../src/core/report/resultModel';

const cohort = (rows: [string, number, number | null][]): KpiResult => ({
  name: 'r',
  title: 'R',
  type: 'cohort_retention',
  format: 'percent',
  period: 'monthly',
  target: null,
  rows: rows.map(([period, day, value]) => ({
    period,
    day,
    segment: {},
    value,
    previous: null,
    change: null,
    status: null,
  })),
});

describe('compareValues: figures of cohorts, funnels and formats', () => {
  it('a retention day compares the latest cohort that has a value', () => {
    // D30 of cohort 2025-11 is 0.5 (2025-12 too young: null); D60 only 2025-10 has one.
    const before = cohort([
      ['2025-10', 30, 0.4],
      ['2025-10', 60, 0.3],
      ['2025-11', 30, 0.5],
      ['2025-11', 60, null],
      ['2025-12', 30, null],
      ['2025-12', 60, null],
    ]);
    const after = cohort([
      ['2025-10', 30, 0.45],
      ['2025-10', 60, 0.25],
      ['2025-11', 30, 0.6],
      ['2025-11', 60, null],
      ['2025-12', 30, null],
      ['2025-12', 60, null],
    ]);
    assert.deepEqual(
      [...latestValues(before)].map(([k, v]) => [k, v.period, v.value]),
      [
        ['D30', '2025-11', 0.5],
        ['D60', '2025-10', 0.3],
      ],
    );
    const changes = compareValues(before, after);
    // D30: 0.6 − 0.5 = +0.1 → +10 pp; D60: 0.25 − 0.3 = −0.05 → −5 pp; percents have no relative change.
    assert.deepEqual(
      changes.map((c) => [c.detail, c.differenceText, c.relative]),
      [
        ['D30', '+10 pp', null],
        ['D60', '−5 pp', null],
      ],
    );
  });

  it('in French a difference of percents is in points too (U+00A0, decimal comma)', () => {
    // D30: 0.625 − 0.5 = +0.125 → +12.5 points → "+12,5 pt"; D60: 0.25 − 0.3 = −0.05 → "−5 pt".
    const before = cohort([
      ['2025-11', 30, 0.5],
      ['2025-11', 60, 0.3],
    ]);
    const after = cohort([
      ['2025-11', 30, 0.625],
      ['2025-11', 60, 0.25],
    ]);
    useLocale('fr', frenchBundle);
    try {
      assert.deepEqual(
        compareValues(before, after).map((c) => c.differenceText),
        ['+12,5\u00a0pt', '−5\u00a0pt'],
      );
    } finally {
      useLocale('en', undefined);
    }
    assert.deepEqual(
      compareValues(before, after).map((c) => c.differenceText),
      ['+12.5 pp', '−5 pp'],
    );
  });

  it('a funnel compares its value and each step; a segment row is never compared', () => {
    const funnel: KpiResult = {
      name: 'f',
      title: 'F',
      type: 'funnel',
      format: 'percent',
      period: 'monthly',
      target: null,
      rows: [
        { period: '2025-12', segment: {}, value: 0.75, previous: null, change: null, status: null },
        { period: '2025-12', segment: {}, step: 'cart', value: 0.5, previous: null, change: null, status: null },
        { period: '2025-12', segment: { channel: 'web' }, value: 0.9, previous: null, change: null, status: null },
      ],
    };
    assert.deepEqual(
      [...latestValues(funnel)].map(([k, v]) => [k, v.value]),
      [
        ['', 0.75],
        ['step cart', 0.5],
      ],
    );
  });

  it('relative change: for amounts only, never over a zero before', () => {
    const sum = (value: number | null): KpiResult => ({
      name: 's',
      title: 'S',
      type: 'sum',
      format: 'currency',
      currency: 'EUR',
      period: 'monthly',
      target: null,
      rows: [{ period: '2025-12', segment: {}, value, previous: null, change: null, status: null }],
    });
    // 0 → 50: difference +50 EUR, no relative change (division by zero).
    assert.deepEqual(
      compareValues(sum(0), sum(50)).map((c) => [c.difference, c.differenceText, c.relative]),
      [[50, '+50 EUR', null]],
    );
    // 200 → 150: −50 EUR, −50 / 200 = −0.25.
    assert.deepEqual(
      compareValues(sum(200), sum(150)).map((c) => [c.differenceText, c.relative]),
      [['−50 EUR', -0.25]],
    );
    // A null side: no difference.
    assert.deepEqual(
      compareValues(sum(null), sum(150)).map((c) => [c.difference, c.differenceText]),
      [[null, null]],
    );
  });
});

describe('compareValues: floating-point noise', () => {
  it('a difference within 1e-9 of the values is 0, a real one is kept', () => {
    const clv = (value: number): KpiResult => ({
      name: 'c',
      title: 'C',
      type: 'clv',
      format: 'currency',
      currency: 'EUR',
      period: 'monthly',
      target: null,
      rows: [{ period: '2025-12', segment: {}, value, previous: null, change: null, status: null }],
    });
    // 1213.64 + 2e-13: the same sum added in another order.
    assert.deepEqual(
      compareValues(clv(1213.64), clv(1213.64 + 2e-13)).map((c) => [c.difference, c.differenceText, c.relative]),
      [[0, '±0 EUR', 0]],
    );
    // One cent is a change: 1213.65 − 1213.64 = 0.01 (within float precision).
    const [cent] = compareValues(clv(1213.64), clv(1213.65));
    assert.ok(Math.abs((cent.difference ?? 0) - 0.01) < 1e-9);
    assert.equal(cent.differenceText, '+0.01 EUR');
  });
});
