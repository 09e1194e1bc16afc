// What the engine knows of a source before it scans it: the spec, the files, the format,
// the header columns and the parsed filter.
import type { DataFormat } from '../../data/dataFiles';
import type { FileState } from '../../data/fileChanges';
import type { Expr } from '../../expr';
import type { SourceSpec } from '../../kpifile/model';
import type { ReadOptions } from './sourceRelation';
import type { CacheFact } from '../cache/cacheEntries';
import type { CsvDialect, ReadColumn } from './csvDialect';
import { convertSql, isDecimal } from './csvDialect';
import type { CsvReadReport } from './csvSourceRead';

export interface SourceContext {
  spec: SourceSpec;
  files: string[];
  format: DataFormat;
  columns: string[];
  /** A database table's quoted name (`"schema"."table"`) when the source is a table; files is then empty and format unused. */
  table?: string;
  /** SELECT over the files (or the table) with type overrides applied. */
  selectSql: string;
  /** How the files are read (CSV delimiter, encoding). */
  read: ReadOptions;
  /** The columnar cache's copy of the files, when there is one (columnarCache.ts). */
  cached?: { readSql: string; lenientRows: number | null };
  /** Facts an earlier run found on the cached copy's data (columnarCache.ts rememberFact). */
  cachedFacts?: Record<string, CacheFact>;
  /** Whether no two rows share the key (keyUniqueness.ts; unknown when not needed). */
  keyUnique?: boolean;
  /** The data files' sizes and modification times when the run began (memo keys). */
  stamp?: string;
  /** The data files' states before the run read them (to tell a change during the run). */
  states?: FileState[];
  where?: Expr;
  /** A CSV/TSV source: its dialect, its columns' types and what reading it found (csvSource.ts). */
  csv?: { dialect: CsvDialect; columns: ReadColumn[]; report: CsvReadReport };
  /** The engine's error when the files could not be read at all. */
  readError?: string;
  /** Columns a Parquet/JSON source holds as exact decimals (found by DESCRIBE). */
  decimalColumns?: string[];
}

/** Whether the source holds this column as an exact decimal (a CSV column read as one, a Parquet DECIMAL). */
export function isDecimalColumn(ctx: SourceContext, name: string): boolean {
  const lower = name.toLowerCase();
  if (ctx.csv) return ctx.csv.columns.some((c) => c.name.toLowerCase() === lower && isDecimal(c.type));
  return (ctx.decimalColumns ?? []).some((c) => c.toLowerCase() === lower);
}

/**
 * A CSV column read as text (some of its values are no numbers), as a number the way the file
 * writes numbers — its decimal comma, its thousands separator — rather than by a plain cast that
 * would refuse every `12,5`; undefined when the file writes numbers as a plain cast reads them.
 */
export function textNumberSql(ctx: SourceContext, name: string, sql: string): string | undefined {
  const csv = ctx.csv;
  if (!csv || (!csv.dialect.thousands && (csv.dialect.decimal ?? '.') === '.')) return undefined;
  const lower = name.toLowerCase();
  if (csv.columns.find((c) => c.name.toLowerCase() === lower)?.type !== 'VARCHAR') return undefined;
  return convertSql(sql, 'DOUBLE', csv.dialect, 'UTC');
}

/** The header's spelling of a column (names match case-insensitively, as in DuckDB). */
export function resolveColumnName(ctx: SourceContext, name: string): string {
  return ctx.columns.find((c) => c === name) ?? ctx.columns.find((c) => c.toLowerCase() === name.toLowerCase()) ?? name;
}

/**
 * What a result remembered in the run memo depends on in a source: its definition, files,
 * format, read options, columns, the files' stamp, its cached copy and its reader SQL.
 */
export function sourceMemoIdentity(ctx: SourceContext): unknown[] {
  return [ctx.spec, ctx.files, ctx.format, ctx.read, ctx.columns, ctx.stamp, ctx.cached ?? null, ctx.selectSql];
}
