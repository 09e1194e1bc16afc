// The exact continuous percentile of a SQL value, as an aggregate: linear interpolation
// between the two nearest ranks (h = (n − 1)·p, the value at rank ⌊h⌋ + 1 plus (h − ⌊h⌋)
// times the step to the next; Excel's PERCENTILE.INC, numpy's default). DuckDB, PostgreSQL
// and Snowflake write it `percentile_cont(p) WITHIN GROUP (ORDER BY x)` and skip nulls;
// BigQuery and Trino have only approximate aggregates, so their SQL is refused in words.
import type { Dialect } from './dialect';
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
      return filter ? `${agg} FILTER (WHERE ${filter})` : agg;
    }
    case 'snowflake':
      // No FILTER clause there: the rows failing it give null, which the aggregate skips.
      return `percentile_cont(${p}) WITHIN GROUP (ORDER BY ${filter ? `CASE WHEN ${filter} THEN ${value} END` : value})`;
    case 'bigquery':
    case 'trino':
      throw new CompileError(
        l10n.t('{0} has no exact percentile aggregate (only an approximate one): not compiled', dialect.title),
      );
  }
}

/** A KPI's `p` (0–100) as a fraction; 50 (the median) when it is not a number. */
export function percentOf(p: unknown): number {
  return typeof p === 'number' && Number.isFinite(p) && p >= 0 && p <= 100 ? p / 100 : 0.5;
}
