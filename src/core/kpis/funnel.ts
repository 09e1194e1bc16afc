// KPI type `funnel`: how many customers reach each step, and the abandonment.
import { andFilter, columnField, defineKpiType } from './kpiType';
import type { AggregateContext } from './kpiType';
import { quoteString } from '../engine/sql/sqlText';

const stepsOf = (ctx: AggregateContext): string[] =>
  Array.isArray(ctx.fields.steps) ? ctx.fields.steps.map(String) : [];

/** Customers reaching step i among those reaching the first (per-customer flags "__s0"…). */
const reached = (i: number) => `count(*) FILTER (WHERE "__s0" = 1 AND "__s${i}" = 1)`;

export const funnel = defineKpiType({
  type: 'funnel',
  title: 'Funnel',
  family: 'behaviour',
  usesSource: true,
  needsTime: true,
  defaultFormat: 'percent',
  formula:
    'One row per step with the share of customers reaching that step among those reaching the first; the KPI value is the abandonment 1 − last/first. A customer reaches a step when it has a row of that step in the period, whatever the order of its rows and whether it reached the steps before (a later step may then show a larger share than an earlier one).',
  sample:
    'n = customers reaching the first step; counted share = those reaching each step (the abandonment: first − last).',
  fields: {
    column: columnField('The column with the step reached (e.g. event).'),
    steps: {
      schema: { type: 'array', items: { type: ['string', 'number'] }, minItems: 2, uniqueItems: true },
      description: 'The steps in order, e.g. [visit, cart, checkout, paid].',
      required: true,
    },
  },
  countsCustomers: true,
  stepLabels: (f) => (Array.isArray(f.steps) ? f.steps.map(String) : []),
  evaluation: {
    kind: 'aggregate',
    empty: null,
    perCustomer: (ctx) => {
      const kind = `CAST(${ctx.column(String(ctx.fields.column))} AS VARCHAR)`;
      return stepsOf(ctx)
        .map(
          (step, i) =>
            `max(CASE WHEN ${andFilter(`${kind} = ${quoteString(step)}`, ctx.filter)} THEN 1 ELSE 0 END) AS "__s${i}"`,
        )
        .join(', ');
    },
    // Abandonment: 1 − last / first.
    sql: (ctx) => `1 - ${ctx.dialect.divide(reached(stepsOf(ctx).length - 1), reached(0))}`,
    // Abandonment as a share: (first − last) of first.
    counts: (ctx) => ({ kind: 'share', n: reached(0), x: `(${reached(0)} - ${reached(stepsOf(ctx).length - 1)})` }),
    steps: (ctx) =>
      stepsOf(ctx).map((step, i) => ({
        step,
        sql: ctx.dialect.divide(reached(i), reached(0)),
        counts: { kind: 'share' as const, n: reached(0), x: reached(i) },
      })),
  },
});
