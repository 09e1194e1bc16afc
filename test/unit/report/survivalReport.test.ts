// A survival KPI in the reports: the HTML export's step curve (an inline SVG whose path follows
// the curve's corners), the median lifetimes in words, every data text escaped; the JSON's
// additive `survival` object; the report view's card model.
import { strict as assert } from 'assert';
import { renderHtml } from '../../../src/core/report/render/html';
import { renderJson } from '../../../src/core/report/render/json';
import { kpiCard } from '../../../src/core/report/dashboard/kpiCard';
import { medianText, stepPoints } from '../../../src/core/report/render/survivalText';
import type { KpiResult, RunResult, SurvivalReport } from '../../../src/core/report/resultModel';

const HOSTILE = '<img src=x onerror=alert(1)>';

const report: SurvivalReport = {
  at: '2025-03-31',
  time_unit: 'days',
  confidence: 0.95,
  method: 'Kaplan–Meier',
  segments: [
    {
      segment: {},
      subjects: 5,
      events: 3,
      censored: 2,
      median: 30,
      median_ci_low: 0,
      median_ci_high: null,
      curve: [
        { t: 0, at_risk: 5, events: 1, censored: 0, survival: 0.8, ci_low: 0.2, ci_high: 0.97 },
        { t: 30, at_risk: 4, events: 2, censored: 0, survival: 0.4, ci_low: 0.05, ci_high: 0.75 },
        { t: 89, at_risk: 1, events: 0, censored: 1, survival: 0.4, ci_low: 0.05, ci_high: 0.75 },
      ],
    },
    {
      segment: { plan: HOSTILE },
      subjects: 3,
      events: 0,
      censored: 3,
      median: null,
      median_ci_low: null,
      median_ci_high: null,
      curve: [{ t: 10, at_risk: 3, events: 0, censored: 3, survival: 1, ci_low: null, ci_high: null }],
    },
  ],
};

const kpi: KpiResult = {
  name: 'lifetime',
  title: `Lifetime ${HOSTILE}`,
  type: 'survival',
  format: 'percent',
  period: 'monthly',
  target: null,
  segments: ['plan'],
  rows: [
    {
      period: '2025-03',
      segment: {},
      value: 0.4,
      previous: null,
      change: null,
      status: null,
      day: 30,
      n: 4,
      ci_low: 0.05,
      ci_high: 0.75,
    },
  ],
  confidence: 0.95,
  min_sample: 30,
  survival: report,
};
const result: RunResult = { as_of: '2025-03-31', kpis: [kpi], diagnostics: [] };

describe('survival in the reports', () => {
  it('step corners: from (0, 100 %), down at each event time, held to the last observed time', () => {
    // S: 1 → 0.8 at 0 → 0.4 at 30, held to 89.
    assert.deepEqual(stepPoints(report.segments[0]), [
      { t: 0, s: 1 },
      { t: 0, s: 1 },
      { t: 0, s: 0.8 },
      { t: 30, s: 0.8 },
      { t: 30, s: 0.4 },
      { t: 89, s: 0.4 },
    ]);
    assert.equal(medianText(report, report.segments[0]), 'Median lifetime: 30 days (95 % CI 0 days – not reached)');
    assert.equal(
      medianText(report, report.segments[1]),
      'Median lifetime: not reached (S stays above 50 %; 95 % CI not reached – not reached)',
    );
  });

  it('HTML: an SVG step line per segment and the medians, every text escaped', () => {
    const html = renderHtml(result, { assets: null });
    // x = 48 + 576 t / 89, y = 12 + 216 (1 − S): (0, 1) → (48, 12); (0, 0.8) → (48, 55.2);
    // (30, 0.8) → (242.2, 55.2); (30, 0.4) → (242.2, 141.6); (89, 0.4) → (624, 141.6).
    assert.match(html, /<path class="c0" d="M48 12 L48 12 L48 55\.2 L242\.2 55\.2 L242\.2 141\.6 L624 141\.6">/);
    assert.match(html, /<path class="c1" d="M48 12 L112\.7 12">/);
    assert.match(html, /Median lifetime: 30 days \(95 % CI 0 days – not reached\)/);
    assert.ok(!html.includes(HOSTILE), 'no raw markup from the data');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.match(html, /Lifetime &lt;img.*: survival at each day, by period end/);
  });

  it('JSON: the additive survival object, numbers and nulls as they are', () => {
    const json = JSON.parse(renderJson(result)) as { kpis: { survival: SurvivalReport; rows: unknown[] }[] };
    assert.deepEqual(json.kpis[0].survival, report);
    assert.deepEqual(json.kpis[0].rows[0], {
      period: '2025-03',
      segment: {},
      value: 0.4,
      previous: null,
      change: null,
      delta: null,
      status: null,
      day: 30,
      n: 4,
      ci_low: 0.05,
      ci_high: 0.75,
    });
  });

  it('report view: the card holds the curves and the median notes; the headline is S at the longest day', () => {
    const card = kpiCard(kpi);
    assert.ok(card.survival);
    assert.deepEqual(
      card.survival.lines.map((l) => [l.label, l.whole, l.points.length]),
      [
        ['All', true, 6],
        [HOSTILE, false, 2],
      ],
    );
    assert.equal(
      card.survival.notes[0],
      'All: Median lifetime: 30 days (95 % CI 0 days – not reached) · 5 subscriptions, 3 ended, 2 still active at 2025-03-31',
    );
    assert.equal(card.headline?.label, 'D30, at the end of 2025-03');
  });
});
