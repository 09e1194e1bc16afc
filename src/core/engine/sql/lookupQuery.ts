// The lookup of a dimension source joined by `key` (a `customers.plan` name in a scan): one
// row per key with the joined columns. A key on several rows takes the value of its row with
// the latest `time` (rows where the value is empty skipped); when none of its rows with a value
// has a time (an export's empty signup date), or without `time`, the smallest value: a
// customer's plan is never lost because its date is. When the key is known unique
// (keyUniqueness.ts, remembered with the cached copy), each key has one row: its values are read
// without grouping the whole source by its key.
import type { Dialect } from './dialect';
import type { SourceContext } from '../sources/sourceContext';
import { quoteIdent } from './sqlText';

/**
 * SELECT "__k" (the key as text) and the `columns` of source `other`, one row per key.
 * `key` and `order` (its time column, if any) are quoted; `filter` is the source's own `where`, compiled.
 */
export function lookupSql(
  other: Pick<SourceContext, 'selectSql' | 'keyUnique'>,
  key: string,
  order: string | undefined,
  columns: string[],
  filter: string | undefined,
  dialect: Dialect,
): string {
  const from = `FROM (${other.selectSql})${dialect.derivedTable('__o')}`;
  if (other.keyUnique === true) {
    const cols = columns.map((c) => quoteIdent(c));
    // Rows without a key join nothing (NULL never equals); the filter applies before, as below.
    const where = [`${key} IS NOT NULL`, ...(filter ? [`(${filter})`] : [])].join(' AND ');
    return `SELECT CAST(${key} AS VARCHAR) AS "__k", ${cols.join(', ')} ${from} WHERE ${where}`;
  }
  const cols = columns.map((c) =>
    order
      ? `coalesce(${dialect.argMax(quoteIdent(c), order)}, min(${quoteIdent(c)})) AS ${quoteIdent(c)}`
      : `min(${quoteIdent(c)}) AS ${quoteIdent(c)}`,
  );
  return `SELECT CAST(${key} AS VARCHAR) AS "__k", ${cols.join(', ')} ${from}${filter ? ` WHERE ${filter}` : ''} GROUP BY 1`;
}
