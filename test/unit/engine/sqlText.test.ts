// Tests of the SQL text helpers: the exact text they produce, what they refuse, and, run in
// real DuckDB, that hostile names and strings come back unchanged instead of becoming SQL.

import { strict as assert } from 'assert';
import * as os from 'os';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { plainDecimal } from '../../../src/core/expr/decimal';
import { quoteIdent, quoteString, sqlDate, sqlNumber, SqlTextError } from '../../../src/core/engine/sql/sqlText';

const HOSTILE = [
  'plain',
  "it's",
  "''",
  "'; DROP TABLE victim; --",
  "x' OR '1'='1",
  '"; DROP TABLE victim; --',
  'a"b',
  '""',
  'back\\slash',
  "\\'",
  'ends with backslash\\',
  'line\nbreak',
  'crlf\r\nand\ttab',
  '-- comment',
  '/* comment */',
  '$1 ? $name',
  "E'\\x41'",
  'é ü ß 中文 😀 \u200b',
  ' leading and trailing ',
  'SELECT',
  ';',
];

describe('sqlText', function () {
  this.timeout(30_000);

  describe('text', () => {
    it('quotes identifiers with doubled double quotes', () => {
      assert.equal(quoteIdent('amount'), '"amount"');
      assert.equal(quoteIdent('a"b'), '"a""b"');
      assert.equal(quoteIdent('"; DROP TABLE x; --'), '"""; DROP TABLE x; --"');
      assert.equal(quoteIdent("it's"), '"it\'s"');
    });

    it('quotes strings with doubled single quotes and leaves backslashes alone', () => {
      assert.equal(quoteString('abc'), "'abc'");
      assert.equal(quoteString("it's"), "'it''s'");
      assert.equal(quoteString(''), "''");
      assert.equal(quoteString('a\\b'), "'a\\b'");
    });

    it('refuses NUL, unpaired surrogates and empty identifiers', () => {
      for (const bad of ['a\0b', '\0']) {
        assert.throws(() => quoteIdent(bad), SqlTextError);
        assert.throws(() => quoteString(bad), SqlTextError);
      }
      for (const bad of ['\uD800', 'a\uDC00b', '\uDBFFx']) {
        assert.throws(() => quoteIdent(bad), /surrogate/);
        assert.throws(() => quoteString(bad), /surrogate/);
      }
      assert.throws(() => quoteIdent(''), /empty/);
      assert.equal(quoteString('😀'), "'😀'");
    });

    it('writes dates as DATE literals after a strict check', () => {
      assert.equal(sqlDate('2025-01-31'), "DATE '2025-01-31'");
      assert.equal(sqlDate('2024-02-29'), "DATE '2024-02-29'");
      for (const bad of [
        '2025-02-29',
        '2025-13-01',
        '2025-1-5',
        '25-01-01',
        '2025-01-31 ',
        ' 2025-01-31',
        '2025-01-31\n',
        "2025-01-31'; DROP TABLE x; --",
        '2025/01/31',
        '',
        '0000-01-01',
      ]) {
        assert.throws(() => sqlDate(bad), SqlTextError, JSON.stringify(bad));
      }
    });

    it('writes finite numbers as plain decimals', () => {
      const cases: [number, string][] = [
        [0, '0'],
        [-0, '0'],
        [42, '42'],
        [-5, '(-5)'],
        [0.1, '0.1'],
        [1e-7, '0.0000001'],
        [1.5e-7, '0.00000015'],
        [-2.5e-10, '(-0.00000000025)'],
        [1e21, '1000000000000000000000'],
        [1.234e22, '12340000000000000000000'],
        [123.456, '123.456'],
        [Number.MAX_SAFE_INTEGER, '9007199254740991'],
      ];
      for (const [n, text] of cases) assert.equal(sqlNumber(n), text, String(n));
      assert.equal(sqlNumber(5e-324), `0.${'0'.repeat(323)}5`);
      assert.equal(sqlNumber(Number.MAX_VALUE).length, 309);
      for (const bad of [NaN, Infinity, -Infinity]) assert.throws(() => sqlNumber(bad), /finite/);
    });

    it('expands exponents exactly (random doubles read back identical)', () => {
      let seed = 12345;
      const random = (): number => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed / 2147483648;
      };
      for (let i = 0; i < 2000; i++) {
        const n = (random() + 0.01) * 10 ** Math.floor(random() * 80 - 40);
        const text = plainDecimal(n);
        assert.match(text, /^\d+(\.\d+)?$/);
        assert.equal(Number(text), n, `${n} → ${text}`);
      }
    });
  });

  describe('in DuckDB', () => {
    let engine: DuckDbEngine;

    before(async () => {
      engine = new DuckDbEngine({ allowedDirectories: [os.tmpdir()] });
      await engine.query('CREATE TABLE victim AS SELECT 1 AS v');
    });

    after(async () => {
      await engine.close();
    });

    it('returns hostile strings unchanged', async () => {
      for (const text of HOSTILE) {
        const rows = await engine.query(`SELECT ${quoteString(text)} AS x, strlen(${quoteString(text)}) AS n`);
        assert.deepEqual(rows, [{ x: text, n: Buffer.byteLength(text, 'utf8') }], JSON.stringify(text));
      }
      assert.deepEqual(await engine.query('SELECT v FROM victim'), [{ v: 1 }]);
    });

    it('returns hostile identifiers unchanged, as column names and as references', async () => {
      for (const name of HOSTILE) {
        const id = quoteIdent(name);
        const rows = await engine.query(`SELECT ${id} FROM (SELECT 42 AS ${id}) AS t`);
        assert.deepEqual(rows, [{ [name]: 42 }], JSON.stringify(name));
      }
      assert.deepEqual(await engine.query('SELECT v FROM victim'), [{ v: 1 }]);
    });

    it('builds a whole statement from hostile parts without injection', async () => {
      const col = '"; DROP TABLE victim; --';
      const value = "'); DROP TABLE victim; --";
      const sql = `SELECT ${quoteString(value)} AS ${quoteIdent(col)}, ${sqlDate('2024-02-29')} AS d, 1 -${sqlNumber(-5)} AS n`;
      assert.deepEqual(await engine.query(sql), [{ [col]: value, d: '2024-02-29', n: 6 }]);
      assert.deepEqual(await engine.query('SELECT v FROM victim'), [{ v: 1 }]);
    });

    it('reads dates and numbers back identical', async () => {
      for (const d of ['2025-01-31', '2024-02-29', '0001-01-01', '9999-12-31']) {
        assert.deepEqual(await engine.query(`SELECT ${sqlDate(d)} AS d`), [{ d }]);
      }
      const numbers = [
        0,
        -0,
        1,
        -1,
        0.1,
        -0.5,
        1e-7,
        123.456,
        1e21,
        1.5e300,
        5e-324,
        Number.MAX_VALUE,
        Number.MAX_SAFE_INTEGER,
        2 ** 60,
      ];
      const sql = `SELECT ${numbers.map((n, i) => `(${sqlNumber(n)})::DOUBLE AS n${i}`).join(', ')}`;
      const [row] = await engine.query(sql);
      numbers.forEach((n, i) => assert.equal(row[`n${i}`], n === 0 ? 0 : n, String(n)));
    });
  });
});
