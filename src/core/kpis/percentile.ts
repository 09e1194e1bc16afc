// KPI type `percentile`: the exact p-th percentile (default 50: the median) of a numeric
// column over the rows dated in the period — the median basket on a source with one row
// per order.
import { columnField, defineKpiType, nonNumeric } from './kpiType';
import { percentileSql, percentOf } from '../engine/sql/percentileSql';

/** The `p` field, shared with time_between_purchases. */
export const percentField = {
  schema: { type: 'number', minimum: 0, maximum: 100 },
  description: 'The percentile, 0–100: 50 is the median (default), 90 the value 90 % of the values are at or below.',
};

export const percentile = defineKpiType({
  type: 'percentile',
  title: 'Percentile',
  family: 'generic',
  usesSource: true,
  needsTime: true,
  defaultFormat: 'number',
  formula:
    'The p-th percentile (default p = 50, the median) of the non-null values of `column` over the rows dated in the period, exact: with the n values sorted x₁ ≤ … ≤ xₙ and h = (n − 1) · p / 100, x₍⌊h⌋+1₎ + (h − ⌊h⌋) · (x₍⌊h⌋+2₎ − x₍⌊h⌋+1₎) (linear interpolation between the two nearest ranks, as Excel’s PERCENTILE.INC); null when there are none. On a source with one row per order, `column: amount` gives the median basket.',
  fields: {
    column: columnField('The numeric column whose percentile is taken (e.g. the order amount for the median basket).'),
    p: percentField,
  },
  evaluation: {
    kind: 'aggregate',
    empty: null,
    sql: ({ fields: f, column, filter, dialect }) =>
      percentileSql(dialect, percentOf(f.p), dialect.tryCast(column(String(f.column)), 'DOUBLE'), filter),
    invalid: nonNumeric,
  },
});
