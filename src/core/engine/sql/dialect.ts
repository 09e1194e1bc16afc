// The SQL dialect seam: the few things the SQL builders write differently for DuckDB and
// PostgreSQL (a cast that gives null instead of failing, type names, GROUP BY ALL, day
// intervals, division of counts, aliases of derived tables, the latest value by an order,
// the calendar parts of a date, month arithmetic, tables of values). Everything else — ANSI
// double-quoted identifiers, standard string literals, FILTER clauses, GROUPING SETS — is the
// same in both. The DuckDB dialect writes exactly the SQL the builders wrote before the seam
// existed. The warehouse dialects (BigQuery, Snowflake, Trino: warehouseDialects.ts) are
// compile-only: their SQL is printed, never run here.

import { sqlNumber } from './sqlText';
import { OFFSET_TEXT, TIME_OF_DAY_TEXT } from './timeTexts';
import {
  bigqueryDialect,
  snowflakeDialect,
  trinoDialect,
  WAREHOUSE_DIALECT_NAMES,
  type WarehouseDialectName,
} from './warehouseDialects';

export type DialectName = 'duckdb' | 'postgres' | WarehouseDialectName;
export const DIALECT_NAMES: readonly DialectName[] = ['duckdb', 'postgres', ...WAREHOUSE_DIALECT_NAMES];

/** The column types of the language's `columns:` overrides, in SQL. */
export type SqlType = 'VARCHAR' | 'DOUBLE' | 'BIGINT' | 'BOOLEAN' | 'DATE' | 'TIMESTAMP';

export interface Dialect {
  readonly name: DialectName;
  /** The name people read in messages: DuckDB, PostgreSQL. */
  readonly title: string;
  /** The type's name in this dialect. */
  type(t: SqlType): string;
  /** `sql` converted to `t`, or null when it does not convert (never an error). */
  tryCast(sql: string, t: SqlType): string;
  /** The GROUP BY of a query grouping by its first `keys` columns. */
  groupBy(keys: number): string;
  /** The ORDER BY of a query ordered by its first `keys` columns (DuckDB: all of them). */
  orderBy(keys: number): string;
  /** An interval of one day. */
  readonly oneDay: string;
  /** `a / b` as a floating-point division, null when b is 0. */
  divide(a: string, b: string): string;
  /** The alias a derived table `(SELECT …)` in FROM needs (none in DuckDB). */
  derivedTable(alias: string): string;
  /** The value of `value` on the row with the largest `order` (rows where either is null are skipped; ties: the greatest text of the value). */
  argMax(value: string, order: string): string;
  /** The value of `value` on the row with the smallest `order` (rows where either is null are skipped; ties: the smallest text of the value). */
  argMin(value: string, order: string): string;
  /**
   * The value of `value` on the row with the largest `orders` (compared in turn, as text in
   * byte order); rows where `value` is null are skipped.
   */
  latestBy(value: string, orders: string[]): string;
  /** `a / b` as a floating-point division where b is never 0 (a count of a non-empty group). */
  fraction(a: string, b: string): string;
  /** Whole days from the date `from` to the date `to`. */
  dayDiff(from: string, to: string): string;
  /** The last day of the month of the date `sql`, a date. */
  lastDay(sql: string): string;
  /** The first day of the month of the date `sql` (a date or a timestamp). */
  monthStart(sql: string): string;
  /** The date `days` (an integer SQL expression) days after the date `date`. */
  addDays(date: string, days: string): string;
  /** An interval of `n` calendar months (n whole). */
  months(n: number): string;
  /** Values of a query go as `$n` parameters (PostgreSQL); else they are written as literals. */
  readonly parameters: boolean;
  /** A CTE `name` holding `rows` (SQL values, one per column) under the quoted `columns`. */
  valuesTable(name: string, columns: string[], rows: string[][]): string;
  /** Rows join windows through a generated series of days (an equality join); else by BETWEEN. */
  readonly daySeries: boolean;
  /** Whether KPI Lens runs this dialect's SQL (DuckDB, PostgreSQL); the others are printed only. */
  readonly runs: boolean;
  /** year(), month() or day() of a date. */
  datePart(part: 'year' | 'month' | 'day', sql: string): string;
  /** The distinct values of `value`, sorted, as a list (JSON array text in the result). */
  distinctList(value: string): string;
  /** GROUPING() may name a SELECT alias (DuckDB); else the slices are computed in a CTE first. */
  readonly groupingByAlias: boolean;
}

const SEQ = (n: number) => Array.from({ length: n }, (_x, i) => String(i + 1)).join(', ');

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  title: 'DuckDB',
  type: (t) => t,
  tryCast: (sql, t) => `TRY_CAST(${sql} AS ${t})`,
  groupBy: () => 'GROUP BY ALL',
  orderBy: () => 'ORDER BY ALL',
  oneDay: 'INTERVAL 1 DAY',
  divide: (a, b) => `${a} / NULLIF(${b}, 0)`,
  derivedTable: () => '',
  // Rows whose value or order is null do not count; among rows tied on the order, the value
  // whose text is greatest (arg_max) or smallest (arg_min) in byte order is taken, so the
  // result never depends on the order rows are read in (threads, the copy's row order).
  argMax: (value, order) =>
    `arg_max(${value}, CASE WHEN ${order} IS NOT NULL THEN {'o': ${order}, 'v': CAST(${value} AS VARCHAR)} END)`,
  argMin: (value, order) =>
    `arg_min(${value}, CASE WHEN ${order} IS NOT NULL THEN {'o': ${order}, 'v': CAST(${value} AS VARCHAR)} END)`,
  latestBy: (value, orders) => `arg_max(${value}, [${orders.join(', ')}])`,
  fraction: (a, b) => `${a} / ${b}`,
  dayDiff: (from, to) => `date_diff('day', ${from}, ${to})`,
  lastDay: (sql) => `last_day(${sql})`,
  monthStart: (sql) => `date_trunc('month', ${sql})`,
  addDays: (date, days) => `${date} + ${days}`,
  months: (n) => `INTERVAL ${sqlNumber(n)} MONTH`,
  parameters: false,
  valuesTable: (name, columns, rows) =>
    `${name}(${columns.join(', ')}) AS (VALUES ${rows.map((r) => `(${r.join(', ')})`).join(', ')})`,
  daySeries: true,
  runs: true,
  datePart: (part, sql) => `${part}(${sql})`,
  distinctList: (value) => `list(DISTINCT ${value} ORDER BY ${value})`,
  groupingByAlias: true,
};

// Text that PostgreSQL's casts accept, checked before casting so that a bad value gives
// null (as DuckDB's TRY_CAST) instead of failing the whole query.
const PG_NUMBER = String.raw`^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$`;
const PG_INTEGER = String.raw`^\s*[-+]?[0-9]{1,18}\s*$`;
// A real calendar date, months and days of one or two digits as DuckDB accepts them, checked by
// one regular expression: month lengths, and 29 February only in leap years (divisible by 4,
// centuries by 400); then nothing, or a time of day and an offset (a timestamp's text). Anything
// else after the date (`2025-01-05 garbage`, PostgreSQL's own `0044-03-15 BC`) makes no date.
const D31 = String.raw`(0?[13578]|1[02])-(0?[1-9]|[12][0-9]|3[01])`;
const D30 = String.raw`(0?[469]|11)-(0?[1-9]|[12][0-9]|30)`;
const FEB = String.raw`0?2-(0?[1-9]|1[0-9]|2[0-8])`;
const LEAP_YEAR = String.raw`([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)`;
const PG_TIME = String.raw`(T|\s+)${TIME_OF_DAY_TEXT}\s*${OFFSET_TEXT}?`;
const PG_DATE = String.raw`^\s*((?!0000)[0-9]{4}-(${D31}|${D30}|${FEB})|${LEAP_YEAR}-0?2-29)(${PG_TIME})?\s*$`;
const PG_DATE_TEXT = String.raw`^\s*([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})`;
const PG_TYPES: Record<SqlType, string> = {
  VARCHAR: 'VARCHAR',
  DOUBLE: 'DOUBLE PRECISION',
  BIGINT: 'BIGINT',
  BOOLEAN: 'BOOLEAN',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMP',
};

export const postgresDialect: Dialect = {
  name: 'postgres',
  title: 'PostgreSQL',
  type: (t) => PG_TYPES[t],
  tryCast: (sql, t) => {
    const text = `CAST(${sql} AS TEXT)`;
    switch (t) {
      case 'VARCHAR':
        return `CAST(${sql} AS VARCHAR)`;
      case 'DOUBLE':
        return `(CASE WHEN ${text} ~ '${PG_NUMBER}' THEN CAST(${text} AS DOUBLE PRECISION) END)`;
      case 'BIGINT':
        return `(CASE WHEN ${text} ~ '${PG_INTEGER}' THEN CAST(${text} AS BIGINT) END)`;
      case 'BOOLEAN':
        return `(CASE WHEN lower(trim(${text})) IN ('true', 't', '1', 'yes', 'y') THEN TRUE WHEN lower(trim(${text})) IN ('false', 'f', '0', 'no', 'n') THEN FALSE END)`;
      case 'DATE':
        // A date or timestamp (typed or as text) gives its calendar day; 2025-02-30 gives null.
        return `(CASE WHEN ${text} ~ '${PG_DATE}' THEN CAST(substring(${text} from '${PG_DATE_TEXT}') AS DATE) END)`;
      case 'TIMESTAMP':
        return `(CASE WHEN ${text} ~ '${PG_DATE}' THEN CAST(${text} AS TIMESTAMP) END)`;
    }
  },
  groupBy: (keys) => `GROUP BY ${SEQ(keys)}`,
  orderBy: (keys) => `ORDER BY ${SEQ(keys)}`,
  oneDay: `INTERVAL '1 day'`,
  divide: (a, b) => `CAST(${a} AS DOUBLE PRECISION) / NULLIF(${b}, 0)`,
  derivedTable: (alias) => ` AS "${alias.replace(/"/g, '""')}"`,
  // As DuckDB's arg_max / arg_min: rows whose value or order is null do not count, and ties
  // on the order go to the greatest (smallest) text of the value in byte order.
  argMax: (value, order) =>
    `(array_agg(${value} ORDER BY ${order} DESC, CAST(${value} AS TEXT) COLLATE "C" DESC) FILTER (WHERE ${order} IS NOT NULL AND ${value} IS NOT NULL))[1]`,
  argMin: (value, order) =>
    `(array_agg(${value} ORDER BY ${order}, CAST(${value} AS TEXT) COLLATE "C") FILTER (WHERE ${order} IS NOT NULL AND ${value} IS NOT NULL))[1]`,
  // DuckDB compares its list of texts element by element in byte order: COLLATE "C".
  latestBy: (value, orders) =>
    `(array_agg(${value} ORDER BY ${orders.map((o) => `${o} COLLATE "C" DESC`).join(', ')}) FILTER (WHERE ${value} IS NOT NULL))[1]`,
  fraction: (a, b) => `CAST(${a} AS DOUBLE PRECISION) / ${b}`,
  dayDiff: (from, to) => `(${to} - ${from})`,
  lastDay: (sql) => `CAST(date_trunc('month', ${sql}) + INTERVAL '1 month' - INTERVAL '1 day' AS DATE)`,
  monthStart: (sql) => `date_trunc('month', ${sql})`,
  addDays: (date, days) => `${date} + ${days}`,
  months: (n) => `make_interval(months => ${sqlNumber(n)})`,
  parameters: true,
  valuesTable: (name, columns, rows) =>
    `${name}(${columns.join(', ')}) AS (VALUES ${rows.map((r) => `(${r.join(', ')})`).join(', ')})`,
  daySeries: true,
  runs: true,
  datePart: (part, sql) => `CAST(EXTRACT(${part.toUpperCase()} FROM ${sql}) AS BIGINT)`,
  distinctList: (value) => `array_agg(DISTINCT ${value} ORDER BY ${value})`,
  groupingByAlias: false,
};

export function dialectNamed(name: DialectName): Dialect {
  switch (name) {
    case 'duckdb':
      return duckdbDialect;
    case 'postgres':
      return postgresDialect;
    case 'bigquery':
      return bigqueryDialect;
    case 'snowflake':
      return snowflakeDialect;
    case 'trino':
      return trinoDialect;
  }
}
