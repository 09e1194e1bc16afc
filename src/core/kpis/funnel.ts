// KPI type `funnel`: how many customers reach each step, and the abandonment.
import { columnField, defineKpiType } from './kpiType';

export const funnel = defineKpiType({
  type: 'funnel', title: 'Funnel', family: 'behaviour', usesSource: true, needsTime: true, defaultFormat: 'percent',
  formula: 'One row per step with the share of customers reaching that step among those reaching the first; the KPI value is the abandonment 1 − last/first.',
  fields: {
    column: columnField('The column with the step reached (e.g. event).'),
    steps: { schema: { type: 'array', items: { type: ['string', 'number'] }, minItems: 2, uniqueItems: true }, description: 'The steps in order, e.g. [visit, cart, checkout, paid].', required: true },
  },
});
