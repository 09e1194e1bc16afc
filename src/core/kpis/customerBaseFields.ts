// The `start`/`end` fields shared by the customer-base KPI types (churn, retention_rate,
// customers, new_customers): one row per customer with a start and an optional end date.
import * as l10n from '../l10n/l10n';
import { andFilter } from './kpiType';
import type { AggregateContext, KpiField } from './kpiType';

export const CUSTOMER_BASE_DEFINITION =
  'A customer is active on day d when start ≤ d and (end is null or end > d). For a period P = [a, b]: S = customers active at the start of P (start < a and (end is null or end ≥ a)); lost = customers of S whose end falls in [a, b]; E = customers active on day b; N = customers with start in [a, b] active on day b. A customer on several rows (a key repeated: a plan changed, a return after leaving) is active on the days any of its rows covers, and starts at its earliest start.';

export function customerBaseFields(endRequired: boolean): Record<string, KpiField> {
  return {
    start: {
      schema: { type: 'string', minLength: 1 },
      description: 'The column with the date the customer started (e.g. signup_date).',
      required: true,
      ref: { kind: 'column', date: true },
    },
    end: {
      schema: { type: 'string', minLength: 1 },
      description: 'The column with the date the customer left (e.g. churn_date); empty while still a customer.',
      required: endRequired,
      ref: { kind: 'column', date: true },
    },
  };
}

/**
 * The counts of the customer-base definitions for the window ["__ws", "__we"] (every row
 * joins every window; a row is a customer with a start and an end date).
 */
export function customerBaseSql(ctx: AggregateContext, set: 'S' | 'lost' | 'E' | 'N' | 'started'): string {
  const { start, end: read } = baseDates(ctx);
  const end = read ?? 'CAST(NULL AS DATE)';
  const conditions = {
    S: `${start} < "__ws" AND (${end} IS NULL OR ${end} >= "__ws")`,
    lost: `${start} < "__ws" AND ${end} BETWEEN "__ws" AND "__we"`,
    E: `${start} <= "__we" AND (${end} IS NULL OR ${end} > "__we")`,
    N: `${start} BETWEEN "__ws" AND "__we" AND (${end} IS NULL OR ${end} > "__we")`,
    started: `${start} BETWEEN "__ws" AND "__we"`,
  };
  const when = andFilter(conditions[set], ctx.filter);
  if (ctx.weight) return `coalesce(sum(${ctx.weight}) FILTER (WHERE ${when}), 0)`;
  // Customers are distinct keys (a key known unique: its rows); without a key, each row is one customer.
  if (!ctx.key || ctx.keyUnique) return `count(${ctx.key ?? '"__row"'}) FILTER (WHERE ${when})`;
  // A key on several rows (a subscription's history: a plan changed, a customer back after
  // leaving): the customer is active on the days any of its rows covers, new when its earliest
  // start falls in P. Counting rows' conditions would count a customer lost by its row that
  // ended while another row keeps it, or new by its second row. Each set is then a difference of
  // distinct counts (over one row per key, the same numbers as the rows' conditions):
  // lost = |S ∪ E| − |E|, N = |S ∪ E| − |S|, started = |start ≤ b| − |start < a|.
  const distinct = (condition: string) =>
    `count(DISTINCT ${ctx.key}) FILTER (WHERE ${andFilter(condition, ctx.filter)})`;
  const either = `(${conditions.S}) OR (${conditions.E})`;
  switch (set) {
    case 'S':
    case 'E':
      return distinct(conditions[set]);
    case 'lost':
      return `(${distinct(either)} - ${distinct(conditions.E)})`;
    case 'N':
      return `(${distinct(either)} - ${distinct(conditions.S)})`;
    case 'started':
      return `(${distinct(`${start} <= "__we"`)} - ${distinct(`${start} < "__ws"`)})`;
  }
}

/**
 * The rows a customer-base KPI counts on no day, told as skipped (skippedRows.ts): without a
 * start date (empty, or a text that is no date), or — for the types that read `end` — ending
 * before they start; each example is the row's customer (its key, at its line), else its dates.
 */
export function daylessRows(ctx: AggregateContext, readsEnd: boolean) {
  const { start, end } = baseDates(ctx);
  const dayless = readsEnd && end ? `${start} IS NULL OR ${end} < ${start}` : `${start} IS NULL`;
  const dates = `coalesce(CAST(${start} AS VARCHAR), '') || '..' || coalesce(CAST(${end ?? 'NULL'} AS VARCHAR), '')`;
  return {
    condition: `"__row" IS NOT NULL AND (${dayless})`,
    value: ctx.key ? `coalesce(CAST(${ctx.key} AS VARCHAR), ${dates})` : dates,
    what:
      readsEnd && end
        ? l10n.t('customer row(s) counted on no day, without a start date or ending before it')
        : l10n.t('customer row(s) counted in no period, without a start date'),
    ...(ctx.keyName ? { shown: ctx.keyName } : {}),
  };
}

/** A row's start and end (when the KPI names one) as dates. */
function baseDates(ctx: AggregateContext): { start: string; end: string | undefined } {
  const date = (name: string) => ctx.dialect.tryCast(ctx.column(name), 'DATE');
  return {
    start: date(String(ctx.fields.start)),
    end: typeof ctx.fields.end === 'string' ? date(ctx.fields.end) : undefined,
  };
}

/** The dates a customer-base count compares with the window's bounds: start and end. */
export function customerBaseDates(ctx: AggregateContext): string[] {
  const out = [ctx.column(String(ctx.fields.start))];
  if (typeof ctx.fields.end === 'string') out.push(ctx.column(ctx.fields.end));
  return out;
}

/** Customer-base KPIs read every row for every window. */
export const EVERY_ROW = () => 'TRUE';
