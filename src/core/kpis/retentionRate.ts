// KPI type `retention_rate`: the share of customers at the start of the period still there at its end.
import {
  CUSTOMER_BASE_DEFINITION,
  customerBaseFields,
  customerBaseDates,
  daylessRows,
  customerBaseSql,
  EVERY_ROW,
} from './customerBaseFields';
import { defineKpiType } from './kpiType';

export const retentionRate = defineKpiType({
  type: 'retention_rate',
  title: 'Retention rate',
  family: 'customer_base',
  usesSource: true,
  needsTime: false,
  defaultFormat: 'percent',
  formula: `(E − N) / S, so retention_rate = 1 − churn. ${CUSTOMER_BASE_DEFINITION}`,
  sample: 'n = S (customers at the start), counted share = E − N (those of S still there at the end).',
  fields: customerBaseFields(true),
  evaluation: {
    kind: 'aggregate',
    empty: null,
    join: EVERY_ROW,
    datesCompared: customerBaseDates,
    invalid: (ctx) => daylessRows(ctx, true),
    sql: (ctx) =>
      ctx.dialect.divide(`(${customerBaseSql(ctx, 'E')} - ${customerBaseSql(ctx, 'N')})`, customerBaseSql(ctx, 'S')),
    counts: (ctx) => ({
      kind: 'share',
      n: customerBaseSql(ctx, 'S'),
      x: `(${customerBaseSql(ctx, 'E')} - ${customerBaseSql(ctx, 'N')})`,
    }),
  },
});
