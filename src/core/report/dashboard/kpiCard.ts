// One KPI as the report view draws it, computed from its result rows and nothing else: the
// headline (latest whole-population value, change with an arrow, whether that change is good
// news for the KPI's direction, the compared period), the target status, a trend over the
// KPI's periods (the whole population, and each value of the chosen segment), a breakdown of
// the latest period by that segment, cohort triangles as heatmaps, funnel steps, and the
// accessible tables behind the charts. Shares and NPS add their interval (a band on the
// trend), whether the change is significant, and the values below min_sample (greyed). Every text is formatted here; the view only places it.
import { survivalChart } from './survivalChart';
import { calibrationView } from '../render/clvCalibration';
import type { CalibrationView } from '../render/clvCalibration';
import { calibrationTables } from './calibrationTable';
import type { SurvivalChart } from './survivalChart';
import type { KpiResult, ResultRow, Status } from '../resultModel';
import { dayLabel, gridCaption, heatShare, kpiGrids } from '../render/grids';
import { layoutKpi } from '../render/layout';
import type { KpiLayout, SegmentColumn } from '../render/layout';
import type { Headline } from '../render/kpiText';
import {
  belowMinSampleText,
  isSmallSample,
  compareText,
  confidenceText,
  formatChange,
  formatKpiValue,
  headlineOf,
  intervalText,
  significanceText,
  targetText,
  changeTrend,
  shownChange,
} from '../render/kpiText';
import type { Trend } from '../render/kpiText';
import * as l10n from '../../l10n/l10n';
import { furtherComparisons } from '../render/comparisonText';

export interface CardHeadline {
  value: number | null;
  text: string;
  /** Where the figure comes from: `2025-12`, or `D30, cohort 2025-11`. */
  label: string;
  change: number | null;
  changeText: string | null;
  trend: Trend | null;
  /** `vs previous period`, `vs a year ago`; null when the KPI compares nothing or the headline is a cohort cell. */
  versus: string | null;
  /** Shares and NPS: `95 % CI 33.2 – 48.8`. */
  interval: string | null;
  /** `significant (p = 0.021)` / `not significant (p = 0.29)`; null without a change test. */
  significance: string | null;
  significant: boolean | null;
  /** `n = 12, below 30` when the value comes from fewer than min_sample; the view greys it. */
  smallSample: string | null;
  /** With `compare: [previous, year_ago]`: the further comparisons (`▲31 %`, `vs a year ago`); absent otherwise. */
  more?: { changeText: string; versus: string; trend: Trend | null }[];
}

export interface TrendLine {
  /** Stable key of the segment column ('' for the whole population). */
  id: string;
  label: string;
  whole: boolean;
  /** One value per period of the chart, null where there is none. */
  values: Array<number | null>;
  /** Per period: the value is below min_sample (drawn grey). */
  small: boolean[];
}

/** The confidence interval of the whole population's line, per period (null where there is none). */
export interface TrendBand {
  label: string;
  low: Array<number | null>;
  high: Array<number | null>;
}

export interface TrendChart {
  periods: string[];
  lines: TrendLine[];
  /** Shares and NPS: the whole population's interval, drawn as a shaded band. */
  band: TrendBand | null;
  /** Values of the chosen segment left out of the chart (the table has them all). */
  omitted: number;
}

export interface Bar {
  label: string;
  value: number | null;
  text: string;
  status: Status;
}

export interface Breakdown {
  segment: string;
  period: string;
  bars: Bar[];
}

export interface HeatCell {
  value: number | null;
  text: string;
  /** 0–1: how strongly the cell is coloured (its value for a percent KPI, else its share of the triangle's largest value). */
  share: number | null;
  /** `n = 12, below 30`: the view greys the cell. */
  smallSample: string | null;
}

export interface CohortHeatmap {
  /** The segment column (`All`, `web`). */
  caption: string;
  days: string[];
  rows: Array<{ label: string; cells: HeatCell[] }>;
}

export interface FunnelChart {
  period: string;
  steps: Bar[];
}

export interface TableCell {
  text: string;
  /** On the latest period: the change and the target status beside the value. */
  changeText: string | null;
  trend: Trend | null;
  status: Status;
  /** `n = 12, below 30`: the view greys the cell. */
  smallSample: string | null;
  /** On the latest period: `sig.` / `n.s.` with its words as a title. */
  significance: { short: string; text: string } | null;
  /** On the latest period: `[33.2 – 48.8]`. */
  interval: string | null;
}

export interface CardTable {
  caption: string;
  corner: string;
  columns: string[];
  rows: Array<{ label: string; cells: TableCell[] }>;
}

export interface KpiCard {
  name: string;
  title: string;
  type: string;
  period: string;
  description: string | null;
  owner: string | null;
  tags: string[];
  /** `nps · nps · quarterly · by channel, plan`. */
  meta: string;
  headline: CardHeadline | null;
  target: { text: string; status: Status } | null;
  /** The segments the KPI has rows for, in order; the view offers them as a choice. */
  segments: string[];
  /** The segment the charts break down by; null when the KPI has none. */
  segment: string | null;
  trend: TrendChart | null;
  breakdown: Breakdown | null;
  cohorts: CohortHeatmap[];
  /** A survival KPI's curves at the latest period end; its heatmaps are S by period end and day. */
  survival: SurvivalChart | null;
  /** A predictive clv's back-test calibration (predicted vs actual purchases by frequency). */
  calibration: CalibrationView | null;
  funnel: FunnelChart | null;
  tables: CardTable[];
}

export interface CardOptions {
  /** At most this many segment values in the trend chart and cohort heatmaps (default 8). */
  maxLines?: number;
}

/** A segment column's label inside its own segment's chart: the value alone (`web`), a `where` segment's name, `(null)`. */
function shortLabel(column: SegmentColumn): string {
  const entries = Object.entries(column.key);
  if (entries.length !== 1) return column.label;
  const [name, value] = entries[0];
  return value === true ? name : value === null ? '(null)' : value === false ? l10n.t('not {0}', name) : String(value);
}

function headline(kpi: KpiResult, h: Headline | null): CardHeadline | null {
  if (!h) return null;
  const cohort = h.row.day !== undefined;
  return {
    value: h.row.value,
    text: formatKpiValue(kpi, h.row.value),
    label: h.label,
    change: cohort ? null : h.row.change,
    changeText: cohort ? null : formatChange(kpi, h.row),
    // A change that is not significant is not coloured as news.
    trend: cohort
      ? null
      : h.row.significant === false && shownChange(kpi, h.row) !== null
        ? 'flat'
        : changeTrend(kpi, h.row),
    versus: cohort || shownChange(kpi, h.row) === null ? null : compareText(kpi),
    interval: intervalText(kpi, h.row),
    significance: cohort ? null : significanceText(h.row),
    significant: cohort ? null : (h.row.significant ?? null),
    smallSample: belowMinSampleText(kpi, h.row),
    ...(cohort || !h.row.comparisons
      ? {}
      : {
          more: furtherComparisons(kpi, h.row).map((c) => ({ changeText: c.change, versus: c.versus, trend: c.trend })),
        }),
  };
}

function seriesPeriods(layout: KpiLayout, columns: SegmentColumn[]): string[] {
  return layout.periods.filter((p) => columns.some((c) => layout.cell(p, c)));
}

function trendChart(
  kpi: KpiResult,
  layout: KpiLayout,
  whole: SegmentColumn[],
  chosen: SegmentColumn[],
  max: number,
): TrendChart | null {
  if (!layout.hasSeries) return null;
  const shown = chosen.slice(0, max);
  const columns = [...whole, ...shown];
  const periods = seriesPeriods(layout, columns);
  if (periods.length === 0) return null;
  return {
    periods,
    lines: columns.map((c) => ({
      id: c.id,
      label: shortLabel(c),
      whole: c.segment === null,
      values: periods.map((p) => layout.cell(p, c)?.value ?? null),
      small: periods.map((p) => {
        const row = layout.cell(p, c);
        return row !== undefined && isSmallSample(row);
      }),
    })),
    band: trendBand(kpi, layout, periods, whole[0]),
    omitted: chosen.length - shown.length,
  };
}

function trendBand(
  kpi: KpiResult,
  layout: KpiLayout,
  periods: string[],
  whole: SegmentColumn | undefined,
): TrendBand | null {
  if (!whole || kpi.confidence === undefined) return null;
  const rows = periods.map((p) => layout.cell(p, whole));
  if (!rows.some((r) => r?.ci_low !== undefined && r.ci_low !== null)) return null;
  return {
    label: l10n.t('{0} interval', confidenceText(kpi)),
    low: rows.map((r) => r?.ci_low ?? null),
    high: rows.map((r) => r?.ci_high ?? null),
  };
}

function breakdown(
  kpi: KpiResult,
  layout: KpiLayout,
  segment: string | null,
  chosen: SegmentColumn[],
): Breakdown | null {
  if (!layout.hasSeries || segment === null || chosen.length === 0) return null;
  const periods = seriesPeriods(layout, chosen);
  const period = periods[periods.length - 1];
  if (period === undefined) return null;
  const bars = chosen.map((c) => {
    const row = layout.cell(period, c);
    return {
      label: shortLabel(c),
      value: row?.value ?? null,
      text: formatKpiValue(kpi, row?.value ?? null),
      status: row?.status ?? null,
    };
  });
  bars.sort((a, b) => (b.value ?? Number.NEGATIVE_INFINITY) - (a.value ?? Number.NEGATIVE_INFINITY) || 0);
  return { segment, period, bars };
}

function cohortHeatmaps(kpi: KpiResult, layout: KpiLayout, columns: SegmentColumn[]): CohortHeatmap[] {
  if (layout.days.length === 0) return [];
  const percent = kpi.format === 'percent';
  const maps: CohortHeatmap[] = [];
  for (const column of columns) {
    const cohorts = layout.periods.filter((p) => layout.days.some((day) => layout.cell(p, column, { day })));
    if (cohorts.length === 0) continue;
    const values = cohorts
      .flatMap((p) => layout.days.map((day) => layout.cell(p, column, { day })?.value ?? null))
      .filter((v): v is number => v !== null && Number.isFinite(v));
    const max = values.length > 0 ? Math.max(...values) : 0;
    const share = (v: number | null): number | null => heatShare(v, max, percent);
    maps.push({
      caption: shortLabel(column),
      days: layout.days.map((d) => dayLabel(d)),
      rows: cohorts.map((period) => ({
        label: period,
        cells: layout.days.map((day) => {
          const row = layout.cell(period, column, { day });
          const value = row?.value ?? null;
          return {
            value,
            text: formatKpiValue(kpi, value),
            share: share(value),
            smallSample: row ? belowMinSampleText(kpi, row) : null,
          };
        }),
      })),
    });
  }
  return maps;
}

function funnel(kpi: KpiResult, layout: KpiLayout, whole: SegmentColumn | undefined): FunnelChart | null {
  if (layout.steps.length === 0 || !whole) return null;
  const periods = layout.periods.filter((p) => layout.steps.some((step) => layout.cell(p, whole, { step })));
  const period = periods[periods.length - 1];
  if (period === undefined) return null;
  return {
    period,
    steps: layout.steps.map((step) => {
      const row = layout.cell(period, whole, { step });
      return {
        label: step,
        value: row?.value ?? null,
        text: formatKpiValue(kpi, row?.value ?? null),
        status: row?.status ?? null,
      };
    }),
  };
}

function tableCell(kpi: KpiResult, row: ResultRow | undefined, latest: boolean): TableCell {
  if (!row)
    return {
      text: '',
      changeText: null,
      trend: null,
      status: null,
      smallSample: null,
      significance: null,
      interval: null,
    };
  const significance = latest ? significanceText(row) : null;
  const hasInterval =
    latest &&
    row.value !== null &&
    row.ci_low !== undefined &&
    row.ci_low !== null &&
    row.ci_high !== undefined &&
    row.ci_high !== null;
  return {
    text: formatKpiValue(kpi, row.value),
    changeText: latest ? formatChange(kpi, row) : null,
    // A change that is not significant is not coloured as news.
    trend: latest
      ? row.significant === false && shownChange(kpi, row) !== null
        ? 'flat'
        : changeTrend(kpi, row)
      : null,
    status: latest ? row.status : null,
    smallSample: belowMinSampleText(kpi, row),
    significance: significance === null ? null : { short: row.significant ? 'sig.' : 'n.s.', text: significance },
    interval: hasInterval
      ? `[${formatKpiValue(kpi, row.ci_low ?? null)} – ${formatKpiValue(kpi, row.ci_high ?? null)}]`
      : null,
  };
}

function tables(kpi: KpiResult, layout: KpiLayout): CardTable[] {
  // Cohort triangles are tables already (the heatmaps); series and funnel grids get tables.
  return kpiGrids(layout, { splitSeries: true })
    .filter((g) => g.kind !== 'cohort')
    .map((g) => ({
      caption: gridCaption(kpi.title, g),
      corner: g.corner,
      columns: g.columns,
      rows: g.rows.map((r) => ({ label: r.label, cells: r.cells.map((c) => tableCell(kpi, c.row, c.latest)) })),
    }));
}

/** The card of one KPI, its charts broken down by `segment` (default: the KPI's first segment). */
export function kpiCard(kpi: KpiResult, segment?: string, options: CardOptions = {}): KpiCard {
  const max = Math.max(1, options.maxLines ?? 8);
  const layout = layoutKpi(kpi);
  const segments = layout.groups.flatMap((g) => (g.segment === null ? [] : [g.segment]));
  const chosenSegment = segment !== undefined && segments.includes(segment) ? segment : (segments[0] ?? null);
  const whole = layout.groups.find((g) => g.segment === null)?.columns ?? [];
  const chosen = layout.groups.find((g) => g.segment === chosenSegment && chosenSegment !== null)?.columns ?? [];
  const targetWords = targetText(kpi);
  const latest = headlineOf(layout);
  const h = headline(kpi, latest);
  return {
    name: kpi.name,
    title: kpi.title,
    type: kpi.type,
    period: kpi.period,
    description: kpi.description ?? null,
    owner: kpi.owner ?? null,
    tags: kpi.tags ?? [],
    meta: [
      kpi.name,
      kpi.type,
      kpi.period,
      ...(segments.length > 0 ? [l10n.t('by {0}', segments.join(', '))] : []),
    ].join(' · '),
    headline: h,
    target: targetWords === null ? null : { text: targetWords, status: latest?.row.status ?? null },
    segments,
    segment: chosenSegment,
    trend: trendChart(kpi, layout, whole, chosen, max),
    breakdown: breakdown(kpi, layout, chosenSegment, chosen),
    cohorts: cohortHeatmaps(kpi, layout, [...whole, ...chosen.slice(0, max)]),
    funnel: funnel(kpi, layout, whole[0]),
    survival: survivalChart(kpi, max),
    calibration: kpi.model?.backtest ? calibrationView(kpi.title, kpi.model.backtest) : null,
    tables: [...tables(kpi, layout), ...calibrationTables(kpi)],
  };
}
