// KPI type `cac`: customer acquisition cost.
import { defineKpiType } from './kpiType';

export const cac = defineKpiType({
  type: 'cac',
  title: 'Customer acquisition cost (CAC)',
  family: 'value',
  usesSource: false,
  needsTime: false,
  defaultFormat: 'currency',
  formula:
    'spend / new customers: `spend` (a KPI, or source.column summed over the period) divided by the `customers` new_customers KPI. Null when there are no new customers.',
  evaluation: { kind: 'derived' },
  fields: {
    spend: {
      schema: { type: 'string', minLength: 1 },
      description: 'The acquisition spend: a KPI name or `source.column` (summed over the period).',
      required: true,
      ref: { kind: 'kpi-or-source-column' },
    },
    customers: {
      schema: { type: 'string' },
      description: 'A `new_customers` KPI: the customers acquired in the period.',
      required: true,
      ref: { kind: 'kpi', types: ['new_customers'] },
    },
  },
});
