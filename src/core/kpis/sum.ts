// KPI type `sum`: Sum of the non-null values of `column` over the rows dated in the period.
import { columnField, defineKpiType, filtered, nonNumeric } from './kpiType';

export const sumKpi = defineKpiType({
  type: 'sum',
  title: 'Sum',
  family: 'generic',
  usesSource: true,
  needsTime: true,
  defaultFormat: 'number',
  formula: 'Sum of the non-null values of `column` over the rows dated in the period; 0 when there are none.',
  fields: { column: columnField('The numeric column aggregated.') },
  additive: true,
  evaluation: {
    kind: 'aggregate',
    empty: 0,
    sql: ({ fields: f, column, filter, dialect }) =>
      `coalesce(${filtered(`sum(${dialect.tryCast(column(String(f.column)), 'DOUBLE')})`, filter)}, 0)`,
    invalid: nonNumeric,
  },
});
