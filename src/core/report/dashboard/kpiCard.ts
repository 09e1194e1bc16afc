// One KPI as the report view draws it, computed from its result rows and nothing else: the
// headline (latest whole-population value, change with an arrow, whether that change is good
// news for the KPI's direction, the compared period), the target status, a trend over the
// KPI's periods (the whole population, and each value of the chosen segment), a breakdown of
// the latest period by that segment, cohort triangles as heatmaps, funnel steps, and the
// accessible tables behind the charts. Shares and NPS add their interval (a band on the
// trend), whether the change is significant, and the values below min_sample (greyed). Every text is formatted here; the view only places it.
import { survivalChart } from './survivalChart';
import { calibrationView } from '../render/clvCalibration';
import { calibrationTables } from './calibrationTable';
import type { KpiResult, ResultRow } from '../resultModel';
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
import * as l10n from '../../l10n/l10n';
import { furtherComparisons } from '../render/comparisonText';
import type {
  CardHeadline,
  TrendBand,
  TrendChart,
  Breakdown,
  CohortHeatmap,
  FunnelChart,
  TableCell,
  CardTable,
  KpiCard,
} from './cardModel';

export type {
  CardHeadline,
  TrendLine,
  TrendBand,
  TrendChart,
  Bar,
  Breakdown,
  HeatCell,
  CohortHeatmap,
  FunnelChart,
  TableCell,
  CardTable,
  KpiCard,
} from './cardModel';

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
          more: furtherComparisons(kpi, h.row).map((c) => ({
            changeText: c.change,
            versus: c.versus,
            trend: c.trend,
            significance: c.significance,
            significant: c.significant,
          })),
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
    ...yearAgoLine(kpi, layout, periods, whole[0]),
  };
}

/**
 * The whole population's value a year before each period, when the KPI compares with a year
 * ago: its `comparisons.year_ago` with a list of comparisons, else its `previous` when
 * `compare: year_ago`. Absent otherwise, or when no period has such a value.
 */
function yearAgoLine(
  kpi: KpiResult,
  layout: KpiLayout,
  periods: string[],
  whole: SegmentColumn | undefined,
): { yearAgo?: NonNullable<TrendChart['yearAgo']> } {
  const listed = kpi.comparisons?.includes('year_ago') === true;
  if (!whole || (!listed && !(kpi.comparisons === undefined && kpi.compare === 'year_ago'))) return {};
  const values = periods.map((p) => {
    const row = layout.cell(p, whole);
    const v = listed ? row?.comparisons?.year_ago?.previous : row?.previous;
    return v ?? null;
  });
  if (values.every((v) => v === null)) return {};
  return { yearAgo: { label: l10n.t('{0}, a year before', shortLabel(whole)), values } };
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
