// The one function that writes a diff's change of a figure for people, in the KPI's unit:
// `+12 EUR`, `−16.7 pp` (percentage points for a percent, fr `−16,7 pt`), `+1.9` (points for a
// score), `±0 EUR`. Which unit a KPI's change is read in is the report's rule
// (render/kpiText.ts `changeUnit`: one rule for every surface, DSL.md's JSON output).
import { formatValue } from '../report/formatValue';
import type { KpiResult } from '../report/resultModel';
import { changeUnit } from '../report/render/kpiText';

/** What deltaText needs of a KPI: its format, currency and decimals (its type, when known, for changeUnit). */
export interface DeltaFormat {
  format: string;
  type?: KpiResult['type'];
  currency?: string;
  decimals?: number;
}

/** A signed difference in the KPI's unit: percentage points for percents, points for scores. */
export function deltaText(kpi: DeltaFormat, delta: number): string {
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  const magnitude = Math.abs(delta);
  const text =
    changeUnit({ format: kpi.format, type: kpi.type ?? '' }) === 'points'
      ? formatValue(magnitude, 'points', { decimals: kpi.decimals })
      : formatValue(magnitude, kpi.format, { currency: kpi.currency, decimals: kpi.decimals });
  return `${sign}${text}`;
}
