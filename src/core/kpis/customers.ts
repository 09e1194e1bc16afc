// KPI type `customers`: active customers at the end of the period.
import {
  CUSTOMER_BASE_DEFINITION,
  customerBaseFields,
  customerBaseDates,
  daylessRows,
  customerBaseSql,
  EVERY_ROW,
} from './customerBaseFields';
import { defineKpiType } from './kpiType';

export const customers = defineKpiType({
  type: 'customers',
  title: 'Active customers at period end',
  family: 'customer_base',
  usesSource: true,
  needsTime: false,
  defaultFormat: 'integer',
  formula: `E: the customers active on the last day b of the period. ${CUSTOMER_BASE_DEFINITION}`,
  fields: customerBaseFields(false),
  evaluation: {
    kind: 'aggregate',
    empty: 0,
    join: EVERY_ROW,
    datesCompared: customerBaseDates,
    invalid: (ctx) => daylessRows(ctx, true),
    sql: (ctx) => customerBaseSql(ctx, 'E'),
  },
});
