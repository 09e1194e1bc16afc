// KPI type `sum`: Sum of the non-null values of `column` over the rows dated in the period.
import { defineKpiType, filtered, nonNumeric, numberColumnField, numberSql } from './kpiType';

export const sumKpi = defineKpiType({
  type: 'sum',
  title: 'Sum',
  family: 'generic',
  usesSource: true,
  needsTime: true,
  defaultFormat: 'number',
  formula: 'Sum of the non-null values of `column` over the rows dated in the period; 0 when there are none.',
  fields: { column: numberColumnField('The numeric column aggregated.') },
  additive: true,
  evaluation: {
    kind: 'aggregate',
    empty: 0,
    // An exact decimal column is summed as it is: exactly, whatever the threads' order.
    sql: (ctx) => `coalesce(${filtered(`sum(${numberSql(ctx, String(ctx.fields.column))})`, ctx.filter)}, 0)`,
    invalid: nonNumeric,
  },
});
