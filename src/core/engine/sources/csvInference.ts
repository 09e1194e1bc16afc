// The type inference of a CSV source's columns from its first rows (csvSourceRead.ts
// planColumns): one query classing every non-empty value by the same rules as the read
// (csvDialect.ts convertSql), the type each column gets from the kinds found, how its numbers
// are written (a hint for the conversion's fast path), and the next wider type when a later
// value does not convert.
import { convertSql, decimalFor, isDecimal, numberTextSql, WIDE_DECIMAL } from './csvDialect';
import type { ColumnSqlType, CsvDialect } from './csvDialect';
import { quoteIdent, quoteString } from '../sql/sqlText';

/**
 * One row: for every column that may be inferred, the set (a bit mask) of the kinds of its
 * non-empty values in the first `sample` rows, each value classed by the first rule it meets
 * (ours, the same as the read): 0 a whole number with a leading zero (00042: a code), 1 a whole
 * number, 2 a decimal number, 3 true/false, 4 a date, 5 a timestamp, 6 anything else.
 */
export function inferSql(
  columns: string[],
  rawSql: string,
  dialect: CsvDialect,
  timezone: string,
  sample: number,
): string {
  const parts = columns.map((name, i) => {
    const v = quoteIdent(name);
    const t = `trim(${v})`;
    const n = numberTextSql(v, dialect);
    const isNumber = `${convertSql(v, 'DOUBLE', dialect, timezone)} IS NOT NULL`;
    const dateOnly = dialect.dateFormat
      ? `try_strptime(${t}, ${quoteString(dialect.dateFormat)}) IS NOT NULL`
      : `length(${t}) <= 10 AND TRY_CAST(${t} AS DATE) IS NOT NULL`;
    const kind =
      // A leading zero makes a code of a whole number only (00042), not of a date (05/01/2025)
      // or of a decimal (007,50).
      `(CASE WHEN regexp_matches(${t}, '^[+-]?0[0-9]') AND ${isNumber} AND strpos(${n}, '.') = 0 THEN 0` +
      ` WHEN ${convertSql(v, 'BIGINT', dialect, timezone)} IS NOT NULL THEN 1` +
      ` WHEN ${isNumber} THEN 2` +
      ` WHEN lower(${t}) IN ('true', 'false') THEN 3` +
      ` WHEN ${dateOnly} THEN 4` +
      ` WHEN regexp_matches(${t}, '^[0-9]') AND ${convertSql(v, 'TIMESTAMP', dialect, timezone)} IS NOT NULL THEN 5` +
      ' ELSE 6 END)';
    // The digits of its numbers before and after the point (trailing zeros after it are not
    // digits a decimal needs; `written` counts them), and whether one has an exponent.
    const whole = `length(ltrim(regexp_replace(split_part(${n}, '.', 1), '[+-]', ''), '0'))`;
    const scale = `length(rtrim(split_part(${n}, '.', 2), '0'))`;
    const written = `length(split_part(${n}, '.', 2))`;
    return (
      `coalesce(bit_or(CAST(1 AS INTEGER) << ${kind}) FILTER (WHERE ${t} <> ''), 0) AS "__kind${i}", ` +
      `coalesce(max(${whole}) FILTER (WHERE ${isNumber}), 0) AS "__whole${i}", ` +
      `coalesce(max(${scale}) FILTER (WHERE ${isNumber}), 0) AS "__scale${i}", ` +
      // Every non-empty value counts: it is only used when all are numbers (a number column).
      `histogram(${written}) FILTER (WHERE ${t} <> '') AS "__written${i}", ` +
      `coalesce(bool_or(regexp_matches(${n}, '[eE]')) FILTER (WHERE ${isNumber}), false) AS "__exp${i}"`
    );
  });
  return `SELECT ${parts.join(', ')} FROM (SELECT * FROM ${rawSql} LIMIT ${Math.trunc(sample)})`;
}

/**
 * How many digits after the point most of the sampled column's numbers are written with (the
 * fewer when as many have each; ReadColumn.written); meant for a column whose first rows are
 * all numbers. Undefined when it had none.
 */
export function writtenScale(row: Record<string, unknown>, i: number): number | undefined {
  // DuckDB's map, as the engine passes nested values: JSON text ({"2": 20311, "1": 169}).
  const value = row[`__written${i}`];
  let histogram: unknown;
  try {
    histogram = typeof value === 'string' ? JSON.parse(value) : value;
  } catch {
    return undefined;
  }
  if (!histogram || typeof histogram !== 'object') return undefined;
  let best: [number, number] | undefined;
  for (const [digits, count] of Object.entries(histogram).map(([k, n]) => [Number(k), Number(n)])) {
    if (!Number.isInteger(digits) || !(count > 0)) continue;
    if (!best || count > best[1] || (count === best[1] && digits < best[0])) best = [digits, count];
  }
  return best?.[0];
}

/** The type a sampled column gets from the row of inferSql. */
export function inferredType(row: Record<string, unknown>, i: number): ColumnSqlType {
  const mask = Number(row[`__kind${i}`] ?? 0);
  const only = (...kinds: number[]) => mask !== 0 && (mask & ~kinds.reduce((m, k) => m | (1 << k), 0)) === 0;
  if (only(3)) return 'BOOLEAN';
  if (only(1)) return 'BIGINT';
  if (only(1, 2))
    return decimalFor(Number(row[`__whole${i}`] ?? 0), Number(row[`__scale${i}`] ?? 0), row[`__exp${i}`] === true);
  if (only(4)) return 'DATE';
  if (only(4, 5)) return 'TIMESTAMP';
  return 'VARCHAR';
}

/**
 * Whether a sampled column holds dates and no instant (a time of day): a time column of dates
 * with some other texts among them (n/a) is read as dates, and those texts are reported.
 */
export function onlyDates(row: Record<string, unknown>, i: number): boolean {
  const mask = Number(row[`__kind${i}`] ?? 0);
  return (mask & (1 << 4)) !== 0 && (mask & (1 << 5)) === 0;
}

/**
 * The type of a column declared `number`, from the row of inferSql: the decimal that holds the
 * first rows' numbers (whole ones, with leading zeros or not, included), else a double (no number
 * there, or an exponent). Values that are no numbers (abc) do not change it: they are read as
 * empty and reported, and the numbers stay exact.
 */
export function declaredNumberType(row: Record<string, unknown>, i: number): ColumnSqlType {
  const mask = Number(row[`__kind${i}`] ?? 0);
  // Kinds 0, 1 and 2 (whole numbers, with a leading zero or not, and decimals): at least one.
  if ((mask & 0b111) === 0) return 'DOUBLE';
  return decimalFor(Number(row[`__whole${i}`] ?? 0), Number(row[`__scale${i}`] ?? 0), row[`__exp${i}`] === true);
}

/**
 * The next wider type of an inferred column some of whose values did not convert (whole
 * numbers → wide decimals → doubles → text; dates → timestamps; anything else → text).
 */
export function widerType(type: ColumnSqlType): ColumnSqlType {
  if (type === 'BIGINT') return WIDE_DECIMAL;
  if (isDecimal(type)) return type === WIDE_DECIMAL ? 'DOUBLE' : WIDE_DECIMAL;
  if (type === 'DATE') return 'TIMESTAMP';
  return 'VARCHAR';
}
