// The shape of a KPI card, as kpiCard.ts computes it and the report view draws it: the
// headline, the trend (lines and interval bands), the breakdown bars, cohort heatmaps, funnel
// steps and the accessible tables — every text already formatted, every number for placement.
import type { Status } from '../resultModel';
import type { Trend } from '../render/kpiText';
import type { CalibrationView } from '../render/clvCalibration';
import type { SurvivalChart } from './survivalChart';

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
  /**
   * With `compare: [previous, year_ago]`: the further comparisons (`▲31 %`, `vs a year ago`, and
   * their change test as `significance`/`significant` are the headline's); absent otherwise.
   */
  more?: {
    changeText: string;
    versus: string;
    trend: Trend | null;
    significance: string | null;
    significant: boolean | null;
  }[];
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
  /** The whole population a year before, per period (`compare: year_ago` or a list with it): drawn dashed. */
  yearAgo?: { label: string; values: Array<number | null> };
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
