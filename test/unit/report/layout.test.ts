// Tests of layoutKpi: periods, segment columns (whole population first, declared segments in
// order, values in first-seen order), cohort days, funnel steps and the row lookup.
import { strict as assert } from 'assert';
import { layoutKpi, segmentId } from '../../../src/core/report/render/layout';
import type { KpiResult, ResultRow, SegmentKey } from '../../../src/core/report/resultModel';
import { cohorts, funnel, revenue } from './sampleResults';

const row = (period: string, segment: SegmentKey, value: number, extra: Partial<ResultRow> = {}): ResultRow => ({
  period,
  segment,
  value,
  previous: null,
  change: null,
  status: null,
  ...extra,
});

describe('report layout', () => {
  it('pivots a segmented series', () => {
    const layout = layoutKpi(revenue());
    assert.deepEqual(layout.periods, ['2025-10', '2025-11', '2025-12']);
    assert.deepEqual(
      layout.columns.map((c) => [c.id, c.segment, c.label]),
      [
        ['', null, 'All'],
        ['[["channel","web"]]', 'channel', 'web'],
        ['[["channel","store"]]', 'channel', 'store'],
      ],
    );
    assert.deepEqual(
      layout.groups.map((g) => [g.segment, g.columns.length]),
      [
        [null, 1],
        ['channel', 2],
      ],
    );
    assert.equal(layout.hasSeries, true);
    assert.equal(layout.row('2025-11', { channel: 'web' })?.value, 70);
    assert.equal(layout.row('2025-11', { channel: 'store' })?.value, null);
    assert.equal(layout.row('2025-09', {}), undefined);
    assert.equal(layout.cell('2025-12', layout.columns[0])?.value, 123.5);
  });

  it('orders segments as declared, values first-seen, and qualifies labels when there are several', () => {
    const kpi: KpiResult = {
      name: 'k',
      title: 'K',
      type: 'count',
      format: 'integer',
      period: 'monthly',
      target: null,
      segments: ['plan', 'enterprise', 'channel'],
      rows: [
        row('2025-01', { channel: 'web' }, 1),
        row('2025-01', { plan: 'gold' }, 2),
        row('2025-01', { plan: 'basic' }, 3),
        row('2025-01', {}, 4),
        row('2025-01', { enterprise: true }, 5),
        row('2025-01', { plan: null }, 6),
      ],
    };
    const layout = layoutKpi(kpi);
    assert.deepEqual(
      layout.columns.map((c) => c.label),
      ['All', 'plan=gold', 'plan=basic', 'plan=(null)', 'enterprise', 'channel=web'],
    );
    assert.equal(layout.row('2025-01', { plan: null })?.value, 6);
  });

  it('finds segment keys whatever their key order', () => {
    assert.equal(segmentId({ b: 'x', a: 'y' }), segmentId({ a: 'y', b: 'x' }));
    assert.equal(segmentId({}), '');
    assert.notEqual(segmentId({ a: 'null' }), segmentId({ a: null }));
  });

  it('collects cohort days ascending and funnel steps in order', () => {
    const kpi = cohorts();
    kpi.rows.reverse();
    const layout = layoutKpi(kpi);
    assert.deepEqual(layout.days, [30, 60, 90]);
    assert.deepEqual(layout.periods, ['2025-12', '2025-11', '2025-10']);
    assert.equal(layout.hasSeries, false);
    assert.equal(layout.row('2025-11', {}, { day: 60 })?.value, 0.38);
    assert.equal(layout.row('2025-11', {}), undefined);

    const steps = layoutKpi(funnel());
    assert.deepEqual(steps.steps, ['visit', 'cart', 'paid']);
    assert.equal(steps.row('2025-01-01..2025-06-30', {}, { step: 'cart' })?.value, 0.6);
    assert.equal(steps.row('2025-01-01..2025-06-30', {})?.value, 0.7);
  });
});
