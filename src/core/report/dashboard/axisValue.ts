// Chart axis ticks: short figures that still carry the KPI's unit — 250K EUR, 1.2M, 45 %,
// 3 d (fr 250 k €, 1,2 M, 45 %, 3 j) — where tooltips and tables show the full value (formatKpiValue);
// and how many of them fit side by side on a horizontal axis.
import * as l10n from '../../l10n/l10n';
import type { KpiResult } from '../resultModel';
import { currencySymbol, formatCompact, formatValue } from '../formatValue';

export function formatAxisValue(kpi: Pick<KpiResult, 'format' | 'currency'>, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '';
  switch (kpi.format) {
    case 'percent':
      return formatValue(value, 'percent', { decimals: Math.abs(value) < 0.1 && value !== 0 ? 1 : 0 }).replace(
        /[.,]0([ \u00A0])%$/,
        '$1%',
      );
    case 'currency':
      return `${formatCompact(value)}${kpi.currency ? `${l10n.isEnglish() ? ' ' : '\u00A0'}${currencySymbol(kpi.currency)}` : ''}`;
    case 'days':
      return l10n.isEnglish() ? `${formatCompact(value)} d` : `${formatCompact(value)}\u00A0j`;
    default:
      return formatCompact(value);
  }
}

/** Width of one character of a 12 px tick label (digits and capitals of a UI font), and the room between two labels. */
const TICK_CHAR_PX = 7;
const TICK_GAP_PX = 16;

/**
 * How many value ticks a horizontal axis `width` px wide holds without labels running into each
 * other, when its widest label has `chars` characters: at least 2 (both ends), at most 11
 * (Chart.js's own limit). Chart.js spaces a horizontal linear axis every 40 px whatever its
 * labels, so `10K EUR` labels collided (`0 EUR10K EUR20K EUR…`) on a card of a 1280 px window.
 */
export function horizontalTickLimit(width: number, chars: number): number {
  if (!Number.isFinite(width) || width <= 0) return 2;
  const perLabel = Math.max(1, chars) * TICK_CHAR_PX + TICK_GAP_PX;
  return Math.max(2, Math.min(11, Math.floor(width / perLabel)));
}
