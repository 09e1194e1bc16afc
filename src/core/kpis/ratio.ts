// KPI type `ratio`: one KPI divided by another, period by period and segment by segment.
import { defineKpiType, quotient } from './kpiType';

export const ratio = defineKpiType({
  type: 'ratio',
  title: 'Ratio',
  family: 'generic',
  usesSource: false,
  needsTime: false,
  defaultFormat: 'number',
  formula:
    'numerator(P) / denominator(P), for the same period and segment: a ratio of totals, not an average of row ratios. Null when the denominator is 0 or null.',
  evaluation: {
    kind: 'derived',
    inputs: (f) => [
      ...(typeof f.numerator === 'string' ? [{ role: 'numerator', name: f.numerator }] : []),
      ...(typeof f.denominator === 'string' ? [{ role: 'denominator', name: f.denominator }] : []),
    ],
    value: ({ input }) => quotient(input('numerator'), input('denominator')),
  },
  quotient: { numerator: 'numerator', denominator: 'denominator' },
  fields: {
    numerator: { schema: { type: 'string' }, description: 'The KPI divided.', required: true, ref: { kind: 'kpi' } },
    denominator: {
      schema: { type: 'string' },
      description: 'The KPI it is divided by.',
      required: true,
      ref: { kind: 'kpi' },
    },
  },
});
