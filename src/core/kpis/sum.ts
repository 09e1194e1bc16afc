// KPI type `sum`: Sum of the non-null values of `column` over the rows dated in the period.
import { columnField, defineKpiType } from './kpiType';

export const sumKpi = defineKpiType({
  type: 'sum', title: 'Sum', family: 'generic', usesSource: true, needsTime: true, defaultFormat: 'number',
  formula: 'Sum of the non-null values of `column` over the rows dated in the period; 0 when there are none.',
  fields: { column: columnField('The numeric column aggregated.') },
});
