// KPI type `count_distinct`: the number of distinct non-null values of a column.
import { columnField, defineKpiType, filtered } from './kpiType';

export const countDistinct = defineKpiType({
  type: 'count_distinct',
  title: 'Distinct count',
  family: 'generic',
  usesSource: true,
  needsTime: true,
  defaultFormat: 'integer',
  formula: 'Number of distinct non-null values of `column` among the rows dated in the period. 0 when there are none.',
  fields: { column: columnField('The column whose distinct values are counted.') },
  identifierFields: ['column'],
  evaluation: {
    kind: 'aggregate',
    empty: 0,
    sql: ({ fields: f, column, filter }) => filtered(`count(DISTINCT ${column(String(f.column))})`, filter),
  },
});
