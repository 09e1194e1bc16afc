// Binary doubles added up in parallel give a sum whose last digits depend on the order the
// engine's threads add them in: a Parquet or JSON column of doubles (a pandas export's
// amounts) gave 1499251498.0800157 on one run and 1499251498.0799992 on the next. A double is
// summed as an exact decimal instead, as a CSV's decimals are: on DuckDB its value at 10 decimals
// (DECIMAL(38,10)), on PostgreSQL (whose parallel plans add doubles in any order too) its
// `numeric` (15 significant digits) — the same sum on every run and machine (docs/language.md,
// `columns`).
import * as l10n from '../../l10n/l10n';
import type { Dialect } from './dialect';
import { quoteString } from './sqlText';

/** The largest value (in magnitude) a double summed exactly may have: 10^8 of them still fit the 28 digits before the point. */
const EXACT_LIMIT = '1e20';

/**
 * `sql` (a double, or null) as an exact decimal, for its sums and averages: at 10 decimals on
 * DuckDB, where a value of 10^20 or more stops the query with words (`column` names it) rather
 * than be left out or added inexactly; PostgreSQL's `numeric` there; as it is in the warehouses' SQL.
 */
export function exactDoubleSql(dialect: Dialect, sql: string, column: string): string {
  if (dialect.name === 'postgres') return `CAST(${sql} AS numeric)`;
  if (dialect.name !== 'duckdb') return sql;
  const tooLarge = l10n.t("a value of '{0}' is 10^20 or more (in magnitude): too large to be added exactly", column);
  return `(CASE WHEN ${sql} IS NULL THEN NULL WHEN abs(${sql}) < ${EXACT_LIMIT} THEN CAST(${sql} AS DECIMAL(38,10)) ELSE error(${quoteString(tooLarge)}) END)`;
}
