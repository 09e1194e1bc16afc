// A survival KPI's Kaplan–Meier curves in the report view: one step line per segment (the
// whole population bold) on a days axis, S from 0 to 100 %, drawn with Chart.js from the
// corner points of the card model (core/report/dashboard/survivalChart.ts).
import { Chart } from 'chart.js';
import type { ChartConfiguration } from 'chart.js';
import type { SurvivalChart } from '../core/report/dashboard/survivalChart';
import { formatPercentFigure } from '../core/report/formatValue';
import type { ChartTheme } from './theme';
import * as l10n from '../core/l10n/l10n';

export function drawSurvival(canvas: HTMLCanvasElement, chart: SurvivalChart, theme: ChartTheme): Chart {
  const config: ChartConfiguration<'line', { x: number; y: number }[]> = {
    type: 'line',
    data: {
      datasets: chart.lines.map((line, i) => {
        const colour = theme.series[i % theme.series.length];
        return {
          label: line.label,
          data: line.points,
          borderColor: colour,
          backgroundColor: colour,
          borderWidth: line.whole ? 3 : 1.5,
          pointRadius: 0,
          tension: 0,
        };
      }),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      font: { family: theme.font },
      scales: {
        x: {
          type: 'linear',
          min: 0,
          title: { display: true, text: l10n.t('days since start'), color: theme.muted },
          ticks: { color: theme.muted },
          grid: { color: theme.grid },
        },
        y: {
          min: 0,
          max: 1,
          ticks: { color: theme.muted, callback: (v) => formatPercentFigure(Number(v) * 100) },
          grid: { color: theme.grid },
        },
      },
      plugins: {
        legend: { display: chart.lines.length > 1, labels: { color: theme.fg, boxWidth: 12 } },
        tooltip: {
          callbacks: {
            label: (item) =>
              l10n.t(
                '{0}: {1} at day {2}',
                item.dataset.label ?? '',
                formatPercentFigure((item.parsed.y ?? 0) * 100),
                item.parsed.x ?? 0,
              ),
          },
        },
      },
    },
  };
  return new Chart(canvas, config) as unknown as Chart;
}
