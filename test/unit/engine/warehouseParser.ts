// node-sql-parser 5.4.0 (pinned devDependency) as the warehouse dialect tests use it: the
// three compile-only dialects, the constructs the engine accepts that the parser cannot read
// (PARSER_GAPS, LEXICAL_GAPS: each named with its reference, replaced before the parse, its own
// shape checked instead), and `parse`, which fails the test with the statement on a parse error.
import { strict as assert } from 'assert';
import { Parser } from 'node-sql-parser';
import {
  bigqueryDialect,
  snowflakeDialect,
  trinoDialect,
  type WarehouseDialect,
  type WarehouseDialectName,
} from '../../../src/core/engine/sql/warehouseDialects';

export const DIALECTS: WarehouseDialect[] = [bigqueryDialect, snowflakeDialect, trinoDialect];
export const parser = new Parser();

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

export const PARSER_GAPS: ParserGap[] = [
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
export function statementsOf(out: string): string[] {
  return out
    .split(/;\n\n/)
    .map((s) => s.replace(/^-- KPI .*\n/gm, '').trim())
    .filter((s) => s.length > 0);
}

/** The statement with the LEXICAL_GAPS of the dialect written as `_`. */
export function lexical(sql: string, d: WarehouseDialect): string {
  return LEXICAL_GAPS.reduce(
    (text, gap) => (gap.dialects.includes(d.name) ? text.replace(gap.pattern, '_') : text),
    sql,
  );
}

/** Parses a statement in the dialect (through the declared gaps); returns the gaps used, or throws with the statement. */
export function parse(sql: string, d: WarehouseDialect): string[] {
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
