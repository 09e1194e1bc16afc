// KPI type `repurchase_rate`: the share of buying customers who bought again in the period.
import { defineKpiType, filtered } from './kpiType';

export const repurchaseRate = defineKpiType({
  type: 'repurchase_rate',
  title: 'Repurchase rate',
  family: 'behaviour',
  usesSource: true,
  needsTime: true,
  defaultFormat: 'percent',
  formula: 'Among customers with ≥ 1 row in the period, the share with ≥ 2 rows in the period.',
  sample: 'n = customers with ≥ 1 row in the period, counted share = those with ≥ 2.',
  fields: {},
  countsCustomers: true,
  evaluation: {
    kind: 'aggregate',
    empty: null,
    perCustomer: (ctx) => `${filtered('count("__row")', ctx.filter)} AS "__c"`,
    sql: (ctx) => ctx.dialect.divide('count(*) FILTER (WHERE "__c" >= 2)', 'count(*) FILTER (WHERE "__c" >= 1)'),
    counts: () => ({ kind: 'share', n: 'count(*) FILTER (WHERE "__c" >= 1)', x: 'count(*) FILTER (WHERE "__c" >= 2)' }),
  },
});
