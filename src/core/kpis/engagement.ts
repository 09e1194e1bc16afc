// KPI type `engagement`: a weighted score of interactions per customer.
import { columnField, defineKpiType, EMPTY_VALUE, filtered } from './kpiType';
import { quoteString, sqlNumber } from '../engine/sql/sqlText';
import * as l10n from '../l10n/l10n';

export const engagement = defineKpiType({
  type: 'engagement',
  title: 'Engagement score',
  family: 'behaviour',
  usesSource: true,
  needsTime: true,
  defaultFormat: 'number',
  formula:
    'Per customer with ≥ 1 row in the period: Σ weight(kind) × rows of that kind; the value is the mean over those customers. Kinds without a weight count 0 and are reported once as a warning.',
  fields: {
    column: columnField('The column with the interaction kind (e.g. event_type).'),
    weights: {
      schema: { type: 'object', minProperties: 1, additionalProperties: { type: 'number' } },
      description: 'The weight of each interaction kind, e.g. {purchase: 5, review: 3, visit: 1}.',
      required: true,
    },
  },
  countsCustomers: true,
  scoreValues: true,
  evaluation: {
    kind: 'aggregate',
    empty: null,
    perCustomer: (ctx) => {
      const kind = `CAST(${ctx.column(String(ctx.fields.column))} AS VARCHAR)`;
      const weights = Object.entries((ctx.fields.weights ?? {}) as Record<string, unknown>).filter(
        (e): e is [string, number] => typeof e[1] === 'number',
      );
      const score = weights.length
        ? `CASE ${kind} ${weights.map(([k, w]) => `WHEN ${quoteString(k)} THEN ${sqlNumber(w)}`).join(' ')} ELSE 0 END`
        : '0';
      return `${filtered(`sum(${score})`, ctx.filter)} AS "__v", ${filtered('count("__row")', ctx.filter)} AS "__c"`;
    },
    sql: () => 'avg("__v") FILTER (WHERE "__c" >= 1)',
    invalid: (ctx) => {
      const kind = `CAST(${ctx.column(String(ctx.fields.column))} AS VARCHAR)`;
      const known = Object.keys((ctx.fields.weights ?? {}) as Record<string, unknown>).map(quoteString);
      return {
        condition: `"__row" IS NOT NULL AND (${kind} IS NULL${known.length ? ` OR ${kind} NOT IN (${known.join(', ')})` : ''})`,
        value: `coalesce(${kind}, ${quoteString(EMPTY_VALUE)})`,
        what: l10n.t('interaction(s) of a kind without a weight, counted as 0'),
      };
    },
  },
});
