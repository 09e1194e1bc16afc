// How a CSV/TSV file writes its numbers, told from the first rows' values when the source does
// not say (docs/language.md, `decimal` and `thousands`): a decimal comma (12,5; 0,125; 1234,567),
// thousands grouped by spaces (1 234,50), points (1.234.567; 1.234,50), commas (1,234.50) or
// apostrophes (1'234.50). Only shapes that cannot be read two ways count: "1,234" and "1.234"
// are a thousand or a decimal, so they tell nothing. A file whose values point both ways keeps
// the default (a point, no thousands) and its values that are no numbers are reported.
import type { CsvDialect, ReadColumn } from './csvDialect';
import { THOUSANDS_SPACES } from './csvDialect';

/** The shapes of a number text, as bits of one mask (numberShapeSql). */
export const NUMBER_SHAPES = {
  /** A decimal comma that no thousands separator could be: 12,5; 0,125; 1234,567; 1 234,5. */
  commaDecimal: 1,
  /** A decimal point that no thousands separator could be: 12.5; 0.125; 1,234.5. */
  pointDecimal: 2,
  /** Groups of three digits after spaces (U+00A0 and U+202F too): 1 234; 12 345,67. */
  spaceGroups: 4,
  /** Groups after points, where the point cannot be a decimal one: 1.234.567; 1.234,5. */
  pointGroups: 8,
  /** Groups after commas, where the comma cannot be a decimal one: 1,234,567; 1,234.5. */
  commaGroups: 16,
  /** Groups after apostrophes (Swiss exports): 1'234; 1'234.50. */
  apostropheGroups: 32,
} as const;

type ShapeName = keyof typeof NUMBER_SHAPES;

const SIGN = '[+-]?';
const LEAD = `${SIGN}[1-9][0-9]{0,2}`;
const GROUPS = (sep: string, min = 1) => `(${sep}[0-9]{3}){${min},}`;

/** Full-match patterns and the shapes a text matching them has, the first that matches winning. */
const PATTERNS: [string, number][] = [
  // One separator between digits, three digits after it: a thousand or a decimal, nothing told.
  [`${LEAD}[.,][0-9]{3}`, 0],
  [`${SIGN}[0-9]*\\.[0-9]+`, NUMBER_SHAPES.pointDecimal],
  [`${SIGN}[0-9]*,[0-9]+`, NUMBER_SHAPES.commaDecimal],
  [`${LEAD}${GROUPS(THOUSANDS_SPACES)},[0-9]+`, NUMBER_SHAPES.spaceGroups | NUMBER_SHAPES.commaDecimal],
  [`${LEAD}${GROUPS(THOUSANDS_SPACES)}\\.[0-9]+`, NUMBER_SHAPES.spaceGroups | NUMBER_SHAPES.pointDecimal],
  [`${LEAD}${GROUPS(THOUSANDS_SPACES)}`, NUMBER_SHAPES.spaceGroups],
  [`${LEAD}${GROUPS('\\.')},[0-9]+`, NUMBER_SHAPES.pointGroups | NUMBER_SHAPES.commaDecimal],
  [`${LEAD}${GROUPS('\\.', 2)}`, NUMBER_SHAPES.pointGroups],
  [`${LEAD}${GROUPS(',')}\\.[0-9]+`, NUMBER_SHAPES.commaGroups | NUMBER_SHAPES.pointDecimal],
  [`${LEAD}${GROUPS(',', 2)}`, NUMBER_SHAPES.commaGroups],
  [`${LEAD}${GROUPS("'")}\\.[0-9]+`, NUMBER_SHAPES.apostropheGroups | NUMBER_SHAPES.pointDecimal],
  [`${LEAD}${GROUPS("'")}`, NUMBER_SHAPES.apostropheGroups],
];

/** A text of digits with at least one separator between two of them, or a separator first (,5). */
const HAS_SEPARATOR = `[0-9][ .,'\u00a0\u202f][0-9]|^${SIGN}[.,][0-9]`;

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * SQL: the shape mask of the trimmed text `t` (0 for a text without separators, as most are: a
 * whole number, an id, a label — one test, no more).
 */
export function numberShapeSql(t: string): string {
  const cases = PATTERNS.map(([p, bits]) => `WHEN regexp_full_match(${t}, ${sqlText(p)}) THEN ${bits}`).join(' ');
  return `(CASE WHEN NOT regexp_matches(${t}, ${sqlText(HAS_SEPARATOR)}) THEN 0 ${cases} ELSE 0 END)`;
}

/**
 * SQL: whether the trimmed text `t` is written as a number of any of those shapes (digits,
 * separators, a sign): a column most of whose values are is one whose shapes count.
 */
export function numberLikeSql(t: string): string {
  return `regexp_full_match(${t}, ${sqlText(`${SIGN}[0-9 .,'\u00a0\u202f]*[0-9][0-9 .,'\u00a0\u202f]*`)})`;
}

/** What the first rows of one column say of the file's numbers (csvInference.ts sampledColumns). */
export interface ColumnNumberShapes {
  /** The shapes found among its values. */
  shapes: number;
  /** One value of each shape bit found, by bit. */
  examples: Map<number, string>;
  /** How many of its non-empty values are written as numbers… */
  numberLike: number;
  /** …out of how many. */
  values: number;
}

/** The separators told from the values, with the value that told them. */
export interface FoundNumberFormat {
  decimal?: ',';
  thousands?: ' ' | '.' | ',' | "'";
  column: string;
  example: string;
}

/** The thousands separator each grouping stands for, and the decimal separators it goes with. */
const GROUPINGS: { shape: ShapeName; thousands: NonNullable<FoundNumberFormat['thousands']>; decimals: string[] }[] = [
  { shape: 'spaceGroups', thousands: ' ', decimals: ['.', ','] },
  { shape: 'pointGroups', thousands: '.', decimals: [','] },
  { shape: 'commaGroups', thousands: ',', decimals: ['.'] },
  { shape: 'apostropheGroups', thousands: "'", decimals: ['.'] },
];

/**
 * The decimal and thousands separators the source does not declare, told from its sampled
 * columns (inferred ones and declared numbers: a code, a label, a date is no evidence), each
 * only where its columns' values leave one reading: a decimal comma when some value has one
 * and none has a decimal point; a thousands separator when its groups are the only ones found.
 * Undefined when nothing is told (the defaults then hold).
 */
export function foundNumberFormat(
  columns: { column: ReadColumn; shapes: ColumnNumberShapes }[],
  declared: Pick<CsvDialect, 'decimal' | 'thousands'>,
): FoundNumberFormat | undefined {
  // A column of texts with a number here and there (a comment) says nothing of the numbers.
  const telling = columns.filter(
    (c) =>
      (c.column.origin === 'inferred' || c.column.origin === 'declared') && c.shapes.numberLike * 2 > c.shapes.values,
  );
  const mask = telling.reduce((m, c) => m | c.shapes.shapes, 0);
  const has = (shape: ShapeName) => (mask & NUMBER_SHAPES[shape]) !== 0;
  const comma = has('commaDecimal') || has('pointGroups');
  const point = has('pointDecimal') || has('commaGroups') || has('apostropheGroups');
  // Values pointing both ways, or the other way than the source's own decimal: nothing is told.
  if (
    (comma && point) ||
    (declared.decimal === '.' && comma) ||
    (declared.decimal === ',' && point) ||
    // A comma declared as the thousands separator is no decimal comma.
    (declared.thousands === ',' && comma)
  )
    return undefined;
  const decimal = declared.decimal ?? (comma ? ',' : '.');
  const found: Omit<FoundNumberFormat, 'column' | 'example'> = {};
  if (declared.decimal === undefined && decimal === ',') found.decimal = ',';
  if (declared.thousands === undefined) {
    const groupings = GROUPINGS.filter((g) => has(g.shape) && g.decimals.includes(decimal));
    if (groupings.length === 1) found.thousands = groupings[0].thousands;
  }
  if (!found.decimal && !found.thousands) return undefined;
  // The example: a value showing the thousands found (with its decimals when it has some), else the decimal comma.
  const shape = found.thousands
    ? NUMBER_SHAPES[GROUPINGS.find((g) => g.thousands === found.thousands)?.shape ?? 'spaceGroups']
    : has('commaDecimal')
      ? NUMBER_SHAPES.commaDecimal
      : NUMBER_SHAPES.pointGroups;
  const source = telling.find((c) => c.shapes.examples.has(shape)) ?? telling.find((c) => c.shapes.shapes !== 0);
  return {
    ...found,
    column: source?.column.name ?? '',
    example: source?.shapes.examples.get(shape) ?? '',
  };
}

/** The dialect with the separators found. */
export function withFoundNumbers(dialect: CsvDialect, found: FoundNumberFormat | undefined): CsvDialect {
  if (!found) return dialect;
  return {
    ...dialect,
    ...(found.decimal ? { decimal: found.decimal } : {}),
    ...(found.thousands ? { thousands: found.thousands } : {}),
  };
}
