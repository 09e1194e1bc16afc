// KPI type `max`: Largest non-null value of `column` over the rows dated in the period.
import { defineKpiType, doubleSql, filtered, nonNumeric, numberColumnField } from './kpiType';

export const maxKpi = defineKpiType({
  type: 'max',
  title: 'Maximum',
  family: 'generic',
  usesSource: true,
  needsTime: true,
  defaultFormat: 'number',
  formula: 'Largest non-null value of `column` over the rows dated in the period; null when there are none.',
  fields: { column: numberColumnField('The numeric column aggregated.') },
  evaluation: {
    kind: 'aggregate',
    empty: null,
    sql: (ctx) => filtered(`max(${doubleSql(ctx, String(ctx.fields.column))})`, ctx.filter),
    invalid: nonNumeric,
  },
});
