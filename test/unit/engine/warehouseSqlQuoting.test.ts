// The quoting of the compile-only warehouse dialects (BigQuery, Snowflake, Trino): random and
// hostile text through each dialect's literal and name quoting (a fuzz test), checked against
// reference decoders written from each engine's documentation and by the dialect's parser
// (node-sql-parser, warehouseParser.ts); the re-quoting pass's tokens and refusals; FILTER
// rewritten where a dialect lacks it; and hostile table and column names and filter values
// through the whole compiler, reaching each dialect's SQL only quoted.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { PlanOnlyEngine } from '../../../src/core/engine/backends/planOnlyEngine';
import { SqlTextError } from '../../../src/core/engine/sql/sqlText';
import { tokenize, warehouseSql } from '../../../src/core/engine/sql/warehouseSql';
import {
  bigqueryDialect,
  snowflakeDialect,
  trinoDialect,
  type WarehouseDialectName,
} from '../../../src/core/engine/sql/warehouseDialects';
import { createRandom } from '../../../src/core/util/random';
import { lines } from '../helpers';
import { DIALECTS, lexical, parse, parser } from './warehouseParser';

/** Reference decoders written from each engine's documentation, independent of the quoting code. */
const DECODE: Record<WarehouseDialectName, (literal: string) => string> = {
  bigquery: (lit) => {
    assert.ok(lit.startsWith("'") && lit.endsWith("'"));
    const body = lit.slice(1, -1);
    let out = '';
    for (let i = 0; i < body.length; i += 1) {
      const ch = body[i];
      assert.ok(ch !== "'" && ch !== '\n', 'a bare quote or newline inside a BigQuery literal');
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const e = body[++i];
      if (e === 'n') out += '\n';
      else if (e === 'r') out += '\r';
      else if (e === 't') out += '\t';
      else if (e === 'x') {
        out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
        i += 2;
      } else out += e;
    }
    return out;
  },
  snowflake: (lit) => {
    const body = lit.slice(1, -1);
    assert.ok(!/(^|[^'])'([^']|$)/.test(body.replace(/''/g, '')), 'every quote doubled');
    let out = '';
    for (let i = 0; i < body.length; i += 1) {
      if (body[i] === '\\') out += body[++i];
      else if (body[i] === "'") {
        out += "'";
        i += 1;
      } else out += body[i];
    }
    return out;
  },
  trino: (lit) => lit.slice(1, -1).replace(/''/g, "'"),
};

const HOSTILE = [
  "it's",
  "'; DROP TABLE orders; --",
  "\\'; DROP TABLE orders; --",
  'a\\',
  '\\',
  "\\\\'",
  '"',
  '`',
  '``; DROP',
  '*/ /*',
  '-- x',
  'line\nbreak',
  'tab\there',
  'cr\rx',
  '\u0001\u007f',
  'é ü ß 日本 🙂',
  '${x}',
  '$1',
  '?',
  "'' OR ''1''=''1",
  "x') OR ('1'='1",
];

function randomText(rnd: ReturnType<typeof createRandom>): string {
  const alphabet = [
    "'",
    '"',
    '`',
    '\\',
    '\n',
    '\r',
    '\t',
    ' ',
    'a',
    'Z',
    '0',
    ';',
    '-',
    '/',
    '*',
    '(',
    ')',
    '$',
    '?',
    ':',
    '\u0001',
    'é',
    '🙂',
    '\u2028',
  ];
  return Array.from({ length: rnd.int(0, 24) }, () => rnd.pick(alphabet)).join('');
}

describe('warehouse dialects: quoting of text and names (fuzz and injection)', () => {
  const rnd = createRandom(9_2026);
  const texts = [...HOSTILE, ...Array.from({ length: 300 }, () => randomText(rnd))];

  for (const d of DIALECTS) {
    it(`${d.title}: every text is one string literal that decodes to itself, and the statement parses`, () => {
      for (const text of texts) {
        const lit = d.quoteString(text);
        assert.equal(DECODE[d.name](lit), text, JSON.stringify(text));
        // The parser reads exactly one column, a string, aliased v: the text never left its literal.
        const ast = parser.astify(lexical(`SELECT ${lit} AS v`, d), { database: d.name });
        const select = (Array.isArray(ast) ? ast[0] : ast) as unknown as {
          columns: { expr: { type: string }; as: unknown }[];
        };
        assert.equal(select.columns.length, 1, JSON.stringify(text));
        assert.match(select.columns[0].expr.type, /string/, JSON.stringify(text));
        // The whole compiler path: a standard literal re-quoted by warehouseSql.
        assert.equal(
          warehouseSql(`SELECT '${text.replace(/'/g, "''")}' AS "v"`, d),
          `SELECT ${lit} AS ${d.quoteIdent('v')}`,
        );
      }
    });

    it(`${d.title}: every name is one quoted identifier (or, in BigQuery, refused when it cannot be one)`, () => {
      for (const name of texts.filter((t) => t.length > 0)) {
        let ident: string;
        try {
          ident = d.quoteIdent(name);
        } catch (err) {
          assert.ok(
            // eslint-disable-next-line no-control-regex
            err instanceof SqlTextError && d.name === 'bigquery' && /[`\\\x00-\x1f\x7f]/.test(name),
            `${d.title} refused ${JSON.stringify(name)}`,
          );
          continue;
        }
        if (d.name === 'bigquery') assert.equal(ident, `\`${name}\``);
        else assert.equal(ident, `"${name.replace(/"/g, '""')}"`);
        // Parsed as the one column of `SELECT <name> FROM t` (through the declared LEXICAL_GAPS).
        const ast = parser.astify(lexical(`SELECT ${ident} FROM t`, d), { database: d.name });
        const select = (Array.isArray(ast) ? ast[0] : ast) as unknown as { columns: unknown[] };
        assert.equal(select.columns.length, 1, JSON.stringify(name));
        // Re-quoting a standard name gives the dialect's quoting.
        assert.equal(warehouseSql(`SELECT "${name.replace(/"/g, '""')}" FROM t`, d), `SELECT ${ident} FROM t`);
      }
    });
  }

  it('the re-quoting pass reads every token or refuses: comments, unterminated quotes, parameters', () => {
    assert.deepEqual(
      tokenize(`SELECT 'a''b', "c""d" FROM t`).filter((t) => t.kind === 'string' || t.kind === 'ident'),
      [
        { kind: 'string', value: "a'b" },
        { kind: 'ident', value: 'c"d' },
      ],
    );
    for (const bad of [
      "SELECT 'x",
      'SELECT "x',
      'SELECT 1 -- c',
      'SELECT /* c */ 1',
      'SELECT $1',
      'SELECT ?',
      'SELECT `x`',
    ]) {
      assert.throws(() => warehouseSql(bad, trinoDialect), SqlTextError, bad);
    }
  });

  it('FILTER becomes CASE WHEN inside the aggregate where the dialect has no FILTER', () => {
    const sql = `SELECT count(*) FILTER (WHERE "a" > 1) AS "n", avg("v") FILTER (WHERE ("b" = 'x')) AS "m", count(DISTINCT "k") FILTER (WHERE "c") AS "d"`;
    assert.equal(
      warehouseSql(sql, snowflakeDialect),
      `SELECT count(CASE WHEN "a" > 1 THEN 1 END) AS "n", avg(CASE WHEN ("b" = 'x') THEN "v" END) AS "m", count(DISTINCT CASE WHEN "c" THEN "k" END) AS "d"`,
    );
    assert.equal(warehouseSql(sql, trinoDialect), sql);
  });
});

describe('warehouse dialects: hostile names and values of a spec reach the SQL only quoted', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-warehouse-hostile-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a table, a column and filter values made of SQL', async () => {
    const table = 'o"; DROP TABLE orders; --';
    const column = 'am"ount\'); DROP TABLE orders; --';
    const value = "x' OR '1'='1\\'; DROP TABLE orders; --";
    const text = lines(
      'kpilens: 1',
      'as_of: 2025-06-30',
      'sources:',
      '  hostile:',
      `    table: '${('analytics.' + table).replace(/'/g, "''")}'`,
      '    connection: wh',
      '    time: day',
      'periods:',
      '  monthly: { grain: month, last: 1 }',
      'kpis:',
      '  paid:',
      '    type: sum',
      '    source: hostile',
      `    column: '${column.replace(/'/g, "''")}'`,
      `    where: "status = '${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/'/g, "''")}'"`,
      '    period: monthly',
    );
    const file = path.join(dir, 'hostile.kpi.yaml');
    fs.writeFileSync(file, text);
    const check = await checkKpiFile(file, text);
    assert.deepEqual(
      check.diagnostics.filter((x) => x.severity === 'error').map((x) => x.message),
      [],
    );
    for (const d of [snowflakeDialect, trinoDialect, bigqueryDialect]) {
      const plan = new PlanOnlyEngine(d);
      const result = await evaluateSpec(check, { engine: plan, dialect: d, asOf: '2025-06-30' });
      assert.deepEqual(
        result.diagnostics.filter((x) => x.severity === 'error').map((x) => x.message),
        [],
        d.title,
      );
      const scans = plan.statements.filter((s) => s.includes('DROP TABLE'));
      assert.ok(scans.length >= 2, `${d.title}: the profile and the scan name the table`);
      for (const sql of scans) {
        const rest = sql
          .split(d.quoteIdent(table))
          .join('')
          .split(d.quoteIdent(column))
          .join('')
          .split(d.quoteString(value))
          .join('');
        assert.ok(!rest.includes('DROP TABLE'), `${d.title}: unquoted text in ${sql}`);
        parse(sql, d);
      }
      assert.ok(
        scans.some((s) => s.includes(d.quoteString(value))),
        `${d.title}: the value as one literal`,
      );
    }
    // A name BigQuery cannot quote (a backtick) fails its KPI with the reason, never reaches SQL.
    const tick = text.replace('am"ount', 'am`ount');
    fs.writeFileSync(file, tick);
    const plan = new PlanOnlyEngine(bigqueryDialect);
    const result = await evaluateSpec(await checkKpiFile(file, tick), {
      engine: plan,
      dialect: bigqueryDialect,
      asOf: '2025-06-30',
    });
    assert.ok(plan.statements.every((s) => !s.includes('am`ount')));
    assert.ok(
      result.diagnostics.some(
        (x) =>
          x.severity === 'error' &&
          /cannot be written in BigQuery: a BigQuery name cannot hold a backtick/.test(x.message),
      ),
      JSON.stringify(result.diagnostics),
    );
  });
});
