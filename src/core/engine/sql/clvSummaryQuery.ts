// The SQL of a predictive CLV's customer summary: for each cutoff date e (a period end, or a
// back-test's calibration end), every customer (the source's key) with a dated row on or
// before e, with — over distinct purchase days, a day's value being the sum of its rows'
// revenue — frequency = days − 1, recency = days from the first to the last day, T = days
// from the first day to e, monetary = the mean value of the days after the first (0 when
// none); the purchase days in (e, h] when a holdout end h is given; and each segment's value
// on the customer's latest row on or before e (ties on a day: the greatest value).
// Written in the engine's dialect (dialect.ts); on PostgreSQL every value is a parameter.
import type { Expr, NameRef } from '../../expr';
import { duckdbDialect, type Dialect } from './dialect';
import type { SqlValue } from '../backends/engine';
import { CompileError, exprToSql } from './exprToSql';
import type { SourceContext } from '../sources/sourceContext';
import { amountSql, resolveColumnName, singleSourceTyping } from '../sources/sourceContext';
import { quoteIdent } from './sqlText';
import { SqlValues } from './sqlValues';
import * as l10n from '../../l10n/l10n';

export interface SummaryCutoff {
  end: string;
  /** The end of the holdout after `end`, for a back-test. */
  holdoutEnd?: string;
}

export type SummarySegment = { kind: 'by'; parts: string[] } | { kind: 'where'; expr: Expr };

export interface ClvSummaryInput {
  source: SourceContext;
  time: string;
  revenue: string;
  cutoffs: SummaryCutoff[];
  segments: SummarySegment[];
}

/** Names in the summary's filters and segments: columns of the revenue source only. */
function columnsOf(ctx: SourceContext): (ref: NameRef) => string {
  return (ref) => {
    if (ref.parts.length === 2 && ref.parts[0] !== ctx.spec.name) {
      throw new CompileError(
        l10n.t("a predictive clv reads columns of '{0}' only, not '{1}'", ctx.spec.name, ref.parts.join('.')),
      );
    }
    return quoteIdent(resolveColumnName(ctx, ref.parts[ref.parts.length - 1]));
  };
}

/**
 * Columns of the result: "__c" (the cutoff's index), "__k" (the customer, as text),
 * frequency, recency, age, monetary, holdout, and "__s0", "__s1"… (the segments' values).
 */
export function clvSummarySql(
  q: ClvSummaryInput,
  dialect: Dialect = duckdbDialect,
): { sql: string; params: SqlValue[] } {
  const { source } = q;
  const d = dialect;
  const values = new SqlValues(d);
  if (!source.spec.key)
    throw new CompileError(l10n.t("a predictive clv needs 'key' (the customer column) on '{0}'", source.spec.name));
  if (q.cutoffs.length === 0) throw new CompileError(l10n.t('no period end to evaluate'));
  const col = columnsOf(source);
  const ref = (name: string): NameRef => ({ parts: [name], span: { start: 0, end: 0 } });
  const key = col(ref(source.spec.key));
  // An exact decimal is summed as it is: the same per-customer amounts on every run.
  const amount = col(ref(q.revenue));
  const revenue = amountSql(source, q.revenue, amount, d);
  const segCols = q.segments.map((s, i) => {
    const value =
      s.kind === 'by'
        ? `CAST(${col({ parts: s.parts, span: { start: 0, end: 0 } })} AS VARCHAR)`
        : `coalesce((${exprToSql(s.expr, col, d, values, singleSourceTyping(source, d))}), FALSE)`;
    return `${value} AS ${quoteIdent(`__s${i}`)}`;
  });
  const where = source.where ? ` AND (${exprToSql(source.where, col, d, values, singleSourceTyping(source, d))})` : '';
  const cutoffs = d.valuesTable(
    'cut',
    ['"__c"', '"__e"', '"__h"'],
    q.cutoffs.map((c, i) => [
      values.integer(i),
      values.date(c.end),
      c.holdoutEnd ? values.date(c.holdoutEnd) : 'CAST(NULL AS DATE)',
    ]),
  );
  const segNames = q.segments.map((_, i) => quoteIdent(`__s${i}`));
  const latest = segNames.map(
    (s) =>
      `${d.latestBy(`src.${s}`, ['CAST(src."__t" AS VARCHAR)', `coalesce(CAST(src.${s} AS VARCHAR), '')`])} AS ${s}`,
  );
  const sql = [
    'WITH',
    `b AS (${source.selectSql}),`,
    `src AS (SELECT CAST(${key} AS VARCHAR) AS "__k", ${d.tryCast(col(ref(q.time)), 'DATE')} AS "__t", ${revenue} AS "__v"${segCols.map((c) => `, ${c}`).join('')} FROM b WHERE ${key} IS NOT NULL${where}),`,
    `days AS (SELECT "__k", "__t", coalesce(sum("__v"), 0) AS "__v" FROM src WHERE "__t" IS NOT NULL ${d.groupBy(2)}),`,
    `${cutoffs},`,
    'hist AS (SELECT cut."__c", cut."__e", days."__k", days."__t", days."__v", row_number() OVER (PARTITION BY cut."__c", days."__k" ORDER BY days."__t") AS "__i" FROM cut JOIN days ON days."__t" <= cut."__e"),',
    `summary AS (SELECT "__c", "__e", "__k", count(*) - 1 AS frequency, ${d.dayDiff('min("__t")', 'max("__t")')} AS recency, ${d.dayDiff('min("__t")', '"__e"')} AS age, coalesce(avg("__v") FILTER (WHERE "__i" > 1), 0) AS monetary FROM hist GROUP BY "__c", "__e", "__k"),`,
    `later AS (SELECT cut."__c", days."__k", count(*) AS "__n" FROM cut JOIN days ON days."__t" > cut."__e" AND days."__t" <= cut."__h" ${d.groupBy(2)})` +
      (segNames.length ? ',' : ''),
    ...(segNames.length
      ? [
          `seg AS (SELECT cut."__c", src."__k", ${latest.join(', ')} FROM cut JOIN src ON src."__t" <= cut."__e" ${d.groupBy(2)})`,
        ]
      : []),
    `SELECT s."__c", s."__k", s.frequency, s.recency, s.age, s.monetary, coalesce(later."__n", 0) AS holdout${segNames.map((n) => `, seg.${n}`).join('')}`,
    `FROM summary s LEFT JOIN later ON later."__c" = s."__c" AND later."__k" = s."__k"${segNames.length ? ' LEFT JOIN seg ON seg."__c" = s."__c" AND seg."__k" = s."__k"' : ''}`,
    'ORDER BY s."__c", s."__k"',
  ].join('\n');
  return { sql, params: values.params };
}
