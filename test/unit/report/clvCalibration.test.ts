// A predictive clv's back-test calibration in the reports: the table (bucket, customers, mean
// predicted, mean actual) and the chart's model in the HTML export and the report view, texts
// escaped; and a bootstrapped clv's interval on its latest row.
import { strict as assert } from 'assert';
import { renderHtml } from '../../../src/core/report/render/html';
import { calibrationView } from '../../../src/core/report/render/clvCalibration';
import { kpiCard } from '../../../src/core/report/dashboard/kpiCard';
import type { ClvBacktestReport, KpiResult, RunResult } from '../../../src/core/report/resultModel';

const backtest: ClvBacktestReport = {
  holdout_months: 2,
  calibration_end: '2025-04-30',
  holdout_end: '2025-06-30',
  customers: 10,
  mae: 0.4,
  predicted: 3.2,
  actual: 4,
  ratio: 0.8,
  calibration: [
    { frequency: 0, or_more: false, customers: 4, predicted: 0.125, actual: 0.25 },
    { frequency: 1, or_more: false, customers: 4, predicted: 0.4, actual: 0.5 },
    { frequency: 7, or_more: true, customers: 2, predicted: 0.8, actual: 1 },
  ],
};

const kpi = {
  name: 'clv',
  title: 'CLV <b>',
  type: 'clv',
  format: 'number',
  period: 'monthly',
  target: null,
  rows: [
    {
      period: '2025-06',
      segment: {},
      value: 120,
      previous: null,
      change: null,
      status: null,
      n: 10,
      ci_low: 80,
      ci_high: 170,
    },
  ],
  model: { backtest },
} as unknown as KpiResult;

describe('predictive clv calibration in the reports', () => {
  it('the view model: buckets 0, 1, 7+ with the means rounded to 2 decimals in the table', () => {
    const view = calibrationView(kpi.title, backtest);
    assert.ok(view);
    assert.deepEqual(view.labels, ['0', '1', '7+']);
    assert.deepEqual(view.rows, [
      ['0', '4', '0.13', '0.25'],
      ['1', '4', '0.4', '0.5'],
      ['7+', '2', '0.8', '1'],
    ]);
    assert.equal(
      view.caption,
      'CLV <b>: predicted and actual purchases from 2025-04-30 to 2025-06-30, by purchases before',
    );
    assert.equal(calibrationView('x', { ...backtest, calibration: [] }), null);
  });

  it('HTML: the table and the two lines, the title escaped; the row interval shown', () => {
    const result: RunResult = { as_of: '2025-06-30', kpis: [kpi], diagnostics: [] };
    const html = renderHtml(result, { assets: null });
    assert.match(html, /<tr><th scope="row">7\+<\/th><td>2<\/td><td>0\.8<\/td><td>1<\/td><\/tr>/);
    assert.match(html, /<path class="c0" d="M/);
    assert.match(html, /<path class="c1 predicted" d="M/);
    assert.ok(!html.includes('CLV <b>'));
    assert.match(html, /CLV &lt;b&gt;: predicted and actual purchases/);
    assert.match(html, /\[80 – 170\]/);
  });

  it('report view: the card carries the calibration chart and its table', () => {
    const card = kpiCard(kpi);
    assert.deepEqual(card.calibration?.actual, [0.25, 0.5, 1]);
    const table = card.tables.find((t) => t.caption === card.calibration?.caption);
    assert.deepEqual(
      table?.rows.map((r) => [r.label, ...r.cells.map((c) => c.text)]),
      [
        ['0', '4', '0.13', '0.25'],
        ['1', '4', '0.4', '0.5'],
        ['7+', '2', '0.8', '1'],
      ],
    );
  });
});
