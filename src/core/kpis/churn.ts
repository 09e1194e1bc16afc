// KPI type `churn`: the share of customers at the start of the period who left during it.
import {
  CUSTOMER_BASE_DEFINITION,
  customerBaseFields,
  customerBaseDates,
  daylessRows,
  customerBaseSql,
  EVERY_ROW,
} from './customerBaseFields';
import { defineKpiType } from './kpiType';

export const churn = defineKpiType({
  type: 'churn',
  title: 'Churn rate',
  family: 'customer_base',
  usesSource: true,
  needsTime: false,
  defaultFormat: 'percent',
  formula: `lost / S. ${CUSTOMER_BASE_DEFINITION}`,
  sample: 'n = S (customers at the start), counted share = lost.',
  fields: customerBaseFields(true),
  evaluation: {
    kind: 'aggregate',
    empty: null,
    join: EVERY_ROW,
    datesCompared: customerBaseDates,
    invalid: (ctx) => daylessRows(ctx, true),
    sql: (ctx) => ctx.dialect.divide(customerBaseSql(ctx, 'lost'), customerBaseSql(ctx, 'S')),
    counts: (ctx) => ({ kind: 'share', n: customerBaseSql(ctx, 'S'), x: customerBaseSql(ctx, 'lost') }),
  },
});
