// The type inference of a CSV source's columns from its first rows (csvSourceRead.ts
// planColumns): one query classing every non-empty value by the same rules as the read
// (csvDialect.ts convertSql), the type each column gets from the kinds found, how its numbers
// are written (a hint for the conversion's fast path), and the next wider type when a later
// value does not convert.
import { convertSql, decimalFor, formatParseSql, isDecimal, numberTextSql, WIDE_DECIMAL } from './csvDialect';
import type { ColumnSqlType, CsvDialect } from './csvDialect';
import { quoteIdent, quoteString } from '../sql/sqlText';
import { DATE_TEXT } from '../sql/timeTexts';
import { NUMBER_SHAPES, numberLikeSql, numberShapeSql } from './csvNumberFormat';
import type { ColumnNumberShapes } from './csvNumberFormat';

/** What the first rows of one column hold: inferSql's rows for it, folded by sampledColumns. */
export interface SampledColumn {
  /** The set (a bit mask) of the kinds of its non-empty values (see inferSql). */
  kinds: number;
  /** The most digits of its numbers before the point (leading zeros and sign left out)… */
  whole: number;
  /** …and after it (trailing zeros left out: a decimal does not need them). */
  scale: number;
  /** Whether one of its numbers has an exponent (1e3). */
  exponent: boolean;
  /** How many of its non-empty values are written with each number of digits after the point. */
  written: Map<number, number>;
  /** How many non-empty values it has… */
  values: number;
  /** …and how many different ones. */
  distinct: number;
  /** How its numbers are written: the separators they show (csvNumberFormat.ts). */
  numbers: ColumnNumberShapes;
}

const SHAPE_BITS = Object.values(NUMBER_SHAPES);

/**
 * Rows classing the non-empty values of `columns` in the first `sample` rows, each value by the
 * first rule it meets (ours, the same as the read): 0 a whole number with a leading zero (00042:
 * a code), 1 a whole number, 2 a decimal number, 3 true/false, 4 a date, 5 a timestamp, 6
 * anything else. One row per column and number of digits written after the point: `__column`,
 * `written`, `count`, `kinds` (a bit mask), `whole`, `scale` and `exponent` (of its numbers),
 * `distinct_values` (how many different values `count` holds); and how the numbers are written
 * (csvNumberFormat.ts): `shapes` (a bit mask), `number_like` (how many of `count` are written
 * as numbers) and `shape_<bit>` (a value of each shape found).
 *
 * The columns are unpivoted and each distinct value is classed once: the SQL has one copy of
 * the rules whatever the number of columns (a copy per column made a 60-column export take 4 s
 * to plan and run on 20 480 rows, issue 21), and a column of a few values repeated (a status, a
 * date, a score) is classed in a few steps.
 */
export function inferSql(
  columns: string[],
  rawSql: string,
  dialect: CsvDialect,
  timezone: string,
  sample: number,
): string {
  const v = '"__v"';
  const t = '"__t"';
  const n = '"__n"';
  const isNumber = '"__d" IS NOT NULL';
  const startsWithDigit = `ascii(${t}) BETWEEN 48 AND 57`;
  // The text of a number (trimmed: NUMBER_PATTERN after the separators) starts with a digit, a
  // sign, a point or the decimal separator; other texts (most ids and labels) skip the tests.
  const starts = [
    43,
    45,
    46,
    ...(dialect.decimal && dialect.decimal !== '.' ? [dialect.decimal.codePointAt(0) ?? 46] : []),
  ];
  const mayBeNumber = `(${startsWithDigit} OR ascii(${t}) IN (${starts.join(', ')}))`;
  const mayBeShaped = `(${startsWithDigit} OR ascii(${t}) IN (43, 44, 45, 46))`;
  const dateOnly = dialect.dateFormat
    ? `${formatParseSql(t, dialect.dateFormat)} IS NOT NULL`
    : `regexp_full_match(${t}, '${DATE_TEXT}') AND TRY_CAST(${t} AS DATE) IS NOT NULL`;
  const kind =
    // A leading zero makes a code of a whole number only (00042), not of a date (05/01/2025)
    // or of a decimal (007,50).
    `(CASE WHEN ${isNumber} AND regexp_matches(${t}, '^[+-]?0[0-9]') AND strpos(${n}, '.') = 0 THEN 0` +
    ` WHEN "__b" IS NOT NULL THEN 1` +
    ` WHEN ${isNumber} THEN 2` +
    ` WHEN lower(${t}) IN ('true', 'false') THEN 3` +
    ` WHEN ${dateOnly} THEN 4` +
    ` WHEN ${startsWithDigit} AND ${convertSql(v, 'TIMESTAMP', dialect, timezone)} IS NOT NULL THEN 5` +
    ' ELSE 6 END)';
  const list = columns.map(quoteIdent).join(', ');
  // Each row's values side by side with their columns' names (empty fields too: they are null).
  const names = columns.map(quoteString).join(', ');
  const values = `(SELECT unnest([${names}]) AS "__column", unnest([${list}]) AS ${v} FROM (SELECT * FROM ${rawSql} LIMIT ${Math.trunc(sample)}))`;
  const distinct = `(SELECT "__column", ${v}, trim(${v}) AS ${t}, count(*) AS "__count" FROM ${values} GROUP BY "__column", ${v})`;
  const classed =
    `(SELECT "__column", "__count", ${v}, ${t}, ${numberTextSql(v, dialect)} AS ${n}, ` +
    `(CASE WHEN ${mayBeNumber} THEN ${convertSql(v, 'DOUBLE', dialect, timezone)} END) AS "__d", ` +
    `(CASE WHEN ${mayBeNumber} THEN ${convertSql(v, 'BIGINT', dialect, timezone)} END) AS "__b", ` +
    // The separators a number shows, whatever the dialect (csvNumberFormat.ts: the decimal comma
    // of a file read with the default point is found there).
    `(CASE WHEN ${mayBeShaped} THEN ${numberShapeSql(t)} ELSE 0 END) AS "__s" FROM ${distinct} WHERE ${t} <> '')`;
  // The digits of its numbers before and after the point (trailing zeros after it are not
  // digits a decimal needs; `written` counts them), and whether one has an exponent.
  const whole = `length(ltrim(regexp_replace(split_part(${n}, '.', 1), '[+-]', ''), '0'))`;
  const scale = `length(rtrim(split_part(${n}, '.', 2), '0'))`;
  return (
    `SELECT "__column", length(split_part(${n}, '.', 2)) AS "written", sum("__count") AS "count", count(*) AS "distinct_values", ` +
    `bit_or(CAST(1 AS INTEGER) << ${kind}) AS "kinds", ` +
    `max(${whole}) FILTER (WHERE ${isNumber}) AS "whole", ` +
    `max(${scale}) FILTER (WHERE ${isNumber}) AS "scale", ` +
    `bool_or(regexp_matches(${n}, '[eE]')) FILTER (WHERE ${isNumber}) AS "exponent", ` +
    `bit_or("__s") AS "shapes", ` +
    `sum("__count") FILTER (WHERE ${mayBeShaped} AND ${numberLikeSql(t)}) AS "number_like", ` +
    SHAPE_BITS.map((b) => `min(${t}) FILTER (WHERE ("__s" & ${b}) <> 0) AS "shape_${b}"`).join(', ') +
    ' ' +
    `FROM ${classed} GROUP BY ALL`
  );
}

/** Each column's sample from the rows of inferSql (a column without a non-empty value has none). */
export function sampledColumns(rows: Record<string, unknown>[], columns: string[]): SampledColumn[] {
  const out = columns.map((): SampledColumn => ({
    kinds: 0,
    whole: 0,
    scale: 0,
    exponent: false,
    written: new Map(),
    values: 0,
    distinct: 0,
    numbers: { shapes: 0, examples: new Map(), numberLike: 0, values: 0 },
  }));
  const index = new Map(columns.map((c, i) => [c, i]));
  for (const row of rows) {
    const i = index.get(String(row.__column));
    if (i === undefined) continue;
    const s = out[i];
    s.kinds |= Number(row.kinds ?? 0);
    s.whole = Math.max(s.whole, Number(row.whole ?? 0));
    s.scale = Math.max(s.scale, Number(row.scale ?? 0));
    s.exponent ||= row.exponent === true;
    s.values += Number(row.count ?? 0);
    s.distinct += Number(row.distinct_values ?? 0);
    s.numbers.shapes |= Number(row.shapes ?? 0);
    s.numbers.numberLike += Number(row.number_like ?? 0);
    s.numbers.values += Number(row.count ?? 0);
    // The least of each shape's values over the rows (as the query's min): the same example whatever their order.
    for (const b of SHAPE_BITS) {
      const example = row[`shape_${b}`];
      const kept = s.numbers.examples.get(b);
      if (typeof example === 'string' && (kept === undefined || example < kept)) s.numbers.examples.set(b, example);
    }
    // A text that is no number once the thousands separators are checked has no digits to count.
    if (row.written === null || row.written === undefined) continue;
    const digits = Number(row.written);
    s.written.set(digits, (s.written.get(digits) ?? 0) + Number(row.count ?? 0));
  }
  return out;
}

/**
 * How many digits after the point most of the sampled column's numbers are written with (the
 * fewer when as many have each; ReadColumn.written); meant for a column whose first rows are
 * all numbers. Undefined when it had none.
 */
export function writtenScale(sampled: SampledColumn): number | undefined {
  let best: [number, number] | undefined;
  for (const [digits, count] of sampled.written) {
    if (!Number.isInteger(digits) || !(count > 0)) continue;
    if (!best || count > best[1] || (count === best[1] && digits < best[0])) best = [digits, count];
  }
  return best?.[0];
}

/**
 * Whether a sampled column names rows one by one, as an order or a response id does: at least
 * 1 000 values in its first rows, at least half of them different. The cache leaves such a text
 * column out of its copy when no KPI names it (csvSource.ts copiedColumns): it is the dearest to
 * copy, and the least likely to be named by the next edit (a filter names a status, a channel).
 */
export function namesRows(sampled: SampledColumn): boolean {
  return sampled.values >= 1000 && sampled.distinct * 2 >= sampled.values;
}

/** The type a sampled column gets. */
export function inferredType(sampled: SampledColumn): ColumnSqlType {
  const mask = sampled.kinds;
  const only = (...kinds: number[]) => mask !== 0 && (mask & ~kinds.reduce((m, k) => m | (1 << k), 0)) === 0;
  if (only(3)) return 'BOOLEAN';
  if (only(1)) return 'BIGINT';
  if (only(1, 2)) return decimalFor(sampled.whole, sampled.scale, sampled.exponent);
  if (only(4)) return 'DATE';
  if (only(4, 5)) return 'TIMESTAMP';
  return 'VARCHAR';
}

/**
 * Whether a sampled column holds dates and no instant (a time of day): a time column of dates
 * with some other texts among them (n/a) is read as dates, and those texts are reported.
 */
export function onlyDates(sampled: SampledColumn): boolean {
  return (sampled.kinds & (1 << 4)) !== 0 && !hasTimestamps(sampled);
}

/** Whether a sampled value is a timestamp (a date with a time of day). */
export function hasTimestamps(sampled: SampledColumn): boolean {
  return (sampled.kinds & (1 << 5)) !== 0;
}

/**
 * The type of a column declared `number`, from its sample: the decimal that holds the first
 * rows' numbers (whole ones, with leading zeros or not, included), else a double (no number
 * there, or an exponent). Values that are no numbers (abc) do not change it: they are read as
 * empty and reported, and the numbers stay exact.
 */
export function declaredNumberType(sampled: SampledColumn): ColumnSqlType {
  // Kinds 0, 1 and 2 (whole numbers, with a leading zero or not, and decimals): at least one.
  if ((sampled.kinds & 0b111) === 0) return 'DOUBLE';
  return decimalFor(sampled.whole, sampled.scale, sampled.exponent);
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
