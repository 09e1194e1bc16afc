// An internal KPI type (not in the language): the mean revenue per paying customer over the
// `months` months ending at each period's end — the "historical" CLV, and the ARPU of the
// "simple" CLV. A window ending on a month's last day covers whole calendar months. A row whose
// revenue is text that is not a number is skipped (and reported, as `sum` does), and so is a row
// whose revenue is empty: neither is a revenue row, so a customer with only such rows is not a
// paying customer (they do not lower the mean).
import { andFilter, defineKpiType, filtered, nonNumeric, numberSql } from './kpiType';
import type { AggregateContext } from './kpiType';

const monthsOf = (ctx: AggregateContext) =>
  typeof ctx.fields.months === 'number' ? Math.trunc(ctx.fields.months) : 12;

export const customerRevenue = defineKpiType({
  type: 'customer_revenue',
  title: 'Revenue per paying customer',
  family: 'value',
  usesSource: true,
  needsTime: true,
  defaultFormat: 'currency',
  formula:
    'Mean, over customers with ≥ 1 revenue row (a row with a revenue value) in the `months` months ending at the period end b, of their revenue in that window.',
  fields: {},
  evaluation: {
    kind: 'aggregate',
    empty: null,
    dates: (ctx) => {
      const m = monthsOf(ctx);
      const d = ctx.dialect;
      const start = `CASE WHEN "__we" = ${d.lastDay('"__we"')} THEN CAST(${d.monthStart('"__we"')} - ${d.months(m - 1)} AS DATE) ELSE ${d.addDays(`CAST("__we" - ${d.months(m)} AS DATE)`, '1')} END`;
      return { start, end: '"__we"' };
    },
    perCustomer: (ctx) => {
      // A decimal column holds numbers only: nothing to leave out.
      const kept = ctx.decimal?.(String(ctx.fields.column))
        ? ctx.filter
        : andFilter(`NOT coalesce(${nonNumeric(ctx).condition}, false)`, ctx.filter);
      const amount = numberSql(ctx, String(ctx.fields.column));
      return `${filtered(`sum(${amount})`, ctx.filter)} AS "__v", ${filtered(`count(${amount})`, kept)} AS "__c"`;
    },
    invalid: nonNumeric,
    sql: () => 'avg(coalesce("__v", 0)) FILTER (WHERE "__c" >= 1)',
  },
});
