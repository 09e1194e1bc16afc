// KPI type `cac`: customer acquisition cost.
import * as l10n from '../l10n/l10n';
import type { KpiCheckContext } from './kpiCheck';
import { defineKpiType, quotient } from './kpiType';
import { sumKpi } from './sum';

export const cac = defineKpiType({
  type: 'cac',
  title: 'Customer acquisition cost (CAC)',
  family: 'value',
  usesSource: false,
  needsTime: false,
  defaultFormat: 'currency',
  formula:
    'spend / new customers: `spend` (a KPI, or source.column summed over the period) divided by the `customers` new_customers KPI. Null when there are no new customers.',
  check: checkSpend,
  evaluation: {
    kind: 'derived',
    // The spend is a KPI, or an internal sum of source.column over the period.
    inputs: (f) => [
      ...(typeof f.spend !== 'string'
        ? []
        : f.spend.includes('.')
          ? [
              {
                role: 'spend',
                name: 'spend',
                internal: {
                  type: sumKpi.type,
                  title: '(spend)',
                  source: f.spend.split('.')[0],
                  fields: { column: f.spend.split('.')[1] },
                },
              },
            ]
          : [{ role: 'spend', name: f.spend }]),
      ...(typeof f.customers === 'string' ? [{ role: 'customers', name: f.customers }] : []),
    ],
    value: ({ input }) => quotient(input('spend'), input('customers')),
  },
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

/**
 * Spend given as source.column is summed per period: its source needs a time column, and the
 * KPI's segments slice its rows (a column it lacks, or another source's without a key to join
 * it, would stop the run with the engine's words).
 */
function checkSpend({ raw, label, sourceOf, report, segments, checkSegmentOn }: KpiCheckContext): void {
  if (typeof raw.spend !== 'string' || !raw.spend.includes('.')) return;
  const s = sourceOf(raw.spend.split('.')[0]);
  if (!s) return;
  if (s.time === undefined)
    report(
      ['spend'],
      'missing-time',
      l10n.t("{0} sums spend per period, but source '{1}' has no 'time' column", label, s.name),
    );
  segments.forEach((segName, i) => checkSegmentOn(i, segName, s.name));
}
