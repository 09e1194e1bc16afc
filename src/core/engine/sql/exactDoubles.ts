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

/** The significant digits a double is read with: what PostgreSQL keeps of it in a `numeric` (percentileSql.ts too). */
export const SIGNIFICANT_DIGITS = 15;

/**
 * `sql` (a double, or null) as an exact decimal, for its sums and averages: on DuckDB at 15
 * significant digits (at most 10 decimals), the decimal the value was written as — 12345678901.23
 * rather than the binary 12345678901.2299995422 a plain cast keeps, which made a Parquet file's
 * sum differ from its CSV's in the last digit — where a value of 10^20 or more stops the query
 * with words (`column` names it) rather than be left out or added inexactly; PostgreSQL's
 * `numeric` there (also 15 digits); as it is in the warehouses' SQL.
 */
export function exactDoubleSql(dialect: Dialect, sql: string, column: string): string {
  if (dialect.name === 'postgres') return `CAST(${sql} AS numeric)`;
  if (dialect.name !== 'duckdb') return sql;
  const tooLarge = l10n.t("a value of '{0}' is 10^20 or more (in magnitude): too large to be added exactly", column);
  // By magnitude e (a value below 10^(e+1)): 14 - e decimals, 10 at most, none from 10^14 on.
  // The cast to that scale rounds the binary value; the second only widens it (DuckDB's round()
  // on a 38-digit decimal costs twenty times more).
  const at = (scale: number) => `CAST(CAST(${sql} AS DECIMAL(38,${scale})) AS DECIMAL(38,10))`;
  const branches = [`WHEN abs(${sql}) < 1e5 THEN CAST(${sql} AS DECIMAL(38,10))`];
  for (let e = 5; e <= 13; e++) branches.push(`WHEN abs(${sql}) < 1e${e + 1} THEN ${at(SIGNIFICANT_DIGITS - 1 - e)}`);
  branches.push(`WHEN abs(${sql}) < 1e20 THEN ${at(0)}`);
  return `(CASE WHEN ${sql} IS NULL THEN NULL ${branches.join(' ')} ELSE error(${quoteString(tooLarge)}) END)`;
}
