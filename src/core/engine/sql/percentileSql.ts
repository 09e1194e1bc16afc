// The exact continuous percentile of a SQL value, as an aggregate: linear interpolation
// between the two nearest ranks (h = (n − 1)·p, the value at rank ⌊h⌋ + 1 plus (h − ⌊h⌋)
// times the step to the next; Excel's PERCENTILE.INC, numpy's default). DuckDB, PostgreSQL
// and Snowflake write it `percentile_cont(p) WITHIN GROUP (ORDER BY x)` and skip nulls;
// BigQuery and Trino have only approximate aggregates, so their SQL is refused in words.
import type { Dialect } from './dialect';
import { SIGNIFICANT_DIGITS } from './exactDoubles';
import { CompileError } from './exprToSql';
import { sqlNumber } from './sqlText';
import * as l10n from '../../l10n/l10n';

/**
 * The `fraction`-quantile (0..1) of `value` over the rows of a group passing `filter`
 * (SQL condition, optional); null when no row has a non-null value.
 */
export function percentileSql(dialect: Dialect, fraction: number, value: string, filter?: string): string {
  const p = sqlNumber(fraction);
  switch (dialect.name) {
    case 'duckdb':
    case 'postgres': {
      const agg = `percentile_cont(${p}) WITHIN GROUP (ORDER BY ${value})`;
      return atSignificantDigits(dialect, filter ? `${agg} FILTER (WHERE ${filter})` : agg);
    }
    case 'snowflake':
      // No FILTER clause there: the rows failing it give null, which the aggregate skips.
      return atSignificantDigits(
        dialect,
        `percentile_cont(${p}) WITHIN GROUP (ORDER BY ${filter ? `CASE WHEN ${filter} THEN ${value} END` : value})`,
      );
    case 'bigquery':
    case 'trino':
      throw new CompileError(
        l10n.t('{0} has no exact percentile aggregate (only an approximate one): not compiled', dialect.title),
      );
  }
}

/**
 * `q` (a double, or null) rounded to 15 significant digits, those a double is read with
 * (exactDoubles.ts). The interpolation is done in binary doubles, whose last digit is noise: the
 * median of 0.1 and 0.2 came out as 0.15000000000000002, the 25th percentile of 0.1, 0.2, 0.3,
 * 0.7 as 0.17500000000000002 — now 0.15 and 0.175, the decimals the values and p make, on every
 * engine. Identical aggregates are computed once.
 */
function atSignificantDigits(dialect: Dialect, q: string): string {
  const decimals = (log10: string) => `${SIGNIFICANT_DIGITS - 1} - CAST(floor(${log10}) AS INTEGER)`;
  // Zero, infinities and NaN (a Parquet file's or a table's doubles) are given as they are: no logarithm.
  const nonFinite = (cast: string) => ['Infinity', '-Infinity', 'NaN'].map((v) => `CAST('${v}' AS ${cast})`).join(', ');
  switch (dialect.name) {
    case 'postgres':
      // round() of a double takes no digits there: through `numeric`, then back.
      return `(CASE WHEN ${q} = 0 OR ${q} IN (${nonFinite('double precision')}) THEN ${q} ELSE CAST(round(CAST(${q} AS numeric), ${decimals(`log(abs(${q}))`)}) AS double precision) END)`;
    case 'snowflake':
      return `(CASE WHEN ${q} = 0 OR ${q} IN (${nonFinite('FLOAT')}) THEN ${q} ELSE round(${q}, ${decimals(`log(10, abs(${q}))`)}) END)`;
    default:
      return `(CASE WHEN ${q} = 0 OR NOT isfinite(${q}) THEN ${q} ELSE round(${q}, ${decimals(`log10(abs(${q}))`)}) END)`;
  }
}

/** A KPI's `p` (0–100) as a fraction; 50 (the median) when it is not a number. */
export function percentOf(p: unknown): number {
  return typeof p === 'number' && Number.isFinite(p) && p >= 0 && p <= 100 ? p / 100 : 0.5;
}
