// How the DuckDB child (duckdbWorker.ts) turns DuckDB's result values into what crosses the IPC
// channel: scalars as JSON-friendly JavaScript (big integers beyond 2^53 as text, decimals as
// doubles, dates and timestamps as DuckDB's text, infinities named), nested values as JSON text.
import type { DuckDBValue } from '@duckdb/node-api';
import type { SqlValue } from './engine';

export type DuckDBModule = typeof import('@duckdb/node-api');

/** A JSON value, used for the inside of lists, structs and maps. */
type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

function bigintValue(n: bigint): number | string {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

function infinity(positive: boolean): string {
  return positive ? 'infinity' : '-infinity';
}

/** Scalars to SqlValue; nested values (list, array, struct, map, union, variant) to undefined. */
function scalarValue(m: DuckDBModule, v: DuckDBValue): SqlValue | undefined {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return bigintValue(v);
  if (v instanceof m.DuckDBDecimalValue) return v.toDouble();
  if (v instanceof m.DuckDBDateValue) return v.isFinite ? v.toString() : infinity(v.days > 0);
  if (v instanceof m.DuckDBTimestampValue || v instanceof m.DuckDBTimestampTZValue) {
    return v.isFinite ? v.toString() : infinity(v.micros > 0n);
  }
  if (v instanceof m.DuckDBTimestampSecondsValue) return v.isFinite ? v.toString() : infinity(v.seconds > 0n);
  if (v instanceof m.DuckDBTimestampMillisecondsValue) return v.isFinite ? v.toString() : infinity(v.millis > 0n);
  if (v instanceof m.DuckDBTimestampNanosecondsValue) return v.isFinite ? v.toString() : infinity(v.nanos > 0n);
  if (
    v instanceof m.DuckDBListValue ||
    v instanceof m.DuckDBArrayValue ||
    v instanceof m.DuckDBStructValue ||
    v instanceof m.DuckDBMapValue ||
    v instanceof m.DuckDBUnionValue ||
    v instanceof m.DuckDBVariantValue
  ) {
    return undefined;
  }
  // TIME, TIMETZ, INTERVAL, UUID, BLOB, BIT, GEOMETRY: DuckDB's own text.
  return v.toString();
}

function jsonValue(m: DuckDBModule, v: DuckDBValue): JsonValue {
  const scalar = scalarValue(m, v);
  if (scalar !== undefined) {
    return typeof scalar === 'number' && !Number.isFinite(scalar) ? null : scalar;
  }
  if (v instanceof m.DuckDBListValue || v instanceof m.DuckDBArrayValue)
    return v.items.map((item) => jsonValue(m, item));
  if (v instanceof m.DuckDBStructValue) {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, item] of Object.entries(v.entries)) out[key] = jsonValue(m, item);
    return out;
  }
  if (v instanceof m.DuckDBMapValue) {
    const out: { [key: string]: JsonValue } = {};
    for (const entry of v.entries) out[String(jsonValue(m, entry.key))] = jsonValue(m, entry.value);
    return out;
  }
  if (v instanceof m.DuckDBUnionValue || v instanceof m.DuckDBVariantValue) return jsonValue(m, v.value);
  return String(v);
}

/** One result value as a SqlValue: scalars directly, nested values as JSON text. */
export function toSqlValue(m: DuckDBModule, v: DuckDBValue): SqlValue {
  const scalar = scalarValue(m, v);
  return scalar !== undefined ? scalar : JSON.stringify(jsonValue(m, v));
}
