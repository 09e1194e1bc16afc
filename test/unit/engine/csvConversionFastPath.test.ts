// The conversions of CSV text try each value untrimmed first (csvDialect.ts numberConversionSql and the
// DATE and TIMESTAMP cases: trimming every value cost as much as converting it, issue 21). That fast path
// must give exactly what converting the trimmed text gives, for every value: here every type
// with a fast path, under three number dialects, on texts padded every way (spaces, a tab,
// no-break spaces), against the reference — the conversion of the trimmed text by the rules alone,
// written before the fast path — in the real DuckDB.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { convertSql, typedSelectSql, WIDE_DECIMAL } from '../../../src/core/engine/sources/csvDialect';
import type { ColumnSqlType, CsvDialect, ReadColumn } from '../../../src/core/engine/sources/csvDialect';
import { planColumns } from '../../../src/core/engine/sources/csvSourceRead';
import { quoteString } from '../../../src/core/engine/sql/sqlText';
import { lines } from '../helpers';

const OFFSET_PATTERN = String.raw`[0-9]:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?\s*([zZ]|(UTC|GMT)([+-][0-9]{1,2}(:?[0-9]{2})?)?|[+-][0-9]{1,2}(:?[0-9]{2})?)\s*$`;
// A date's text: four digits of a year, a month and a day of one or two, `-` or `/` between them;
// a timestamp's: that, then a time of day and an offset.
const MINUTES_BEFORE_OFFSET = String.raw`(^|[^0-9:])([0-9]{1,2}:[0-9]{2})(\s*([zZ]|UTC|GMT|[+-][0-9]))`;
const DATE_TEXT = String.raw`[0-9]{4}(-[0-9]{1,2}-|/[0-9]{1,2}/)[0-9]{1,2}`;
const TIMESTAMP_TEXT = String.raw`${DATE_TEXT}((T| +)[0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?(\s*([zZ]|(UTC|GMT)([+-][0-9]{1,2}(:?[0-9]{2})?)?|[+-][0-9]{1,2}(:?[0-9]{2})?))?)?`;

/**
 * The conversions as they were before the fast path (every value trimmed first); a thousands
 * separator ('.' or a space) counts only between groups of three digits.
 */
function referenceSql(v: string, type: ColumnSqlType, dialect: CsvDialect): string {
  let n = `trim(${v})`;
  const t = dialect.thousands;
  if (t) {
    const sep = t === ' ' ? '[ \u00a0\u202f]' : '[.]';
    const point = dialect.decimal === ',' ? ',' : '[.]';
    const removed = t === ' ' ? `regexp_replace(${n}, '${sep}', '', 'g')` : `replace(${n}, ${quoteString(t)}, '')`;
    n = `(CASE WHEN NOT regexp_matches(${n}, '${sep}') THEN ${n} WHEN regexp_full_match(${n}, '[+-]?[0-9]{1,3}(${sep}[0-9]{3})+(${point}[0-9]*)?') THEN ${removed} END)`;
  }
  // With a decimal comma, a point left (not a thousands separator) is no number's.
  if (dialect.decimal && dialect.decimal !== '.')
    n = `(CASE WHEN strpos(${n}, '.') = 0 THEN replace(${n}, ${quoteString(dialect.decimal)}, '.') END)`;
  const number = (pattern: string, to: string) =>
    `(CASE WHEN regexp_full_match(${n}, '${pattern}') THEN TRY_CAST(${n} AS ${to}) END)`;
  switch (type) {
    case 'BIGINT':
      return number('[+-]?[0-9]+', 'BIGINT');
    case 'DOUBLE':
      return number('[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?', 'DOUBLE');
    case 'DECIMAL(18,4)':
      return number('[+-]?0*([0-9]{1,14}([.][0-9]{0,4}0*)?|[.][0-9]{1,4}0*)', type);
    case 'DECIMAL(18,2)':
      return number('[+-]?0*([0-9]{1,16}([.][0-9]{0,2}0*)?|[.][0-9]{1,2}0*)', type);
    case WIDE_DECIMAL:
      return number('[+-]?0*([0-9]{1,28}([.][0-9]{0,10}0*)?|[.][0-9]{1,10}0*)', type);
    case 'DATE':
    case 'TIMESTAMP': {
      const t = `trim(${v})`;
      const seconds = `regexp_replace(${t}, '${MINUTES_BEFORE_OFFSET}', '\\1\\2:00\\3')`;
      const instant = `(CASE WHEN NOT regexp_full_match(${t}, '${TIMESTAMP_TEXT}') THEN NULL WHEN regexp_matches(${t}, '${OFFSET_PATTERN}') THEN timezone('UTC', TRY_CAST(${seconds} AS TIMESTAMPTZ)) ELSE TRY_CAST(${t} AS TIMESTAMP) END)`;
      if (type === 'TIMESTAMP') return instant;
      return `(CASE WHEN regexp_full_match(${t}, '${DATE_TEXT}') THEN TRY_CAST(${t} AS DATE) ELSE CAST(${instant} AS DATE) END)`;
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
  // Texts as DuckDB writes numbers (the canonical fast path of csvDialect.ts), some too wide.
  '0',
  '-0',
  '0.00',
  '-0.00',
  '0.50',
  '12.50',
  '-12.57',
  '12.5700',
  '100',
  '-100.0',
  '12345678901234.56',
  '123456789012345.56',
  '1234567890123456.5',
  '12345678901234567.5',
  '99999999999999.9999',
  '-9223372036854775808',
  '1.0E5',
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
  // Texts DuckDB's date cast reads wrong (a date before other text, a short year, BC, special
  // values): the fast path must not take them either.
  '2024-1-5 x',
  '2024-01-5x',
  '1-1-1 (BC)',
  '2024-01-05 (BC)',
  '99-01-05',
  '12345-01-05',
  'epoch',
  'infinity',
  '2024 01 05',
  '',
  'n/a',
];
const TIMESTAMPS = [
  ...DATES,
  '2024-01-05 10:00:00',
  '2024-01-05 10:00:00.5',
  '2024-01-05 23:59:59.999999',
  '2024-01-05 10:00',
  '2024-01-05T10:00:00',
  '2024-01-05T10:00:00Z',
  '2024-01-05T10:00Z',
  '2024-01-05 10:00:00+02:00',
  '2024-01-05 10:00 UTC',
  '2024-01-05 10:00:00 (BC)',
  '2024-01-05 (BC) 10:00:00',
  '12345-01-05 10:00:00',
  '0001-01-01 00:00:00',
  '9999-12-31 23:59:59',
  'infinity',
  '-infinity',
  '2024-01-05 24:00:00',
  '2024-02-30 10:00:00',
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

  // With a `written` hint (the digits after the point of the first rows' numbers), texts already
  // as DuckDB writes them skip the pattern: every hint, fitting the column or not, gives the same.
  const cases: [ColumnSqlType, string[], number | undefined][] = [
    ['BIGINT', padded(NUMBERS), undefined],
    ['BIGINT', padded(NUMBERS), 0],
    ['DOUBLE', padded(NUMBERS), undefined],
    ['DECIMAL(18,4)', padded(NUMBERS), undefined],
    ...[0, 1, 2, 3, 4, 5].map((w): [ColumnSqlType, string[], number] => ['DECIMAL(18,4)', padded(NUMBERS), w]),
    ...[0, 2, 3].map((w): [ColumnSqlType, string[], number] => ['DECIMAL(18,2)', padded(NUMBERS), w]),
    [WIDE_DECIMAL, padded(NUMBERS), undefined],
    ...[0, 2, 10, 11].map((w): [ColumnSqlType, string[], number] => [WIDE_DECIMAL, padded(NUMBERS), w]),
    ['DATE', padded(DATES), undefined],
    ['TIMESTAMP', padded(TIMESTAMPS), undefined],
  ];
  for (const [type, texts, written] of cases) {
    const hint = written === undefined ? '' : `, written ${written}`;
    it(`${type}${hint}: ${texts.length} texts × ${DIALECTS.length} dialects, the same value as the reference`, async () => {
      let converted = 0;
      for (const dialect of DIALECTS) {
        const values = texts.map((t) => `(${quoteString(t)})`).join(', ');
        const rows = await engine.query(
          `SELECT v, CAST(${convertSql('v', type, dialect, 'UTC', written)} AS VARCHAR) AS got, CAST(${referenceSql('v', type, dialect)} AS VARCHAR) AS want FROM (VALUES ${values}) t(v)`,
        );
        assert.equal(rows.length, texts.length);
        const differ = rows.filter((r) => r.got !== r.want).map((r) => [JSON.stringify(r.v), r.got, r.want]);
        assert.deepEqual(differ, [], `${type}${hint} in ${JSON.stringify(dialect)}: fast path ≠ reference`);
        converted += rows.filter((r) => r.got !== null).length;
        // As a read converts them: the first cast computed once below the conversion (typedSelectSql).
        const want = new Map(rows.map((r) => [r.v, r.want]));
        const columns: ReadColumn[] = [
          { name: 'v', type, origin: 'inferred', ...(written === undefined ? {} : { written }) },
          { name: 'text', type: 'VARCHAR', origin: 'inferred' },
        ];
        const read = await engine.query(
          `SELECT text, CAST(v AS VARCHAR) AS got FROM (${typedSelectSql(columns, `(SELECT v, v AS text FROM (VALUES ${values}) t(v))`, dialect, 'UTC', false)})`,
        );
        assert.equal(read.length, texts.length);
        const readDiffer = read.filter((r) => r.got !== want.get(r.text)).map((r) => [JSON.stringify(r.text), r.got]);
        assert.deepEqual(readDiffer, [], `${type}${hint} in ${JSON.stringify(dialect)}: read ≠ reference`);
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

describe('engine: a number column remembers how its first numbers are written', function () {
  this.timeout(60000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-written-'));
  const engine = new DuckDbEngine({ allowedDirectories: [dir] });
  after(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the canonical fast path is taken only with a hint that fits the column', () => {
    const fast = (type: ColumnSqlType, written?: number) =>
      convertSql('v', type, { delimiter: ',' }, 'UTC', written).includes('AS VARCHAR) = v');
    assert.deepEqual(
      [
        fast('DECIMAL(18,4)', 2),
        fast('DECIMAL(18,4)', 4),
        fast('DECIMAL(18,4)', 5),
        fast('DECIMAL(18,4)'),
        fast('BIGINT', 0),
        fast('BIGINT'),
        fast('DOUBLE', 2),
      ],
      [true, true, false, false, true, false, false],
    );
  });

  it("a read casts a plain date's and a number's text once, below the conversion", () => {
    const columns: ReadColumn[] = [
      { name: 'day', type: 'DATE', origin: 'inferred' },
      { name: 'amount', type: 'DECIMAL(18,4)', origin: 'inferred', written: 2 },
      { name: 'qty', type: 'BIGINT', origin: 'inferred', written: 0 },
      { name: 'score', type: 'DECIMAL(18,4)', origin: 'inferred' },
    ];
    const sql = typedSelectSql(columns, 'raw', { delimiter: ',' }, 'UTC', true);
    const count = (part: string) => sql.split(part).length - 1;
    assert.deepEqual(
      [
        count('TRY_CAST("day" AS DATE)'),
        count('TRY_CAST("amount" AS DECIMAL(18,2))'),
        count('TRY_CAST("qty" AS BIGINT)'),
        count('__kpilens_cast_3'),
      ],
      // qty's other casts are of the pattern's paths (the text untrimmed, then trimmed); score has no hint.
      [1, 1, 2, 0],
    );
  });

  it('planColumns: the digits after the point most numbers of a column are written with', async () => {
    const file = path.join(dir, 'orders.csv');
    // amount: 2 digits twice, 1 and 0 once each; score: whole numbers but one; tie: 1 and 2 digits twice each.
    fs.writeFileSync(
      file,
      lines(
        'id,amount,qty,label,score,tie',
        'A1,23.57,3,x,9,1.5',
        'A2,4.5,12,y,10,2.25',
        'A3,100,7,z,7.5,3.5',
        'A4,0.10,1,w,,4.75',
        'A5,,,,8,',
      ),
    );
    const { columns } = await planColumns(
      engine,
      {
        files: [file],
        dialect: { delimiter: ',' },
        header: ['id', 'amount', 'qty', 'label', 'score', 'tie'],
        timezone: 'UTC',
      },
      {},
      new Set(),
      new Set(),
    );
    assert.deepEqual(
      columns.map((c) => [c.name, c.type, c.written]),
      [
        ['id', 'VARCHAR', undefined],
        ['amount', 'DECIMAL(18,4)', 2],
        ['qty', 'BIGINT', 0],
        ['label', 'VARCHAR', undefined],
        ['score', 'DECIMAL(18,4)', 0],
        ['tie', 'DECIMAL(18,4)', 1],
      ],
    );
  });
});
