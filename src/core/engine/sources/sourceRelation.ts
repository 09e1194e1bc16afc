// The SQL that reads a source's data files with DuckDB's readers (CSV, TSV, Parquet, JSON,
// NDJSON; many files for a glob), applying the source's column type overrides.
import type { DataFormat } from '../../data/dataFiles';
import { quoteIdent, quoteString } from '../sql/sqlText';
import { OFFSET_TEXT, TIME_OF_DAY_TEXT } from '../sql/timeTexts';
import type { Dialect, SqlType } from '../sql/dialect';
import type { ColumnRead } from './fileColumnReads';

const SQL_TYPES: Record<string, string> = {
  string: 'VARCHAR',
  number: 'DOUBLE',
  integer: 'BIGINT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

export function sqlTypeOf(columnType: string): string {
  return SQL_TYPES[columnType] ?? 'VARCHAR';
}

/** How DuckDB reads a source's files. */
export interface ReadOptions {
  /** CSV: the delimiter found in the header line (DuckDB's sniffer can be misled by a bad row). */
  delimiter?: string;
  /** CSV/TSV: the file encoding (utf-8, utf-16, latin-1). */
  encoding?: string;
  /** CSV/TSV: parse leniently, to count the rows a strict read skips. */
  lenient?: boolean;
}

/**
 * `read_csv([...], …)` etc. for the files of a source. CSV rows that do not parse (a wrong
 * number of fields, a broken quote) are skipped; the profile counts them.
 */
export function readFunctionSql(files: string[], format: DataFormat, options: ReadOptions = {}): string {
  const list = `[${files.map(quoteString).join(', ')}]`;
  const csvOptions = (delim: string) =>
    [
      `header = true`,
      `delim = ${quoteString(delim)}`,
      `union_by_name = true`,
      `sample_size = 20480`,
      `ignore_errors = true`,
      ...(options.encoding ? [`encoding = ${quoteString(options.encoding)}`] : []),
      ...(options.lenient ? ['null_padding = true', 'all_varchar = true'] : []),
    ].join(', ');
  switch (format) {
    case 'xlsx': // converted to UTF-8 CSV first (convertedSources.ts)
    case 'csv':
      return `read_csv(${list}, ${csvOptions(options.delimiter ?? ',')})`;
    case 'tsv':
      return `read_csv(${list}, ${csvOptions('\t')})`;
    case 'parquet':
      return `read_parquet(${list}, union_by_name = true)`;
    case 'json':
      return `read_json(${list}, format = 'array', union_by_name = true)`;
    case 'ndjson':
      return `read_json(${list}, format = 'newline_delimited', union_by_name = true)`;
  }
}

/**
 * A SELECT over the files with some columns read otherwise than the files hold them
 * (fileColumnReads.ts: declared types, time and date texts, instants, JSON values). `readSql`
 * replaces the reader (the columnar cache's copy).
 */
export function sourceSelectSql(
  files: string[],
  format: DataFormat,
  reads: ColumnRead[],
  options: ReadOptions = {},
  readSql?: string,
): string {
  const replaced = reads.map((r) => `${r.sql} AS ${quoteIdent(r.name)}`);
  const select = replaced.length ? `* REPLACE (${replaced.join(', ')})` : '*';
  return `SELECT ${select} FROM ${readSql ?? readFunctionSql(files, format, options)}`;
}

/** A table name of a KPI file (`schema.table` or `table`) as quoted SQL: `"schema"."table"`. */
export function tableSql(table: string): string {
  return table.split('.').map(quoteIdent).join('.');
}

/** A table's column types and time columns, for instants turned into the spec's time zone. */
export interface TableZone {
  timezone: string;
  /** information_schema data_type by column name. */
  types: Record<string, string>;
  /** The time columns of the source (and of the KPIs on it). */
  times: Set<string>;
}

/** PostgreSQL: a time written with an offset after it (2025-03-31T23:30:00+02:00, …Z, … UTC). */
const PG_OFFSET = String.raw`${TIME_OF_DAY_TEXT}\s*${OFFSET_TEXT}\s*$`;

/**
 * A column as the spec's time zone sees it (PostgreSQL): a timestamptz becomes the wall time
 * in `timezone`; a text with an offset too (a valid date first: a bad one stays null).
 */
function zonedColumn(
  col: string,
  dataType: string | undefined,
  target: SqlType | undefined,
  zone: TableZone,
  dialect: Dialect,
): string | undefined {
  const tz = quoteString(zone.timezone);
  if (dataType === 'timestamp with time zone') {
    const local = `(${col} AT TIME ZONE ${tz})`;
    return target ? dialect.tryCast(local, target) : local;
  }
  const textual = dataType === undefined || dataType === 'text' || dataType.startsWith('character');
  if (!textual || (target !== 'DATE' && target !== 'TIMESTAMP')) return undefined;
  const text = `CAST(${col} AS TEXT)`;
  const instant = `CAST((CAST(${text} AS TIMESTAMPTZ) AT TIME ZONE ${tz}) AS ${target})`;
  return `(CASE WHEN ${dialect.tryCast(col, 'DATE')} IS NOT NULL AND ${text} ~ '${PG_OFFSET}' THEN ${instant} ELSE ${dialect.tryCast(col, target)} END)`;
}

/**
 * A SELECT over a database table with the type overrides applied as try-casts. Without
 * overrides (nor instants to place in a time zone) it is `SELECT * FROM table`; with them
 * every column is listed (PostgreSQL has no `* REPLACE`).
 */
export function tableSelectSql(
  table: string,
  overrides: Record<string, string>,
  columns: string[],
  dialect: Dialect,
  zone?: TableZone,
): string {
  const from = `FROM ${tableSql(table)}`;
  const typeOf = (col: string) => Object.entries(overrides).find(([c]) => c.toLowerCase() === col.toLowerCase())?.[1];
  const isTime = (col: string) =>
    zone !== undefined && [...zone.times].some((t) => t.toLowerCase() === col.toLowerCase());
  let changed = Object.keys(overrides).length > 0;
  const list = columns.map((col) => {
    const t = typeOf(col);
    const target = t ? (sqlTypeOf(t) as SqlType) : isTime(col) ? 'TIMESTAMP' : undefined;
    const zoned =
      zone && dialect.name === 'postgres'
        ? zonedColumn(quoteIdent(col), zone.types[col], target, zone, dialect)
        : undefined;
    if (zoned) {
      changed = true;
      return `${zoned} AS ${quoteIdent(col)}`;
    }
    return t ? `${dialect.tryCast(quoteIdent(col), sqlTypeOf(t) as SqlType)} AS ${quoteIdent(col)}` : quoteIdent(col);
  });
  if (!changed) return `SELECT * ${from}`;
  return `SELECT ${list.join(', ')} ${from}`;
}
