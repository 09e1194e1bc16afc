// Before → after figures of a KPI from the two versions' run results: the latest period's
// whole-population value of each side (per day of a cohort retention, per step of a funnel),
// the difference in the head's format and, where meaningful, the relative change.
import { formatValue } from '../report/formatValue';
import type { KpiResult, ResultRow } from '../report/resultModel';
import type { SideValue, ValueChange } from './specDiff';
import { changeUnit } from '../report/render/kpiText';
import { deltaText } from './deltaText';
import { figureDetails, latestFigure } from '../report/latestFigure';
import { difference as exactDifference } from '../engine/evaluation/rows';

const detailOf = (row: ResultRow): string | undefined =>
  row.day !== undefined ? `D${row.day}` : row.step !== undefined ? `step ${row.step}` : undefined;

function textOf(kpi: KpiResult, value: number | null): string {
  return formatValue(value, kpi.format, { currency: kpi.currency, decimals: kpi.decimals });
}

/**
 * The latest whole-population figure of a KPI per detail (none, a day, a step): the last row
 * of the latest period; for a retention day, the latest cohort that has a value (younger
 * cohorts cannot have reached the day yet).
 */
export function latestValues(kpi: KpiResult): Map<string, SideValue> {
  const out = new Map<string, SideValue>();
  for (const detail of figureDetails(kpi.rows)) {
    const row = latestFigure(kpi.rows, detail);
    if (row) out.set(detailOf(row) ?? '', { period: row.period, value: row.value, text: textOf(kpi, row.value) });
  }
  return out;
}

/** `+12 EUR`, `−1.5 pp`, `±0`: a signed difference in the KPI's format (percentage points for percents: fr `−1,5 pt`). */
export function formatDifference(kpi: KpiResult, difference: number): string {
  return deltaText(kpi, difference);
}

/**
 * A difference of 0 when it is only floating-point noise (|d| ≤ 1e-9 of the larger value):
 * the same sums added in another order (DuckDB's parallel aggregates) must not show as a change.
 */
export function withoutNoise(difference: number, before: number, after: number): number {
  return Math.abs(difference) <= 1e-9 * Math.max(Math.abs(before), Math.abs(after)) ? 0 : difference;
}

/** The before → after figures of one KPI; `before`/`after` is undefined when that side has no such KPI. */
export function compareValues(before: KpiResult | undefined, after: KpiResult | undefined): ValueChange[] {
  const a = before ? latestValues(before) : new Map<string, SideValue>();
  const b = after ? latestValues(after) : new Map<string, SideValue>();
  // The head's figures in its order, then those only the base has; retention days by number.
  let keys = [...new Set([...b.keys(), ...a.keys()])];
  if (keys.every((k) => /^D\d+$/.test(k))) keys = keys.sort((x, y) => Number(x.slice(1)) - Number(y.slice(1)));
  return keys.map((key) => {
    const x = a.get(key) ?? null;
    const y = b.get(key) ?? null;
    const both = x !== null && y !== null && x.value !== null && y.value !== null;
    const difference = both
      ? withoutNoise(
          exactDifference(y.value as number, x.value as number) ?? (y.value as number) - (x.value as number),
          x.value as number,
          y.value as number,
        )
      : null;
    const shown = after ?? before;
    const relative =
      difference !== null && x !== null && x.value !== 0 && shown !== undefined && changeUnit(shown) === 'relative'
        ? difference / Math.abs(x.value as number)
        : null;
    const change: ValueChange = {
      before: x,
      after: y,
      difference,
      differenceText: difference !== null && shown !== undefined ? formatDifference(shown, difference) : null,
      relative,
    };
    if (key !== '') change.detail = key;
    return change;
  });
}
