// The SQL of a cohort_retention KPI: cohorts of customers by the period their own start
// date falls in (one per-customer table of first dates; the activity is read once, for the
// cohorts' customers only, each hit found per customer and day N, not per cohort cell), and for each N in `days` the share of the cohort with an activity row in
// [start + N − window + 1, start + N]. Customers whose start + N is after as_of are not yet
// observable and left out (right-censoring); a cell with no observable customer has no row.
// Each cell also gives its counts: "__n" observable customers, "__x" of them active.
// Written in the engine's dialect (dialect.ts); on PostgreSQL every value is a parameter.
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

export interface CohortQueryInput {
  activity: SourceContext;
  cohort: SourceContext;
  /** The activity rows' time column. */
  time: string;
  /** The cohort source's start column. */
  start: string;
  days: number[];
  window: number;
  asOf: string;
  /** The KPI's `where`, over activity rows. */
  where?: Expr;
  windows: DateRange[];
  /** A `by` column of the cohort source, or a `where` filter over it. */
  slice: { kind: 'whole' } | { kind: 'by'; parts: string[] } | { kind: 'where'; expr: Expr };
}

/** Names in a cohort KPI's filters: columns of one source (plain, or qualified by its name). */
function columnsOf(ctx: SourceContext, role: 'segment' | 'filter'): (ref: NameRef) => string {
  return (ref) => {
    if (ref.parts.length === 2 && ref.parts[0] !== ctx.spec.name) {
      throw new CompileError(
        role === 'segment'
          ? l10n.t(
              "a cohort_retention KPI reads segment columns of '{0}' only, not '{1}'",
              ctx.spec.name,
              ref.parts.join('.'),
            )
          : l10n.t(
              "a cohort_retention KPI reads filter columns of '{0}' only, not '{1}'",
              ctx.spec.name,
              ref.parts.join('.'),
            ),
      );
    }
    return quoteIdent(resolveColumnName(ctx, ref.parts[ref.parts.length - 1]));
  };
}

export function cohortRetentionSql(
  q: CohortQueryInput,
  dialect: Dialect = duckdbDialect,
): { sql: string; params: SqlValue[] } {
  const { activity, cohort } = q;
  const d = dialect;
  const values = new SqlValues(d);
  const expr = (e: Expr, resolve: (ref: NameRef) => string, of: SourceContext) =>
    exprToSql(e, resolve, d, values, singleSourceTyping(of, d));
  if (!activity.spec.key || !cohort.spec.key)
    throw new CompileError(
      l10n.t("cohort_retention needs 'key' on '{0}' and '{1}'", activity.spec.name, cohort.spec.name),
    );
  const cohortCol = columnsOf(cohort, 'segment');
  const actCol = columnsOf(activity, 'filter');
  const start = d.tryCast(cohortCol({ parts: [q.start], span: { start: 0, end: 0 } }), 'DATE');
  const segValue =
    q.slice.kind === 'by'
      ? `CAST(${cohortCol({ parts: q.slice.parts, span: { start: 0, end: 0 } })} AS VARCHAR)`
      : undefined;
  const sliceSql = q.slice.kind === 'where' ? expr(q.slice.expr, cohortCol, cohort) : undefined;
  const cohortWhere = cohort.where ? expr(cohort.where, cohortCol, cohort) : undefined;
  const actFilters = [activity.where, q.where]
    .filter((e): e is Expr => e !== undefined)
    .map((e) => `(${expr(e, actCol, activity)})`);
  const actWhere = actFilters.length ? ` AND ${actFilters.join(' AND ')}` : '';
  const cohortKey = quoteIdent(resolveColumnName(cohort, cohort.spec.key));
  const actKey = quoteIdent(resolveColumnName(activity, activity.spec.key));
  const actTime = quoteIdent(resolveColumnName(activity, q.time));
  const windows = d.valuesTable(
    'win',
    ['"__w"', '"__ws"', '"__we"'],
    q.windows.map((w, i) => [values.integer(i), values.date(w.start), values.date(w.end)]),
  );
  const days = d.valuesTable(
    'days',
    ['"__d"'],
    q.days.map((n) => [values.integer(Math.trunc(n))]),
  );
  const asOf = values.date(q.asOf);
  const back = values.integer(Math.trunc(q.window) - 1);
  // The widest activity window of a customer: [start + min(N) − window + 1, start + max(N)].
  const ns = q.days.length ? q.days.map((n) => Math.trunc(n)) : [0];
  const lo = values.integer(Math.min(...ns) - Math.trunc(q.window) + 1);
  const hi = values.integer(Math.max(...ns));
  // One per-customer table of first dates (cohort), its members per window, and one pass
  // over the activity of the members only, within the widest of their windows.
  const sql = [
    'WITH',
    `cb AS (${cohort.selectSql}),`,
    `cohort AS (${cohortFirstsSql(d, cohort.keyUnique === true, cohortKey, start, segValue, cohortWhere, sliceSql)}),`,
    `${windows},`,
    `${days},`,
    `members AS (SELECT win."__w", c."__k", c."__s", c."__seg" FROM win JOIN cohort c ON c."__s" BETWEEN win."__ws" AND win."__we"),`,
    'firsts AS (SELECT DISTINCT "__k", "__s" FROM members),',
    `ab AS (${activity.selectSql}),`,
    `touch AS (SELECT f."__k", f."__s", ${d.tryCast(actTime, 'DATE')} AS "__t" FROM ab JOIN firsts f ON CAST(${actKey} AS VARCHAR) = f."__k" WHERE ${d.tryCast(actTime, 'DATE')} BETWEEN ${d.addDays('f."__s"', lo)} AND ${d.addDays('f."__s"', hi)}${actWhere}),`,
    `hits AS (SELECT DISTINCT touch."__k", days."__d" FROM touch CROSS JOIN days WHERE touch."__t" BETWEEN ${d.addDays('touch."__s"', `(days."__d" - ${back})`)} AND ${d.addDays('touch."__s"', 'days."__d"')}),`,
    `cells AS (SELECT m."__w", days."__d", m."__seg", m."__k" FROM members m CROSS JOIN days WHERE ${d.addDays('m."__s"', 'days."__d"')} <= ${asOf})`,
    `SELECT cells."__w", cells."__d", cells."__seg", count(*) AS "__n", count(hits."__k") AS "__x", ${d.fraction('count(hits."__k")', 'count(*)')} AS "__v"`,
    'FROM cells LEFT JOIN hits ON hits."__d" = cells."__d" AND hits."__k" = cells."__k"',
    `${d.groupBy(3)} ${d.orderBy(3)}`,
  ].join('\n');
  return { sql, params: values.params };
}

/**
 * One row per customer of the cohort source: "__k" (the key as text), "__s" (the earliest
 * start), "__seg" (the `by` value on that earliest row). Over a key known unique
 * (keyUniqueness.ts), each customer's row is read as is, without grouping the whole source by
 * its key: min, arg_min and bool_or of one row are its own values (arg_min skips a row whose
 * start is empty). A row without a key is no customer (KPIS.md: a customer is a distinct value of
 * the key), as for every other customer KPI: its rows are no cohort member.
 */
function cohortFirstsSql(
  d: Dialect,
  unique: boolean,
  key: string,
  start: string,
  segValue: string | undefined,
  where: string | undefined,
  slice: string | undefined,
): string {
  const conds = (...c: (string | undefined)[]) => {
    const list = c.filter((x): x is string => x !== undefined).map((x) => `(${x})`);
    return list.length ? ` WHERE ${list.join(' AND ')}` : '';
  };
  const seg = segValue ? d.argMin(segValue, start) : 'NULL';
  const having = slice ? ` HAVING bool_or(coalesce(${slice}, FALSE))` : '';
  const keyed = `${key} IS NOT NULL`;
  if (!unique)
    return `SELECT CAST(${key} AS VARCHAR) AS "__k", min(${start}) AS "__s", ${seg} AS "__seg" FROM cb${conds(where, keyed)} GROUP BY 1${having}`;
  const oneSeg = segValue ? `CASE WHEN ${start} IS NOT NULL THEN ${segValue} END` : 'NULL';
  return `SELECT CAST(${key} AS VARCHAR) AS "__k", ${start} AS "__s", ${oneSeg} AS "__seg" FROM cb${conds(where, keyed, slice ? `coalesce(${slice}, FALSE)` : undefined)}`;
}
