// KPI type `avg`: Mean of the non-null values of `column` over the rows dated in the period.
import { defineKpiType, filtered, nonNumeric, numberColumnField, numberSql } from './kpiType';

export const avgKpi = defineKpiType({
  type: 'avg',
  title: 'Average',
  family: 'generic',
  usesSource: true,
  needsTime: true,
  defaultFormat: 'number',
  formula: 'Mean of the non-null values of `column` over the rows dated in the period; null when there are none.',
  fields: { column: numberColumnField('The numeric column aggregated.') },
  evaluation: {
    kind: 'aggregate',
    empty: null,
    sql: (ctx) => filtered(`avg(${numberSql(ctx, String(ctx.fields.column))})`, ctx.filter),
    invalid: nonNumeric,
  },
});
