// What the engine knows of a source before it scans it: the spec, the files, the format,
// the header columns and the parsed filter.
import type { DataFormat } from '../../data/dataFiles';
import type { FileState } from '../../data/fileChanges';
import type { Expr } from '../../expr';
import type { SourceSpec } from '../../kpifile/model';
import type { ReadOptions } from './sourceRelation';
import type { CacheFact } from '../cache/cacheEntries';
import type { CsvDialect, ReadColumn } from './csvDialect';
import { convertSql, exactTextNumberSql, isDecimal } from './csvDialect';
import type { CsvReadReport } from './csvSourceRead';
import type { Dialect } from '../sql/dialect';
import { finiteNumberSql, finiteNumericSql, type ColumnKind, type NameTyping } from '../sql/nameTyping';
import { exactDoubleSql } from '../sql/exactDoubles';
import type { NameRef } from '../../expr';
import { textDialectOf, type ColumnRead } from './fileColumnReads';

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
  /** The files `states` are of, when `files` are their converted copies (sourceConversion.ts). */
  originals?: string[];
  where?: Expr;
  /** A CSV/TSV source: its dialect, its columns' types and what reading it found (csvSource.ts). */
  csv?: { dialect: CsvDialect; columns: ReadColumn[]; report: CsvReadReport };
  /** The engine's error when the files could not be read at all. */
  readError?: string;
  /** Columns a Parquet/JSON source holds as exact decimals (found by DESCRIBE). */
  decimalColumns?: string[];
  /** The type of each column of a Parquet/JSON source (DESCRIBE) or a table (the database's), by name. */
  columnTypes?: Record<string, string>;
  /** A Parquet/JSON source's columns read otherwise than the files hold them (fileColumnReads.ts). */
  reads?: ColumnRead[];
  /**
   * A Parquet/JSON source: selectSql with the value as read kept beside the time column
   * (TIME_TEXT_COLUMN) and beside each read that may refuse a value (CHECKED_TEXT_PREFIX and its
   * index in checkedReads(reads)), so that the profile counts the values a conversion refuses (a
   * text that is no date: `2025-1-1 x`, `epoch`; no number: `abc`) instead of losing them without a word.
   */
  checkedSelectSql?: string;
}

/** The column of checkedSelectSql holding the time column's value as read. */
export const TIME_TEXT_COLUMN = '__kpilens_time_text';
/** The columns of checkedSelectSql holding the values as read of the checked reads, by index. */
export const CHECKED_TEXT_PREFIX = '__kpilens_checked_text_';

/** Whether the source holds this column as an exact decimal (a CSV column read as one, a Parquet DECIMAL). */
export function isDecimalColumn(ctx: SourceContext, name: string): boolean {
  const lower = name.toLowerCase();
  if (ctx.csv) return ctx.csv.columns.some((c) => c.name.toLowerCase() === lower && isDecimal(c.type));
  return (ctx.decimalColumns ?? []).some((c) => c.toLowerCase() === lower);
}

/**
 * Whether the source holds this column as binary doubles: a CSV column read as doubles (numbers
 * with an exponent or more than 10 decimals), a Parquet/JSON DOUBLE or FLOAT (as read: a declared
 * `number` of texts is read as doubles), a table's `double precision` or `real`, or its column
 * declared `number`.
 */
export function isBinaryColumn(ctx: SourceContext, name: string): boolean {
  const lower = name.toLowerCase();
  if (ctx.csv) return ctx.csv.columns.some((c) => c.name.toLowerCase() === lower && c.type === 'DOUBLE');
  // A database table's column declared `number` is read as a double (tableSelectSql).
  const declared = Object.entries(ctx.spec.columns ?? {}).find(([c]) => c.toLowerCase() === lower)?.[1];
  if (ctx.table && declared) return declared === 'number';
  const type = Object.entries(ctx.columnTypes ?? {}).find(([c]) => c.toLowerCase() === lower)?.[1] ?? '';
  return /^(DOUBLE|FLOAT|REAL|double precision)$/i.test(type);
}

/**
 * A source's column as an amount to add up, over `sql` (the column): an exact decimal as it is,
 * binary doubles as exact decimals (exactDoubles.ts), anything else as a double — the same sum
 * whatever the order the engine adds the rows in.
 */
export function amountSql(ctx: SourceContext, name: string, sql: string, dialect: Dialect): string {
  if (isDecimalColumn(ctx, name)) return sql;
  const double = dialect.tryCast(sql, 'DOUBLE');
  return isBinaryColumn(ctx, name) ? exactDoubleSql(dialect, double, name) : double;
}

/**
 * A column the source holds as text (a CSV column with values that are no numbers, a JSON or
 * Parquet column of strings), as an exact number on DuckDB, the way the file writes numbers —
 * its decimal comma, its thousands separator (csvDialect.ts exactTextNumberSql); on PostgreSQL (a
 * `text` column), as a `numeric`, so that its sums are exact there too (1000153.03, not the
 * doubles' 1000153.0299999999); undefined for another column or dialect.
 */
export function textNumberSql(ctx: SourceContext, name: string, sql: string, dialect: Dialect): string | undefined {
  if (columnKind(ctx, name) !== 'text') return undefined;
  if (dialect.name === 'postgres') return exactDoubleSql(dialect, dialect.tryCast(sql, 'DOUBLE'), name);
  if (dialect.name !== 'duckdb') return undefined;
  return exactTextNumberSql(sql, ctx.csv?.dialect ?? textDialectOf(ctx.spec));
}

/**
 * Whether a column may hold numbers' NaN, Infinity or -Infinity: a PostgreSQL table's
 * `numeric`, `double precision` or `real` column read as it is (a column declared in `columns:`
 * is read through its cast, which makes them null). They are no numbers (docs/language.md),
 * read as null and told, as a file's `NaN` text is.
 */
export function holdsNonFinite(ctx: SourceContext, name: string): boolean {
  if (!ctx.table) return false;
  const lower = name.toLowerCase();
  if (Object.keys(ctx.spec.columns ?? {}).some((c) => c.toLowerCase() === lower)) return false;
  const type = Object.entries(ctx.columnTypes ?? {}).find(([c]) => c.toLowerCase() === lower)?.[1] ?? '';
  return /^(numeric|decimal|double precision|real)$/i.test(type);
}

/** The type of a column as declared, or as the source holds it (lower case; '' when not known). */
function columnTypeName(ctx: SourceContext, name: string): string {
  const lower = name.toLowerCase();
  const declared = Object.entries(ctx.spec.columns ?? {}).find(([c]) => c.toLowerCase() === lower)?.[1];
  return (
    declared ??
    ctx.csv?.columns.find((c) => c.name.toLowerCase() === lower)?.type ??
    Object.entries(ctx.columnTypes ?? {}).find(([c]) => c.toLowerCase() === lower)?.[1] ??
    ''
  ).toLowerCase();
}

/** Whether the source holds a column as true or false (declared `boolean`, a CSV column of true/false, BOOLEAN). */
export function isBooleanColumn(ctx: SourceContext, name: string): boolean {
  return /^(boolean|bool)\b/.test(columnTypeName(ctx, name));
}

/** How the source holds a column: text, a number or a date (its declared type first); undefined when not known. */
export function columnKind(ctx: SourceContext, name: string): ColumnKind | undefined {
  const type = columnTypeName(ctx, name);
  if (/^(string|varchar|text|character|char|bpchar|json)\b/.test(type)) return 'text';
  if (/^(date|timestamp)\b/.test(type)) return 'date';
  if (
    /^(number|integer|int|bigint|smallint|tinyint|hugeint|u?(big|small|tiny|huge)?int|double|decimal|numeric|real|float)\b/.test(
      type,
    )
  )
    return 'number';
  return undefined;
}

/**
 * What an expression over a source's rows knows of the columns it names (nameTyping.ts): `of`
 * gives the source and column a name stands for (the source itself, or a joined one).
 */
export function sourceNameTyping(
  of: (ref: NameRef) => { ctx: SourceContext; column: string } | undefined,
  dialect: Dialect,
): NameTyping {
  return {
    kind: (ref) => {
      const found = of(ref);
      return found ? columnKind(found.ctx, found.column) : undefined;
    },
    asNumber: (ref, sql) => {
      const found = of(ref);
      if (found && holdsNonFinite(found.ctx, found.column))
        return isDecimalColumn(found.ctx, found.column) ? finiteNumericSql(sql) : finiteNumberSql(dialect, sql);
      return (found && textNumberSql(found.ctx, found.column, sql, dialect)) ?? finiteNumberSql(dialect, sql);
    },
    holdsNonFinite: (ref) => {
      const found = of(ref);
      return found !== undefined && holdsNonFinite(found.ctx, found.column);
    },
    asDate: (ref, sql) => {
      // A text is a date only when written as one (csvDialect.ts convertSql): DuckDB's own cast
      // reads `2025-1-1 x` as 1 January. A text as its source writes dates (`date_format`).
      const found = of(ref);
      if (!found || dialect.name !== 'duckdb') return dialect.tryCast(sql, 'DATE');
      const { ctx } = found;
      if (ctx.csv) return convertSql(sql, 'DATE', ctx.csv.dialect, 'UTC');
      return !ctx.table && columnKind(ctx, found.column) === 'text'
        ? convertSql(sql, 'DATE', textDialectOf(ctx.spec), 'UTC')
        : dialect.tryCast(sql, 'DATE');
    },
  };
}

/** The typing of the names of an expression over one source's rows (plain, or qualified by its name). */
export function singleSourceTyping(ctx: SourceContext, dialect: Dialect): NameTyping {
  return sourceNameTyping(
    (ref) =>
      ref.parts.length === 1 || ref.parts[0] === ctx.spec.name
        ? { ctx, column: ref.parts[ref.parts.length - 1] }
        : undefined,
    dialect,
  );
}

/** The header's spelling of a column (names match case-insensitively, as in DuckDB). */
export function resolveColumnName(ctx: Pick<SourceContext, 'columns'>, name: string): string {
  return ctx.columns.find((c) => c === name) ?? ctx.columns.find((c) => c.toLowerCase() === name.toLowerCase()) ?? name;
}

/**
 * What a result remembered in the run memo depends on in a source: its definition, files,
 * format, read options, columns, the files' stamp, its cached copy and its reader SQL.
 */
export function sourceMemoIdentity(ctx: SourceContext): unknown[] {
  return [ctx.spec, ctx.files, ctx.format, ctx.read, ctx.columns, ctx.stamp, ctx.cached ?? null, ctx.selectSql];
}
