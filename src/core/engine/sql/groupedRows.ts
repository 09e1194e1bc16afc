// The rows of a customer-count scan grouped first (customerCountsGrouping.ts): a customer
// table of a million rows joins every window (churn, retention, new customers), but its
// counts only compare a start and an end date with the windows' bounds. A date before the
// first window's start compares with every bound as the day before it does, a date after the
// last window's end as the day after: clamped so, the rows fall into a few thousand groups
// (dates × slice values), each with the number of customers it stands for ("__kw") and of
// rows ("__rows"). The counts are then sums over the groups, the same numbers.
import type { Dialect } from './dialect';
import type { DateRange } from '../evaluation/periods';
import { spanOfRanges } from '../../util/calendar';
import { sqlDate } from './sqlText';

/**
 * SELECT over "joined" (the scan's rows with their lookups) grouped by the clamped `dates`
 * and the slices' columns `by` (all quoted column names of "joined"), `filter` the source's.
 */
export function groupedRowsSql(
  grouped: { dates: string[]; weight: string },
  by: string[],
  windows: DateRange[],
  filter: string | undefined,
  dialect: Dialect,
): string {
  const span = spanOfRanges(windows);
  const lo = sqlDate(span.start);
  const hi = sqlDate(span.end);
  const clamp = (column: string) => {
    const d = dialect.tryCast(column, 'DATE');
    return `CASE WHEN ${d} < ${lo} THEN CAST(${dialect.addDays(lo, '-1')} AS DATE) WHEN ${d} > ${hi} THEN CAST(${dialect.addDays(hi, '1')} AS DATE) ELSE ${d} END AS ${column}`;
  };
  const columns = [...grouped.dates.map(clamp), ...by.filter((c) => !grouped.dates.includes(c))];
  return `SELECT ${columns.join(', ')}, count(*) AS "__rows", ${grouped.weight} AS "__kw", 1 AS "__row" FROM joined${filter ? ` WHERE ${filter}` : ''} GROUP BY ALL`;
}
