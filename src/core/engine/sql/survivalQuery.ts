// The SQL of a survival KPI: the per-duration counts the Kaplan–Meier product is computed
// from (stats/kaplanMeier.ts). One row of the source is one subscription (start, end; a
// null end = still active). At the end b of each window, the subscriptions started on or
// before b count: one that ended on or before b is an event at end − start days; one still
// active at b (no end, or an end after b) is censored at b − start days. Rows with no
// readable start, or an end before their start, are left out and counted by
// survivalProblemsSql. Each result row: window "__w", segment value "__seg", duration "__t"
// (days), events "__d" and censored "__c". Written in the engine's dialect; on PostgreSQL
// every value is a parameter; no text of the KPI file is pasted (exprToSql, quoteIdent).
import type { Expr, NameRef } from '../../expr';
import { duckdbDialect, type Dialect } from './dialect';
import type { SqlValue } from '../backends/engine';
import { CompileError, exprToSql } from './exprToSql';
import type { DateRange } from '../evaluation/periods';
import type { SourceContext } from '../sources/sourceContext';
import { resolveColumnName, singleSourceTyping } from '../sources/sourceContext';
import { quoteIdent } from './sqlText';
import { SqlValues } from './sqlValues';
import * as l10n from '../../l10n/l10n';

export type SurvivalSlice = { kind: 'whole' } | { kind: 'by'; parts: string[] } | { kind: 'where'; expr: Expr };

export interface SurvivalQueryInput {
  source: SourceContext;
  /** The start and end columns of the source. */
  start: string;
  end: string;
  /** The KPI's `where`, over the source's rows. */
  where?: Expr;
  windows: DateRange[];
  slice: SurvivalSlice;
}

/** Names in a survival KPI's filters and segments: columns of its own source (plain, or qualified by its name). */
function columnOf(ctx: SourceContext): (ref: NameRef) => string {
  return (ref) => {
    if (ref.parts.length === 2 && ref.parts[0] !== ctx.spec.name)
      throw new CompileError(
        l10n.t("a survival KPI reads columns of its source '{0}' only, not '{1}'", ctx.spec.name, ref.parts.join('.')),
      );
    return quoteIdent(resolveColumnName(ctx, ref.parts[ref.parts.length - 1]));
  };
}

const ref = (name: string): NameRef => ({ parts: [name], span: { start: 0, end: 0 } });

/** The subscriptions of the slice, with "__s" (start date), "__e" (end date) and "__seg". */
function subscriptionsCte(q: SurvivalQueryInput, d: Dialect, values: SqlValues): string {
  const col = columnOf(q.source);
  const expr = (e: Expr) => exprToSql(e, col, d, values, singleSourceTyping(q.source, d));
  const filters = [q.source.where, q.where, q.slice.kind === 'where' ? q.slice.expr : undefined]
    .filter((e): e is Expr => e !== undefined)
    .map((e) => `coalesce(${expr(e)}, FALSE)`);
  const seg = q.slice.kind === 'by' ? `CAST(${col({ parts: q.slice.parts, span: ref('').span })} AS VARCHAR)` : 'NULL';
  const where = filters.length ? ` WHERE ${filters.join(' AND ')}` : '';
  return [
    `src AS (${q.source.selectSql}),`,
    `subs AS (SELECT ${d.tryCast(col(ref(q.start)), 'DATE')} AS "__s", ${d.tryCast(col(ref(q.end)), 'DATE')} AS "__e", ${seg} AS "__seg" FROM src${where}),`,
  ].join('\n');
}

export function survivalCountsSql(
  q: SurvivalQueryInput,
  dialect: Dialect = duckdbDialect,
): { sql: string; params: SqlValue[] } {
  const d = dialect;
  const values = new SqlValues(d);
  const subs = subscriptionsCte(q, d, values);
  const windows = d.valuesTable(
    'win',
    ['"__w"', '"__we"'],
    q.windows.map((w, i) => [values.integer(i), values.date(w.end)]),
  );
  const ended = 's."__e" IS NOT NULL AND s."__e" <= win."__we"';
  const sql = [
    'WITH',
    subs,
    `${windows},`,
    `obs AS (SELECT win."__w", s."__seg", CASE WHEN ${ended} THEN ${d.dayDiff('s."__s"', 's."__e"')} ELSE ${d.dayDiff('s."__s"', 'win."__we"')} END AS "__t", CASE WHEN ${ended} THEN 1 ELSE 0 END AS "__x"`,
    '  FROM subs s JOIN win ON s."__s" <= win."__we"',
    '  WHERE s."__s" IS NOT NULL AND (s."__e" IS NULL OR s."__e" >= s."__s"))',
    'SELECT "__w", "__seg", "__t", sum("__x") AS "__d", count(*) - sum("__x") AS "__c"',
    'FROM obs',
    `${d.groupBy(3)} ${d.orderBy(3)}`,
  ].join('\n');
  return { sql, params: values.params };
}

/**
 * The rows a survival KPI leaves out (whole population, KPI filter applied): "__nostart"
 * without a readable start date, "__before" with an end before the start, and up to the
 * first examples of the latter as `start..end` text ("__examples", a sorted list).
 */
export function survivalProblemsSql(
  q: Omit<SurvivalQueryInput, 'windows' | 'slice'>,
  dialect: Dialect = duckdbDialect,
): { sql: string; params: SqlValue[] } {
  const d = dialect;
  const values = new SqlValues(d);
  const subs = subscriptionsCte({ ...q, windows: [], slice: { kind: 'whole' } }, d, values).replace(/,$/, '');
  const before = 's."__e" < s."__s"';
  const example = `concat(CAST(s."__s" AS VARCHAR), '..', CAST(s."__e" AS VARCHAR))`;
  const sql = [
    'WITH',
    subs,
    `SELECT count(*) FILTER (WHERE s."__s" IS NULL) AS "__nostart", count(*) FILTER (WHERE ${before}) AS "__before", ${d.distinctList(example)} FILTER (WHERE ${before}) AS "__examples"`,
    `FROM subs s`,
  ].join('\n');
  return { sql, params: values.params };
}
