// The report view's card model for a KPI with intervals: the headline's interval, the
// change test in words (a non-significant change is not coloured as news), the greyed
// values below min_sample, and the trend's confidence band.
import { strict as assert } from 'assert';
import { kpiCard } from '../../../src/core/report/dashboard/kpiCard';
import { cohorts, npsWithIntervals, nps } from './sampleResults';

describe('report view card: intervals and sample sizes', () => {
  it('the headline carries the interval, the significance and the min_sample note', () => {
    const card = kpiCard(npsWithIntervals());
    assert.equal(card.headline?.interval, '95 % CI 33.2 – 48.8');
    assert.equal(card.headline?.significance, 'significant (p = 0.021)');
    assert.equal(card.headline?.significant, true);
    assert.equal(card.headline?.trend, 'good');
    assert.equal(card.headline?.smallSample, null);
  });

  it('a change that is not significant is flat, a small sample is flagged', () => {
    const kpi = npsWithIntervals();
    kpi.rows = [kpi.rows[0]];
    const card = kpiCard(kpi);
    assert.equal(card.headline?.significance, 'not significant (p = 0.84)');
    assert.equal(card.headline?.trend, 'flat');
    assert.equal(card.headline?.smallSample, 'n = 12, below 30');
  });

  it("the trend has the whole population's band and its small points; the table greys cells", () => {
    const card = kpiCard(npsWithIntervals());
    assert.deepEqual(card.trend?.band, { label: '95 % interval', low: [-10.5, 33.2], high: [66.5, 48.8] });
    assert.deepEqual(card.trend?.lines[0].small, [true, false]);
    const [first, latest] = card.tables[0].rows.map((r) => r.cells[0]);
    assert.equal(first.smallSample, 'n = 12, below 30');
    assert.equal(first.interval, null);
    assert.equal(latest.interval, '[33.2 – 48.8]');
    assert.deepEqual(latest.significance, { short: 'sig.', text: 'significant (p = 0.021)' });
  });

  it('a cohort cell below min_sample is flagged in the heatmap; a cell without a value is not', () => {
    const kpi = cohorts();
    kpi.min_sample = 30;
    kpi.confidence = 0.95;
    kpi.rows = kpi.rows.map((r, i) => ({ ...r, n: i === 0 ? 12 : 0, below_min_sample: true }));
    const [map] = kpiCard(kpi).cohorts;
    assert.equal(map.rows[0].cells[0].smallSample, 'n = 12, below 30');
    // 2025-12, day 60 has no value (null): nothing to flag.
    assert.equal(map.rows[2].cells[1].value, null);
    assert.equal(map.rows[2].cells[1].smallSample, null);
  });

  it('KPIs without counts have none of it', () => {
    const card = kpiCard(nps());
    assert.equal(card.trend?.band, null);
    assert.equal(card.headline?.interval, null);
    assert.equal(card.headline?.significance, null);
  });
});
