// KPI type `clv`: customer lifetime value (historical or simple; predictive comes later).
import { defineKpiType } from './kpiType';

export const CLV_METHODS = ['historical', 'simple', 'predictive'] as const;

export const clv = defineKpiType({
  type: 'clv', title: 'Customer lifetime value (CLV)', family: 'value', usesSource: false, needsTime: false, defaultFormat: 'currency',
  formula: 'Evaluated at the end b of each period. `historical`: mean, over customers with ≥ 1 revenue row in the `months` months ending at b, of their revenue in that window. `simple`: ARPU × lifetime − CAC, with ARPU = revenue of the 12 months ending at b / distinct paying customers in them; lifetime = `lifetime_years`, else 1 / annual churn where annual churn = 1 − (1 − monthly churn)^12 from the `churn` KPI at b\'s month; CAC = the `cac` KPI at P (0 when absent). `predictive` (BG/NBD + Gamma-Gamma) is not supported yet.',
  evaluation: { kind: 'clv' },
  fields: {
    method: { schema: { enum: [...CLV_METHODS] }, description: 'historical | simple | predictive (not yet supported).', required: true },
    revenue: { schema: { type: 'string', pattern: '^[a-z][a-z0-9_]*\\.[^.]+$' }, description: 'The revenue column as `source.column` (e.g. orders.amount).', required: true, ref: { kind: 'source-column' } },
    months: { schema: { type: 'integer', minimum: 1, maximum: 600, default: 12 }, description: 'The revenue window in months for `historical` (default 12).' },
    lifetime_years: { schema: { type: 'number', exclusiveMinimum: 0 }, description: 'The expected customer lifetime in years for `simple` (instead of `churn`).' },
    churn: { schema: { type: 'string' }, description: 'A monthly `churn` KPI, to derive the lifetime for `simple`.', ref: { kind: 'kpi', types: ['churn'] } },
    cac: { schema: { type: 'string' }, description: 'A `cac` KPI subtracted by `simple` (0 when absent).', ref: { kind: 'kpi', types: ['cac'] } },
  },
});
