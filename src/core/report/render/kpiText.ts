// The words and figures every human-facing report shows about a KPI: a value in the KPI's
// format, the change as an arrow and points or a percentage (one rule for every surface), whether that change is good news for
// the KPI's direction, its target, and its headline (the latest whole-population figure).
import { kpiType } from '../../kpis/registry';
import * as l10n from '../../l10n/l10n';
import { headlineFigure } from '../latestFigure';
import { formatPercentFigure, formatPlain, formatValue } from '../formatValue';
import type { KpiResult, ResultRow } from '../resultModel';
import type { KpiLayout } from './layout';

/** A value as people read it: formatValue with the KPI's format, currency and decimals; '—' for null. */
export function formatKpiValue(kpi: KpiResult, value: number | null): string {
  return formatValue(value, kpi.format, { currency: kpi.currency, decimals: kpi.decimals });
}

/**
 * How a KPI's change is read (DSL.md, JSON output): `points` for a `percent` KPI (its delta in
 * percentage points), `score` for a score — format `score`, or an nps, ces or engagement KPI —
 * (its delta in the KPI's own points), `relative` for the others (the change in percent).
 */
export function changeUnit(kpi: Pick<KpiResult, 'format' | 'type'>): 'points' | 'score' | 'relative' {
  if (kpi.format === 'percent') return 'points';
  if (kpi.format === 'score' || kpiType(kpi.type)?.scoreValues === true) return 'score';
  return 'relative';
}

/** value − previous (the row's `delta`); null when either is missing. */
export function rowDelta(row: Pick<ResultRow, 'value' | 'previous' | 'delta'>): number | null {
  if (row.delta !== undefined) return row.delta;
  if (row.value === null || row.previous === null) return null;
  const d = row.value - row.previous;
  return Number.isFinite(d) ? d : null;
}

/** The figure a row's change is shown by: its delta for percent KPIs and scores, its relative change otherwise. */
export function shownChange(
  kpi: Pick<KpiResult, 'format' | 'type'>,
  row: Pick<ResultRow, 'value' | 'previous' | 'delta' | 'change'>,
): number | null {
  const shown = changeUnit(kpi) === 'relative' ? row.change : rowDelta(row);
  return shown !== null && Number.isFinite(shown) ? shown : null;
}

/**
 * A row's change as every surface shows it (the one rule of DSL.md): `▲2.6 pp` (fr `▲2,6 pt`) for
 * a percent KPI, `▲1.9` for a score, `▲22.5 %` for the others; `▼…` for a fall, `±0 …` for none;
 * null when there is nothing to compare.
 */
export function formatChange(
  kpi: KpiResult,
  row: Pick<ResultRow, 'value' | 'previous' | 'delta' | 'change'>,
): string | null {
  const shown = shownChange(kpi, row);
  if (shown === null) return null;
  const arrow = shown > 0 ? '▲' : shown < 0 ? '▼' : '±';
  const unit = changeUnit(kpi);
  const magnitude = Math.abs(shown);
  const text =
    unit === 'points'
      ? formatValue(magnitude, 'points', { decimals: kpi.decimals })
      : unit === 'score'
        ? formatValue(magnitude, kpi.format, { currency: kpi.currency, decimals: kpi.decimals })
        : formatValue(magnitude, 'percent');
  return `${arrow}${text}`;
}

/** Whether a row's shown change is good news for the KPI's direction (see trendOf). */
export function changeTrend(
  kpi: KpiResult,
  row: Pick<ResultRow, 'value' | 'previous' | 'delta' | 'change'>,
): Trend | null {
  return trendOf(shownChange(kpi, row), kpi.direction);
}

export type Trend = 'good' | 'bad' | 'flat';

/** Whether a change is good news: an increase for higher_is_better (the default), a decrease for lower_is_better. */
export function trendOf(change: number | null, direction: KpiResult['direction']): Trend | null {
  if (change === null || !Number.isFinite(change)) return null;
  if (change === 0) return 'flat';
  return change > 0 === (direction !== 'lower_is_better') ? 'good' : 'bad';
}

/** `≥ 30 %`, `≤ 45 EUR`, `≥ 20 and ≤ 60`; null when the KPI has no target. */
export function targetText(kpi: KpiResult): string | null {
  const target = kpi.target;
  if (!target) return null;
  const parts: string[] = [];
  if (target.min !== undefined) parts.push(`≥ ${formatKpiValue(kpi, target.min)}`);
  if (target.max !== undefined) parts.push(`≤ ${formatKpiValue(kpi, target.max)}`);
  if (parts.length === 2) return l10n.t('{0} and {1}', parts[0], parts[1]);
  return parts.length > 0 ? parts[0] : null;
}

/** What the change compares with: `vs previous period` or `vs a year ago`; null when the KPI compares nothing. */
export function compareText(kpi: KpiResult): string | null {
  switch (kpi.compare ?? 'previous') {
    case 'previous':
      return l10n.t('vs previous period');
    case 'year_ago':
      return l10n.t('vs a year ago');
    default:
      return null;
  }
}

export interface Headline {
  row: ResultRow;
  /** Where the figure comes from: the period (`2025-12`), or `D30, cohort 2025-11` for a cohort retention. */
  label: string;
}

/**
 * The KPI's headline: the whole population's row of the latest period; for a cohort
 * retention, the shortest day's value of the latest cohort that has one. Null when there is
 * none (no whole-population row, or a funnel that reports only its steps).
 */
export function headlineOf(layout: KpiLayout): Headline | null {
  const row = headlineFigure(layout.rows);
  if (!row) return null;
  if (row.day === undefined) return { row, label: row.period };
  // A survival KPI's day rows are S(day) at each period's end, not cohorts.
  return {
    row,
    label: layout.survival
      ? l10n.t('D{0}, at the end of {1}', row.day, row.period)
      : l10n.t('D{0}, cohort {1}', row.day, row.period),
  };
}

/** `95 % CI 46.8 % – 91.1 %` for a row with an interval; null otherwise. */
export function intervalText(kpi: KpiResult, row: ResultRow): string | null {
  if (row.ci_low === undefined || row.ci_high === undefined || row.ci_low === null || row.ci_high === null) return null;
  return l10n.t(
    '{0} CI {1} – {2}',
    confidenceText(kpi),
    formatKpiValue(kpi, row.ci_low),
    formatKpiValue(kpi, row.ci_high),
  );
}

/** `95 %` for a confidence of 0.95, `99.5 %` for 0.995. */
export function confidenceText(kpi: KpiResult): string {
  return formatPercentFigure(Number(((kpi.confidence ?? 0.95) * 100).toPrecision(6)));
}

/** Whether reports flag a row's value as from too small a sample (a row with no value has nothing to flag). */
export function isSmallSample(row: ResultRow): boolean {
  return row.below_min_sample === true && row.value !== null;
}

/** `n = 12, below 30` when the row's value is below min_sample; null otherwise. */
export function belowMinSampleText(kpi: KpiResult, row: ResultRow): string | null {
  return isSmallSample(row)
    ? l10n.t('n = {0}, below {1}', formatPlain(row.n ?? 0), formatPlain(kpi.min_sample ?? 30))
    : null;
}

/** `significant (p = 0.028)` / `not significant (p = 0.29)`; null without a change test. */
export function significanceText(row: Pick<ResultRow, 'significant' | 'p_value'>): string | null {
  if (row.significant === undefined || row.significant === null || row.p_value === undefined || row.p_value === null)
    return null;
  return row.significant
    ? l10n.t('significant (p = {0})', pValueText(row.p_value))
    : l10n.t('not significant (p = {0})', pValueText(row.p_value));
}

/** A p-value with two significant digits, `< 0.001` below that. */
export function pValueText(p: number): string {
  return p < 0.001 ? `< ${formatPlain(0.001)}` : formatPlain(Number(p.toPrecision(2)));
}

/** The rows of a KPI below its min_sample, as `2025-01 web: n = 12` lines (segment values joined). */
export function belowMinSampleRows(kpi: KpiResult): string[] {
  return kpi.rows.filter(isSmallSample).map((r) => {
    const where = [
      r.period,
      ...Object.entries(r.segment).map(([k, v]) => (v === true ? k : `${k}=${String(v)}`)),
      ...(r.step !== undefined ? [l10n.t('step {0}', r.step)] : []),
    ];
    return l10n.t('{0}: n = {1}', where.join(' '), formatPlain(r.n ?? 0));
  });
}
