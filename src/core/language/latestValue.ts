// "NPS 41 ▲3 vs 2025-Q2 (points for percents and scores, ▲22.5 % for others) · target ≥ 30 ✓": a KPI's latest value in one line, for code lenses
// and hovers, from the rows of a run (the whole population, the last period). Shares and NPS
// add their interval ("41 [33.2 – 48.8]"), whether the change is significant and, below
// min_sample, "n = 12, below 30".
import type { KpiResult, ResultRow } from '../report/resultModel';
import * as l10n from '../l10n/l10n';
import { formatPlain, formatValue } from '../report/formatValue';
import { formatChange } from '../report/render/kpiText';
import { furtherComparisons } from '../report/render/comparisonText';
import { headlineFigure, latestFigure } from '../report/latestFigure';

/**
 * The figure the lens shows, as the report's headline (report/latestFigure.ts): the whole
 * population's latest period; for a cohort retention, its shortest day at the latest cohort
 * that has a value there (the oldest cohort's row when none has).
 */
export function latestRow(kpi: KpiResult): { row: ResultRow; previousPeriod?: string } | undefined {
  const whole = kpi.rows.filter((r) => Object.keys(r.segment).length === 0 && r.step === undefined);
  if (whole.length === 0) return undefined;
  const days = whole.filter((r) => r.day !== undefined).map((r) => r.day as number);
  if (days.length > 0) {
    const row = headlineFigure(kpi.rows) ?? latestFigure(kpi.rows, { day: Math.min(...days) });
    return row ? { row } : undefined;
  }
  const periods = [...new Set(whole.map((r) => r.period))];
  const row = latestFigure(kpi.rows);
  return row ? { row, previousPeriod: periods.length > 1 ? periods[periods.length - 2] : undefined } : undefined;
}

export function describeLatest(kpi: KpiResult): string {
  const latest = latestRow(kpi);
  if (!latest) return l10n.t('no value');
  const { row } = latest;
  const show = (v: number | null) => formatValue(v, kpi.format, { currency: kpi.currency, decimals: kpi.decimals });
  // Shares and NPS: the interval beside the value, then the change test and the min_sample flag.
  const interval =
    row.ci_low !== undefined &&
    row.ci_low !== null &&
    row.ci_high !== undefined &&
    row.ci_high !== null &&
    row.value !== null
      ? ` [${show(row.ci_low)} – ${show(row.ci_high)}]`
      : '';
  const where = row.day !== undefined ? l10n.t('{0}, D{1}', row.period, row.day) : row.period;
  const parts = [`${show(row.value)}${interval} (${where})`];
  // The change as every surface shows it: points for percents and scores, a percent otherwise.
  const delta = row.day === undefined ? formatChange(kpi, row) : null;
  if (delta !== null) {
    const change =
      kpi.compare === 'year_ago'
        ? l10n.t('{0} vs a year before', delta)
        : latest.previousPeriod !== undefined
          ? l10n.t('{0} vs {1}', delta, latest.previousPeriod)
          : l10n.t('{0} vs the previous period', delta);
    parts.push(withTest(change, row.significant));
    // Further comparisons (`compare: [previous, year_ago]`): `▲31 % vs a year ago`.
    for (const c of furtherComparisons(kpi, row)) parts.push(withTest(`${c.change} ${c.versus}`, c.significant));
  }
  if (row.below_min_sample && row.value !== null)
    parts.push(l10n.t('n = {0}, below {1}', formatPlain(row.n ?? 0), formatPlain(kpi.min_sample ?? 30)));
  if (kpi.target) {
    const bounds = [
      kpi.target.min !== undefined ? `≥ ${show(kpi.target.min)}` : '',
      kpi.target.max !== undefined ? `≤ ${show(kpi.target.max)}` : '',
    ].filter(Boolean);
    const target = l10n.t(
      'target {0}',
      bounds.length === 2 ? l10n.t('{0} and {1}', bounds[0], bounds[1]) : bounds.join(''),
    );
    parts.push(`${target} ${row.status === 'met' ? '✓' : row.status === 'missed' ? '✗' : ''}`.trim());
  }
  return parts.join(' · ');
}

/** A change with the result of its test: `▲5 pp vs 2025-01, significant` (no test: as it is). */
function withTest(change: string, significant: boolean | null | undefined): string {
  if (significant === true) return l10n.t('{0}, significant', change);
  if (significant === false) return l10n.t('{0}, not significant', change);
  return change;
}
