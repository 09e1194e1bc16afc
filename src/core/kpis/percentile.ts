// KPI type `percentile`: the exact p-th percentile (default 50: the median) of a numeric
// column over the rows dated in the period — the median basket on a source with one row
// per order.
import { columnField, defineKpiType, filtered, nonNumeric, numberColumnField, numberSql } from './kpiType';
import type { AggregateContext } from './kpiType';
import { percentileSql, percentOf } from '../engine/sql/percentileSql';

/** The `p` field, shared with time_between_purchases. */
export const percentField = {
  schema: { type: 'number', minimum: 0, maximum: 100 },
  description: 'The percentile, 0–100: 50 is the median (default), 90 the value 90 % of the values are at or below.',
};

const perOf = (ctx: AggregateContext): string | undefined =>
  typeof ctx.fields.per === 'string' && ctx.fields.per !== '' ? ctx.fields.per : undefined;
const amount = (ctx: AggregateContext): string => ctx.dialect.tryCast(ctx.column(String(ctx.fields.column)), 'DOUBLE');

export const percentile = defineKpiType({
  type: 'percentile',
  title: 'Percentile',
  family: 'generic',
  usesSource: true,
  needsTime: true,
  defaultFormat: 'number',
  formula:
    'The p-th percentile (default p = 50, the median) of the non-null values of `column` over the rows dated in the period, exact: with the n values sorted x₁ ≤ … ≤ xₙ and h = (n − 1) · p / 100, x₍⌊h⌋+1₎ + (h − ⌊h⌋) · (x₍⌊h⌋+2₎ − x₍⌊h⌋+1₎) (linear interpolation between the two nearest ranks, as Excel’s PERCENTILE.INC), given at 15 significant digits (0.175, not the 0.17500000000000002 of binary arithmetic); null when there are none. With `per` (an order column), the values are the order totals instead: Σ `column` over the rows of each order dated in the period (orders without a numeric value and rows without an order left out). The median basket: `column: amount` on a source with one row per order, or with `per: order_id` on order lines.',
  fields: {
    column: numberColumnField(
      'The numeric column whose percentile is taken (e.g. the order amount for the median basket).',
    ),
    p: percentField,
    per: columnField(
      'A column identifying orders (e.g. order_id) when a source has one row per order line: `column` is summed per order first, and the percentile is taken over the orders (rows without it are left out).',
      false,
    ),
  },
  evaluation: {
    kind: 'aggregate',
    empty: null,
    // With `per`: each order's total ("__v", over its rows passing the filter, "__c") first.
    perCustomer: (ctx) =>
      perOf(ctx) === undefined
        ? undefined
        : // An order's total: exact over a decimal column (the same on every run), then a double.
          `${ctx.dialect.tryCast(filtered(`sum(${numberSql(ctx, String(ctx.fields.column))})`, ctx.filter), 'DOUBLE')} AS "__v", ${filtered('count("__row")', ctx.filter)} AS "__c"`,
    groupKey: (ctx) => {
      const per = perOf(ctx);
      return per === undefined ? undefined : ctx.column(per);
    },
    sql: (ctx) =>
      perOf(ctx) === undefined
        ? percentileSql(ctx.dialect, percentOf(ctx.fields.p), amount(ctx), ctx.filter)
        : percentileSql(ctx.dialect, percentOf(ctx.fields.p), '"__v"', '"__c" >= 1'),
    invalid: nonNumeric,
  },
});
