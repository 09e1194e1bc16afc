// One meaning per operator and function (src/core/engine/sql/exprSemantics.ts), proved: every
// form of the expression language — every operator, every function, null arguments, whole-
// number columns, text with accents and mixed case — runs on DuckDB and on a real PostgreSQL
// (test/unit/engine/postgresServer.ts, its text column collated en-x-icu as a real database's
// would be) over the same rows, and the two must give the same values; the cases where the
// engines disagree by default carry values computed by hand. The numeric forms also run
// through the formula evaluator (formulaValue.ts), and every form's BigQuery, Snowflake and
// Trino text parses (node-sql-parser) and has the shape that gives the same meaning.
import { strict as assert } from 'assert';
import { Parser } from 'node-sql-parser';
import {
  ARITHMETIC_OPS,
  childrenOf,
  COMPARISON_OPS,
  FUNCTIONS,
  parseExpression,
  type Expr,
} from '../../../src/core/expr';
import { exprToSql } from '../../../src/core/engine/sql/exprToSql';
import { evaluateFormula } from '../../../src/core/engine/evaluation/formulaValue';
import { CASE_MAPPING_EXCEPTIONS, roundNumber } from '../../../src/core/engine/sql/exprSemantics';
import { duckdbDialect, postgresDialect, type Dialect } from '../../../src/core/engine/sql/dialect';
import { bigqueryDialect, snowflakeDialect, trinoDialect } from '../../../src/core/engine/sql/warehouseDialects';
import { warehouseSql } from '../../../src/core/engine/sql/warehouseSql';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { PostgresEngine } from '../../../src/core/engine/backends/postgresEngine';
import { quoteIdent } from '../../../src/core/engine/sql/sqlText';
import { SqlValues } from '../../../src/core/engine/sql/sqlValues';
import type { SqlRow } from '../../../src/core/engine/backends/engine';
import { serverSettings, startPostgresForSuite, type PostgresServer } from './postgresServer';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lines, runCli } from '../helpers';

// The rows: id, i and j whole numbers (BIGINT), x a float (DOUBLE), s text, d a date, b a boolean.
const COLUMNS = 'id, i, j, x, s, d, b';
const ROWS = [
  "(1, 7, 2, 2.5, 'Élodie', DATE '2025-02-28', TRUE)",
  "(2, -7, 0, -2.5, 'B', DATE '2024-02-29', FALSE)",
  "(3, 0, -3, 0.125, 'a', DATE '2025-12-31', NULL)",
  '(4, NULL, 4, NULL, NULL, NULL, TRUE)',
  "(5, 15, NULL, 1.005, 'zoë', DATE '2025-01-01', FALSE)",
  "(6, 25, 5, -0.5, 'ÉCOLE', DATE '2000-10-09', NULL)",
];

interface Case {
  expr: string;
  /** Values by id (1..6), computed by hand, where the engines disagree without one meaning. */
  expected?: unknown[];
}

const CASES: Case[] = [
  { expr: 'i + j' },
  { expr: 'i - j' },
  { expr: 'i * j' },
  { expr: 'x + 1.5' },
  { expr: 'x * i' },
  // 7/2 = 3.5; -7/0 → null; 0/-3 = -0 (shown 0); null; 15/null → null; 25/5 = 5.
  { expr: 'i / j', expected: [3.5, null, 0, null, null, 5] },
  // 7/2 = 3.5 also with a written whole number; 2.5/4 = 0.625 …
  { expr: 'i / 2', expected: [3.5, -3.5, 0, null, 7.5, 12.5] },
  { expr: 'x / 4', expected: [0.625, -0.625, 0.03125, null, 0.25125, -0.125] },
  { expr: '1 / 0', expected: [null, null, null, null, null, null] },
  { expr: '- i' },
  { expr: '- x' },
  { expr: 'i = 7' },
  { expr: 'i != 7' },
  { expr: 'i < j' },
  { expr: 'i <= 0' },
  { expr: 'x > 0' },
  { expr: 'x >= -0.5' },
  { expr: "s = 'B'" },
  { expr: "s != 'a'" },
  // Code points: 'B' (66) < 'a' (97) < 'z' (122) < 'É' (201); a locale's order would put B after a.
  { expr: "s < 'a'", expected: [false, true, false, null, false, false] },
  { expr: "s >= 'b'", expected: [true, false, false, null, true, true] },
  { expr: "d < date '2025-01-01'" },
  { expr: "d >= date '2025-02-28'" },
  { expr: 'i > 0 and b' },
  { expr: 'i > 0 or b' },
  { expr: 'not b' },
  { expr: 'b = true' },
  { expr: 'b != false' },
  { expr: 'b and null' },
  { expr: 'b or null' },
  { expr: 'i in (7, 25)' },
  { expr: 'i not in (7, 25)' },
  { expr: 'i in (7, null)' },
  { expr: 'i not in (7, null)' },
  { expr: "s in ('a', 'B')" },
  { expr: 'x in (2.5, -0.5)' },
  { expr: 'i between 0 and 15' },
  { expr: 'i not between 0 and 15' },
  { expr: 'x between -1 and 1.005' },
  { expr: "s between 'A' and 'Z'", expected: [false, true, false, null, false, false] },
  { expr: "d between date '2025-01-01' and date '2025-03-01'" },
  // Days between dates: 2025-02-28 is day 58 of 2025 from Jan 1; 2024-02-29 is 307 days before
  // it; 2025-12-31 364 after; 2000-10-09 8850 before. (Refused by the checker before.)
  { expr: "d - date '2025-01-01'", expected: [58, -307, 364, null, 0, -8850] },
  { expr: "date '2025-12-31' - d <= 30", expected: [false, false, true, null, false, false] },
  { expr: 'i is null' },
  { expr: 'i is not null' },
  { expr: 's is null' },
  { expr: 'b is not null' },
  { expr: 'coalesce(i, j, 0)' },
  { expr: 'coalesce(x, i)' },
  { expr: "coalesce(s, '?')" },
  { expr: 'coalesce(null, j)' },
  { expr: 'abs(i)' },
  { expr: 'abs(x)' },
  { expr: 'abs(i - j)' },
  // Halves away from zero on the float: 2.5 → 3, -2.5 → -3, 0.125 → 0, -0.5 → -1 (PostgreSQL's own round gives 2, -2, -0).
  { expr: 'round(x)', expected: [3, -3, 0, null, 1, -1] },
  // 0.125 × 100 = 12.5 exactly → 13 → 0.13; 1.005 is 1.00499999999999989… → 100.49999… → 100 → 1.
  { expr: 'round(x, 2)', expected: [2.5, -2.5, 0.13, null, 1, -0.5] },
  { expr: 'round(x, 1)', expected: [2.5, -2.5, 0.1, null, 1, -0.5] },
  // 7 → 10, -7 → -10, 0, null, 15 → 20 (half away), 25 → 30.
  { expr: 'round(i, -1)', expected: [10, -10, 0, null, 20, 30] },
  { expr: 'round(i / j, 1)', expected: [3.5, null, 0, null, null, 5] },
  // n from a column: j decimals (2, 0, -3, 4, null, 5).
  { expr: 'round(x, j)', expected: [2.5, -3, 0, null, null, -0.5] },
  { expr: 'round(2.5)', expected: [3, 3, 3, 3, 3, 3] },
  { expr: 'round(x, 1.9)', expected: [2.5, -2.5, 0.1, null, 1, -0.5] },
  // Nulls skipped: max(7, 2) = 7; max(-7, 0) = 0; 0; 4 (i null); 15 (j null); 25.
  { expr: 'greatest(i, j)', expected: [7, 0, 0, 4, 15, 25] },
  { expr: 'least(i, j)', expected: [2, -7, -3, 4, 15, 5] },
  { expr: 'greatest(x, i, j)' },
  { expr: 'least(x)' },
  { expr: 'greatest(null, null)', expected: [null, null, null, null, null, null] },
  { expr: "greatest(s, 'a')", expected: ['Élodie', 'a', 'a', 'a', 'zoë', 'ÉCOLE'] },
  { expr: "least(s, 'a')", expected: ['a', 'B', 'a', 'a', 'a', 'a'] },
  { expr: "greatest(d, date '2025-01-15')" },
  { expr: 'lower(s)', expected: ['élodie', 'b', 'a', null, 'zoë', 'école'] },
  { expr: 'upper(s)', expected: ['ÉLODIE', 'B', 'A', null, 'ZOË', 'ÉCOLE'] },
  { expr: "lower(s) = 'élodie'", expected: [true, false, false, null, false, false] },
  { expr: "upper(s) < 'B'", expected: [false, false, true, null, false, false] },
  { expr: 'year(d)' },
  { expr: 'month(d)' },
  { expr: 'day(d)' },
  { expr: 'year(d) * 100 + month(d)' },
];

const parse = (text: string): Expr => {
  const { expr, errors } = parseExpression(text);
  assert.ok(expr, `${text}: ${errors.map((e) => e.message).join('; ')}`);
  return expr;
};

const column = (ref: { parts: string[] }) => quoteIdent(ref.parts[ref.parts.length - 1]);

/** A value as both engines should give it: -0 is 0, a bigint a number. */
function normal(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' && Object.is(v, -0)) return 0;
  return v;
}

/** Every operator, expression kind and function a tree uses. */
function formsOf(e: Expr, out: Set<string>): Set<string> {
  if (e.kind === 'binary') out.add(e.op);
  else if (e.kind === 'unary') out.add(`unary ${e.op}`);
  else if (e.kind === 'call') out.add(`${e.name}()`);
  else if (e.kind === 'in' || e.kind === 'between' || e.kind === 'isNull')
    out.add(`${e.negated ? 'not ' : ''}${e.kind}`);
  else out.add(e.kind);
  for (const c of childrenOf(e)) formsOf(c, out);
  return out;
}

describe('expressions: one meaning on DuckDB and PostgreSQL (every operator and function)', function () {
  this.timeout(120_000);
  let server: PostgresServer;
  let pg: PostgresEngine;
  let duck: DuckDbEngine;

  before(async function () {
    server = await startPostgresForSuite(this);
    pg = new PostgresEngine(serverSettings(server));
    duck = new DuckDbEngine({ allowedDirectories: [] });
    await duck.query(
      `CREATE TABLE t AS SELECT CAST(id AS INTEGER) AS id, CAST(i AS BIGINT) AS i, CAST(j AS BIGINT) AS j, CAST(x AS DOUBLE) AS x, CAST(s AS VARCHAR) AS s, d, b FROM (VALUES ${ROWS.join(', ')}) v(${COLUMNS})`,
    );
    // A text column with a locale's collation (ICU English), as a real database's default would be.
    await pg.query(
      'CREATE TABLE t (id integer, i bigint, j bigint, x double precision, s text COLLATE "en-x-icu", d date, b boolean)',
    );
    await pg.query(`INSERT INTO t VALUES ${ROWS.join(', ')}`);
  });

  after(async () => {
    await duck?.close();
    await pg?.close();
    server?.stop();
  });

  async function run(d: Dialect, text: string): Promise<unknown[]> {
    const values = new SqlValues(d);
    const sql = exprToSql(parse(text), column, d, values);
    const rows: SqlRow[] = await (d === duckdbDialect ? duck : pg).query(
      `SELECT id, (${sql}) AS v FROM t ORDER BY id`,
      values.params,
    );
    return rows.map((r) => normal(r.v));
  }

  it('the table covers every operator, every kind of expression and every function of the language', () => {
    const seen = new Set<string>();
    for (const c of CASES) formsOf(parse(c.expr), seen);
    const required = [
      ...ARITHMETIC_OPS,
      ...COMPARISON_OPS,
      'and',
      'or',
      'unary -',
      'unary not',
      'in',
      'not in',
      'between',
      'not between',
      'isNull',
      'not isNull',
      'number',
      'string',
      'date',
      'boolean',
      'null',
      'name',
      ...FUNCTIONS.map((f) => `${f.name}()`),
    ];
    assert.deepEqual(
      required.filter((f) => !seen.has(f)),
      [],
    );
  });

  for (const c of CASES) {
    it(`${c.expr}: the same values on DuckDB and PostgreSQL${c.expected ? ' (computed by hand)' : ''}`, async () => {
      const [onDuck, onPg] = [await run(duckdbDialect, c.expr), await run(postgresDialect, c.expr)];
      assert.deepEqual(onPg, onDuck, `PostgreSQL ${JSON.stringify(onPg)} vs DuckDB ${JSON.stringify(onDuck)}`);
      if (c.expected) assert.deepEqual(onDuck, c.expected);
    });
  }

  it('formula KPIs (computed in JavaScript) give the same values as the SQL for every numeric form', async () => {
    const numeric = CASES.filter(
      (c) =>
        !/[<>=]|\b(s|d|b|and|or|not|in|between|is|lower|upper|year|month|day)\b/.test(c.expr.replace(/'[^']*'/g, '')),
    );
    assert.ok(numeric.length >= 20, `${numeric.length} numeric forms`);
    const rows = await duck.query('SELECT i, j, x FROM t ORDER BY id');
    for (const c of numeric) {
      const expr = parse(c.expr);
      const js = rows.map((r) => normal(evaluateFormula(expr, (name) => (r[name] === null ? null : Number(r[name])))));
      assert.deepEqual(js, await run(duckdbDialect, c.expr), c.expr);
    }
  });

  it('round in JavaScript: halves away from zero, n < 0 by division as DuckDB does', () => {
    // 2.5 → 3, -2.5 → -3; 1235 / 10 = 123.5 → 124 → 1240; 0.49999999999999994 stays below one half → 0.
    assert.deepEqual(
      [
        roundNumber(2.5),
        roundNumber(-2.5),
        roundNumber(1235, -1),
        roundNumber(0.49999999999999994),
        roundNumber(0.125, 2),
      ],
      [3, -3, 1240, 0, 0.13],
    );
  });

  it('the letters whose case mapping is not one for one differ only as docs/expressions.md says', async () => {
    for (const e of CASE_MAPPING_EXCEPTIONS) {
      const text = `${e.fn}('${e.text}')`;
      assert.deepEqual(
        [(await run(duckdbDialect, text))[0], (await run(postgresDialect, text))[0]],
        [e.duckdb, e.postgres],
        text,
      );
    }
  });
});

describe('expressions: the warehouse texts (BigQuery, Snowflake, Trino) of every form', () => {
  const parser = new Parser();
  for (const d of [bigqueryDialect, snowflakeDialect, trinoDialect]) {
    it(`${d.title}: every form parses, with floating-point division, null-skipping least/greatest and float rounding`, () => {
      for (const c of CASES) {
        const sql = warehouseSql(`SELECT (${exprToSql(parse(c.expr), column, d)}) AS v FROM t`, d);
        try {
          parser.astify(sql, { database: d.name });
        } catch (err) {
          assert.fail(`${d.title}: ${c.expr}: ${(err as Error).message.slice(0, 200)}\n${sql}`);
        }
      }
      const text = (e: string) => warehouseSql(exprToSql(parse(e), column, d), d);
      const q = (n: string) => d.quoteIdent(n);
      const double = d.name === 'bigquery' ? 'FLOAT64' : 'DOUBLE';
      assert.equal(text('i / j'), `(CAST(${q('i')} AS ${double}) / NULLIF(${q('j')}, 0))`);
      // Each argument falls back on the others: null only when all are null.
      assert.equal(text('greatest(i, j)'), `greatest(coalesce(${q('i')}, ${q('j')}), coalesce(${q('j')}, ${q('i')}))`);
      assert.equal(text('round(x, 2)'), `round(CAST(${q('x')} AS ${double}), 2)`);
      assert.equal(text('round(x, -1)'), `round(CAST(${q('x')} AS ${double}), -1)`);
    });
  }
});

describe('expressions: names in Snowflake are quoted as the source spells them', () => {
  it('a filter writing CUSTOMER_ID and Plan on a header customer_id,plan gives "customer_id" and "plan"', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-snowflake-'));
    try {
      fs.mkdirSync(path.join(dir, 'data'));
      fs.writeFileSync(path.join(dir, 'data', 'm.csv'), 'customer_id,plan,joined\nc1,pro,2025-01-02\n');
      fs.writeFileSync(
        path.join(dir, 'm.kpi.yaml'),
        lines(
          'kpilens: 1',
          'as_of: 2025-01-31',
          'sources:',
          '  m: { file: data/m.csv, time: joined, key: customer_id }',
          'periods:',
          '  jan: { grain: month, last: 1 }',
          'kpis:',
          '  n: { type: count, source: m, where: "CUSTOMER_ID is not null and Plan = \'pro\'", period: jan }',
        ),
      );
      const r = await runCli(['sql', path.join(dir, 'm.kpi.yaml'), '--dialect', 'snowflake']);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /"customer_id" IS NOT NULL/);
      assert.match(r.out, /"plan" = 'pro'/);
      assert.doesNotMatch(r.out, /"CUSTOMER_ID"|"Plan"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
