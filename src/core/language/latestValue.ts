// "NPS 41 ▲3 vs 2025-Q2 · target ≥ 30 ✓": a KPI's latest value in one line, for code lenses
// and hovers, from the rows of a run (the whole population, the last period). Shares and NPS
// add their interval ("41 [33.2 – 48.8]"), whether the change is significant and, below
// min_sample, "n = 12, below 30".
import type { KpiResult, ResultRow } from '../report/resultModel';
import { formatValue } from '../report/formatValue';

/** The whole population's row of the latest period that has one (cohorts: the first day with a value). */
export function latestRow(kpi: KpiResult): { row: ResultRow; previousPeriod?: string } | undefined {
  const whole = kpi.rows.filter((r) => Object.keys(r.segment).length === 0 && r.step === undefined);
  if (whole.length === 0) return undefined;
  if (whole.some((r) => r.day !== undefined)) {
    for (let i = whole.length - 1; i >= 0; i--) if (whole[i].value !== null) return { row: whole[i] };
    return { row: whole[whole.length - 1] };
  }
  const periods = [...new Set(whole.map((r) => r.period))];
  const row = whole[whole.length - 1];
  return { row, previousPeriod: periods.length > 1 ? periods[periods.length - 2] : undefined };
}

export function describeLatest(kpi: KpiResult): string {
  const latest = latestRow(kpi);
  if (!latest) return 'no value';
  const { row } = latest;
  const show = (v: number | null) => formatValue(v, kpi.format, { currency: kpi.currency, decimals: kpi.decimals });
  // Shares and NPS: the interval beside the value, then the change test and the min_sample flag.
  const interval = row.ci_low !== undefined && row.ci_low !== null && row.ci_high !== undefined && row.ci_high !== null && row.value !== null
    ? ` [${show(row.ci_low)} – ${show(row.ci_high)}]` : '';
  const parts = [`${show(row.value)}${interval} (${row.period}${row.day !== undefined ? `, D${row.day}` : ''})`];
  if (row.value !== null && row.previous !== null && row.day === undefined) {
    const diff = row.value - row.previous;
    const arrow = diff > 0 ? '▲' : diff < 0 ? '▼' : '=';
    const versus = kpi.compare === 'year_ago' ? 'a year before' : latest.previousPeriod ?? 'the previous period';
    const delta = kpi.format === 'percent' ? `${(Math.abs(diff) * 100).toFixed(1)} pt` : show(Math.abs(diff));
    const significance = row.significant === true ? ', significant' : row.significant === false ? ', not significant' : '';
    parts.push(`${arrow}${delta} vs ${versus}${significance}`);
  }
  if (row.below_min_sample && row.value !== null) parts.push(`n = ${row.n ?? 0}, below ${kpi.min_sample ?? 30}`);
  if (kpi.target) {
    const bounds = [kpi.target.min !== undefined ? `≥ ${show(kpi.target.min)}` : '', kpi.target.max !== undefined ? `≤ ${show(kpi.target.max)}` : ''].filter(Boolean).join(' and ');
    parts.push(`target ${bounds} ${row.status === 'met' ? '✓' : row.status === 'missed' ? '✗' : ''}`.trim());
  }
  return parts.join(' · ');
}
