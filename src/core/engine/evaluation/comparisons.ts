// The `comparisons` of a result row (`compare: [previous, year_ago]`, DSL.md): for each kind of
// comparison the period lists, the compared window's value, the change, the delta and, for
// shares and NPS, the change test — the same rules as the row's own previous/change/delta.
import type { ResultRow, RowComparison } from '../../report/resultModel';
import type { KpiCounts } from '../../stats/intervals';
import type { DateRange, PeriodWindow } from './periods';
import { difference, relativeChange, uncertainty, type SampleRules } from './rows';

export interface ComparisonInputs {
  value: number | null;
  /** The value of a compared window (of the row's slice and detail). */
  valueAt: (range: DateRange) => number | null;
  /** Shares and NPS: the counts of the row and of a compared window. */
  current?: KpiCounts;
  countsAt?: (range: DateRange) => KpiCounts | undefined;
  rules?: SampleRules;
}

export function rowComparisons(window: PeriodWindow, inputs: ComparisonInputs): ResultRow['comparisons'] {
  if (!window.comparisons) return undefined;
  const out: Record<string, RowComparison> = {};
  for (const { kind, range } of window.comparisons) {
    const previous = inputs.valueAt(range);
    const c: RowComparison = {
      previous,
      change: relativeChange(inputs.value, previous),
      delta: difference(inputs.value, previous),
    };
    if (inputs.rules && inputs.current && inputs.countsAt) {
      const stats = uncertainty(inputs.current, inputs.countsAt(range), inputs.rules);
      if (stats.previous_n !== undefined) c.previous_n = stats.previous_n;
      if (stats.p_value !== undefined) c.p_value = stats.p_value;
      if (stats.significant !== undefined) c.significant = stats.significant;
    }
    out[kind] = c;
  }
  return out;
}
