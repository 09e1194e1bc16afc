// KPI type `gross_revenue_retention` (GRR): as NRR, each customer's revenue capped at their
// base revenue — what is kept of the base, without expansion.
import { defineKpiType } from './kpiType';
import {
  BASE_PERIOD_WORDS,
  COMPONENTS,
  componentWords,
  ofBase,
  revenueColumnField,
  revenueRetentionEvaluation,
  revenueRetentionRules,
} from './revenueRetentionParts';

export const grossRevenueRetention = defineKpiType({
  type: 'gross_revenue_retention',
  title: 'Gross revenue retention',
  family: 'value',
  usesSource: true,
  needsTime: true,
  defaultFormat: 'percent',
  ...revenueRetentionRules(['contraction', 'churned']),
  formula: `Σ min(R_c, B_c) / Σ B_c over the base customers (= 1 − contraction − churned; never above 1); null when no customer had revenue in the base period. ${BASE_PERIOD_WORDS} ${componentWords(false)}`,
  fields: { column: revenueColumnField },
  evaluation: revenueRetentionEvaluation((ctx) => ofBase(ctx, COMPONENTS.kept), ['contraction', 'churned']),
});
