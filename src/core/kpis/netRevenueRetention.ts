// KPI type `net_revenue_retention` (NRR): the revenue of a period's base customers over their
// revenue in the period before, expansion and contraction included, new customers excluded.
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

export const netRevenueRetention = defineKpiType({
  type: 'net_revenue_retention',
  title: 'Net revenue retention',
  family: 'value',
  usesSource: true,
  needsTime: true,
  defaultFormat: 'percent',
  ...revenueRetentionRules(['expansion', 'contraction', 'churned']),
  formula: `Σ R_c / Σ B_c over the base customers (= 1 + expansion − contraction − churned); null when no customer had revenue in the base period. ${BASE_PERIOD_WORDS} ${componentWords(true)}`,
  fields: { column: revenueColumnField },
  evaluation: revenueRetentionEvaluation(
    (ctx) => ofBase(ctx, COMPONENTS.retained),
    ['expansion', 'contraction', 'churned'],
  ),
});
