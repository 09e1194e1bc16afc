// The report's charts, drawn with Chart.js on <canvas>: a KPI's trend over its periods (the
// whole population bold, each value of the chosen segment thinner, a year before dotted, the target dashed), the
// latest period broken down by a segment (horizontal bars coloured by target status) and a
// funnel's steps. Chart.js (MIT, maintained, no eval, no injected <style>) fits the webview's
// strict CSP; canvases carry an aria-label and the card's tables hold the same numbers.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { ChartConfiguration, ChartDataset } from 'chart.js';
import type { Bar, FunnelChart, TrendChart, Breakdown } from '../core/report/dashboard/kpiCard';
import type { ChartTheme } from './theme';
import { horizontalTickLimit } from '../core/report/dashboard/axisValue';
import * as l10n from '../core/l10n/l10n';

Chart.register(
  LineController,
  LineElement,
  PointElement,
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
  Filler,
);

export type ValueFormatter = (value: number | null) => string;

/** How values read: in full (tooltips) and short (axis ticks). */
export interface ValueFormats {
  full: ValueFormatter;
  axis: ValueFormatter;
}

/** The value axis's tick limit of a horizontal chart: as many labels as fit in its width (see horizontalTickLimit). */
function tickLimit(width: number, values: (number | null)[], formats: ValueFormats): number {
  const numbers = values.filter((v): v is number => v !== null && Number.isFinite(v));
  // The widest label is that of the largest magnitude (a round figure near it: the axis's end).
  const chars = Math.max(
    1,
    ...[0, ...numbers].map((v) => formats.axis(v).length),
    ...numbers.map((v) => formats.axis(v * 1.2).length),
  );
  return horizontalTickLimit(width, chars);
}

function baseOptions(
  theme: ChartTheme,
  formats: ValueFormats,
  horizontal: boolean,
  canvas?: HTMLCanvasElement,
  values: (number | null)[] = [],
): ChartConfiguration['options'] {
  const format = formats.full;
  const limit = (width: number) => (horizontal ? tickLimit(width, values, formats) : undefined);
  const valueAxis = {
    ticks: {
      color: theme.muted,
      maxRotation: 0,
      maxTicksLimit: limit(canvas?.parentElement?.clientWidth ?? canvas?.clientWidth ?? 0),
      callback: (v: string | number) => formats.axis(typeof v === 'number' ? v : Number(v)),
    },
    grid: { color: theme.grid },
    border: { color: theme.grid },
  };
  const categoryAxis = {
    ticks: { color: theme.muted, autoSkip: true, maxRotation: 0 },
    grid: { display: false },
    border: { color: theme.grid },
  };
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    indexAxis: horizontal ? 'y' : 'x',
    // A horizontal value axis keeps as many labels as its new width holds.
    onResize: horizontal
      ? (chart: Chart, size: { width: number }) => {
          const x = chart.options.scales?.x;
          if (x?.ticks) x.ticks.maxTicksLimit = limit(size.width);
        }
      : undefined,
    font: { family: theme.font },
    scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
    plugins: {
      legend: { display: false, labels: { color: theme.fg, boxWidth: 12 } },
      tooltip: {
        callbacks: {
          label: (item) => l10n.t('{0}: {1}', item.dataset.label ?? '', format(item.parsed[horizontal ? 'x' : 'y'])),
        },
      },
    },
  } as ChartConfiguration['options'];
}

/**
 * The KPI over its periods; `targets` draws a dashed line at each bound. Shares and NPS get
 * their interval as a shaded band (two borderless lines, the upper one filled down to the
 * lower: Chart.js's Filler, no extra dependency), and points below min_sample drawn hollow
 * in the muted colour.
 */
export function drawTrend(
  canvas: HTMLCanvasElement,
  chart: TrendChart,
  theme: ChartTheme,
  formats: ValueFormats,
  targets: Array<{ label: string; value: number }>,
): Chart {
  const datasets: ChartDataset<'line', Array<number | null>>[] = chart.lines.map((line, i) => {
    const colour = theme.series[i % theme.series.length];
    return {
      label: line.label,
      data: line.values,
      borderColor: colour,
      backgroundColor: colour,
      pointBackgroundColor: line.small.map((small) => (small ? 'transparent' : colour)),
      pointBorderColor: line.small.map((small) => (small ? theme.muted : colour)),
      borderWidth: line.whole ? 3 : 1.5,
      pointRadius: line.whole ? 2.5 : 1.5,
      spanGaps: false,
      tension: 0.2,
    };
  });
  if (chart.yearAgo) {
    // A year before, in the whole population's colour, thin and dashed (the target's dash is longer).
    const colour = theme.series[0];
    datasets.push({
      label: chart.yearAgo.label,
      data: chart.yearAgo.values,
      borderColor: colour,
      backgroundColor: colour,
      borderDash: [2, 3],
      borderWidth: 1.5,
      pointRadius: 0,
      spanGaps: false,
      tension: 0.2,
    });
  }
  const lowEdge = chart.band ? l10n.t('{0} (low)', chart.band.label) : '';
  if (chart.band) {
    datasets.push(
      {
        label: lowEdge,
        data: chart.band.low,
        borderWidth: 0,
        pointRadius: 0,
        borderColor: 'transparent',
        backgroundColor: 'transparent',
        fill: false,
        spanGaps: false,
        tension: 0.2,
      },
      {
        label: chart.band.label,
        data: chart.band.high,
        borderWidth: 0,
        pointRadius: 0,
        borderColor: 'transparent',
        backgroundColor: theme.band,
        fill: '-1',
        spanGaps: false,
        tension: 0.2,
      },
    );
  }
  for (const t of targets) {
    datasets.push({
      label: t.label,
      data: chart.periods.map(() => t.value),
      borderColor: theme.target,
      backgroundColor: theme.target,
      borderDash: [6, 4],
      borderWidth: 1.5,
      pointRadius: 0,
    });
  }
  const options = baseOptions(theme, formats, false);
  if (options?.plugins?.legend) {
    options.plugins.legend.display = datasets.length > 1;
    // The band's lower edge is not a series of its own.
    options.plugins.legend.labels = {
      ...options.plugins.legend.labels,
      filter: (item) => lowEdge === '' || item.text !== lowEdge,
    };
  }
  const config: ChartConfiguration<'line', Array<number | null>, string> = {
    type: 'line',
    data: { labels: chart.periods, datasets },
    options: options as ChartConfiguration<'line', Array<number | null>, string>['options'],
  };
  return new Chart(canvas, config) as unknown as Chart;
}

function barColour(bar: Bar, theme: ChartTheme): string {
  return bar.status === 'met' ? theme.good : bar.status === 'missed' ? theme.bad : theme.series[0];
}

/** The latest period's value per segment value, largest first. */
export function drawBreakdown(
  canvas: HTMLCanvasElement,
  breakdown: Breakdown,
  theme: ChartTheme,
  formats: ValueFormats,
): Chart {
  return drawBars(canvas, breakdown.bars, l10n.t('{0} by {1}', breakdown.period, breakdown.segment), theme, formats);
}

/** A funnel's steps in its latest period. */
export function drawFunnel(
  canvas: HTMLCanvasElement,
  funnel: FunnelChart,
  theme: ChartTheme,
  formats: ValueFormats,
): Chart {
  return drawBars(canvas, funnel.steps, funnel.period, theme, formats);
}

function drawBars(
  canvas: HTMLCanvasElement,
  bars: Bar[],
  label: string,
  theme: ChartTheme,
  formats: ValueFormats,
): Chart {
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: bars.map((b) => b.label),
      datasets: [
        {
          label,
          data: bars.map((b) => b.value),
          backgroundColor: bars.map((b) => barColour(b, theme)),
          borderRadius: 3,
          maxBarThickness: 22,
        },
      ],
    },
    options: baseOptions(
      theme,
      formats,
      true,
      canvas,
      bars.map((b) => b.value),
    ),
  });
}

/** Chart heights: bars need room per bar. */
export function barsHeight(count: number): number {
  return Math.min(420, 40 + count * 26);
}
