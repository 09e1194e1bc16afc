// KPI type `clv`: customer lifetime value — historical, simple, or predictive (BG/NBD +
// Gamma-Gamma, the "CLV dynamique"; the models live in core/stats, the per-customer summary
// query in engine/sql/clvSummaryQuery.ts).
import { checkClv, clvEvaluationFor, clvInputs, clvValue } from './clvRules';
import { defineKpiType } from './kpiType';

export const CLV_METHODS = ['historical', 'simple', 'predictive'] as const;

export { NON_PREDICTIVE_CLV_FIELDS, PREDICTIVE_CLV_FIELDS } from './clvRules';

/** What `method: predictive` assumes and reports, in Markdown (hover on the method). */
export const PREDICTIVE_CLV_HELP = [
  '**Predictive CLV** (BG/NBD + Gamma-Gamma, the "CLV dynamique")',
  '',
  'For each customer at the period end: *frequency* = distinct purchase days − 1, *recency* = days from the first to the last purchase day, *T* = days from the first purchase day to the period end, *monetary* = mean value of the purchase days after the first.',
  'BG/NBD predicts the purchases in each of the next `horizon_months` months and the probability that the customer is still active; Gamma-Gamma predicts the value of a purchase. CLV = Σ purchases in month m × value / (1 + `discount_rate`)^m.',
  '',
  'Assumptions:',
  '- **non-contractual** purchases: customers buy when they like and leave without telling (no subscription end date); use `simple` with a churn KPI for subscriptions;',
  '- while active, a customer buys at a steady rate (Poisson) and may leave after any repeat purchase;',
  '- **spend is independent of frequency**: KPI Lens warns (`clv-assumption`) when |correlation of frequency and mean spend| among repeat buyers is above 0.3.',
  '',
  'Needs at least 10 customers and 2 repeat buyers with varying spend at each period end; `backtest: { holdout_months: N }` checks the predicted purchases against the last N months.',
].join('\n');

export const clv = defineKpiType({
  type: 'clv',
  title: 'Customer lifetime value (CLV)',
  family: 'value',
  usesSource: false,
  needsTime: false,
  defaultFormat: 'currency',
  formula:
    "Evaluated at the end b of each period. `historical`: mean, over customers with ≥ 1 revenue row in the `months` months ending at b, of their revenue in that window. `simple`: ARPU × lifetime − CAC, with ARPU = revenue of the 12 months ending at b / distinct paying customers in them; lifetime = `lifetime_years`, else 1 / annual churn where annual churn = 1 − (1 − monthly churn)^12 from the `churn` KPI at b's month; CAC = the `cac` KPI at P (0 when absent). `predictive`: the mean, over customers with a purchase on or before b, of their predicted value over the next `horizon_months` months: BG/NBD (Fader, Hardie & Lee 2005) fitted on every customer's frequency (distinct purchase days − 1), recency and age T in days at b gives the expected purchases in each month m; Gamma-Gamma fitted on repeat buyers' mean repeat-day revenue gives the expected spend per purchase; CLV = Σₘ expected purchases in month m × expected spend / (1 + `discount_rate`)^m. Assumes non-contractual purchases (customers leave silently) and spend independent of frequency (warned when |corr| > 0.3). Segment rows are the mean over the segment's customers (by their latest row at b) of the same fit.",
  evaluation: { kind: 'derived', inputs: clvInputs, value: clvValue },
  evaluationFor: clvEvaluationFor,
  check: checkClv,
  valueHelp: { method: { predictive: PREDICTIVE_CLV_HELP } },
  fields: {
    method: {
      schema: { enum: [...CLV_METHODS] },
      description: 'historical | simple | predictive (BG/NBD + Gamma-Gamma).',
      required: true,
    },
    revenue: {
      schema: { type: 'string', pattern: '^[a-z][a-z0-9_]*\\.[^.]+$' },
      description: 'The revenue column as `source.column` (e.g. orders.amount).',
      required: true,
      ref: { kind: 'source-column' },
    },
    months: {
      schema: { type: 'integer', minimum: 1, maximum: 600, default: 12 },
      description: 'The revenue window in months for `historical` (default 12).',
    },
    lifetime_years: {
      schema: { type: 'number', exclusiveMinimum: 0 },
      description: 'The expected customer lifetime in years for `simple` (instead of `churn`).',
    },
    churn: {
      schema: { type: 'string' },
      description: 'A monthly `churn` KPI, to derive the lifetime for `simple`.',
      ref: { kind: 'kpi', types: ['churn'] },
    },
    cac: {
      schema: { type: 'string' },
      description: 'A `cac` KPI subtracted by `simple` (0 when absent).',
      ref: { kind: 'kpi', types: ['cac'] },
    },
    horizon_months: {
      schema: { type: 'integer', minimum: 1, maximum: 600, default: 12 },
      description: 'For `predictive`: how many months ahead the value is predicted (default 12).',
    },
    discount_rate: {
      schema: { type: 'number', minimum: 0, maximum: 1, default: 0 },
      description:
        "For `predictive`: the monthly discount rate d; month m's value is divided by (1 + d)^m (default 0). From an annual rate A: d = (1 + A)^(1/12) − 1.",
    },
    bootstrap: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          samples: {
            type: 'integer',
            minimum: 20,
            maximum: 10000,
            default: 200,
            description: 'B, the number of bootstrap samples (default 200); each refits both models.',
          },
          seed: {
            type: 'integer',
            minimum: 0,
            maximum: 4294967295,
            default: 1,
            description:
              'The seed of the resampling (default 1): the same seed gives the same interval on every machine.',
          },
        },
      },
      description:
        "For `predictive`: `{ samples: B, seed: S }` adds a percentile bootstrap interval at the KPI's confidence to each segment's CLV at the latest period end: B samples of the customers drawn with replacement (seeded), each refitted with BG/NBD + Gamma-Gamma and scored; the interval is the (1 − c)/2 and (1 + c)/2 quantiles (type 7) of the B segment means. Costs B fits.",
    },
    backtest: {
      schema: {
        type: 'object',
        additionalProperties: false,
        required: ['holdout_months'],
        properties: {
          holdout_months: {
            type: 'integer',
            minimum: 1,
            maximum: 120,
            description:
              'Months before the last period end held out: the model is fitted on the data before them and its predicted purchases compared with the actual ones.',
          },
        },
      },
      description:
        'For `predictive`: `{ holdout_months: N }` fits on the data before the last N months and reports the error of the predicted purchases in them (MAE per customer, Σ predicted / Σ actual) and the calibration: per calibration frequency 0 … 6 and 7+, the mean predicted and actual purchases in the holdout.',
    },
  },
});
