// What the revenue retention types (net_revenue_retention, gross_revenue_retention,
// mrr_growth) share: the base period before each window, each customer's revenue in the base
// ("__b") and in the window ("__v"), and the sums over the customers with base revenue —
// retained, expansion, contraction, churned — as SQL over those per-customer values.
import { nonNumeric, numberColumnField, numberSql } from './kpiType';
import type { AggregateContext, KpiEvaluation, KpiField } from './kpiType';

/** A customer's window revenue, a net refund counted as 0. */
const CURRENT = 'greatest(coalesce("__v", 0), 0)';
/** The customers of the base: revenue > 0 in the base period. */
const IN_BASE = '"__b" > 0';

export const revenueColumnField: KpiField = numberColumnField(
  'The revenue column (e.g. amount), summed per customer; refunds may be negative.',
);

export const BASE_PERIOD_WORDS =
  "The base period is the period just before P: as many whole calendar months when P is whole months (a month, a quarter, a year), else as many days. B_c and R_c are customer c's revenue (the sum of `column`) in the base period and in P, R_c counted as 0 when negative (refunds beyond purchases); the base customers are those with B_c > 0 — customers new in P (or back after the base period) are left out.";

/**
 * The dates a window covers: its base period and itself. Whole months (starting on a 1st,
 * ending on a month's last day) go back as many months; any other window as many days.
 */
function baseAndWindow(ctx: AggregateContext): { start: string; end: string } {
  const d = ctx.dialect;
  const monthIndex = (sql: string) => `(${d.datePart('year', sql)} * 12 + ${d.datePart('month', sql)})`;
  const months = `(${monthIndex('"__we"')} - ${monthIndex('"__ws"')} + 1)`;
  const wholeMonths = `${d.datePart('day', '"__ws"')} = 1 AND "__we" = ${d.lastDay('"__we"')}`;
  const monthsBack = `CAST("__ws" - ${months} * ${d.months(1)} AS DATE)`;
  const daysBack = d.addDays('"__ws"', `CAST(-1 - ${d.dayDiff('"__ws"', '"__we"')} AS INTEGER)`);
  return { start: `CASE WHEN ${wholeMonths} THEN ${monthsBack} ELSE ${daysBack} END`, end: '"__we"' };
}

/** Per customer: base revenue "__b", window revenue "__v", rows "__c". */
function perCustomer(ctx: AggregateContext): string {
  const amount = numberSql(ctx, String(ctx.fields.column));
  const when = (cond: string) => (ctx.filter ? `(${cond}) AND (${ctx.filter})` : cond);
  return [
    `sum(${amount}) FILTER (WHERE ${when('"__t" < "__ws"')}) AS "__b"`,
    `sum(${amount}) FILTER (WHERE ${when('"__t" >= "__ws"')}) AS "__v"`,
    `count("__row") FILTER (WHERE ${when('"__row" IS NOT NULL')}) AS "__c"`,
  ].join(', ');
}

/** Σ over the base customers of `value` (those also meeting `when`). */
const sumOver = (value: string, when?: string) =>
  `sum(${value}) FILTER (WHERE ${IN_BASE}${when ? ` AND ${when}` : ''})`;

/** As sumOver, 0 when no base customer meets `when` (a component nobody adds to is 0, not unknown). */
const zeroIfNone = (value: string, when: string) => `coalesce(${sumOver(value, when)}, 0)`;

/** The base revenue Σ B_c. */
const BASE = sumOver('"__b"');

/** Each component of the change from the base, as SQL sums over the per-customer values. */
export const COMPONENTS = {
  /** Σ R_c: the revenue kept from the base customers, expansion included. */
  retained: sumOver(CURRENT),
  /** Σ min(R_c, B_c): the same, without expansion. */
  kept: sumOver(`least(${CURRENT}, "__b")`),
  /** Σ (R_c − B_c): the change of the base customers' revenue. */
  change: sumOver(`${CURRENT} - "__b"`),
  /** Σ (R_c − B_c) over the customers who spent more. */
  expansion: zeroIfNone(`${CURRENT} - "__b"`, `${CURRENT} > "__b"`),
  /** Σ (B_c − R_c) over the customers who spent less but something. */
  contraction: zeroIfNone(`"__b" - ${CURRENT}`, `${CURRENT} > 0 AND ${CURRENT} < "__b"`),
  /** Σ B_c over the customers who spent nothing. */
  churned: zeroIfNone('"__b"', `${CURRENT} = 0`),
} as const;

export type ComponentName = 'expansion' | 'contraction' | 'churned';

/** `sum / Σ B_c`, null when no customer had base revenue. */
export const ofBase = (ctx: AggregateContext, sum: string): string => ctx.dialect.divide(sum, BASE);

/** What every revenue retention type declares besides its evaluation: per customer, steps named by its components. */
export const revenueRetentionRules = (components: readonly ComponentName[]) => ({
  countsCustomers: true,
  stepLabels: () => [...components],
});

/** The evaluation of a revenue retention type whose value is `value` (a share of the base revenue). */
export function revenueRetentionEvaluation(
  value: (ctx: AggregateContext) => string,
  components: readonly ComponentName[],
): KpiEvaluation {
  return {
    kind: 'aggregate',
    empty: null,
    dates: baseAndWindow,
    perCustomer,
    sql: value,
    steps: (ctx) => components.map((step) => ({ step, sql: ofBase(ctx, COMPONENTS[step]) })),
    invalid: nonNumeric,
  };
}

const EXPANSION_WORDS = 'expansion = Σ (R_c − B_c) over customers with R_c > B_c';
const LOSS_WORDS = 'contraction = Σ (B_c − R_c) over those with 0 < R_c < B_c, churned = Σ B_c over those with R_c = 0';

/** The steps' definitions in words, with or without expansion. */
export const componentWords = (expansion: boolean): string =>
  `Its steps give the components as shares of Σ B_c: ${expansion ? `${EXPANSION_WORDS}, ` : ''}${LOSS_WORDS}.`;
