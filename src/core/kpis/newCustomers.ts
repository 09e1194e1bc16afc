// KPI type `new_customers`: customers who started during the period.
import { customerBaseFields, customerBaseDates, daylessRows, customerBaseSql, EVERY_ROW } from './customerBaseFields';
import { defineKpiType } from './kpiType';

export const newCustomers = defineKpiType({
  type: 'new_customers',
  title: 'New customers',
  family: 'customer_base',
  usesSource: true,
  needsTime: false,
  defaultFormat: 'integer',
  formula: 'The customers whose start date falls in the period [a, b] (whether or not they are still customers at b).',
  fields: customerBaseFields(false),
  evaluation: {
    kind: 'aggregate',
    empty: 0,
    join: EVERY_ROW,
    datesCompared: customerBaseDates,
    invalid: (ctx) => daylessRows(ctx, false),
    sql: (ctx) => customerBaseSql(ctx, 'started'),
  },
});
