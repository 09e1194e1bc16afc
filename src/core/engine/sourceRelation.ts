// The SQL that reads a source's data files with DuckDB's readers (CSV, TSV, Parquet, JSON,
// NDJSON; many files for a glob), applying the source's column type overrides.
import type { DataFormat } from '../data/dataFiles';
import { quoteIdent, quoteString } from './sqlText';
import type { Dialect, SqlType } from './dialect';

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
  const csvOptions = (delim: string) => [
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
 * A SELECT over the files with type overrides as TRY_CAST (a value that does not convert
 * becomes null; the profile query counts them). `readSql` replaces the reader (the
 * columnar cache's copy).
 */
export function sourceSelectSql(files: string[], format: DataFormat, overrides: Record<string, string>, columns: string[], options: ReadOptions = {}, readSql?: string): string {
  const replaced = Object.entries(overrides)
    .map(([col, t]) => {
      const actual = columns.find((c) => c.toLowerCase() === col.toLowerCase()) ?? col;
      return `TRY_CAST(${quoteIdent(actual)} AS ${sqlTypeOf(t)}) AS ${quoteIdent(actual)}`;
    });
  const select = replaced.length ? `* REPLACE (${replaced.join(', ')})` : '*';
  return `SELECT ${select} FROM ${readSql ?? readFunctionSql(files, format, options)}`;
}

/** A table name of a KPI file (`schema.table` or `table`) as quoted SQL: `"schema"."table"`. */
export function tableSql(table: string): string {
  return table.split('.').map(quoteIdent).join('.');
}

/**
 * A SELECT over a database table with the type overrides applied as try-casts. Without
 * overrides it is `SELECT * FROM table`; with them every column is listed (PostgreSQL has
 * no `* REPLACE`).
 */
export function tableSelectSql(table: string, overrides: Record<string, string>, columns: string[], dialect: Dialect): string {
  const from = `FROM ${tableSql(table)}`;
  if (Object.keys(overrides).length === 0) return `SELECT * ${from}`;
  const typeOf = (col: string) => Object.entries(overrides).find(([c]) => c.toLowerCase() === col.toLowerCase())?.[1];
  const list = columns.map((col) => {
    const t = typeOf(col);
    return t ? `${dialect.tryCast(quoteIdent(col), sqlTypeOf(t) as SqlType)} AS ${quoteIdent(col)}` : quoteIdent(col);
  });
  return `SELECT ${list.join(', ')} ${from}`;
}
