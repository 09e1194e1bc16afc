// KPI type `max`: Largest non-null value of `column` over the rows dated in the period.
import { columnField, defineKpiType, filtered, nonNumeric } from './kpiType';

export const maxKpi = defineKpiType({
  type: 'max',
  title: 'Maximum',
  family: 'generic',
  usesSource: true,
  needsTime: true,
  defaultFormat: 'number',
  formula: 'Largest non-null value of `column` over the rows dated in the period; null when there are none.',
  fields: { column: columnField('The numeric column aggregated.') },
  evaluation: {
    kind: 'aggregate',
    empty: null,
    sql: ({ fields: f, column, filter, dialect }) =>
      filtered(`max(${dialect.tryCast(column(String(f.column)), 'DOUBLE')})`, filter),
    invalid: nonNumeric,
  },
});
