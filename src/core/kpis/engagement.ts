// KPI type `engagement`: a weighted score of interactions per customer.
import { columnField, defineKpiType } from './kpiType';

export const engagement = defineKpiType({
  type: 'engagement', title: 'Engagement score', family: 'behaviour', usesSource: true, needsTime: true, defaultFormat: 'number',
  formula: 'Per customer with ≥ 1 row in the period: Σ weight(kind) × rows of that kind; the value is the mean over those customers. Kinds without a weight count 0 and are reported once as a warning.',
  fields: {
    column: columnField('The column with the interaction kind (e.g. event_type).'),
    weights: { schema: { type: 'object', minProperties: 1, additionalProperties: { type: 'number' } }, description: 'The weight of each interaction kind, e.g. {purchase: 5, review: 3, visit: 1}.', required: true },
  },
});
