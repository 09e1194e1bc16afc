// The result of evaluating a KPI file: exactly the JSON of `kpilens run --format json`
// (DSL.md, contract). Renderers (table, csv, md, html) and views read only this.
import type { Severity } from '../kpifile/diagnostic';
import type { ReportStamp } from './stampText';

/** `{}` for the whole population, `{"channel": "web"}` for a `by` segment, `{"enterprise": true}` for a `where` segment. */
export type SegmentKey = Record<string, string | boolean | null>;

export type Status = 'met' | 'missed' | null;

export interface ResultRow {
  period: string;
  segment: SegmentKey;
  value: number | null;
  previous: number | null;
  change: number | null;
  /** value − previous; null where either is null (DSL.md: on every row with `previous`; the engine always sets it). */
  delta?: number | null;
  status: Status;
  /** cohort_retention: the N of "N-day retention"; `period` is then the cohort's period. */
  day?: number;
  /** funnel: the step of this row. */
  step?: string;
  /** Shares and NPS (additive to the contract): the sample size n (answers, customers). */
  n?: number;
  /** The confidence interval of `value` (its scale: a fraction, or −100..100 for NPS); null when n = 0. */
  ci_low?: number | null;
  ci_high?: number | null;
  /** n below the KPI's `min_sample`: the value is flagged in every output. */
  below_min_sample?: boolean;
  /** The compared period's n. */
  previous_n?: number;
  /** The two-sided p-value of the change against the compared period (null when either n is 0). */
  p_value?: number | null;
  /** p_value < 1 − confidence; null without a test. */
  significant?: boolean | null;
  /**
   * With `compare: [previous, year_ago]` (additive): each comparison by kind, in the order the
   * period lists them; the first one is also the row's previous / change / delta.
   */
  comparisons?: Record<string, RowComparison>;
}

/** One comparison of a row: the compared value, change and delta, and (shares, NPS) the change test. */
export interface RowComparison {
  previous: number | null;
  change: number | null;
  delta: number | null;
  previous_n?: number;
  p_value?: number | null;
  significant?: boolean | null;
}

export interface KpiTarget {
  min?: number;
  max?: number;
}

export interface KpiResult {
  name: string;
  title: string;
  type: string;
  format: string;
  period: string;
  target: KpiTarget | null;
  rows: ResultRow[];
  currency?: string;
  decimals?: number;
  direction?: 'higher_is_better' | 'lower_is_better';
  description?: string;
  /** Who answers for this KPI (the spec's `owner`). */
  owner?: string;
  /** The spec's `tags`, to filter reports by. */
  tags?: string[];
  /** The segments the KPI is broken down by, in order. */
  segments?: string[];
  /** The compared period's kind (previous, year_ago, none). */
  compare?: 'previous' | 'year_ago' | 'none';
  /** With `compare: [previous, year_ago]` (additive): the kinds of the rows' `comparisons`, in order. */
  comparisons?: ('previous' | 'year_ago')[];
  /** Shares and NPS: the confidence level of ci_low/ci_high and of `significant` (additive). */
  confidence?: number;
  /** Shares and NPS: the smallest trusted n (additive). */
  min_sample?: number;
  /** A predictive clv: the models fitted at the latest period end (additive to the contract). */
  model?: ClvModelReport;
  /** A survival KPI: the Kaplan–Meier curves and median lifetimes at the latest period end (additive). */
  survival?: SurvivalReport;
}

/** One step of a Kaplan–Meier curve: after time t (days), S and its interval; who was at risk, ended, censored at t. */
export interface SurvivalCurvePoint {
  t: number;
  at_risk: number;
  events: number;
  censored: number;
  survival: number;
  /** The log-log interval; null while S = 1 (no event yet). */
  ci_low: number | null;
  ci_high: number | null;
}

/** The curve of one segment (or the whole population, segment {}) and its median lifetime. */
export interface SurvivalSegmentReport {
  segment: SegmentKey;
  subjects: number;
  events: number;
  censored: number;
  /** Days; null when S never falls to 0.5 ("not reached"). */
  median: number | null;
  /** Brookmeyer–Crowley interval of the median; a null bound is not reached. */
  median_ci_low: number | null;
  median_ci_high: number | null;
  curve: SurvivalCurvePoint[];
}

/** A survival KPI's Kaplan–Meier curves at the end of its latest period. */
export interface SurvivalReport {
  /** The date durations are censored at (the latest period's end). */
  at: string;
  time_unit: 'days';
  confidence: number;
  /** How the numbers are computed, in words (KPIS.md). */
  method: string;
  segments: SurvivalSegmentReport[];
}

/** Means over the customers of one segment (or the whole population, segment {}). */
export interface ClvSegmentMeans {
  segment: SegmentKey;
  customers: number;
  expected_purchases: number;
  probability_alive: number;
  expected_spend: number;
  clv: number;
  /** With `bootstrap:`: the percentile interval of `clv` (null when no sample gave the segment a mean). */
  clv_ci_low?: number | null;
  clv_ci_high?: number | null;
}

/** A predictive clv's fit at the latest period end, its per-segment means and back-test. */
export interface ClvModelReport {
  /** The period end the models were fitted at. */
  fitted_at: string;
  /** The unit of recency, T and the rate parameter α. */
  time_unit: 'days';
  horizon_months: number;
  discount_rate: number;
  customers: number;
  repeat_customers: number;
  bgnbd: { r: number; alpha: number; a: number; b: number; log_likelihood: number; converged: boolean };
  gamma_gamma: { p: number; q: number; v: number; customers: number; log_likelihood: number; converged: boolean };
  /** Pearson correlation of frequency and mean spend among repeat buyers (null if < 3 or no spread). */
  frequency_monetary_correlation: number | null;
  segments: ClvSegmentMeans[];
  /** With `bootstrap:`: how the segments' intervals were made (customers resampled, models refitted). */
  bootstrap?: { samples: number; seed: number; confidence: number; method: 'percentile'; failed: number };
  backtest?: ClvBacktestReport;
}

export interface ClvBacktestReport {
  holdout_months: number;
  calibration_end: string;
  holdout_end: string;
  /** Customers with a purchase on or before the calibration end. */
  customers: number;
  /** Mean over customers of |predicted − actual| purchases (days with a purchase) in the holdout. */
  mae: number;
  predicted: number;
  actual: number;
  /** Σ predicted / Σ actual (null when no purchase happened in the holdout). */
  ratio: number | null;
  /** Per calibration frequency (0 … 6, then 7 or more): mean predicted and actual purchases in the holdout. */
  calibration?: ClvCalibrationBucket[];
}

export interface ClvCalibrationBucket {
  frequency: number;
  /** The last bucket: `frequency` or more. */
  or_more: boolean;
  customers: number;
  predicted: number;
  actual: number;
}

export interface ResultDiagnostic {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  message: string;
  code: string;
  /** Data problems: how many values or rows (unconverted values of a column, malformed rows); additive to the contract. */
  count?: number;
}

export interface RunResult {
  as_of: string;
  title?: string;
  kpis: KpiResult[];
  diagnostics: ResultDiagnostic[];
  /** Which spec text and data files produced the report (set by runKpiFile: every report); additive to the contract. */
  stamp?: ReportStamp;
}
