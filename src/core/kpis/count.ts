// KPI type `count`: the number of rows in the period.
import { defineKpiType, filtered } from './kpiType';

export const count = defineKpiType({
  type: 'count',
  title: 'Count',
  family: 'generic',
  usesSource: true,
  needsTime: true,
  defaultFormat: 'integer',
  formula: 'Number of rows dated in the period (after the source, KPI and segment filters). 0 when there are none.',
  fields: {},
  additive: true,
  evaluation: { kind: 'aggregate', empty: 0, sql: ({ filter }) => filtered('count("__row")', filter) },
});
