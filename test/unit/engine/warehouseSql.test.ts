// The compile-only warehouse dialects (BigQuery, Snowflake, Trino): every KPI's SQL of the
// sample, of the e2e showcase and of a spec with the constructs those two lack (a predictive
// and a historical clv, a cohort sliced by a `where` segment) — printed by `kpilens sql
// --dialect …` — is parsed by a maintained parser of that dialect, node-sql-parser 5.4.0
// (pinned devDependency); a parse error fails the test. Where that parser cannot read a
// construct the engine accepts, the statement is parsed with the construct replaced, the
// gap is named below with its reference, and the construct's own shape is checked instead.
// Then the quoting: random and hostile text through each dialect's literal and name quoting
// (a fuzz test), and hostile table and column names and filter values through the whole
// compiler, reaching each dialect's SQL only quoted.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Parser } from 'node-sql-parser';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { PlanOnlyEngine } from '../../../src/core/engine/backends/planOnlyEngine';
import { SqlTextError } from '../../../src/core/engine/sql/sqlText';
import { tokenize, warehouseSql } from '../../../src/core/engine/sql/warehouseSql';
import {
  bigqueryDialect,
  snowflakeDialect,
  trinoDialect,
  type WarehouseDialect,
  type WarehouseDialectName,
} from '../../../src/core/engine/sql/warehouseDialects';
import { createRandom } from '../../../src/core/util/random';
import { FIXTURES, lines, REPO_ROOT, runCli } from '../helpers';

const DIALECTS: WarehouseDialect[] = [bigqueryDialect, snowflakeDialect, trinoDialect];
const parser = new Parser();

/** A construct the engine accepts that node-sql-parser 5.4.0 cannot parse in that dialect. */
interface ParserGap {
  dialects: WarehouseDialectName[];
  what: string;
  /** Where the engine documents the construct, and what the parser lacks. */
  reference: string;
  pattern: RegExp;
  /** What the parser reads instead (the rest of the statement is parsed as written). */
  replace: string;
  /** The construct's shape in the dialect's quoting, checked on the text it replaces. */
  shape: (d: WarehouseDialect) => RegExp;
}

const q = (d: WarehouseDialect, name: string) => d.quoteIdent(name).replace(/[.*+?^${}()|[\]\\`]/g, '\\$&');

const PARSER_GAPS: ParserGap[] = [
  {
    dialects: ['bigquery', 'snowflake', 'trino'],
    what: 'GROUP BY GROUPING SETS',
    reference:
      'node-sql-parser 5.4.0: its bigquery, snowflake and trino grammars (build/bigquery.js, build/snowflake.js, build/trino.js) have no GROUPING SETS rule. ' +
      'The engines accept it: BigQuery https://cloud.google.com/bigquery/docs/reference/standard-sql/query-syntax#group_by_grouping_sets, ' +
      'Snowflake https://docs.snowflake.com/en/sql-reference/constructs/group-by-grouping-sets, Trino https://trino.io/docs/current/sql/select.html#grouping-sets',
    pattern: /GROUP BY GROUPING SETS \((?:\([^()]*\)(?:, )?)+\)/,
    replace: 'GROUP BY 1',
    // ((w), (w, s0), (w, s1)…): the window alone, then the window with each slice.
    shape: (d) =>
      new RegExp(
        `^GROUP BY GROUPING SETS \\(\\(${q(d, '__w')}\\)(, \\(${q(d, '__w')}, ${d.name === 'bigquery' ? '`__s\\d+`' : '"__s\\d+"'}\\))+\\)$`,
      ),
  },
  {
    dialects: ['bigquery'],
    what: 'ARRAY_AGG(DISTINCT expression IGNORE NULLS)',
    reference:
      'node-sql-parser 5.4.0: its bigquery grammar reads ARRAY_AGG(DISTINCT column) only — no expression after DISTINCT unless parenthesised, no IGNORE NULLS. ' +
      'BigQuery: ARRAY_AGG([DISTINCT] expression [{IGNORE|RESPECT} NULLS] …), https://cloud.google.com/bigquery/docs/reference/standard-sql/aggregate_functions#array_agg ' +
      '(IGNORE NULLS is needed: an ARRAY cannot hold NULL)',
    pattern: /ARRAY_AGG\(DISTINCT (CASE WHEN .*? END) IGNORE NULLS\)/g,
    replace: 'ARRAY_AGG(DISTINCT ($1))',
    shape: () => /^ARRAY_AGG\(DISTINCT CASE WHEN .* THEN .* END IGNORE NULLS\)$/,
  },
];

/**
 * Quoting that the engine reads and node-sql-parser 5.4.0 does not; the quoting itself is
 * checked against reference decoders below, the parse is done with the piece written as `_`.
 */
const LEXICAL_GAPS: { dialects: WarehouseDialectName[]; what: string; reference: string; pattern: RegExp }[] = [
  {
    dialects: ['snowflake', 'trino'],
    what: 'a doubled " inside a quoted name',
    reference:
      'Snowflake: "to use the double quote character inside a quoted identifier, use two quotes" (https://docs.snowflake.com/en/sql-reference/identifiers-syntax#double-quoted-identifiers); ' +
      'Trino: quoted identifiers as in the SQL standard (https://trino.io/docs/current/language/reserved.html); the two grammars read [^"] only inside "…"',
    pattern: /""/g,
  },
  {
    dialects: ['trino'],
    what: 'a backslash in a string literal',
    reference:
      'Trino string literals have no backslash escapes — only a doubled single quote (https://trino.io/docs/current/language/types.html#varchar); ' +
      "the parser's trino grammar reads \\' as an escaped quote",
    pattern: /\\/g,
  },
];

/** The statements of `kpilens sql` output, without the per-KPI header lines. */
function statementsOf(out: string): string[] {
  return out
    .split(/;\n\n/)
    .map((s) => s.replace(/^-- KPI .*\n/gm, '').trim())
    .filter((s) => s.length > 0);
}

/** The statement with the LEXICAL_GAPS of the dialect written as `_`. */
function lexical(sql: string, d: WarehouseDialect): string {
  return LEXICAL_GAPS.reduce(
    (text, gap) => (gap.dialects.includes(d.name) ? text.replace(gap.pattern, '_') : text),
    sql,
  );
}

/** Parses a statement in the dialect (through the declared gaps); returns the gaps used, or throws with the statement. */
function parse(sql: string, d: WarehouseDialect): string[] {
  let text = sql;
  const used: string[] = [];
  for (const gap of PARSER_GAPS) {
    if (!gap.dialects.includes(d.name)) continue;
    const found = text.match(gap.pattern);
    if (!found) continue;
    for (const piece of text.match(new RegExp(gap.pattern.source, 'g')) ?? [])
      assert.match(piece, gap.shape(d), `${d.title}: ${gap.what} has its shape`);
    text = text.replace(gap.pattern, gap.replace);
    used.push(gap.what);
  }
  text = lexical(text, d);
  try {
    parser.astify(text, { database: d.name });
  } catch (err) {
    const offset = (err as { location?: { start?: { offset?: number } } }).location?.start?.offset ?? 0;
    assert.fail(
      `${d.title} parse error: ${(err as Error).message.slice(0, 200)}\n  near: ${text.slice(Math.max(0, offset - 120), offset + 60)}\n  statement: ${text}`,
    );
  }
  return used;
}

describe('warehouse dialects: the SQL parses in BigQuery, Snowflake and Trino (node-sql-parser)', function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-warehouse-'));
    // The e2e workspace: the sample with the showcase on top (scripts/vscode/run-tests.mjs).
    const showcase = path.join(dir, 'showcase');
    fs.cpSync(path.join(REPO_ROOT, 'samples'), showcase, { recursive: true });
    fs.cpSync(path.join(REPO_ROOT, 'test', 'e2e', 'workspace'), showcase, { recursive: true });
    // What the two lack: predictive and historical clv, a cohort sliced by a `where` segment, filters with values.
    const extra = path.join(dir, 'extra');
    fs.mkdirSync(path.join(extra, 'data'), { recursive: true });
    fs.copyFileSync(path.join(FIXTURES, 'clv', 'data', 'purchases.csv'), path.join(extra, 'data', 'purchases.csv'));
    fs.writeFileSync(
      path.join(extra, 'data', 'customers.csv'),
      'customer_id,signup_date,plan\nc01,2025-01-01,pro\nc02,2025-01-10,free\n',
    );
    fs.writeFileSync(
      path.join(extra, 'extra.kpi.yaml'),
      lines(
        'kpilens: 1',
        'as_of: 2025-06-30',
        'sources:',
        '  orders: { file: data/purchases.csv, time: order_date, key: customer_id, where: "status = \'paid\'" }',
        '  customers: { file: data/customers.csv, time: signup_date, key: customer_id }',
        'periods:',
        '  monthly: { grain: month, last: 2 }',
        'segments:',
        '  channel: { by: channel }',
        '  big: { where: "amount > 20" }',
        '  pro: { where: "plan = \'pro\'" }',
        'kpis:',
        '  clv: { type: clv, method: predictive, revenue: orders.amount, segments: [channel, big], backtest: { holdout_months: 2 }, period: monthly }',
        '  hist: { type: clv, method: historical, months: 6, revenue: orders.amount, segments: [channel], period: monthly }',
        "  retention: { type: cohort_retention, source: orders, cohort: customers, start: signup_date, days: [30, 60], where: \"channel <> 'it''s'\", segments: [pro], period: monthly }",
        "  web: { type: count, source: orders, where: \"channel in ('web', 'a\\\\b') and year(order_date) = 2025\", period: monthly }",
      ),
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const files = () => [
    { name: 'samples/loyalty.kpi.yaml', file: path.join(REPO_ROOT, 'samples', 'loyalty.kpi.yaml') },
    { name: 'the e2e showcase', file: path.join(dir, 'showcase', 'showcase.kpi.yaml') },
    {
      name: 'predictive and historical clv, a cohort by a where segment',
      file: path.join(dir, 'extra', 'extra.kpi.yaml'),
    },
  ];

  for (const d of DIALECTS) {
    it(`${d.title}: every KPI's SQL of the sample, the showcase and the extra spec parses`, async () => {
      const gapsUsed = new Set<string>();
      for (const f of files()) {
        const r = await runCli(['sql', f.file, '--dialect', d.name]);
        assert.equal(r.code, 0, `${f.name}: ${r.err}`);
        const check = await checkKpiFile(f.file, fs.readFileSync(f.file, 'utf8'));
        // One header per KPI, each with its statements.
        assert.equal((r.out.match(/^-- KPI /gm) ?? []).length, check.model.kpis.size, f.name);
        assert.match(
          r.out,
          new RegExp(`^-- KPI \\S+ \\(${d.title}, compiled for as_of \\d{4}-\\d{2}-\\d{2}\\): \\d+ statements?$`, 'm'),
        );
        const statements = statementsOf(r.out);
        assert.ok(statements.length >= check.model.kpis.size, f.name);
        for (const sql of statements) for (const g of parse(sql, d)) gapsUsed.add(g);
        // Nothing of DuckDB's or PostgreSQL's own SQL is left.
        assert.doesNotMatch(
          r.out,
          /GROUP BY ALL|ORDER BY ALL|read_csv|read_parquet|arg_max|arg_min|generate_series|DOUBLE PRECISION|::|\$\d|array_agg\(.*\)\[1\]/,
        );
        if (d.name === 'bigquery') {
          assert.doesNotMatch(r.out, /"|TRY_CAST|FILTER \(WHERE/, 'names in backticks, SAFE_CAST, no FILTER');
          assert.match(r.out, /SAFE_CAST\(`amount` AS FLOAT64\)/);
        }
        if (d.name === 'snowflake') {
          assert.doesNotMatch(r.out, /`|SAFE_CAST|FILTER \(WHERE/);
          assert.match(r.out, /TRY_CAST\(CAST\("amount" AS VARCHAR\) AS DOUBLE\)/);
        }
        if (d.name === 'trino') {
          assert.doesNotMatch(r.out, /`|SAFE_CAST/);
          assert.match(r.out, /TRY_CAST\("amount" AS DOUBLE\)/);
          assert.match(r.out, /FILTER \(WHERE/);
        }
      }
      // The dialect's date and value functions appear where the KPIs need them.
      const extra = (await runCli(['sql', path.join(dir, 'extra', 'extra.kpi.yaml'), '--dialect', d.name])).out;
      const expected: Record<WarehouseDialectName, RegExp[]> = {
        bigquery: [
          /DATE_ADD\(m\.`__s`, INTERVAL days\.`__d` DAY\)/,
          /DATE_DIFF\(max\(`__t`\), min\(`__t`\), DAY\)/,
          /DATE_TRUNC\(`__we`, MONTH\) - INTERVAL 5 MONTH/,
          /LAST_DAY\(`__we`\)/,
          /LOGICAL_OR\(/,
          /MAX_BY\(/,
          /EXTRACT\(YEAR FROM /,
          /'a\\\\b'/,
          /'it\\'s'/,
        ],
        snowflake: [
          /DATEADD\(day, days\."__d", m\."__s"\)/,
          /DATEDIFF\(day, min\("__t"\), max\("__t"\)\)/,
          /DATE_TRUNC\('MONTH', "__we"\) - INTERVAL '5 MONTHS'/,
          /BOOLOR_AGG\(/,
          /MAX_BY\(/,
          /'a\\\\b'/,
          /'it''s'/,
        ],
        trino: [
          /date_add\('day', days\."__d", m\."__s"\)/,
          /date_diff\('day', min\("__t"\), max\("__t"\)\)/,
          /date_trunc\('month', "__we"\) - INTERVAL '5' MONTH/,
          /last_day_of_month\("__we"\)/,
          /bool_or\(/,
          /max_by\(/,
          /CAST\(count\(hits\."__k"\) AS DOUBLE\) \/ count\(\*\)/,
          /'a\\b'/,
          /'it''s'/,
        ],
      };
      for (const re of expected[d.name]) assert.match(extra, re);
      // Every declared gap of this dialect was needed (none is stale).
      assert.deepEqual(
        [...gapsUsed].sort(),
        PARSER_GAPS.filter((g) => g.dialects.includes(d.name))
          .map((g) => g.what)
          .sort(),
      );
    });
  }

  it('a file whose sources are data files compiles them as tables named after the source', async () => {
    const r = await runCli(['sql', 'samples/loyalty.kpi.yaml', '--kpi', 'revenue', '--dialect', 'trino']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /FROM "orders"/);
    assert.match(r.out, /FROM "marketing"/);
  });
});

// ─── quoting ────────────────────────────────────────────────────────────────

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
