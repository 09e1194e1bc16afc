// Chart axis ticks: short figures that still carry the KPI's unit — 250K EUR, 1.2M, 45 %,
// 3 d — where tooltips and tables show the full value (formatKpiValue).
import type { KpiResult } from '../resultModel';
import { formatValue } from '../formatValue';

const COMPACT = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

export function formatAxisValue(kpi: Pick<KpiResult, 'format' | 'currency'>, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '';
  switch (kpi.format) {
    case 'percent':
      return formatValue(value, 'percent', { decimals: Math.abs(value) < 0.1 && value !== 0 ? 1 : 0 }).replace(/\.0 %$/, ' %');
    case 'currency':
      return `${COMPACT.format(value)}${kpi.currency ? ` ${kpi.currency}` : ''}`;
    case 'days':
      return `${COMPACT.format(value)} d`;
    default:
      return COMPACT.format(value);
  }
}
