// KPI type `min`: Smallest non-null value of `column` over the rows dated in the period.
import { defineKpiType, doubleSql, filtered, nonNumeric, numberColumnField } from './kpiType';

export const minKpi = defineKpiType({
  type: 'min',
  title: 'Minimum',
  family: 'generic',
  usesSource: true,
  needsTime: true,
  defaultFormat: 'number',
  formula: 'Smallest non-null value of `column` over the rows dated in the period; null when there are none.',
  fields: { column: numberColumnField('The numeric column aggregated.') },
  evaluation: {
    kind: 'aggregate',
    empty: null,
    sql: (ctx) => filtered(`min(${doubleSql(ctx, String(ctx.fields.column))})`, ctx.filter),
    invalid: nonNumeric,
  },
});
