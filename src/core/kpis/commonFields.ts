// The fields every KPI may have, whatever its type (DSL.md "kpis: common fields").
import type { JsonSchema, KpiField } from './kpiType';

export const NAME_PATTERN = '^[a-z][a-z0-9_]*$';
export const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
export const FORMATS = ['number', 'integer', 'percent', 'currency', 'score', 'days'] as const;
export const DIRECTIONS = ['higher_is_better', 'lower_is_better'] as const;

export const targetSchema: JsonSchema = {
  type: 'object',
  description:
    'The goal: `min` (the value must be at least this) and/or `max` (at most this). Gives each row a status `met` or `missed`.',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    min: { type: 'number', description: 'The value meets the target when it is ≥ min.' },
    max: { type: 'number', description: 'The value meets the target when it is ≤ max.' },
  },
};

/** Fields of every KPI, reading rows of a source or not. */
export const COMMON_FIELDS: Readonly<Record<string, KpiField>> = {
  type: { schema: { type: 'string' }, description: 'The KPI type: how the value is computed.', required: true },
  title: { schema: { type: 'string' }, description: 'The name people read in reports, e.g. "Net Promoter Score".' },
  description: { schema: { type: 'string' }, description: 'What the KPI means and why it matters.' },
  owner: { schema: { type: 'string' }, description: 'Who answers for this KPI (a person or a team).' },
  tags: {
    schema: { type: 'array', items: { type: 'string' }, uniqueItems: true },
    description: 'Labels to filter reports by.',
  },
  period: {
    schema: { type: 'string', pattern: NAME_PATTERN },
    description: 'The period (declared under `periods`) the KPI is reported over. Default: `defaults.period`.',
  },
  segments: {
    schema: { type: 'array', items: { type: 'string', pattern: NAME_PATTERN }, uniqueItems: true },
    description:
      'Segments (declared under `segments`) to break the KPI down by. The whole population is always reported too.',
  },
  format: {
    schema: { enum: [...FORMATS] },
    description:
      'How values are shown: number | integer | percent (a fraction 0.052 shows as 5.2 %) | currency | score | days.',
  },
  currency: {
    schema: { type: 'string', pattern: '^[A-Z]{3}$' },
    description: 'ISO 4217 currency code for `format: currency`, e.g. EUR.',
  },
  decimals: { schema: { type: 'integer', minimum: 0, maximum: 10 }, description: 'Decimals shown (0–10).' },
  target: { schema: { $ref: '#/definitions/target' }, description: 'The goal: `{min: …}` and/or `{max: …}`.' },
  direction: {
    schema: { enum: [...DIRECTIONS] },
    description: 'Whether a higher value is better (default) or worse; colours changes in reports.',
  },
};

/** The confidence level of intervals and change tests, and the smallest trusted sample, when a KPI sets none. */
export const DEFAULT_CONFIDENCE = 0.95;
export const DEFAULT_MIN_SAMPLE = 30;

export const confidenceSchema: JsonSchema = { type: 'number', exclusiveMinimum: 0.5, exclusiveMaximum: 1 };
export const minSampleSchema: JsonSchema = { type: 'integer', minimum: 0 };

/** Fields of the KPIs with a confidence interval (shares and NPS). */
export const UNCERTAINTY_FIELDS: Readonly<Record<string, KpiField>> = {
  confidence: {
    schema: confidenceSchema,
    description: `The confidence level of the interval (ci_low, ci_high) and of the change test (significant when p < 1 − confidence), e.g. 0.9. Default: \`defaults.confidence\`, else ${DEFAULT_CONFIDENCE}.`,
  },
  min_sample: {
    schema: minSampleSchema,
    description: `The smallest n (answers, customers) a value is trusted from; below it every output flags the value ("n = 12, below ${DEFAULT_MIN_SAMPLE}"). Default: \`defaults.min_sample\`, else ${DEFAULT_MIN_SAMPLE}.`,
  },
};

/** Fields of KPIs that read rows of their own source. */
export const SOURCE_FIELDS: Readonly<Record<string, KpiField>> = {
  source: {
    schema: { type: 'string', pattern: NAME_PATTERN },
    description: 'The source (declared under `sources`) whose rows the KPI reads.',
    required: true,
    ref: { kind: 'source' },
  },
  where: {
    schema: { type: 'string' },
    description: "A row filter, e.g. `status = 'paid' and amount > 0`. Only rows that pass it count.",
  },
  time: {
    schema: { type: 'string', minLength: 1 },
    description: "The column that dates each row. Default: the source's `time`.",
    ref: { kind: 'column' },
  },
};
