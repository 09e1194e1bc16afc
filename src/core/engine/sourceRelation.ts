// The SQL that reads a source's data files with DuckDB's readers (CSV, TSV, Parquet, JSON,
// NDJSON; many files for a glob), applying the source's column type overrides.
import type { DataFormat } from '../data/dataFiles';
import { quoteIdent, quoteString } from './sqlText';

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

/** `read_csv([...], …)` etc. for the files of a source. */
export function readFunctionSql(files: string[], format: DataFormat): string {
  const list = `[${files.map(quoteString).join(', ')}]`;
  switch (format) {
    case 'csv':
      return `read_csv(${list}, header = true, auto_detect = true, union_by_name = true, sample_size = 20480)`;
    case 'tsv':
      return `read_csv(${list}, header = true, delim = '\\t', auto_detect = true, union_by_name = true, sample_size = 20480)`;
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
 * becomes null; the profile query counts them).
 */
export function sourceSelectSql(files: string[], format: DataFormat, overrides: Record<string, string>, columns: string[]): string {
  const replaced = Object.entries(overrides)
    .map(([col, t]) => {
      const actual = columns.find((c) => c.toLowerCase() === col.toLowerCase()) ?? col;
      return `TRY_CAST(${quoteIdent(actual)} AS ${sqlTypeOf(t)}) AS ${quoteIdent(actual)}`;
    });
  const select = replaced.length ? `* REPLACE (${replaced.join(', ')})` : '*';
  return `SELECT ${select} FROM ${readFunctionSql(files, format)}`;
}
