// KPI type `time_between_purchases`: the repeat-purchase cadence — on each row (order) of a
// customer, the days since their previous purchase day, as a percentile (default: the
// median) over the rows dated in the period, or over customers (each one's median first).
import { defineKpiType } from './kpiType';
import type { AggregateContext } from './kpiType';
import { percentField } from './percentile';
import { percentileSql, percentOf } from '../engine/sql/percentileSql';

/**
 * On each row of a customer: the days since their latest purchase day before the row's day
 * (null on the rows of their first purchase day). Rows passing the KPI's `where` are
 * ordered among themselves (partitioned by it); every row of a day carries the same gap.
 */
function gapColumn(ctx: AggregateContext): string {
  const d = ctx.dialect;
  const key = ctx.key ?? 'CAST(NULL AS VARCHAR)';
  const kept = ctx.filter ? `(${ctx.filter})` : 'TRUE';
  const previousDay = `max("__t") OVER (PARTITION BY ${key}, ${kept} ORDER BY "__t" NULLS LAST RANGE BETWEEN UNBOUNDED PRECEDING AND ${d.oneDay} PRECEDING)`;
  return `CASE WHEN ${key} IS NOT NULL AND "__t" IS NOT NULL AND ${kept} THEN CAST(${d.dayDiff(previousDay, '"__t"')} AS ${d.type('DOUBLE')}) END AS "__gap"`;
}

const overCustomers = (ctx: AggregateContext) => ctx.fields.over === 'customers';

export const timeBetweenPurchases = defineKpiType({
  type: 'time_between_purchases',
  title: 'Time between purchases',
  family: 'behaviour',
  usesSource: true,
  needsTime: true,
  defaultFormat: 'days',
  countsCustomers: true,
  formula:
    "A customer's purchase days are the dates of their rows, over the whole source (not only the period). Each row's gap is the number of days from the customer's latest purchase day before the row's date to that date; rows of the same day carry the same gap, rows of the customer's first purchase day have none. `over: gaps` (default): the p-th percentile (default p = 50, the median; exact, as `percentile`) of the gaps of the rows dated in the period. `over: customers`: each customer with ≥ 1 gap in the period counts once, with the median of their gaps; the value is the p-th percentile of those medians. Customers with a single purchase day have no gap and do not count; null when no row of the period has a gap. The KPI's `where` applies first (rows failing it are not purchases); a segment only picks the rows whose gaps count.",
  fields: {
    p: percentField,
    over: {
      schema: { enum: ['gaps', 'customers'] },
      description:
        "`gaps` (default): every row's gap counts once (frequent buyers weigh more). `customers`: each customer's median gap counts once.",
    },
  },
  evaluation: {
    kind: 'aggregate',
    empty: null,
    rowColumns: gapColumn,
    // over customers: each customer's median gap ending in the window ("__v") and their number of gaps ("__c").
    perCustomer: (ctx) =>
      overCustomers(ctx)
        ? `${percentileSql(ctx.dialect, 0.5, '"__gap"')} AS "__v", count("__gap") AS "__c"`
        : undefined,
    sql: (ctx) =>
      overCustomers(ctx)
        ? percentileSql(ctx.dialect, percentOf(ctx.fields.p), '"__v"')
        : percentileSql(ctx.dialect, percentOf(ctx.fields.p), '"__gap"'),
  },
});
