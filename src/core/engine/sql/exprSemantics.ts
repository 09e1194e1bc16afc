// The meaning of every operator and function of the expression language, defined once, and
// how each SQL dialect is made to compute exactly that (the engines disagree by default:
// PostgreSQL and Trino divide integers by truncating, PostgreSQL has no round(double, n) and
// rounds double halves to even, BigQuery, Snowflake and Trino's greatest/least give null when
// one argument is null, PostgreSQL compares and case-maps text by the database's locale).
// exprToSql.ts compiles through these functions; formulaValue.ts computes the same meanings
// in JavaScript; docs/expressions.md is written from EXPRESSION_FORMS (scripts/expressionsDoc.ts);
// test/unit/engine/exprSemantics.test.ts runs every form on DuckDB and PostgreSQL alike.
import type { Dialect } from './dialect';

/** One form of the language with its meaning (English, for docs/expressions.md). */
export interface ExpressionForm {
  /** The form as written, e.g. `a / b`. */
  form: string;
  /** An expression of that form, compiled for every dialect in the docs (names a, b, c, s, d). */
  example: string;
  meaning: string;
}

export const EXPRESSION_FORMS: readonly ExpressionForm[] = [
  {
    form: 'a + b, a - b, a * b',
    example: 'a + b * c',
    meaning: 'Arithmetic on numbers; null when either side is null.',
  },
  {
    form: 'a / b',
    example: 'a / b',
    meaning:
      'Exact division as floating-point numbers, also of two whole numbers (7 / 2 = 3.5, never 3); null when b is 0 or either side is null.',
  },
  { form: '- a', example: '- a', meaning: 'The opposite of a; null when a is null.' },
  {
    form: 'a = b, a != b, a < b, a <= b, a > b, a >= b',
    example: "s < 'b'",
    meaning:
      "Comparison; null when either side is null. Text compares by Unicode code point (`'B' < 'a'`), whatever the database's locale; dates by calendar order.",
  },
  {
    form: 'p and q, p or q, not p',
    example: 'a > 1 and not (b > 1 or c > 1)',
    meaning:
      'Three-valued logic: false and null = false, true or null = true, not null = null. A filter keeps the rows where it is true.',
  },
  {
    form: 'a in (x, y, …), a not in (…)',
    example: 'a in (1, 2)',
    meaning: 'Equal to one of the list; null when a is null, or when no item is equal and an item is null.',
  },
  {
    form: 'a between x and y, a not between x and y',
    example: 'a between 1 and 2',
    meaning: 'x <= a and a <= y (both ends included).',
  },
  { form: 'a is null, a is not null', example: 'a is null', meaning: 'Whether a is null: always true or false.' },
  {
    form: 'coalesce(a, b, …)',
    example: 'coalesce(a, b, 0)',
    meaning: 'The first argument that is not null; null when all are.',
  },
  { form: 'abs(a)', example: 'abs(a)', meaning: 'The absolute value; null when a is null.' },
  {
    form: 'round(a), round(a, n)',
    example: 'round(a, 2)',
    meaning:
      'a as a floating-point number rounded to n decimals (default 0; n < 0 rounds to tens, hundreds…; a fractional n is truncated), halves away from zero: a × 10ⁿ rounded, ÷ 10ⁿ. So round(2.5) = 3, round(-2.5) = -3, round(0.125, 2) = 0.13, and round(1.005, 2) = 1 because 1.005 is stored as 1.00499999…; null when a or n is null.',
  },
  {
    form: 'least(a, b, …), greatest(a, b, …)',
    example: 'greatest(a, b, c)',
    meaning:
      'The smallest / largest of the arguments that are not null (nulls are skipped); null only when all are null. Text by Unicode code point.',
  },
  {
    form: 'lower(s), upper(s)',
    example: 'lower(s)',
    meaning:
      'Lower / upper case of every letter, accented ones too (É ↔ é); null when s is null. Letters whose case mapping is not one letter for one letter can differ between engines: see below.',
  },
  {
    form: 'd - e (two dates)',
    example: "d - date '2025-01-01'",
    meaning:
      'The number of days from e to d, negative when d is earlier; an instant counts by its date; null when either is null. No other arithmetic takes a date.',
  },
  {
    form: 'year(d), month(d), day(d)',
    example: 'year(d)',
    meaning:
      'The calendar year, month (1–12) or day of the month (1–31) of a date or timestamp, as a whole number; null when d is null.',
  },
];

/** The letters whose case mapping differs between engines (checked by the semantics test). */
export const CASE_MAPPING_EXCEPTIONS: readonly {
  text: string;
  fn: 'lower' | 'upper';
  duckdb: string;
  postgres: string;
}[] = [
  { text: 'ß', fn: 'upper', duckdb: 'ẞ', postgres: 'SS' },
  { text: 'ΟΔΟΣ', fn: 'lower', duckdb: 'οδοσ', postgres: 'οδος' },
];

/** ICU's root collation in PostgreSQL: the same Unicode case mapping whatever the database's locale. */
const PG_CASE_COLLATION = '"und-x-icu"';

/** The dialect's floating-point type, as the builders write it (warehouseSql.ts renames it for BigQuery). */
const DOUBLE = (d: Dialect) => (d.name === 'postgres' ? 'DOUBLE PRECISION' : 'DOUBLE');

/** `a / b` as a floating-point division, null when b is 0 (every dialect). */
export function divideSql(d: Dialect, a: string, b: string): string {
  return `(CAST(${a} AS ${DOUBLE(d)}) / NULLIF(${b}, 0))`;
}

/** A text value of the expression: in PostgreSQL it carries the byte-order collation "C". */
export function textSql(d: Dialect, sql: string): string {
  return d.name === 'postgres' ? `(${sql} COLLATE "C")` : sql;
}

/** lower(s) / upper(s): Unicode case mapping (PostgreSQL: ICU's root locale, then back to "C"). */
export function caseMapSql(d: Dialect, fn: 'lower' | 'upper', s: string): string {
  return d.name === 'postgres' ? `(${fn}(${s} COLLATE ${PG_CASE_COLLATION}) COLLATE "C")` : `${fn}(${s})`;
}

/** least/greatest skipping nulls: DuckDB and PostgreSQL do; elsewhere each argument falls back on the others. */
export function leastGreatestSql(d: Dialect, fn: 'least' | 'greatest', args: string[]): string {
  if (d.name === 'duckdb' || d.name === 'postgres' || args.length === 1) return `${fn}(${args.join(', ')})`;
  const fallback = args.map((a, i) => `coalesce(${[a, ...args.filter((_x, j) => j !== i)].join(', ')})`);
  return `${fn}(${fallback.join(', ')})`;
}

/** std::round in PostgreSQL SQL: the nearest whole number, halves away from zero (PostgreSQL's own rounds halves to even). */
function pgHalfAway(w: string): string {
  return `(sign(${w}) * (floor(abs(${w})) + CASE WHEN abs(${w}) - floor(abs(${w})) >= 0.5 THEN 1 ELSE 0 END))`;
}

/**
 * round(a, n) as DuckDB computes it on a DOUBLE (every dialect): a × 10ⁿ rounded halves away
 * from zero then ÷ 10ⁿ; for n < 0, a ÷ 10⁻ⁿ rounded then × 10⁻ⁿ. `digits`: the number of decimals
 * when the expression wrote a number (truncated here), else the SQL of n.
 */
export function roundSql(d: Dialect, a: string, digits: number | { sql: string } | undefined): string {
  const x = `CAST(${a} AS ${DOUBLE(d)})`;
  const whole = (sql: string) =>
    `CAST(${d.name === 'trino' ? 'truncate' : 'trunc'}(CAST(${sql} AS ${DOUBLE(d)})) AS INTEGER)`;
  if (d.name !== 'postgres') {
    if (digits === undefined) return `round(${x})`;
    return `round(${x}, ${typeof digits === 'number' ? String(Math.trunc(digits) || 0) : whole(digits.sql)})`;
  }
  if (digits === undefined) return pgHalfAway(x);
  if (typeof digits === 'number') {
    const n = Math.trunc(digits) || 0;
    if (n === 0) return pgHalfAway(x);
    const m = `power(CAST(10 AS DOUBLE PRECISION), ${String(Math.abs(n))})`;
    return n > 0 ? `(${pgHalfAway(`(${x} * ${m})`)} / ${m})` : `(${pgHalfAway(`(${x} / ${m})`)} * ${m})`;
  }
  const n = whole(digits.sql);
  const up = `power(CAST(10 AS DOUBLE PRECISION), ${n})`;
  const down = `power(CAST(10 AS DOUBLE PRECISION), - ${n})`;
  return `(CASE WHEN ${n} >= 0 THEN ${pgHalfAway(`(${x} * ${up})`)} / ${up} ELSE ${pgHalfAway(`(${x} / ${down})`)} * ${down} END)`;
}

/** round(a, n) in JavaScript (formula KPIs), exactly as roundSql: halves away from zero. */
export function roundNumber(a: number, digits = 0): number {
  const n = Math.trunc(digits) || 0;
  const halfAway = (w: number) => Math.sign(w) * Math.round(Math.abs(w));
  if (n >= 0) {
    const m = 10 ** n;
    const r = halfAway(a * m) / m;
    return Number.isFinite(r) ? r : a;
  }
  const m = 10 ** -n;
  const r = halfAway(a / m) * m;
  return Number.isFinite(r) ? r : 0;
}
