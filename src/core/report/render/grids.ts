// The tables a KPI is shown as, before any output syntax: periods × segment columns for a
// plain KPI, one cohort triangle (cohorts × days) per segment column for cohort_retention,
// and one steps × segment columns table per period for a funnel. Table, Markdown and HTML
// renderers each turn these grids into their own text.
import * as l10n from '../../l10n/l10n';
import type { ResultRow } from '../resultModel';
import type { KpiLayout, SegmentColumn } from './layout';

export type GridKind = 'series' | 'cohort' | 'funnel' | 'survival';

export interface GridCell {
  row: ResultRow | undefined;
  /** The latest period of a series: show the change and the target status beside the value. */
  latest: boolean;
}

export interface GridRow {
  label: string;
  cells: GridCell[];
}

export interface Grid {
  kind: GridKind;
  /**
   * What this grid is, when a KPI has several: the segment of a split series (`by channel`),
   * the segment column of a cohort triangle (`All`, `web`), the period of funnel steps
   * (`Steps in 2025-12`). Null for the only series or cohort grid.
   */
  caption: string | null;
  /** The header of the first column: `Period`, `Cohort` or `Step`. */
  corner: string;
  columns: string[];
  rows: GridRow[];
}

export interface GridOptions {
  /** One series grid per segment (each with the whole population first) instead of one wide grid. */
  splitSeries?: boolean;
}

/** A cohort's day as a column heading: `D30` (fr `J30`). */
export function dayLabel(day: number): string {
  return l10n.t('D{0}', day);
}

function seriesGrid(layout: KpiLayout, columns: SegmentColumn[], caption: string | null): Grid {
  const periods = layout.periods.filter((p) => columns.some((c) => layout.cell(p, c)));
  return {
    kind: 'series',
    caption,
    corner: l10n.t('Period'),
    columns: columns.map((c) => c.label),
    rows: periods.map((period, i) => ({
      label: period,
      cells: columns.map((c) => ({ row: layout.cell(period, c), latest: i === periods.length - 1 })),
    })),
  };
}

function seriesGrids(layout: KpiLayout, split: boolean): Grid[] {
  const segmentGroups = layout.groups.filter((g) => g.segment !== null);
  if (!split || segmentGroups.length < 2) return [seriesGrid(layout, layout.columns, null)];
  const whole = layout.groups.find((g) => g.segment === null)?.columns ?? [];
  return segmentGroups.map((g) => seriesGrid(layout, [...whole, ...g.columns], l10n.t('by {0}', g.segment ?? '')));
}

function cohortGrids(layout: KpiLayout): Grid[] {
  const grids: Grid[] = [];
  for (const column of layout.columns) {
    const cohorts = layout.periods.filter((p) => layout.days.some((day) => layout.cell(p, column, { day })));
    if (cohorts.length === 0) continue;
    grids.push({
      kind: layout.survival ? 'survival' : 'cohort',
      caption: column.label,
      corner: layout.survival ? l10n.t('Period end') : l10n.t('Cohort'),
      columns: layout.days.map((day) => dayLabel(day)),
      rows: cohorts.map((period) => ({
        label: period,
        cells: layout.days.map((day) => ({ row: layout.cell(period, column, { day }), latest: false })),
      })),
    });
  }
  if (grids.length === 1) grids[0].caption = null;
  return grids;
}

function funnelGrids(layout: KpiLayout): Grid[] {
  const periods = layout.periods.filter((p) =>
    layout.steps.some((step) => layout.columns.some((c) => layout.cell(p, c, { step }))),
  );
  return periods.map((period) => ({
    kind: 'funnel',
    caption: l10n.t('Steps in {0}', period),
    corner: l10n.t('Step'),
    columns: layout.columns.map((c) => c.label),
    rows: layout.steps.map((step) => ({
      label: step,
      cells: layout.columns.map((c) => ({ row: layout.cell(period, c, { step }), latest: false })),
    })),
  }));
}

/** Every grid of a KPI, in order: its series, its cohort triangles, its funnel steps. */
export function kpiGrids(layout: KpiLayout, options: GridOptions = {}): Grid[] {
  return [
    ...(layout.hasSeries ? seriesGrids(layout, options.splitSeries ?? false) : []),
    ...(layout.days.length > 0 ? cohortGrids(layout) : []),
    ...(layout.steps.length > 0 ? funnelGrids(layout) : []),
  ];
}

/** `Revenue by period`, `Cohort retention by cohort and day — web`, `Checkout funnel — Steps in 2025-12`. */
export function gridCaption(title: string, grid: Grid): string {
  const what =
    grid.kind === 'series'
      ? l10n.t('{0} by period', title)
      : grid.kind === 'cohort'
        ? l10n.t('{0} by cohort and day', title)
        : grid.kind === 'survival'
          ? l10n.t('{0}: survival at each day, by period end', title)
          : title;
  return `${what}${grid.caption !== null ? ` — ${grid.caption}` : ''}`;
}

/** How strongly a cohort cell is coloured, 0–1: its value for a percent KPI, else its share of the triangle's largest value; null for no value. */
export function heatShare(value: number | null, max: number, percent: boolean): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const share = percent ? value : max > 0 ? value / max : 0;
  return Math.min(1, Math.max(0, share));
}
