// KPI type `active_customers`: distinct customers with activity (DAU/WAU/MAU with `window`).
import { defineKpiType, filtered } from './kpiType';

export const activeCustomers = defineKpiType({
  type: 'active_customers',
  title: 'Active customers',
  family: 'behaviour',
  usesSource: true,
  needsTime: true,
  defaultFormat: 'integer',
  formula:
    "Distinct customers (source `key`) with a row in the period; with `window: N`, distinct customers with a row in [b − N + 1, b], b the period's last day (DAU/WAU/MAU: window 1/7/30 on a day grain).",
  fields: {
    window: {
      schema: { type: 'integer', minimum: 1, maximum: 3660 },
      description: 'Count customers active in the last N days of each period instead of the whole period.',
    },
  },
  countsCustomers: true,
  evaluation: {
    kind: 'aggregate',
    empty: 0,
    sql: (ctx) => filtered(`count(DISTINCT ${ctx.key ?? '"__row"'})`, ctx.filter),
    // The customers with at least one row (passing the filter) among the per-customer rows.
    overCustomers: (ctx) =>
      ctx.key
        ? {
            perCustomer: `${filtered('count("__row")', ctx.filter)} AS "__c"`,
            sql: 'count(*) FILTER (WHERE "__c" >= 1)',
          }
        : undefined,
    // With a window, a row belongs to a period when dated in the last N days of it.
    dates: (ctx) =>
      typeof ctx.fields.window === 'number'
        ? { start: `CAST("__we" - ${Math.trunc(ctx.fields.window) - 1} AS DATE)`, end: '"__we"' }
        : { start: '"__ws"', end: '"__we"' },
  },
});
