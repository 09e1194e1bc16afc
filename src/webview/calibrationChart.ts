// A predictive clv's back-test calibration in the report view: mean actual (solid) and
// predicted (dashed) purchases in the holdout per calibration frequency bucket, Chart.js lines
// over the buckets of the core's model (core/report/render/clvCalibration.ts), whose table
// holds the same numbers.
import { Chart } from 'chart.js';
import type { ChartConfiguration } from 'chart.js';
import type { CalibrationView } from '../core/report/render/clvCalibration';
import { formatPlain } from '../core/report/formatValue';
import type { ChartTheme } from './theme';
import * as l10n from '../core/l10n/l10n';

export function drawCalibration(canvas: HTMLCanvasElement, view: CalibrationView, theme: ChartTheme): Chart {
  const config: ChartConfiguration<'line', number[], string> = {
    type: 'line',
    data: {
      labels: view.labels,
      datasets: [
        {
          label: l10n.t('actual'),
          data: view.actual,
          borderColor: theme.series[0],
          backgroundColor: theme.series[0],
          borderWidth: 2,
          pointRadius: 3,
        },
        {
          label: l10n.t('predicted'),
          data: view.predicted,
          borderColor: theme.series[1 % theme.series.length],
          backgroundColor: theme.series[1 % theme.series.length],
          borderDash: [6, 4],
          borderWidth: 2,
          pointRadius: 3,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      font: { family: theme.font },
      scales: {
        x: {
          title: { display: true, text: view.headings[0], color: theme.muted },
          ticks: { color: theme.muted },
          grid: { display: false },
        },
        y: {
          min: 0,
          ticks: { color: theme.muted, callback: (v) => formatPlain(Number(v)) },
          grid: { color: theme.grid },
        },
      },
      plugins: { legend: { display: true, labels: { color: theme.fg, boxWidth: 12 } } },
    },
  };
  return new Chart(canvas, config) as unknown as Chart;
}
