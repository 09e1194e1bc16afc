// Tests of the KPI texts: value, change arrow, trend by direction, target, headline.
import { strict as assert } from 'assert';
import {
  changeTrend,
  changeUnit,
  compareText,
  formatChange,
  formatKpiValue,
  headlineOf,
  rowDelta,
  targetText,
  trendOf,
} from '../../../src/core/report/render/kpiText';
import { useLocale } from '../../../src/core/l10n/l10n';
import { layoutKpi } from '../../../src/core/report/render/layout';
import type { KpiResult } from '../../../src/core/report/resultModel';
import { cohorts, funnel, nps, revenue } from './sampleResults';

describe('report kpi texts', () => {
  it('formats values with the KPI format, currency and decimals', () => {
    assert.equal(formatKpiValue(revenue(), 45), '45 EUR');
    assert.equal(formatKpiValue({ ...revenue(), decimals: 2 }, 45), '45.00 EUR');
    assert.equal(formatKpiValue(cohorts(), 0.052), '5.2 %');
    assert.equal(formatKpiValue(nps(), null), '—');
  });

  it('writes a relative change of other formats as an arrow and a percentage', () => {
    const row = (change: number | null) => ({ value: 1, previous: 1, change });
    assert.equal(formatChange(revenue(), row(0.031)), '▲3.1 %');
    assert.equal(formatChange(revenue(), row(-0.12)), '▼12 %');
    assert.equal(formatChange(revenue(), row(0)), '±0 %');
    assert.equal(formatChange(revenue(), row(-0.0001)), '▼0 %');
    assert.equal(formatChange(revenue(), row(null)), null);
    assert.equal(formatChange(revenue(), row(Number.NaN)), null);
    // 219602.53 vs 179200.71: (219602.53 − 179200.71) / 179200.71 = 40401.82 / 179200.71 = 0.22546 → 22.5 %.
    assert.equal(formatChange(revenue(), { value: 219602.53, previous: 179200.71, change: 0.22546 }), '▲22.5 %');
  });

  it('writes the change of a percent KPI as its delta in percentage points', () => {
    const churn: KpiResult = { ...cohorts(), type: 'churn', direction: 'lower_is_better' };
    // churn 4.0 % → 5.0 %: delta 0.05 − 0.04 = 0.01 = 1 point (the relative change 25 % is not shown).
    assert.equal(formatChange(churn, { value: 0.05, previous: 0.04, change: 0.25 }), '▲1 pp');
    // 57.9 % vs 55.3 %: 0.579 − 0.553 = 0.026 → 2.6 pp; the row's delta is used when set.
    assert.equal(formatChange(churn, { value: 0.579, previous: 0.553, change: 0.047, delta: 0.026 }), '▲2.6 pp');
    // A fall of 0.5 points: 0.045 − 0.05 = −0.005 → ▼0.5 pp; with decimals 2 → 0.50.
    assert.equal(formatChange(churn, { value: 0.045, previous: 0.05, change: -0.1 }), '▼0.5 pp');
    assert.equal(formatChange({ ...churn, decimals: 2 }, { value: 0.045, previous: 0.05, change: -0.1 }), '▼0.50 pp');
    // From 0 %: no relative change (previous 0), but a delta of 3 points.
    assert.equal(formatChange(churn, { value: 0.03, previous: 0, change: null }), '▲3 pp');
    assert.equal(formatChange(churn, { value: 0.03, previous: null, change: null }), null);
    assert.equal(formatChange(churn, { value: 0.03, previous: 0.03, change: 0 }), '±0 pp');
    // Trend by the delta and the direction: churn up 1 point is bad news.
    assert.equal(changeTrend(churn, { value: 0.05, previous: 0.04, change: 0.25 }), 'bad');
    assert.equal(changeTrend(churn, { value: 0.03, previous: 0, change: null }), 'bad');
  });

  it('writes the change of a score in points of the score', () => {
    // NPS 20.0 → 21.9: delta 1.9 points; the relative change 9.5 % is not shown.
    assert.equal(formatChange(nps(), { value: 21.9, previous: 20, change: 0.095 }), '▲1.9');
    // A negative NPS: −10 → −4 is a rise of 6 points (relative 0.6 over |−10|).
    assert.equal(formatChange(nps(), { value: -4, previous: -10, change: 0.6 }), '▲6');
    assert.equal(formatChange(nps(), { value: -4, previous: 0, change: null }), '▼4');
    assert.equal(changeTrend(nps(), { value: -4, previous: 0, change: null }), 'bad');
    // CES and engagement are scores whatever their format: 5.2 − 5.05 = 0.15 in the number format.
    const ces: KpiResult = { ...nps(), type: 'ces', format: 'number' };
    assert.equal(formatChange(ces, { value: 5.2, previous: 5.05, change: 0.0297 }), '▲0.15');
    assert.equal(changeUnit({ type: 'engagement', format: 'number' }), 'score');
    assert.equal(changeUnit({ type: 'avg', format: 'score' }), 'score');
    assert.equal(changeUnit({ type: 'nps', format: 'percent' }), 'points');
    assert.equal(changeUnit({ type: 'sum', format: 'currency' }), 'relative');
    assert.equal(changeUnit({ type: 'count', format: 'integer' }), 'relative');
    assert.equal(changeUnit({ type: 'avg', format: 'days' }), 'relative');
  });

  it('gives a row its delta (value − previous), null without both', () => {
    assert.equal(rowDelta({ value: 5, previous: 3 }), 2);
    assert.equal(rowDelta({ value: 5, previous: null }), null);
    assert.equal(rowDelta({ value: null, previous: 3 }), null);
    assert.equal(rowDelta({ value: 5, previous: 3, delta: 2.5 }), 2.5);
  });

  it('writes points in French as pt with a decimal comma', () => {
    useLocale('fr', { x: 'x' });
    try {
      const churn: KpiResult = { ...cohorts(), type: 'churn' };
      assert.equal(formatChange(churn, { value: 0.579, previous: 0.553, change: 0.047 }), '▲2,6\u00A0pt');
      assert.equal(formatChange(nps(), { value: 21.9, previous: 20, change: 0.095 }), '▲1,9');
      assert.equal(formatChange(revenue(), { value: 1, previous: 1, change: 0.225 }), '▲22,5\u00A0%');
    } finally {
      useLocale('en', undefined);
    }
  });

  it('judges a change by the KPI direction', () => {
    assert.equal(trendOf(0.1, undefined), 'good');
    assert.equal(trendOf(-0.1, 'higher_is_better'), 'bad');
    assert.equal(trendOf(-0.1, 'lower_is_better'), 'good');
    assert.equal(trendOf(0.1, 'lower_is_better'), 'bad');
    assert.equal(trendOf(0, 'lower_is_better'), 'flat');
    assert.equal(trendOf(null, undefined), null);
  });

  it('describes targets and comparisons', () => {
    assert.equal(targetText(nps()), '≥ 30');
    assert.equal(targetText({ ...cohorts(), target: { min: 0.3, max: 0.5 } }), '≥ 30 % and ≤ 50 %');
    assert.equal(targetText({ ...revenue(), target: { max: 45 } }), '≤ 45 EUR');
    assert.equal(targetText(revenue()), null);
    assert.equal(compareText(revenue()), 'vs previous period');
    assert.equal(compareText({ ...revenue(), compare: 'year_ago' }), 'vs a year ago');
    assert.equal(compareText({ ...revenue(), compare: 'none' }), null);
  });

  it('finds the headline: latest whole-population row, or the latest observed cohort at the first day', () => {
    assert.deepEqual(headlineOf(layoutKpi(revenue()))?.label, '2025-12');
    assert.equal(headlineOf(layoutKpi(revenue()))?.row.value, 123.5);
    const cohort = headlineOf(layoutKpi(cohorts()));
    assert.equal(cohort?.label, 'D30, cohort 2025-12');
    assert.equal(cohort?.row.value, 0.41);
    assert.equal(headlineOf(layoutKpi(funnel()))?.row.value, 0.7);
    const stepsOnly: KpiResult = { ...funnel(), rows: funnel().rows.filter((r) => r.step !== undefined) };
    assert.equal(headlineOf(layoutKpi(stepsOnly)), null);
  });
});
