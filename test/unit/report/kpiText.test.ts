// Tests of the KPI texts: value, change arrow, trend by direction, target, headline.
import { strict as assert } from 'assert';
import { compareText, formatChange, formatKpiValue, headlineOf, targetText, trendOf } from '../../../src/core/report/render/kpiText';
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

  it('writes the change as an arrow and a percentage', () => {
    assert.equal(formatChange(0.031), '▲3.1 %');
    assert.equal(formatChange(-0.12), '▼12 %');
    assert.equal(formatChange(0), '±0 %');
    assert.equal(formatChange(-0.0001), '▼0 %');
    assert.equal(formatChange(null), null);
    assert.equal(formatChange(Number.NaN), null);
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
