// The one latest-figure rule (src/core/report/latestFigure.ts): the report's headline, the
// code lens line and `kpilens diff` pick the same row of the same KPI.
import { strict as assert } from 'assert';
import { compareValues } from '../../../src/core/diff/compareValues';
import { describeLatest } from '../../../src/core/language/latestValue';
import { useLocale } from '../../../src/core/l10n/l10n';
import { figureDetails, headlineFigure, latestFigure } from '../../../src/core/report/latestFigure';
import { headlineOf } from '../../../src/core/report/render/kpiText';
import { layoutKpi } from '../../../src/core/report/render/layout';
import type { KpiResult, ResultRow } from '../../../src/core/report/resultModel';

const cell = (period: string, day: number, value: number | null, segment = {}): ResultRow => ({
  period,
  segment,
  value,
  previous: null,
  change: null,
  status: null,
  day,
});

// Cohorts oldest first, days 30 and 60: 2025-12 has reached no day yet, 2025-11 both.
const retention: KpiResult = {
  name: 'r',
  title: 'R',
  type: 'cohort_retention',
  format: 'percent',
  period: 'monthly',
  target: null,
  rows: [
    cell('2025-10', 30, 0.5),
    cell('2025-10', 60, 0.4),
    cell('2025-11', 30, 0.6),
    cell('2025-11', 60, 0.45),
    cell('2025-11', 30, 0.9, { plan: 'pro' }),
    cell('2025-12', 30, null),
    cell('2025-12', 60, null),
  ],
};

describe('the latest figure of a KPI', () => {
  beforeEach(() => useLocale('en', undefined));

  it('a cohort day: the latest cohort with a value at that day; none has one: the oldest cohort row', () => {
    // D30: 2025-12 has no value, 2025-11 has 60 % (the `pro` segment's 90 % is not the whole population).
    assert.equal(latestFigure(retention.rows, { day: 30 })?.value, 0.6);
    assert.equal(latestFigure(retention.rows, { day: 60 })?.value, 0.45);
    const empty = [cell('2025-11', 30, null), cell('2025-12', 30, null)];
    assert.equal(latestFigure(empty, { day: 30 })?.period, '2025-11');
    assert.equal(headlineFigure(empty), undefined);
    assert.deepEqual(figureDetails(retention.rows), [{ day: 30 }, { day: 60 }]);
  });

  it('the headline and the code lens show the same cell: the shortest day of the latest cohort that has it', () => {
    // Before the one rule the lens took the last row with a value (2025-11 D60, 45 %).
    assert.equal(headlineOf(layoutKpi(retention))?.label, 'D30, cohort 2025-11');
    assert.equal(headlineOf(layoutKpi(retention))?.row.value, 0.6);
    assert.equal(describeLatest(retention), '60 % (2025-11, D30)');
  });

  it('kpilens diff compares the latest figure of each day with the same rule', () => {
    const before: KpiResult = { ...retention, rows: retention.rows.map((r) => ({ ...r })) };
    before.rows[2] = cell('2025-11', 30, 0.5);
    const changes = compareValues(before, retention);
    // D30: 50 % → 60 % (2025-11); D60: 45 % both sides.
    assert.deepEqual(
      changes.map((c) => [c.detail ?? '', c.before?.value, c.after?.value]),
      [
        ['D30', 0.5, 0.6],
        ['D60', 0.45, 0.45],
      ],
    );
  });

  it('a series: the last period of the whole population, never a segment or a funnel step', () => {
    const rows: ResultRow[] = [
      { period: '2025-11', segment: {}, value: 0.5, previous: null, change: null, status: null },
      { period: '2025-11', segment: {}, value: 0.8, previous: null, change: null, status: null, step: 'cart' },
      { period: '2025-12', segment: {}, value: 0.4, previous: 0.5, change: -0.2, status: null },
      { period: '2025-12', segment: {}, value: 0.7, previous: 0.8, change: null, status: null, step: 'cart' },
      { period: '2025-12', segment: { plan: 'pro' }, value: 0.1, previous: null, change: null, status: null },
    ];
    assert.equal(latestFigure(rows)?.value, 0.4);
    assert.equal(headlineFigure(rows)?.value, 0.4);
    assert.equal(latestFigure(rows, { step: 'cart' })?.value, 0.7);
  });
});
