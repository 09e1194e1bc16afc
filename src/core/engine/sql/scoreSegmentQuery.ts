// The SQL of score segments (engine/evaluation/scoreSegments.ts), in the engine's dialect
// (DuckDB, PostgreSQL; on PostgreSQL every value is a parameter):
// 1. a temporary table of the customer summary at each period end e — every customer (the
//    source's key, as text) with a dated row on or before e: over its distinct purchase days (a
//    day's value being the sum of its rows' revenue) frequency = days − 1, recency = days from
//    the first to the last day, age = days from the first day to e, monetary = mean value of the
//    days after the first (0 when none) — the predictive clv's summary (clvSummaryQuery.ts) —
//    and total = Σ of all its days' values; numbered "__rn" in (e, customer) order, the
//    customers' keys compared in byte order on both engines (ties of the scores go by key);
// 2. the rows of that table in "__rn" order (what the labels are computed from, in JavaScript);
// 3. a temporary table (e, customer, one text column per segment) whose values come back as
//    one parameter per segment, each row's value as its index in the segment's list of values
//    (no customer key travels back into the engine): on DuckDB fixed-width labels, row __rn at
//    character 2·__rn + 1 of a text; on PostgreSQL (whose substr of a UTF-8 text walks it from
//    its start) an array of indices, row __rn its element __rn + 1, joined by position.
import { duckdbDialect, type Dialect } from './dialect';
import type { SqlValue } from '../backends/engine';
import { CompileError, exprToSql } from './exprToSql';
import type { SourceContext } from '../sources/sourceContext';
import { amountSql, resolveColumnName, singleSourceTyping } from '../sources/sourceContext';
import { quoteIdent, quoteString } from './sqlText';
import { SqlValues } from './sqlValues';
import * as l10n from '../../l10n/l10n';

export function scoreSummaryTableSql(
  table: string,
  source: SourceContext,
  revenue: string,
  ends: string[],
  dialect: Dialect = duckdbDialect,
): { sql: string; params: SqlValue[] } {
  const d = dialect;
  const values = new SqlValues(d);
  const spec = source.spec;
  if (!spec.key)
    throw new CompileError(l10n.t("a score segment needs 'key' (the customer column) on '{0}'", spec.name));
  if (!spec.time)
    throw new CompileError(l10n.t("a score segment needs 'time' (the purchase date) on '{0}'", spec.name));
  const col = (name: string) => quoteIdent(resolveColumnName(source, name));
  const key = col(spec.key);
  const where = source.where
    ? ` AND (${exprToSql(
        source.where,
        (r) => {
          if (r.parts.length === 2 && r.parts[0] !== spec.name)
            throw new CompileError(
              l10n.t("a score segment reads columns of '{0}' only, not '{1}'", spec.name, r.parts.join('.')),
            );
          return col(r.parts[r.parts.length - 1]);
        },
        d,
        values,
        singleSourceTyping(source, d),
      )})`
    : '';
  // An exact decimal is summed as it is (as the predictive clv's summary): the same totals, and
  // so the same ties of M, on every run.
  const amount = amountSql(source, revenue, col(revenue), d);
  const cut = d.valuesTable(
    'cut',
    ['"__e"'],
    ends.map((e) => [values.date(e)]),
  );
  // PostgreSQL compares text in the column's collation; DuckDB (and the tie order) in bytes.
  const byteOrder = d.name === 'postgres' ? ' COLLATE "C"' : '';
  const sql = [
    `CREATE TEMP TABLE ${quoteIdent(table)} AS`,
    'WITH',
    `b AS (${source.selectSql}),`,
    `src AS (SELECT CAST(${key} AS VARCHAR) AS "__k", ${d.tryCast(col(spec.time), 'DATE')} AS "__t", ${amount} AS "__v" FROM b WHERE ${key} IS NOT NULL${where}),`,
    `days AS (SELECT "__k", "__t", coalesce(sum("__v"), 0) AS "__v" FROM src WHERE "__t" IS NOT NULL ${d.groupBy(2)}),`,
    `${cut},`,
    'hist AS (SELECT cut."__e", days."__k", days."__t", days."__v", row_number() OVER (PARTITION BY cut."__e", days."__k" ORDER BY days."__t") AS "__i" FROM cut JOIN days ON days."__t" <= cut."__e"),',
    `summary AS (SELECT "__e", "__k", count(*) - 1 AS frequency, ${d.dayDiff('min("__t")', 'max("__t")')} AS recency, ${d.dayDiff('min("__t")', '"__e"')} AS age, coalesce(avg("__v") FILTER (WHERE "__i" > 1), 0) AS monetary, sum("__v") AS total FROM hist GROUP BY "__e", "__k")`,
    `SELECT *, row_number() OVER (ORDER BY "__e", "__k"${byteOrder}) - 1 AS "__rn" FROM summary`,
  ].join('\n');
  return { sql, params: values.params };
}

/** The summary rows in "__rn" order; with `keys`, the customer too. */
export function scoreSummaryRowsSql(table: string, keys: boolean): string {
  return `SELECT CAST("__e" AS VARCHAR) AS "__e", frequency, recency, age, monetary, total${keys ? ', "__k"' : ''} FROM ${quoteIdent(table)} ORDER BY "__rn"`;
}

/** Two characters per customer: the index of its value in the segment's list of values. */
const ALPHABET = '0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmno';
const code = (i: number) => ALPHABET[i >> 6] + ALPHABET[i & 63];

/** A column of the labels table: its sorted values, and each summary row's index in them (null: none). */
export interface LabelsColumn {
  name: string;
  dict: string[];
  indices: (number | null)[];
}

/**
 * The labels table: "__e", "__k" and one column per segment, each summary row's value found
 * by its index in the column's values, passed as parameters (see the header).
 */
export function scoreLabelsTableSql(
  table: string,
  summary: string,
  columns: LabelsColumn[],
  dialect: Dialect = duckdbDialect,
): { sql: string; params: SqlValue[] } {
  const values = new SqlValues(dialect);
  const postgres = dialect.name === 'postgres';
  const params: SqlValue[] = [];
  const joins: string[] = [];
  const cols = columns.map((c, i) => {
    if (c.dict.length === 0) return `CAST(NULL AS VARCHAR) AS ${quoteIdent(c.name)}`;
    const alias = quoteIdent(`__d${i}`);
    let index: string;
    let rows: string;
    if (postgres) {
      const list = quoteIdent(`__l${i}`);
      const array = `{${c.indices.map((j) => (j === null ? 'NULL' : String(j))).join(',')}}`;
      joins.push(
        `LEFT JOIN unnest(CAST(${values.text(array)} AS INTEGER[])) WITH ORDINALITY AS ${list}("i", "n") ON ${list}."n" = s."__rn" + 1`,
      );
      index = `${list}."i"`;
      rows = c.dict.map((v, j) => `(${values.integer(j)}, ${values.text(v)})`).join(', ');
    } else {
      params.push(c.indices.map((j) => (j === null ? '  ' : code(j))).join(''));
      index = `substr($${params.length}, 2 * s."__rn" + 1, 2)`;
      rows = c.dict.map((v, j) => `(${quoteString(code(j))}, ${quoteString(v)})`).join(', ');
    }
    joins.push(`LEFT JOIN (VALUES ${rows}) AS ${alias}("c", "v") ON ${alias}."c" = ${index}`);
    return `${alias}."v" AS ${quoteIdent(c.name)}`;
  });
  return {
    sql: `CREATE TEMP TABLE ${quoteIdent(table)} AS SELECT s."__e", s."__k"${cols.map((c) => `, ${c}`).join('')} FROM ${quoteIdent(summary)} s ${joins.join(' ')}`,
    params: postgres ? values.params : params,
  };
}

export function dropTableSql(table: string): string {
  return `DROP TABLE IF EXISTS ${quoteIdent(table)}`;
}
