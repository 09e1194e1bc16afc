// What a Parquet copy's writer counted (`COPY … (RETURN_STATS)`): the rows written and, per
// column, its nulls and its least and greatest values. The typed CSV copy takes its unconverted
// values' counts from its flag columns' nulls, and a date column's first and last dates, from
// them instead of reading the copy again (issue 21: two queries per source fewer on a cold run).
import type { SqlRow } from '../backends/engine';

export interface ColumnStats {
  nulls?: number;
  min?: string;
  max?: string;
}

export interface CopyStats {
  rows: number;
  /** By column name (unquoted). */
  columns: Map<string, ColumnStats>;
}

/** The statistics of a `COPY … (FORMAT parquet, RETURN_STATS)` row; undefined when it has none. */
export function copyStatsOf(row: SqlRow | undefined): CopyStats | undefined {
  const rows = Number(row?.count);
  const text = row?.column_statistics;
  if (!Number.isSafeInteger(rows) || typeof text !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const columns = new Map<string, ColumnStats>();
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== 'object' || value === null) continue;
    const stats = value as Record<string, unknown>;
    const nulls = Number(stats.null_count);
    columns.set(unquoted(key), {
      ...(typeof stats.null_count === 'string' && Number.isSafeInteger(nulls) ? { nulls } : {}),
      ...(typeof stats.min === 'string' ? { min: stats.min } : {}),
      ...(typeof stats.max === 'string' ? { max: stats.max } : {}),
    });
  }
  return { rows, columns };
}

/** A column's name from the writer's key: `"a""b"` is a"b. */
function unquoted(key: string): string {
  return key.length >= 2 && key.startsWith('"') && key.endsWith('"') ? key.slice(1, -1).replace(/""/g, '"') : key;
}
