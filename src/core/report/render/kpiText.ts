// The words and figures every human-facing report shows about a KPI: a value in the KPI's
// format, the change as an arrow and a percentage, whether that change is good news for
// the KPI's direction, its target, and its headline (the latest whole-population figure).
import { formatValue } from '../formatValue';
import type { KpiResult, ResultRow } from '../resultModel';
import type { KpiLayout } from './layout';

/** A value as people read it: formatValue with the KPI's format, currency and decimals; '—' for null. */
export function formatKpiValue(kpi: KpiResult, value: number | null): string {
  return formatValue(value, kpi.format, { currency: kpi.currency, decimals: kpi.decimals });
}

/** `▲3.1 %`, `▼12 %`, `±0 %` for a change of 0.031, −0.12, 0; null when there is no change. */
export function formatChange(change: number | null): string | null {
  if (change === null || !Number.isFinite(change)) return null;
  const arrow = change > 0 ? '▲' : change < 0 ? '▼' : '±';
  return `${arrow}${formatValue(Math.abs(change), 'percent')}`;
}

export type Trend = 'good' | 'bad' | 'flat';

/** Whether a change is good news: an increase for higher_is_better (the default), a decrease for lower_is_better. */
export function trendOf(change: number | null, direction: KpiResult['direction']): Trend | null {
  if (change === null || !Number.isFinite(change)) return null;
  if (change === 0) return 'flat';
  return (change > 0) === (direction !== 'lower_is_better') ? 'good' : 'bad';
}

/** `≥ 30 %`, `≤ 45 EUR`, `≥ 20 and ≤ 60`; null when the KPI has no target. */
export function targetText(kpi: KpiResult): string | null {
  const target = kpi.target;
  if (!target) return null;
  const parts: string[] = [];
  if (target.min !== undefined) parts.push(`≥ ${formatKpiValue(kpi, target.min)}`);
  if (target.max !== undefined) parts.push(`≤ ${formatKpiValue(kpi, target.max)}`);
  return parts.length > 0 ? parts.join(' and ') : null;
}

/** What the change compares with: `vs previous period` or `vs a year ago`; null when the KPI compares nothing. */
export function compareText(kpi: KpiResult): string | null {
  switch (kpi.compare ?? 'previous') {
    case 'previous':
      return 'vs previous period';
    case 'year_ago':
      return 'vs a year ago';
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
  const whole = layout.columns.find((c) => c.segment === null);
  if (!whole) return null;
  if (layout.hasSeries) {
    for (let i = layout.periods.length - 1; i >= 0; i--) {
      const row = layout.cell(layout.periods[i], whole);
      if (row) return { row, label: row.period };
    }
    return null;
  }
  if (layout.days.length > 0) {
    const day = layout.days[0];
    for (let i = layout.periods.length - 1; i >= 0; i--) {
      const row = layout.cell(layout.periods[i], whole, { day });
      if (row && row.value !== null) return { row, label: `D${day}, cohort ${row.period}` };
    }
  }
  return null;
}
