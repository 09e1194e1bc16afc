// The one function that writes a diff's change of a figure for people, in the KPI's unit:
// `+12 EUR`, `−16.7 pp` (percentage points for a percent, fr `−16,7 pt`), `+1.9` (points for a
// score), `±0 EUR`. Kept alone so it can be routed through the report's change-text function
// (issue 20: one rule for every surface) without touching the diff's other texts.
import { formatValue } from '../report/formatValue';

/** What deltaText needs of a KPI: its format, currency and decimals. */
export interface DeltaFormat {
  format: string;
  currency?: string;
  decimals?: number;
}

/** The formats whose change people read as a difference in points, not as a relative change. */
export const POINT_FORMATS: ReadonlySet<string> = new Set(['percent', 'score']);

/** A signed difference in the KPI's unit: percentage points for percents, points for scores. */
export function deltaText(kpi: DeltaFormat, delta: number): string {
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  const magnitude = Math.abs(delta);
  const text = kpi.format === 'percent' ? formatValue(magnitude, 'points', { decimals: kpi.decimals }) : formatValue(magnitude, kpi.format, { currency: kpi.currency, decimals: kpi.decimals });
  return `${sign}${text}`;
}
