// The conversions of CSV text try each value untrimmed first (csvDialect.ts numberConversionSql and the
// DATE case: trimming every value cost as much as converting it, issue 21). That fast path
// must give exactly what converting the trimmed text gives, for every value: here every type
// with a fast path, under three number dialects, on texts padded every way (spaces, a tab,
// no-break spaces), against the reference — the conversion of the trimmed text as it was
// written before the fast path — in the real DuckDB.
import { strict as assert } from 'assert';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { convertSql, WIDE_DECIMAL } from '../../../src/core/engine/sources/csvDialect';
import type { ColumnSqlType, CsvDialect } from '../../../src/core/engine/sources/csvDialect';
import { quoteString } from '../../../src/core/engine/sql/sqlText';

const OFFSET_PATTERN = String.raw`[0-9]:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?\s*([zZ]|(UTC|GMT)?[+-][0-9]{1,2}(:?[0-9]{2})?)\s*$`;

/** The conversions as they were before the fast path (every value trimmed first). */
function referenceSql(v: string, type: ColumnSqlType, dialect: CsvDialect): string {
  let n = `trim(${v})`;
  const t = dialect.thousands;
  if (t) n = t === ' ' ? `regexp_replace(${n}, '[ \u00a0\u202f]', '', 'g')` : `replace(${n}, ${quoteString(t)}, '')`;
  if (dialect.decimal && dialect.decimal !== '.') n = `replace(${n}, ${quoteString(dialect.decimal)}, '.')`;
  const number = (pattern: string, to: string) =>
    `(CASE WHEN regexp_full_match(${n}, '${pattern}') THEN TRY_CAST(${n} AS ${to}) END)`;
  switch (type) {
    case 'BIGINT':
      return number('[+-]?[0-9]+', 'BIGINT');
    case 'DOUBLE':
      return number('[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?', 'DOUBLE');
    case 'DECIMAL(18,4)':
      return number('[+-]?0*([0-9]{1,14}([.][0-9]{0,4}0*)?|[.][0-9]{1,4}0*)', type);
    case WIDE_DECIMAL:
      return number('[+-]?0*([0-9]{1,28}([.][0-9]{0,10}0*)?|[.][0-9]{1,10}0*)', type);
    case 'DATE': {
      const t = `trim(${v})`;
      const instant = `(CASE WHEN regexp_matches(${t}, '${OFFSET_PATTERN}') THEN timezone('UTC', TRY_CAST(${t} AS TIMESTAMPTZ)) ELSE TRY_CAST(${t} AS TIMESTAMP) END)`;
      return `(CASE WHEN length(${t}) <= 10 THEN TRY_CAST(${t} AS DATE) ELSE CAST(${instant} AS DATE) END)`;
    }
    default:
      throw new Error(`no reference for ${type}`);
  }
}

const NUMBERS = [
  '12',
  '-12',
  '+7',
  '007',
  '1.5',
  '12.',
  '.5',
  '-.25',
  '1.23456',
  '1.2345',
  '1.23450000',
  '1e3',
  '1E-2',
  '1_000',
  '1 000',
  '1\u00a0000',
  '1.000,5',
  '1,5',
  '12,345.67',
  '0x10',
  'abc',
  '',
  '-',
  '.',
  '1.2.3',
  '99999999999999.9999',
  '123456789012345.5',
  '9223372036854775807',
  '9223372036854775808',
];
const DATES = [
  '2024-01-05',
  '2024-01-05 10:00',
  '2024-01-05T23:30:00+02:00',
  '2024-1-5',
  '2024-01-5',
  '2024-02-30',
  '2024/01/05',
  '05/01/2024',
  '20240105',
  '2024-13-01',
  '2024-01-05x',
  'x2024-01-5',
  '',
  'n/a',
];
const PADS: [string, string][] = [
  ['', ''],
  [' ', ''],
  ['', ' '],
  [' ', ' '],
  ['  ', ''],
  ['', '  '],
  ['\t', ''],
  ['', '\t'],
  ['\u00a0', ''],
];

function padded(values: string[]): string[] {
  return [...new Set(values.flatMap((v) => PADS.map(([a, b]) => a + v + b)))];
}

const DIALECTS: CsvDialect[] = [
  { delimiter: ',' },
  { delimiter: ';', decimal: ',', thousands: '.' },
  { delimiter: ';', decimal: ',', thousands: ' ' },
];

describe("engine: CSV conversions give the trimmed text's value for every text", function () {
  this.timeout(60000);
  const engine = new DuckDbEngine({ allowedDirectories: [] });
  after(() => engine.close());

  const cases: [ColumnSqlType, string[]][] = [
    ['BIGINT', padded(NUMBERS)],
    ['DOUBLE', padded(NUMBERS)],
    ['DECIMAL(18,4)', padded(NUMBERS)],
    [WIDE_DECIMAL, padded(NUMBERS)],
    ['DATE', padded(DATES)],
  ];
  for (const [type, texts] of cases) {
    it(`${type}: ${texts.length} texts × ${DIALECTS.length} dialects, the same value as the reference`, async () => {
      let converted = 0;
      for (const dialect of DIALECTS) {
        const values = texts.map((t) => `(${quoteString(t)})`).join(', ');
        const rows = await engine.query(
          `SELECT v, CAST(${convertSql('v', type, dialect, 'UTC')} AS VARCHAR) AS got, CAST(${referenceSql('v', type, dialect)} AS VARCHAR) AS want FROM (VALUES ${values}) t(v)`,
        );
        assert.equal(rows.length, texts.length);
        const differ = rows.filter((r) => r.got !== r.want).map((r) => [JSON.stringify(r.v), r.got, r.want]);
        assert.deepEqual(differ, [], `${type} in ${JSON.stringify(dialect)}: fast path ≠ reference`);
        converted += rows.filter((r) => r.got !== null).length;
      }
      // The texts exercise both outcomes: many convert, many do not.
      assert.ok(converted > 20 && converted < texts.length * DIALECTS.length - 20, `${converted} converted`);
    });
  }

  it('a padded plain date and number convert (the fast path falls back to trimming)', async () => {
    const [row] = await engine.query(
      `SELECT CAST(${convertSql("' 2024-01-05 '", 'DATE', { delimiter: ',' }, 'UTC')} AS VARCHAR) AS d, CAST(${convertSql("'  12.5 '", 'DECIMAL(18,4)', { delimiter: ',' }, 'UTC')} AS VARCHAR) AS n`,
    );
    assert.deepEqual(row, { d: '2024-01-05', n: '12.5000' });
  });
});
