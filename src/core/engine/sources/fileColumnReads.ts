// How a Parquet/JSON source's columns are read when the file does not hold them as the KPIs
// need them: a declared type (`columns:`), a time column or a KPI's date column (a churn's
// `end`) held as text, an instant placed in the spec's time zone, DuckDB's JSON type read as
// its text. A text converts as a CSV value does (csvDialect.ts convertSql: a number or a date
// only when written as one — DuckDB's own cast reads `2025-1-1 x` as 1 January and `1e400` as
// nothing), and every value a conversion refuses is counted by the profile (profile.ts) and
// reported, never dropped without a word.
import { quoteIdent, quoteString } from '../sql/sqlText';
import type { SourceSpec } from '../../kpifile/model';
import type { ColumnSqlType, CsvDialect, ReadColumn } from './csvDialect';
import { convertSql, DECLARED_TYPES } from './csvDialect';
import type { Engine } from '../backends/engine';

/** A Parquet/JSON relation's column types as DuckDB reads them (DESCRIBE), by name; an EngineError when it cannot. */
export async function describeFileColumns(
  engine: Engine,
  read: string,
  signal?: AbortSignal,
): Promise<Record<string, string>> {
  const rows = await engine.query(`DESCRIBE SELECT * FROM ${read}`, [], { signal });
  return Object.fromEntries(rows.map((r) => [String(r.column_name), String(r.column_type)]));
}

/** A column read otherwise than the file holds it. */
export interface ColumnRead {
  /** The column's name as the file spells it. */
  name: string;
  /** Its type as DuckDB reads the file (DESCRIBE). */
  stored: string;
  /** The type the KPIs read it as, when it is converted (not only placed in the time zone). */
  type?: ColumnSqlType;
  origin?: Extract<ReadColumn['origin'], 'declared' | 'time' | 'date'>;
  /** The value as the KPIs read it, over the file's column. */
  sql: string;
}

/**
 * How a source's texts write numbers and dates: its `decimal`, `thousands`, `date_format` and
 * `timestamp_format` (a French export's "12,50" and "05/01/2025"), else a decimal point and ISO
 * dates. A JSON/Parquet source's texts are read with it; a CSV's dialect adds its layout keys
 * (csvSource.ts csvDialectOf).
 */
export function textDialectOf(spec: Pick<SourceSpec, 'csv'>): CsvDialect {
  const c = spec.csv;
  return {
    delimiter: ',',
    ...(c.decimal !== undefined ? { decimal: c.decimal } : {}),
    ...(c.thousands !== undefined ? { thousands: c.thousands } : {}),
    ...(c.date_format !== undefined ? { dateFormat: c.date_format } : {}),
    ...(c.timestamp_format !== undefined ? { timestampFormat: c.timestamp_format } : {}),
  };
}

const TEXT_TYPES = /^(VARCHAR|JSON)$/;
const NUMBER_TYPES = /^(DOUBLE|FLOAT|REAL|DECIMAL\(.*\))$/;

/** A column's value as text: DuckDB's JSON type as the text it holds (a string without its quotes). */
function textOf(column: string, stored: string): string {
  return stored === 'JSON' ? `json_extract_string(${column}, '$')` : column;
}

/**
 * A value as the file holds it (DuckDB type `stored`) as VARCHAR, the way a diagnostic shows it
 * (a JSON string without its quotes): the profile's examples, and what fileValuePlaces.ts finds.
 */
export function shownTextSql(column: string, stored: string): string {
  return stored === 'JSON' ? textOf(column, stored) : `CAST(${column} AS VARCHAR)`;
}

/** `column` (of DuckDB type `stored`) as `type`, the value as the KPIs read it. */
function convertedSql(
  column: string,
  stored: string,
  type: ColumnSqlType,
  dialect: CsvDialect,
  timezone: string,
): string {
  if (TEXT_TYPES.test(stored)) {
    const text = textOf(column, stored);
    return type === 'VARCHAR' ? text : convertSql(text, type, dialect, timezone);
  }
  if (type === 'VARCHAR') return `CAST(${column} AS VARCHAR)`;
  if (stored === 'TIMESTAMP WITH TIME ZONE') {
    // An instant is the wall time (or the day) of the spec's time zone, not of UTC.
    const local = `timezone(${quoteString(timezone)}, ${column})`;
    return type === 'DATE' || type === 'TIMESTAMP' ? `CAST(${local} AS ${type})` : `TRY_CAST(${local} AS ${type})`;
  }
  // DuckDB's cast rounds 12.5 to 13: a whole number only when the value is one.
  if (type === 'BIGINT' && NUMBER_TYPES.test(stored))
    return `(CASE WHEN ${column} = trunc(${column}) THEN TRY_CAST(${column} AS BIGINT) END)`;
  return `TRY_CAST(${column} AS ${type})`;
}

/** Whether a column of DuckDB type `stored` is already of `type` (no conversion to check). */
function holds(stored: string, type: ColumnSqlType): boolean {
  if (stored === type) return true;
  if (type === 'DOUBLE')
    return /^(DOUBLE|FLOAT|REAL|BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|U?(BIG|SMALL|TINY)?INT|DECIMAL\(.*\))$/.test(
      stored,
    );
  if (type === 'BIGINT') return /^(INTEGER|SMALLINT|TINYINT|UINTEGER|USMALLINT|UTINYINT)$/.test(stored);
  return false;
}

/**
 * The columns of a Parquet/JSON source read otherwise than the file holds them. `types` is the
 * file's DuckDB type by column (DESCRIBE); `spec` the source (its `columns:` and the way its
 * texts write numbers and dates); `times` its time columns and those of its KPIs; `dates` the
 * other columns its KPIs read as dates.
 */
export function fileColumnReads(
  types: Record<string, string>,
  spec: Pick<SourceSpec, 'columns' | 'csv'>,
  times: Set<string>,
  dates: Set<string>,
  timezone: string,
): ColumnRead[] {
  const declared = spec.columns;
  const dialect = textDialectOf(spec);
  // Dates written in a `date_format` (and no `timestamp_format`) are read as dates; else as timestamps.
  const timeType: ColumnSqlType = dialect.dateFormat && !dialect.timestampFormat ? 'DATE' : 'TIMESTAMP';
  const lower = (s: string) => s.toLowerCase();
  const declaredOf = (name: string) => Object.entries(declared).find(([c]) => lower(c) === lower(name))?.[1];
  const has = (set: Set<string>, name: string) => [...set].some((c) => lower(c) === lower(name));
  const out: ColumnRead[] = [];
  for (const [name, stored] of Object.entries(types)) {
    const column = quoteIdent(name);
    const d = declaredOf(name);
    const type = d ? (DECLARED_TYPES[d] ?? 'VARCHAR') : undefined;
    if (type) {
      // A declared number the file holds as a number (an exact decimal stays one) is read as it is.
      if (!holds(stored, type))
        out.push({
          name,
          stored,
          type,
          origin: 'declared',
          sql: convertedSql(column, stored, type, dialect, timezone),
        });
      continue;
    }
    // A time column or a KPI's date column written as text: read as a timestamp (a text with an
    // offset is an instant, placed in the time zone), as a CSV's are.
    const origin = has(times, name) ? 'time' : has(dates, name) ? 'date' : undefined;
    if (origin && TEXT_TYPES.test(stored)) {
      out.push({
        name,
        stored,
        type: timeType,
        origin,
        sql: convertedSql(column, stored, timeType, dialect, timezone),
      });
    } else if (stored === 'TIMESTAMP WITH TIME ZONE' && timezone !== 'UTC') {
      // Instants become the wall time of the spec's time zone (UTC's is the session's own).
      out.push({ name, stored, sql: `timezone(${quoteString(timezone)}, ${column})` });
    } else if (stored === 'JSON') {
      // A JSON column of mixed values (5 and "abc") or of nulls only is DuckDB's JSON type, which
      // compares with nothing and fails on a text that is not a number: it is read as its text.
      out.push({ name, stored, type: 'VARCHAR', sql: textOf(column, stored) });
    }
  }
  return out;
}

/**
 * The column reads whose conversion may refuse a value (a text that is no number, 12.5 as a whole
 * number), other than the source's time column's, declared or not (the profile counts those as
 * rows without a date).
 */
export function checkedReads(reads: ColumnRead[], time: string | undefined): ColumnRead[] {
  const isTime = (name: string) => time !== undefined && name.toLowerCase() === time.toLowerCase();
  return reads.filter(
    (r) => r.type !== undefined && r.type !== 'VARCHAR' && !isTime(r.name) && !holds(r.stored, r.type),
  );
}

/** The SQL of a value of `read` that its conversion refused, over `raw` (the value as the file holds it) and `value` (as read). */
export function refusedSql(read: ColumnRead, raw: string, value: string): string {
  const text = TEXT_TYPES.test(read.stored) ? textOf(raw, read.stored) : undefined;
  // An empty text is an empty value, as an empty CSV field.
  return text
    ? `(${value} IS NULL AND ${text} IS NOT NULL AND trim(${text}) <> '')`
    : `(${value} IS NULL AND ${raw} IS NOT NULL)`;
}

/** The file's types with the reads applied: what a column is once read (sourceContext.ts columnKind). */
export function typesAsRead(types: Record<string, string>, reads: ColumnRead[]): Record<string, string> {
  const out = { ...types };
  for (const r of reads) if (r.type) out[r.name] = r.type;
  return out;
}
