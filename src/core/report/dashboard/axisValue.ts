// Chart axis ticks: short figures that still carry the KPI's unit — 250K EUR, 1.2M, 45 %,
// 3 d (fr 250 k €, 1,2 M, 45 %, 3 j) — where tooltips and tables show the full value (formatKpiValue).
import * as l10n from '../../l10n/l10n';
import type { KpiResult } from '../resultModel';
import { currencySymbol, formatCompact, formatValue } from '../formatValue';

export function formatAxisValue(kpi: Pick<KpiResult, 'format' | 'currency'>, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '';
  switch (kpi.format) {
    case 'percent':
      return formatValue(value, 'percent', { decimals: Math.abs(value) < 0.1 && value !== 0 ? 1 : 0 }).replace(/[.,]0([ \u00A0])%$/, '$1%');
    case 'currency':
      return `${formatCompact(value)}${kpi.currency ? `${l10n.isEnglish() ? ' ' : '\u00A0'}${currencySymbol(kpi.currency)}` : ''}`;
    case 'days':
      return l10n.isEnglish() ? `${formatCompact(value)} d` : `${formatCompact(value)}\u00A0j`;
    default:
      return formatCompact(value);
  }
}
