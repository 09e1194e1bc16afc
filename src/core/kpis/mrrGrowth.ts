// KPI type `mrr_growth`: the seeds' "taux de croissance du revenu mensuel" — the change of
// the revenue of the customers active at the start of the period, new customers' revenue
// excluded.
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

export const mrrGrowth = defineKpiType({
  type: 'mrr_growth',
  title: 'Revenue growth of existing customers (MRR growth)',
  family: 'value',
  usesSource: true,
  needsTime: true,
  defaultFormat: 'percent',
  ...revenueRetentionRules(['expansion', 'contraction', 'churned']),
  formula: `(Σ R_c − Σ B_c) / Σ B_c over the base customers (= net_revenue_retention − 1 = expansion − contraction − churned): the seeds' monthly revenue growth — the revenue (the MRR on a month grain) of the customers active at the start of P, at its end against its start, new customers' revenue excluded. The seed article writes (start − end) / end; KPI Lens divides the change by the start, so that a rise is positive. Null when no customer had revenue in the base period. ${BASE_PERIOD_WORDS} ${componentWords(true)}`,
  fields: { column: revenueColumnField },
  evaluation: revenueRetentionEvaluation(
    (ctx) => ofBase(ctx, COMPONENTS.change),
    ['expansion', 'contraction', 'churned'],
  ),
});
