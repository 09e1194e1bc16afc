// How a CSV/TSV source is read: its dialect (delimiter, quote, decimal and thousands
// separators, date and timestamp formats, header, leading lines to skip, encoding), the
// raw reader SQL (every column as text, rows with a wrong number of fields sent to a
// rejects table with their line numbers) and, per column, the typed SQL that converts its
// text (ours, not DuckDB's sniffer: the same rules for the whole file).
import { quoteIdent, quoteString } from '../sql/sqlText';
import { DATE_TEXT, MINUTES_BEFORE_OFFSET, OFFSET_PATTERN, TIMESTAMP_TEXT } from '../sql/timeTexts';

export interface CsvDialect {
  delimiter: string;
  quote?: string;
  /** The decimal separator ('.' by default, ',' in French exports). */
  decimal?: string;
  /** The thousands separator, stripped before a number is converted (' ' also strips U+00A0 and U+202F). */
  thousands?: string;
  /** strftime-style format of date values, e.g. %d/%m/%Y. */
  dateFormat?: string;
  /** strftime-style format of timestamp values, e.g. %d/%m/%Y %H:%M. */
  timestampFormat?: string;
  /** Whether the first (not skipped) line names the columns (default true). */
  header?: boolean;
  /** Lines skipped before the header (or the first row). */
  skip?: number;
  encoding?: string;
  /** How the lines of a one-file source are laid out, found once (csvLayout.ts): its reads sniff nothing. */
  layout?: CsvLayout;
  /**
   * Read with one thread where rows that do not parse are skipped without a rejects table: DuckDB's
   * parallel reader then also drops the rows after a broken quote up to the end of its buffer
   * (5 000 rows of a 30 000-row file, silently). Set for several files, and for a file whose read
   * found malformed rows (csvSource.ts).
   */
  serial?: boolean;
}

/** What DuckDB's sniffer finds of a file beyond the dialect's keys, given to every read of it. */
export interface CsvLayout {
  /** The character before a quote inside a quoted value ('"' doubles it, '\\' escapes it). */
  escape: string;
  /** The line end, as DuckDB writes it ('\\n', '\\r\\n' or '\\r'). */
  newline: string;
  /** The character starting a comment line, or ''. */
  comment: string;
}

/**
 * An exact decimal (DuckDB names): 18 digits (held in 64 bits) as inferred from the first rows,
 * 38 (128 bits) once a later value needs more. Its sums are exact, so they do not depend on
 * the order in which threads add them up (docs/DSL.md, "Column types").
 */
export type DecimalSqlType = `DECIMAL(18,${number})` | `DECIMAL(38,${number})`;

/** The types a column is read as (DuckDB names). */
export type ColumnSqlType = 'VARCHAR' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'DATE' | 'TIMESTAMP' | DecimalSqlType;

/** The decimal a column is widened to when a value does not fit its first one: 28 digits before the point, 10 after. */
export const WIDE_DECIMAL: DecimalSqlType = 'DECIMAL(38,10)';
/** Digits after the point a decimal column gets at least (so 12.5 then 12.25 needs no second read). */
const MIN_SCALE = 4;
/** More digits after the point than this in the first rows: the column is read as a binary double. */
const MAX_SCALE = 10;

export function isDecimal(type: ColumnSqlType): type is DecimalSqlType {
  return type.startsWith('DECIMAL(');
}

/** The precision and scale of a decimal type. */
export function decimalParts(type: DecimalSqlType): { precision: number; scale: number } {
  const [precision, scale] = type.slice('DECIMAL('.length, -1).split(',').map(Number);
  return { precision, scale };
}

/**
 * The decimal that holds every value of the first rows: `whole` digits before the point and
 * `scale` after (at most); a binary double when they had an exponent or too many digits.
 */
export function decimalFor(whole: number, scale: number, exponent: boolean): ColumnSqlType {
  if (exponent || scale > MAX_SCALE) return 'DOUBLE';
  const s = Math.max(scale, Math.min(MIN_SCALE, 18 - whole));
  if (whole + s <= 18) return `DECIMAL(18,${s})`;
  return whole <= 28 ? WIDE_DECIMAL : 'DOUBLE';
}

/** The read type in the language's words (string, number, …). */
export function typeName(type: ColumnSqlType): string {
  if (isDecimal(type)) return 'number';
  return {
    VARCHAR: 'string',
    BIGINT: 'integer',
    DOUBLE: 'number',
    BOOLEAN: 'boolean',
    DATE: 'date',
    TIMESTAMP: 'timestamp',
  }[type];
}

/** The language's column types (`columns:`) as read types. */
export const DECLARED_TYPES: Record<string, ColumnSqlType> = {
  string: 'VARCHAR',
  number: 'DOUBLE',
  integer: 'BIGINT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

/** A column as the source reads it: its header name, its type and where the type comes from. */
export interface ReadColumn {
  name: string;
  type: ColumnSqlType;
  /**
   * declared in `columns:`, an identifier-like column kept as text, a time column (a date or
   * timestamp whatever its values: those that are not are reported), another column a KPI reads
   * as dates (a churn's `end`: the same, csvSource.ts dateFieldColumns), or inferred from the values.
   */
  origin: 'declared' | 'identifier' | 'time' | 'date' | 'inferred';
  /**
   * A number column: how many digits after the point most of its first rows' numbers are
   * written with (trailing zeros counted; 0 for whole numbers). Only a hint making the conversion quicker
   * (convertSql): every value converts the same with or without it.
   */
  written?: number;
  /** An inferred text column whose first values are mostly different ones (csvInference.ts namesRows). */
  namesRows?: boolean;
}

/** The names DuckDB gives the columns of a file without a header: column1, column2, … */
export function headerlessNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `column${i + 1}`);
}

/** How rawCsvSql reads, beyond the dialect. */
export interface RawReadOptions {
  /** The table the rows with a wrong number of fields go to, with their lines (one file only). */
  rejects?: { table: string; scan: string };
  /** One column read by DuckDB's own parser as that type (the others as text). */
  typed?: { column: string; type: ColumnSqlType };
  /** Short rows padded with nulls instead of left out (to count them). */
  lenient?: boolean;
  /**
   * Only the first rows are read (a LIMIT follows): small read buffers. DuckDB's default buffer
   * (16 times the longest line allowed, 32 MB) is filled before the first row comes out; with
   * 2 MB, the longest line DuckDB allows still fits, and the first 20 480 rows of a 480 MB file
   * come out in about 40 ms instead of 180 (issue 21).
   */
  sample?: boolean;
}

/** The read buffer of a sample read (2 MiB): a line of MAX_LINE_BYTES fits. */
export const SAMPLE_BUFFER_BYTES = 2 * 1024 * 1024;
/**
 * The longest line DuckDB reads, its default, said explicitly in a sample read: a smaller
 * buffer would otherwise lower it to the buffer's size, and a longer line is then refused with
 * the same words as by the whole-file read.
 */
export const MAX_LINE_BYTES = 2_000_000;

/** DuckDB's CSV options of the dialect's keys: header, delimiter, quote, lines skipped. */
export function dialectOptions(dialect: CsvDialect): string[] {
  return [
    `header = ${dialect.header ?? true}`,
    `delim = ${quoteString(dialect.delimiter)}`,
    `quote = ${quoteString(dialect.quote ?? '"')}`,
    `skip = ${Math.max(0, Math.trunc(dialect.skip ?? 0))}`,
  ];
}

/**
 * `read_csv(...)` of the files with every column as text. Rows with a wrong number of fields
 * (or a broken quote) are left out and, with `rejects`, written to that table with their line.
 * With `typed`, that one column is read by DuckDB's own parser as that type (with the
 * dialect's decimal separator and formats), so a value it cannot convert is rejected with its line.
 */
export function rawCsvSql(files: string[], dialect: CsvDialect, columns: string[], how: RawReadOptions = {}): string {
  const { rejects, typed, lenient = false, sample = false } = how;
  const list = `[${files.map(quoteString).join(', ')}]`;
  const header = dialect.header ?? true;
  // Columns are matched by name in every file of a glob (union_by_name); the reader's
  // sniffer only finds the line endings, the escape and comment characters — for one file,
  // found once and given (csvLayout.ts): the sniffer reads 32 MB at each read otherwise,
  // about 0.1 s of a 480 MB file's read (issue 21).
  const layout = files.length === 1 ? dialect.layout : undefined;
  const typeOf = (c: string) => (typed && typed.column === c ? typed.type : 'VARCHAR');
  const options = [
    ...dialectOptions(dialect),
    ...(files.length > 1 ? ['union_by_name = true'] : []),
    ...(layout
      ? [
          'auto_detect = false',
          `columns = {${columns.map((c) => `${quoteString(c)}: ${quoteString(typeOf(c))}`).join(', ')}}`,
          `escape = ${quoteString(layout.escape)}`,
          `new_line = ${quoteString(layout.newline)}`,
          `comment = ${quoteString(layout.comment)}`,
        ]
      : [
          ...(header ? [] : [`names = [${columns.map(quoteString).join(', ')}]`]),
          ...(typed ? [`types = {${quoteString(typed.column)}: ${quoteString(typed.type)}}`] : ['all_varchar = true']),
        ]),
    ...(dialect.encoding ? [`encoding = ${quoteString(dialect.encoding)}`] : []),
    // DuckDB keeps no rejects table for many files read by name.
    ...(rejects && files.length === 1
      ? [
          'store_rejects = true',
          `rejects_table = ${quoteString(rejects.table)}`,
          `rejects_scan = ${quoteString(rejects.scan)}`,
        ]
      : ['ignore_errors = true', ...(dialect.serial || files.length > 1 ? ['parallel = false'] : [])]),
    ...(lenient ? ['null_padding = true', 'strict_mode = false'] : []),
    ...(sample ? [`buffer_size = ${SAMPLE_BUFFER_BYTES}`, `max_line_size = ${MAX_LINE_BYTES}`] : []),
    ...(typed && dialect.decimal && dialect.decimal !== '.'
      ? [`decimal_separator = ${quoteString(dialect.decimal)}`]
      : []),
    ...(typed && dialect.dateFormat ? [`dateformat = ${quoteString(dialect.dateFormat)}`] : []),
    ...(typed && dialect.timestampFormat ? [`timestampformat = ${quoteString(dialect.timestampFormat)}`] : []),
  ];
  return `read_csv(${list}, ${options.join(', ')})`;
}

/**
 * SQL of a (trimmed) text value turned into the local time of `timezone` (an instant) or kept (a
 * wall time); null unless it is written as TIMESTAMP_TEXT.
 */
function localTimestampSql(v: string, timezone: string): string {
  // The seconds added only where they are missing: a replacement copies every text (2.1 s of CPU
  // per 10M instants, against 0.9 s for the test).
  const text = `(CASE WHEN regexp_matches(${v}, '${MINUTES_BEFORE_OFFSET}') THEN regexp_replace(${v}, '${MINUTES_BEFORE_OFFSET}', '\\1\\2:00\\3') ELSE ${v} END)`;
  const instant = `TRY_CAST(${text} AS TIMESTAMPTZ)`;
  // In UTC, the instant's wall time is its microseconds since 1970 (2.3 s of CPU less per 10M
  // instants than ICU's conversion, the same values); elsewhere ICU applies the zone's rules.
  const local =
    timezone === 'UTC' ? `make_timestamp(epoch_us(${instant}))` : `timezone(${quoteString(timezone)}, ${instant})`;
  return `(CASE WHEN NOT regexp_full_match(${v}, '${TIMESTAMP_TEXT}') THEN NULL WHEN regexp_matches(${v}, '${OFFSET_PATTERN}') THEN ${local} ELSE TRY_CAST(${v} AS TIMESTAMP) END)`;
}

/** What `thousands: " "` stands for, as a regular expression class: a space, or the no-break spaces French exports write. */
export const THOUSANDS_SPACES = '[ \u00a0\u202f]';

/**
 * The text of a number with the declared thousands separator removed and the decimal comma made
 * a point; trimmed of spaces unless `trimmed` is false (the fast path of numberConversionSql). A
 * text with the separator elsewhere than between groups of three digits is no number (null): with
 * `thousands: '.'`, `1.234,5` is 1234.5 but `1.5` and the date `05.01.2025` are not 15 and 5012025.
 */
export function numberTextSql(v: string, dialect: CsvDialect, trimmed = true): string {
  let out = trimmed ? `trim(${v})` : v;
  const t = dialect.thousands;
  if (t) {
    const sep = t === ' ' ? THOUSANDS_SPACES : regexpEscape(t);
    const grouped = `^[+-]?[0-9]{1,3}(${sep}[0-9]{3})+(${regexpEscape(dialect.decimal ?? '.')}[0-9]*)?$`;
    const removed = t === ' ' ? `regexp_replace(${out}, '${sep}', '', 'g')` : `replace(${out}, ${quoteString(t)}, '')`;
    const has = t === ' ' ? `regexp_matches(${out}, '${sep}')` : `strpos(${out}, ${quoteString(t)}) > 0`;
    out = `(CASE WHEN NOT ${has} THEN ${out} WHEN regexp_full_match(${out}, ${quoteString(grouped)}) THEN ${removed} END)`;
  }
  // With a decimal comma, a point is no decimal point (nor, unless it is the thousands separator,
  // anything else): `1.234` in a French export is refused and told, not read as 1.234.
  if (dialect.decimal && dialect.decimal !== '.')
    out = `(CASE WHEN strpos(${out}, '.') = 0 THEN replace(${out}, ${quoteString(dialect.decimal)}, '.') END)`;
  return out;
}

/**
 * SQL converting the text of a number whose text (after the dialect's separators) fully matches
 * `pattern` to `type`, else null. Trimming every value costs about as much as converting it, so
 * the text is first tried as it is: a text that matches has no space at either end (the pattern
 * has none; a space thousands separator is removed anyway), so it is what trimming would give,
 * and only the values that do not match are trimmed and tried again — the same result for every
 * value, about 0.6 s less CPU per 10M values (issue 21).
 *
 * With `canonical` (a type whose text DuckDB writes one way only: BIGINT, or a decimal of at
 * most the column's scale), a text that is already what DuckDB writes for its own value under
 * that type (`-12.50`, `42`) is converted without the pattern: such a text always matches the
 * pattern when its value fits `type` (a sign, digits without leading zeros, the point and the
 * canonical type's digits after it), and TRY_CAST gives null when it does not fit, as the
 * pattern's path would. Only the other texts (`+5`, ` 12.5`, `1e5`, `1_000`, `12.3456789`) go
 * through the pattern. The same result for every value; the pattern costs four times the
 * casts (0.4 s less CPU per 10M amounts, issue 21).
 */
function numberConversionSql(
  v: string,
  dialect: CsvDialect,
  pattern: string,
  type: string,
  canonical?: string,
  first?: string,
): string {
  const raw = numberTextSql(v, dialect, false);
  const trimmed = numberTextSql(v, dialect);
  const cast = first ?? `TRY_CAST(${raw} AS ${canonical})`;
  const fast = canonical ? `WHEN CAST(${cast} AS VARCHAR) = ${raw} THEN TRY_CAST(${first ?? raw} AS ${type}) ` : '';
  return `(CASE ${fast}WHEN regexp_full_match(${raw}, '${pattern}') THEN TRY_CAST(${raw} AS ${type}) WHEN regexp_full_match(${trimmed}, '${pattern}') THEN TRY_CAST(${trimmed} AS ${type}) END)`;
}

/**
 * The type whose canonical text a number column's values have when written with `written`
 * digits after the point (numberConversionSql's fast path): BIGINT for whole numbers in a
 * BIGINT column, the decimal of that scale when it is no more than the column's; else none.
 */
function canonicalType(type: 'BIGINT' | DecimalSqlType, written: number | undefined): string | undefined {
  if (written === undefined || !Number.isInteger(written) || written < 0) return undefined;
  if (type === 'BIGINT') return written === 0 ? 'BIGINT' : undefined;
  const { precision, scale } = decimalParts(type);
  return written <= scale ? `DECIMAL(${precision},${written})` : undefined;
}

/**
 * The cast a column's conversion starts with for most values (a plain date's or wall time's
 * cast, a number's cast to its canonical type), or undefined. typedSelectSql computes it once per value in a
 * SELECT below the conversion, which then reads it (convertSql's `first`) where it would
 * otherwise cast the text twice, in its test and in its result: the same values, about 0.2 s
 * less CPU per 10M dates and 0.15 s per 10M amounts (issue 21).
 */
function firstCastSql(
  v: string,
  type: ColumnSqlType,
  dialect: CsvDialect,
  written: number | undefined,
): string | undefined {
  if (type === 'DATE') return dialect.dateFormat ? undefined : `TRY_CAST(${v} AS DATE)`;
  if (type === 'TIMESTAMP') return dialect.timestampFormat ? undefined : `TRY_CAST(${v} AS TIMESTAMP)`;
  if (type !== 'BIGINT' && !isDecimal(type)) return undefined;
  const canonical = canonicalType(type, written);
  return canonical ? `TRY_CAST(${numberTextSql(v, dialect, false)} AS ${canonical})` : undefined;
}

/** The text of a number (after the dialect's separators): digits, a point, an exponent. */
const NUMBER_PATTERN = '[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?';

/**
 * A text as an exact number (DECIMAL(38,10)), read as the file writes numbers: how a column held
 * as text (one `n/a` among its numbers) is summed and compared, exactly and whatever the order
 * rows are added in, as a column of numbers is (0.1 × 3 = 0.3). Null when the text is not a
 * number or has more than 28 digits before the point; digits past the tenth after it are rounded.
 */
export function exactTextNumberSql(v: string, dialect: CsvDialect): string {
  const n = numberTextSql(v, dialect);
  return `(CASE WHEN regexp_full_match(${n}, '${NUMBER_PATTERN}') THEN TRY_CAST(${n} AS ${WIDE_DECIMAL}) END)`;
}

/** A character as a literal of a regular expression (a separator: `.`, `'`, `,`). */
function regexpEscape(c: string): string {
  return c.replace(/[\\^$.*+?()[\]{}|]/g, (x) => `\\${x}`);
}

function hasZone(format: string): boolean {
  return /%z|%Z/.test(format);
}

/**
 * The date part of a timestamp format, when it writes the date first (`%d/%m/%Y %H:%M` →
 * `%d/%m/%Y`): what comes before its first time of day, without the separator (a space, a T).
 */
export function datePartOf(format: string): string | undefined {
  const time = format.search(/%[HIMSpfgnXTRr]/);
  if (time <= 0) return undefined;
  const date = format.slice(0, time).replace(/[\sT,]+$/, '');
  return /%[dj]/.test(date) && /%[mbB]/.test(date) && /%[Yy]/.test(date) ? date : undefined;
}

/**
 * Whether `text` is exactly how DuckDB writes `cast`, its date or timestamp (2025-01-05,
 * 2025-01-05 14:05:00), of a year 1–9999 (DuckDB writes BC years and years past 9999 too): such
 * a text is that value, with nothing around it, and the conversion takes the cast as it is.
 */
function ownTextSql(cast: string, text: string, type: 'DATE' | 'TIMESTAMP'): string {
  const last = type === 'DATE' ? `DATE '9999-12-31'` : `TIMESTAMP '9999-12-31 23:59:59.999999'`;
  return `CAST(${cast} AS VARCHAR) = ${text} AND ${cast} BETWEEN ${type} '0001-01-01' AND ${last}`;
}

/**
 * SQL of a text read with a strftime-style `format` (null when it does not match). DuckDB's `%Y`
 * takes a year of one to four digits, so `05/01/25` where the format says `%d/%m/%Y` would be
 * the year 25, silently: there a year before 1000 is no date (`%y` is the two-digit year).
 */
export function formatParseSql(text: string, format: string): string {
  const parsed = `try_strptime(${text}, ${quoteString(format)})`;
  return /%Y/.test(format) ? `(CASE WHEN year(${parsed}) >= 1000 THEN ${parsed} END)` : parsed;
}

/**
 * SQL converting the text `v` to `type` (null when it does not convert). `timezone` gives
 * instants their date; `written`, the digits after the point a number column's values are
 * written with in its first rows (ReadColumn.written), only makes the conversion quicker; so
 * does `first`, SQL naming the value of firstCastSql(v, type, dialect, written) when a SELECT
 * below computed it.
 */
export function convertSql(
  v: string,
  type: ColumnSqlType,
  dialect: CsvDialect,
  timezone: string,
  written?: number,
  first?: string,
): string {
  switch (type) {
    case 'VARCHAR':
      return v;
    case 'BIGINT':
      // Only whole numbers: DuckDB's own cast would round 12.5 to 13.
      return numberConversionSql(v, dialect, '[+-]?[0-9]+', 'BIGINT', canonicalType(type, written), first);
    case 'DOUBLE': {
      // A number too large for a double (1e400) is not one: DuckDB's cast would give infinity.
      const number = numberConversionSql(v, dialect, NUMBER_PATTERN, 'DOUBLE');
      return `(CASE WHEN isfinite(${number}) THEN ${number} END)`;
    }
    case 'BOOLEAN':
      return `(CASE lower(trim(${v})) WHEN 'true' THEN true WHEN 'false' THEN false WHEN 'yes' THEN true WHEN 'no' THEN false WHEN 't' THEN true WHEN 'f' THEN false WHEN '1' THEN true WHEN '0' THEN false END)`;
    case 'DATE':
      if (dialect.dateFormat) {
        const parsed = formatParseSql(`trim(${v})`, dialect.dateFormat);
        return `CAST(${hasZone(dialect.dateFormat) ? `timezone(${quoteString(timezone)}, ${parsed})` : parsed} AS DATE)`;
      }
      // A date written as DuckDB writes it (2025-01-05: the common case) is its cast, untrimmed:
      // trimming every value costs twice the cast. Any other text is a date only when written as
      // DATE_TEXT, or a timestamp's day (its instant's day in `timezone`).
      return `(CASE ${first ? `WHEN ${ownTextSql(first, v, 'DATE')} THEN ${first} ` : ''}WHEN regexp_full_match(trim(${v}), '${DATE_TEXT}') THEN TRY_CAST(trim(${v}) AS DATE) ELSE CAST(${localTimestampSql(`trim(${v})`, timezone)} AS DATE) END)`;
    case 'TIMESTAMP':
      if (dialect.timestampFormat) {
        const parsed = formatParseSql(`trim(${v})`, dialect.timestampFormat);
        const instant = hasZone(dialect.timestampFormat) ? `timezone(${quoteString(timezone)}, ${parsed})` : parsed;
        // A date alone among the timestamps (2025-01-06 beside 2025-01-05 14:00, as in ISO texts)
        // is its midnight, written as the dates of the file or as the timestamp format's date part.
        const dates = dialect.dateFormat ?? datePartOf(dialect.timestampFormat);
        return dates && !hasZone(dates) ? `coalesce(${instant}, ${formatParseSql(`trim(${v})`, dates)})` : instant;
      }
      // A wall time written as DuckDB writes one (2025-01-05 14:05:00: no offset, nothing
      // around it) is its cast: the patterns of the other texts cost six times the cast.
      return first
        ? `(CASE WHEN ${ownTextSql(first, v, 'TIMESTAMP')} THEN ${first} ELSE ${localTimestampSql(`trim(${v})`, timezone)} END)`
        : localTimestampSql(`trim(${v})`, timezone);
    default: {
      // Only the numbers the decimal holds exactly (zeros after its last digit are exact too):
      // DuckDB's own cast would round 1.23456 to 1.2346.
      const { precision, scale } = decimalParts(type);
      const whole = precision - scale;
      return numberConversionSql(
        v,
        dialect,
        `[+-]?0*([0-9]{1,${whole}}([.][0-9]{0,${scale}}0*)?|[.][0-9]{1,${scale}}0*)`,
        type,
        canonicalType(type, written),
        first,
      );
    }
  }
}

/** The name of the flag column telling that column `i`'s text did not convert. */
export function badFlagName(i: number): string {
  return `__kpilens_bad_${i}`;
}

/** The name of the column holding column `i`'s first cast (firstCastSql) below its conversion. */
function firstCastName(i: number): string {
  return `__kpilens_cast_${i}`;
}

/** Whether a column's text is converted (and so can fail). */
export function converts(column: ReadColumn): boolean {
  return column.type !== 'VARCHAR';
}

/**
 * SELECT of the typed columns over the raw reader; with `flags`, one more column per
 * converted column, true where a non-empty text did not convert (null elsewhere).
 */
export function typedSelectSql(
  columns: ReadColumn[],
  rawSql: string,
  dialect: CsvDialect,
  timezone: string,
  flags: boolean,
): string {
  // Each conversion's first cast, computed once per value (firstCastSql) in a SELECT below.
  const firsts = columns.map((c) => firstCastSql(quoteIdent(c.name), c.type, dialect, c.written));
  const casts = firsts.flatMap((f, i) => (f ? [`${f} AS ${quoteIdent(firstCastName(i))}`] : []));
  const from = casts.length ? `(SELECT *, ${casts.join(', ')} FROM ${rawSql}) AS "__cast"` : rawSql;
  const typed = columns.map((c, i) => {
    const v = quoteIdent(c.name);
    const first = firsts[i] ? quoteIdent(firstCastName(i)) : undefined;
    return `${convertSql(v, c.type, dialect, timezone, c.written, first)} AS ${v}`;
  });
  if (!flags) return `SELECT ${typed.join(', ')} FROM ${from}`;
  // Each value is converted once: the inner SELECT keeps the text beside the typed value.
  const texts = columns
    .map((c, i) => (converts(c) ? `${quoteIdent(c.name)} AS "__text${i}"` : ''))
    .filter((x) => x !== '');
  const outer = columns.map((c) => quoteIdent(c.name));
  columns.forEach((c, i) => {
    if (converts(c))
      outer.push(
        `(CASE WHEN trim("__text${i}") <> '' AND ${quoteIdent(c.name)} IS NULL THEN true END) AS ${quoteIdent(badFlagName(i))}`,
      );
  });
  return `SELECT ${outer.join(', ')} FROM (SELECT ${[...typed, ...texts].join(', ')} FROM ${from}) AS "__typed"`;
}

/** SELECT of the named columns (not the flags) of a typed copy. */
export function copySelectSql(columns: ReadColumn[], readSql: string): string {
  return `SELECT ${columns.map((c) => quoteIdent(c.name)).join(', ')} FROM ${readSql}`;
}
