// The JSON Schema of a source's `tests:` and `freshness:` (sourceTestsModel.ts reads them,
// testing/sourceChecks.ts runs them); buildSchema.ts puts these into the source definition.
import type { JsonSchema } from '../kpis/kpiType';
import { DURATION_PATTERN } from './sourceTestsModel';

const COLUMN: JsonSchema = { type: 'string', minLength: 1, description: 'The column tested.' };

/** The properties `tests` and `freshness` of a source, and the definitions they refer to. */
export const SOURCE_TEST_PROPERTIES: Record<string, JsonSchema> = {
  tests: {
    type: 'array',
    description:
      'Data tests on every row of the source (`kpilens test`, `kpilens check --data`, the editor after a run): each item one of unique, not_null, accepted_values, range, relationship. A failure is an error (or a warning with `severity: warning`) counted, with examples and their lines.',
    items: { $ref: '#/definitions/source_test' },
  },
  freshness: {
    type: 'object',
    description:
      "How recent the latest `time` of the source must be, against the run's date (or --now) in the file's `timezone`: a warning when it is more than `warn_after` old, an error beyond `error_after` (2d, 1w). Exactly `warn_after` old still passes.",
    additionalProperties: false,
    minProperties: 1,
    properties: {
      warn_after: {
        type: 'string',
        pattern: DURATION_PATTERN,
        description: 'Days (2d) or weeks (1w): a warning when the latest date is more than this before today.',
      },
      error_after: {
        type: 'string',
        pattern: DURATION_PATTERN,
        description: 'Days (7d) or weeks (1w): an error when the latest date is more than this before today.',
      },
    },
  },
};

export const SOURCE_TEST_DEFINITIONS: Record<string, JsonSchema> = {
  source_test: {
    type: 'object',
    description:
      'One data test: `unique: column`, `not_null: column` (or a list), `accepted_values: {column, values}`, `range: {column, min, max}` or `relationship: {column, to: source}`; optional `severity: warning`.',
    additionalProperties: false,
    minProperties: 1,
    properties: {
      unique: {
        type: 'string',
        minLength: 1,
        description: 'No two rows hold the same value of this column (empty values are not compared).',
      },
      not_null: {
        type: ['string', 'array'],
        minLength: 1,
        items: { type: 'string', minLength: 1 },
        minItems: 1,
        description: 'No row has an empty value in this column (or in any of these columns).',
      },
      accepted_values: {
        type: 'object',
        description: 'Every non-empty value of `column` is one of `values` (numbers compare as numbers).',
        additionalProperties: false,
        required: ['column', 'values'],
        properties: {
          column: COLUMN,
          values: {
            type: 'array',
            minItems: 1,
            items: { type: ['string', 'number', 'boolean'] },
            description: 'The accepted values.',
          },
        },
      },
      range: {
        type: 'object',
        description:
          'Every non-empty value of `column` is a number between `min` and `max` (inclusive), e.g. an NPS answer in 0–10.',
        additionalProperties: false,
        required: ['column'],
        anyOf: [{ required: ['min'] }, { required: ['max'] }],
        properties: {
          column: COLUMN,
          min: { type: 'number', description: 'The smallest accepted value (inclusive).' },
          max: { type: 'number', description: 'The largest accepted value (inclusive).' },
        },
      },
      relationship: {
        type: 'object',
        description:
          'Every non-empty value of `column` is found in another source: `to: customers` (its `key`) or `to: customers.customer_id`.',
        additionalProperties: false,
        required: ['column', 'to'],
        properties: {
          column: COLUMN,
          to: {
            type: 'string',
            pattern: '^[a-z][a-z0-9_]*(\\.[^.]+)?$',
            description: 'The other source (its `key` column), or `source.column`.',
          },
        },
      },
      severity: {
        enum: ['error', 'warning'],
        description: 'How a failure is reported: error (default) or warning.',
      },
    },
  },
};
