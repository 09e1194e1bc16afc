// The warehouse dialects — BigQuery (GoogleSQL), Snowflake, Trino — for `kpilens sql
// --dialect`: compile-only, as those engines are reached through their own drivers, which
// KPI Lens does not ship. Each gives the seam of dialect.ts (safe casts, date functions,
// integer division, intervals, the latest value by an order) and its own quoting of names
// and text: the SQL builders write standard quoting, and warehouseSql.ts re-quotes every
// name and string of a statement through these functions. Values are written inline as
// literals, through them only (never as parameters: there is no driver to send them to).
import type { Dialect, SqlType } from './dialect';
import { SqlTextError, checkSqlText, quoteIdent, quoteString, sqlNumber } from './sqlText';

export type WarehouseDialectName = 'bigquery' | 'snowflake' | 'trino';
export const WAREHOUSE_DIALECT_NAMES: readonly WarehouseDialectName[] = ['bigquery', 'snowflake', 'trino'];

export interface WarehouseDialect extends Dialect {
  readonly name: WarehouseDialectName;
  /** A name (column, table, alias) as a quoted identifier of this dialect. */
  quoteIdent(name: string): string;
  /** A text as a string literal of this dialect. */
  quoteString(text: string): string;
  /** Aggregates accept `FILTER (WHERE …)` (else warehouseSql.ts writes CASE WHEN inside them). */
  readonly filterClause: boolean;
  /** Functions the builders name in the standard way that this dialect spells otherwise. */
  readonly functions: Readonly<Record<string, string>>;
}

/** ANSI quoting: `"a""b"` (Snowflake, Trino): the standard quoting of sqlText.ts. */
const doubleQuoted = quoteIdent;

/**
 * GoogleSQL escapes in quoted text: backslash sequences (\\, \', \n, \r, \t and \xHH for the
 * other control characters); every other character stands for itself.
 */
function googleEscape(text: string, quote: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\' || ch === quote) out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}

/**
 * BigQuery names: backticks. A backtick or a backslash in a name is refused (BigQuery column
 * names cannot hold them, and such a name could only be written with escapes that the
 * parsers of the tests do not read); control characters likewise.
 */
function bigqueryIdent(name: string): string {
  checkSqlText(name, 'an identifier');
  if (name.length === 0) throw new SqlTextError('an identifier cannot be empty');
  // eslint-disable-next-line no-control-regex
  if (/[`\\\x00-\x1f\x7f]/.test(name))
    throw new SqlTextError(
      `a BigQuery name cannot hold a backtick, a backslash or a control character: ${JSON.stringify(name)}`,
    );
  return `\`${name}\``;
}

function bigqueryString(text: string): string {
  checkSqlText(text, 'a string');
  return `'${googleEscape(text, "'")}'`;
}

/** Snowflake's single-quoted strings read backslash escapes too: both the quote and the backslash are doubled. */
function snowflakeString(text: string): string {
  checkSqlText(text, 'a string');
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** Trino's strings are standard: only the quote is doubled, a backslash is a backslash (sqlText.ts). */
const trinoString = quoteString;

/** A whole, non-negative number of months as interval text. */
function monthCount(n: number): string {
  if (!Number.isInteger(n) || n < 0)
    throw new SqlTextError(`a number of months must be a whole number ≥ 0, not ${String(n)}`);
  return sqlNumber(n);
}

const ORDINALS = (n: number) => Array.from({ length: n }, (_x, i) => String(i + 1)).join(', ');

/** A table of values as SELECTs joined by UNION ALL: every warehouse reads it (BigQuery has no column list on a CTE). */
function unionValues(name: string, columns: string[], rows: string[][]): string {
  const selects = rows.map((row) => `SELECT ${row.map((v, i) => `${v} AS ${columns[i]}`).join(', ')}`);
  return `${name} AS (${selects.join(' UNION ALL ')})`;
}

const BIGQUERY_TYPES: Record<SqlType, string> = {
  VARCHAR: 'STRING',
  DOUBLE: 'FLOAT64',
  BIGINT: 'INT64',
  BOOLEAN: 'BOOL',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMP',
};

export const bigqueryDialect: WarehouseDialect = {
  name: 'bigquery',
  title: 'BigQuery',
  type: (t) => BIGQUERY_TYPES[t],
  tryCast: (sql, t) => `SAFE_CAST(${sql} AS ${BIGQUERY_TYPES[t]})`,
  groupBy: (keys) => `GROUP BY ${ORDINALS(keys)}`,
  orderBy: (keys) => `ORDER BY ${ORDINALS(keys)}`,
  oneDay: 'INTERVAL 1 DAY',
  // BigQuery's `/` is a FLOAT64 division; SAFE_DIVIDE gives null for a zero divisor.
  divide: (a, b) => `SAFE_DIVIDE(${a}, ${b})`,
  derivedTable: (alias) => ` AS "${alias.replace(/"/g, '""')}"`,
  argMax: (value, order) => `MAX_BY(${value}, CASE WHEN ${value} IS NOT NULL THEN ${order} END)`,
  argMin: (value, order) => `MIN_BY(${value}, CASE WHEN ${value} IS NOT NULL THEN ${order} END)`,
  // The first order is a date as text, always 10 characters: the concatenation sorts as the pair.
  latestBy: (value, orders) => `MAX_BY(${value}, CASE WHEN ${value} IS NOT NULL THEN CONCAT(${orders.join(', ')}) END)`,
  fraction: (a, b) => `${a} / ${b}`,
  dayDiff: (from, to) => `DATE_DIFF(${to}, ${from}, DAY)`,
  datePart: (part, sql) => `EXTRACT(${part.toUpperCase()} FROM ${sql})`,
  // An ARRAY cannot hold NULL in BigQuery: the nulls are left out.
  distinctList: (value) => `ARRAY_AGG(DISTINCT ${value} IGNORE NULLS)`,
  groupingByAlias: false,
  lastDay: (sql) => `LAST_DAY(${sql})`,
  monthStart: (sql) => `DATE_TRUNC(${sql}, MONTH)`,
  addDays: (date, days) => `DATE_ADD(${date}, INTERVAL ${days} DAY)`,
  months: (n) => `INTERVAL ${monthCount(n)} MONTH`,
  parameters: false,
  valuesTable: unionValues,
  daySeries: false,
  runs: false,
  quoteIdent: bigqueryIdent,
  quoteString: bigqueryString,
  filterClause: false,
  functions: { bool_or: 'LOGICAL_OR' },
};

export const snowflakeDialect: WarehouseDialect = {
  name: 'snowflake',
  title: 'Snowflake',
  type: (t) => t,
  // Snowflake's TRY_CAST reads text only: the value is made text first.
  tryCast: (sql, t) => (t === 'VARCHAR' ? `CAST(${sql} AS VARCHAR)` : `TRY_CAST(CAST(${sql} AS VARCHAR) AS ${t})`),
  groupBy: (keys) => `GROUP BY ${ORDINALS(keys)}`,
  orderBy: (keys) => `ORDER BY ${ORDINALS(keys)}`,
  oneDay: `INTERVAL '1 DAY'`,
  // Snowflake's division of fixed-point numbers keeps 6 more decimals than the numerator's (1/3
  // is 0.333333, an NPS 27.2727273): the numerator is made a FLOAT first, as the other engines
  // divide (docs/expressions.md: exact division as floating-point numbers).
  divide: (a, b) => `CAST(${a} AS FLOAT) / NULLIF(${b}, 0)`,
  derivedTable: (alias) => ` AS "${alias.replace(/"/g, '""')}"`,
  argMax: (value, order) => `MAX_BY(${value}, CASE WHEN ${value} IS NOT NULL THEN ${order} END)`,
  argMin: (value, order) => `MIN_BY(${value}, CASE WHEN ${value} IS NOT NULL THEN ${order} END)`,
  latestBy: (value, orders) => `MAX_BY(${value}, CASE WHEN ${value} IS NOT NULL THEN CONCAT(${orders.join(', ')}) END)`,
  fraction: (a, b) => `CAST(${a} AS FLOAT) / ${b}`,
  dayDiff: (from, to) => `DATEDIFF(day, ${from}, ${to})`,
  datePart: (part, sql) => `EXTRACT(${part.toUpperCase()} FROM ${sql})`,
  distinctList: (value) => `ARRAY_AGG(DISTINCT ${value})`,
  groupingByAlias: false,
  lastDay: (sql) => `LAST_DAY(${sql})`,
  monthStart: (sql) => `DATE_TRUNC('MONTH', ${sql})`,
  addDays: (date, days) => `DATEADD(day, ${days}, ${date})`,
  months: (n) => `INTERVAL '${monthCount(n)} MONTHS'`,
  parameters: false,
  valuesTable: unionValues,
  daySeries: false,
  runs: false,
  quoteIdent: doubleQuoted,
  quoteString: snowflakeString,
  filterClause: false,
  functions: { bool_or: 'BOOLOR_AGG' },
};

export const trinoDialect: WarehouseDialect = {
  name: 'trino',
  title: 'Trino',
  type: (t) => t,
  tryCast: (sql, t) => `TRY_CAST(${sql} AS ${t})`,
  groupBy: (keys) => `GROUP BY ${ORDINALS(keys)}`,
  orderBy: (keys) => `ORDER BY ${ORDINALS(keys)}`,
  oneDay: `INTERVAL '1' DAY`,
  // Trino divides integers by truncating: one side is made DOUBLE first.
  divide: (a, b) => `CAST(${a} AS DOUBLE) / NULLIF(${b}, 0)`,
  derivedTable: (alias) => ` AS "${alias.replace(/"/g, '""')}"`,
  argMax: (value, order) => `max_by(${value}, CASE WHEN ${value} IS NOT NULL THEN ${order} END)`,
  argMin: (value, order) => `min_by(${value}, CASE WHEN ${value} IS NOT NULL THEN ${order} END)`,
  latestBy: (value, orders) => `max_by(${value}, CASE WHEN ${value} IS NOT NULL THEN concat(${orders.join(', ')}) END)`,
  fraction: (a, b) => `CAST(${a} AS DOUBLE) / ${b}`,
  dayDiff: (from, to) => `date_diff('day', ${from}, ${to})`,
  datePart: (part, sql) => `EXTRACT(${part.toUpperCase()} FROM ${sql})`,
  distinctList: (value) => `array_agg(DISTINCT ${value})`,
  groupingByAlias: false,
  lastDay: (sql) => `last_day_of_month(${sql})`,
  monthStart: (sql) => `date_trunc('month', ${sql})`,
  addDays: (date, days) => `date_add('day', ${days}, ${date})`,
  months: (n) => `INTERVAL '${monthCount(n)}' MONTH`,
  parameters: false,
  valuesTable: unionValues,
  daySeries: false,
  runs: false,
  quoteIdent: doubleQuoted,
  quoteString: trinoString,
  filterClause: true,
  functions: {},
};

export function isWarehouseDialect(dialect: Dialect): dialect is WarehouseDialect {
  return (WAREHOUSE_DIALECT_NAMES as readonly string[]).includes(dialect.name);
}
