// Builds the JSON Schema (draft-07) of the KPI language from the KPI type registry, so the
// schema, the validator, hovers and docs share one source. `npm run schema` writes it to
// schemas/kpi.schema.json (what Red Hat's YAML extension reads); a test keeps the two equal.
import {
  DATE_PATTERN,
  NAME_PATTERN,
  targetSchema,
  FORMATS,
  DIRECTIONS,
  UNCERTAINTY_FIELDS,
} from '../kpis/commonFields';
import type { JsonSchema } from '../kpis/kpiType';
import { COMMON_FIELDS, SOURCE_FIELDS } from '../kpis/commonFields';
import { fieldsOf, KPI_TYPES, KPI_TYPE_NAMES } from '../kpis/registry';
import { ENCODINGS } from '../data/textEncodings';
import { PERIOD_TIME_PROPERTIES } from './periodSchema';
import { SOURCE_TEST_DEFINITIONS, SOURCE_TEST_PROPERTIES } from './sourceTestsSchema';
import { SCORE_SEGMENT_SCHEMA } from './scoreSegmentSpec';

export const SCHEMA_ID = 'https://kpilens.dev/schemas/kpi.schema.json';
export const GRAINS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export const COMPARES = ['previous', 'year_ago', 'none'] as const;
export const SOURCE_FORMATS = ['csv', 'tsv', 'parquet', 'json', 'ndjson', 'xlsx'] as const;
export const COLUMN_TYPES = ['string', 'number', 'integer', 'boolean', 'date', 'timestamp'] as const;

/** Allows `x-…` keys (left for users' own tooling) in a closed mapping. */
const X_KEYS = { '^x-': {} };

function namedMap(description: string, ref: string): JsonSchema {
  return {
    type: 'object',
    description,
    propertyNames: { pattern: NAME_PATTERN },
    additionalProperties: { $ref: ref },
  };
}

/** Fields shared by many KPI types are defined once and referenced, to keep the schema small. */
const SHARED_FIELDS = { ...COMMON_FIELDS, ...SOURCE_FIELDS };
const SHARED_FIELD_NAMES = new Set(Object.keys(SHARED_FIELDS).filter((n) => n !== 'type'));

function sharedFieldDefinitions(): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const name of SHARED_FIELD_NAMES)
    out[`field_${name}`] = { ...SHARED_FIELDS[name].schema, description: SHARED_FIELDS[name].description };
  return out;
}

function kpiDefinition(type: (typeof KPI_TYPES)[number]): JsonSchema {
  const fields = fieldsOf(type);
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [name, field] of Object.entries(fields)) {
    if (name === 'type') properties[name] = { const: type.type, description: `${type.title}: ${type.formula}` };
    else if (SHARED_FIELD_NAMES.has(name) && !(name in type.fields))
      properties[name] = { $ref: `#/definitions/field_${name}` };
    else properties[name] = { ...field.schema, description: field.description };
    if (field.required) required.push(name);
  }
  return {
    type: 'object',
    title: type.title,
    description: type.formula,
    additionalProperties: false,
    patternProperties: X_KEYS,
    required,
    properties,
  };
}

export function buildSchema(): JsonSchema {
  const kpiDefinitions: Record<string, JsonSchema> = {};
  for (const t of KPI_TYPES) kpiDefinitions[`kpi_${t.type}`] = kpiDefinition(t);
  const typeList = KPI_TYPES.map((t) => `\`${t.type}\` (${t.title})`).join(', ');
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    title: 'KPI Lens KPI file',
    description: 'KPIs as code: sources, periods, segments and KPIs of a `*.kpi.yaml` file.',
    type: 'object',
    additionalProperties: false,
    patternProperties: X_KEYS,
    required: ['kpilens'],
    properties: {
      kpilens: { enum: [1], description: 'The version of the KPI language this file is written in: 1.' },
      title: { type: 'string', description: 'The title of the report.' },
      as_of: {
        type: 'string',
        pattern: DATE_PATTERN,
        description:
          '"Today" for this file (YYYY-MM-DD). Default: the latest date in the time columns of the sources its KPIs read, so the same files give the same numbers on any day.',
      },
      timezone: {
        type: 'string',
        description:
          "IANA time zone used to turn timestamps with an offset (and timestamptz columns) into dates, e.g. Europe/Paris. Default: UTC, never the machine's time zone.",
      },
      sources: namedMap('The tables KPIs read, each from local data files.', '#/definitions/source'),
      periods: namedMap('The periods KPIs are reported over.', '#/definitions/period'),
      segments: namedMap('The breakdowns KPIs can be reported by.', '#/definitions/segment'),
      defaults: { $ref: '#/definitions/defaults' },
      kpis: namedMap('The KPIs, by name.', '#/definitions/kpi'),
      tests: namedMap(
        'KPI tests (`kpilens test`): small inline data per source and the values some KPIs must give on it.',
        '#/definitions/test',
      ),
    },
    definitions: {
      source: {
        type: 'object',
        description: 'One table read from local files (`file`) or from a database (`table` on a `connection`).',
        additionalProperties: false,
        patternProperties: X_KEYS,
        properties: {
          title: { type: 'string', description: 'A readable name for the source.' },
          description: { type: 'string', description: 'What one row of the source is.' },
          file: {
            type: 'string',
            minLength: 1,
            description: 'The data file, relative to the KPI file; a glob such as data/orders-*.parquet reads many.',
          },
          table: {
            type: 'string',
            minLength: 1,
            description:
              'A database table instead of files: `schema.table` or `table`, read on `connection` (PostgreSQL).',
          },
          connection: {
            type: 'string',
            minLength: 1,
            description:
              'The name of a connection in kpilens.connections.yaml (git-ignored, next to the KPI file or at the project root); passwords come from the environment, never from the KPI file.',
          },
          format: {
            enum: [...SOURCE_FORMATS],
            description:
              'csv | tsv | parquet | json | ndjson | xlsx (an Excel workbook). Default: from the file extension.',
          },
          encoding: {
            enum: [...ENCODINGS],
            description:
              'The text encoding of CSV/TSV files: utf-8 (default), utf-16, latin-1, or windows-1252 (Excel in Western Europe), iso-8859-15, windows-1250, windows-1251, iso-8859-2, cp850, macintosh (transcoded to UTF-8 first). Without it, a file whose text is not UTF-8 is read as windows-1252 (and told).',
          },
          sheet: {
            type: ['string', 'integer'],
            minLength: 1,
            minimum: 1,
            description:
              'xlsx: the sheet to read, by name or 1-based position (default: the first sheet). Its first non-empty row names the columns.',
          },
          time: { type: 'string', minLength: 1, description: 'The default time column of KPIs on this source.' },
          key: {
            type: 'string',
            minLength: 1,
            description: 'The customer (entity) column; joins sources that share it.',
          },
          where: {
            type: 'string',
            description: "A row filter applied to every KPI on this source, e.g. status = 'paid'.",
          },
          delimiter: {
            type: 'string',
            minLength: 1,
            maxLength: 1,
            description: 'CSV: the field separator, e.g. ";". Default: told from the header line (, ; tab or |).',
          },
          decimal: {
            enum: ['.', ','],
            description:
              'CSV, and texts of a JSON or Parquet file: the decimal separator of numbers: "." or "," (12,50). Default: a CSV whose first rows write a decimal comma that cannot be a thousands separator (12,5; 0,125; 1 234,50) and no decimal point is read with ",", and told (number-format); else ".".',
          },
          thousands: {
            enum: ['.', ',', ' ', "'"],
            description:
              'CSV, and texts of a JSON or Parquet file: the thousands separator of numbers, removed before they are read ("1 234,50" with thousands: " " and decimal: ","). A space also stands for the non-breaking spaces French exports write. It stands only between groups of three digits: with thousands: ".", "1.5" and "05.01.2025" are no numbers. Default: a CSV whose first rows group thousands in one way only that cannot be a decimal (1 234; 1.234.567; 1,234.50; 1\'234) is read with it, and told (number-format); else none. "1,234" or "1.234" alone tells nothing.',
          },
          quote: {
            type: 'string',
            maxLength: 1,
            description: 'CSV: the quote character around fields (default "); "" for none.',
          },
          date_format: {
            type: 'string',
            minLength: 2,
            description:
              'CSV, and texts of a JSON or Parquet file: how dates are written, strftime-style, e.g. "%d/%m/%Y" (%Y: a year of four digits, %y: of two). Default: ISO, a year of four digits, a month and a day (2025-12-31, 2025/1/5); a text with anything else after its date, a shorter year or BC is no date: it is counted and reported with its line.',
          },
          timestamp_format: {
            type: 'string',
            minLength: 2,
            description:
              'CSV, and texts of a JSON or Parquet file: how timestamps are written, strftime-style, e.g. "%d/%m/%Y %H:%M" (%z for an offset); a date alone among them (written as date_format, or as the format\'s date part) is its midnight. Default: ISO (2025-12-31 14:05, with an optional offset).',
          },
          header: {
            type: 'boolean',
            description:
              'CSV: whether the first line (after `skip`) names the columns (default true); names are trimmed of spaces (no-break ones too), and an empty name (after a trailing delimiter) is column and its position from 0 (column4), as DuckDB names them. Without a header the columns are column1, column2, …',
          },
          skip: {
            type: 'integer',
            minimum: 0,
            description: 'CSV: lines before the header to skip (a title, an export date). Default 0.',
          },
          columns: {
            type: 'object',
            description:
              'Column types: string | number | integer | boolean | date | timestamp. A declared type decides how the whole file is read; a value that does not convert becomes empty and is reported with its line. Undeclared columns are inferred from every row; key and segment columns are text. Numbers written with a decimal point (a `number` column, declared or inferred) are read as exact decimals, so their sums are exact and do not depend on the thread count; numbers with an exponent or more than 10 decimals are read as binary doubles, added up (as the doubles of a Parquet or JSON file) exactly as the decimals they were written as (15 significant digits, at most 10 decimals), so that their sums do not depend on the thread count either (a value of 10^20 or more cannot be added; on PostgreSQL, doubles are added as numeric). NaN, inf and numbers too large for a double (1e400) are not numbers. In a JSON or Parquet file a declared type converts the texts the same way (a number with a decimal point), and a value that does not convert is reported with examples.',
            additionalProperties: { enum: [...COLUMN_TYPES] },
          },
          ...SOURCE_TEST_PROPERTIES,
        },
      },
      ...SOURCE_TEST_DEFINITIONS,
      period: {
        type: 'object',
        description: 'A reporting period: a grain with `last: N`, or an explicit `from`/`to` range.',
        additionalProperties: false,
        patternProperties: X_KEYS,
        properties: {
          title: { type: 'string', description: 'A readable name for the period.' },
          grain: { enum: [...GRAINS], description: 'day | week (ISO weeks, Monday first) | month | quarter | year.' },
          last: {
            type: 'integer',
            minimum: 1,
            description:
              'The N most recent complete grains ending at as_of (the grain holding as_of counts only when as_of is its last day, unless `partial: true`).',
          },
          partial: { type: 'boolean', description: 'Count the grain that holds as_of even when it is not complete.' },
          from: {
            type: 'string',
            pattern: DATE_PATTERN,
            description: 'First day of the range (inclusive, YYYY-MM-DD).',
          },
          to: {
            type: 'string',
            pattern: DATE_PATTERN,
            description:
              'Last day of the range (inclusive, YYYY-MM-DD); the range ends at as_of when it reaches after it.',
          },
          compare: {
            enum: [...COMPARES],
            description:
              'What each period is compared with: previous (the grain before, default; for a range without a grain, the range just before it: as many whole calendar months when it is whole months, else as many days) | year_ago | none.',
          },
          ...PERIOD_TIME_PROPERTIES,
        },
      },
      segment: {
        type: 'object',
        description:
          'A breakdown: `by` a column (one slice per value), a named `where` filter, or a customer `score` (one slice per value at each period end).',
        additionalProperties: false,
        patternProperties: X_KEYS,
        properties: {
          title: { type: 'string', description: 'A readable name for the segment.' },
          description: { type: 'string', description: 'What the segment means.' },
          by: {
            type: 'string',
            minLength: 1,
            description: 'A column (or `source.column` of a source joined on `key`): one slice per distinct value.',
          },
          where: {
            type: 'string',
            minLength: 1,
            description: "A filter (expression): the slice of rows that pass it, e.g. plan = 'enterprise'.",
          },
          ...SCORE_SEGMENT_SCHEMA,
        },
      },
      defaults: {
        type: 'object',
        description: 'Values every KPI takes when it does not set them.',
        additionalProperties: false,
        patternProperties: X_KEYS,
        properties: {
          period: { type: 'string', pattern: NAME_PATTERN, description: 'The default period of KPIs.' },
          segments: {
            type: 'array',
            items: { type: 'string', pattern: NAME_PATTERN },
            uniqueItems: true,
            description: 'The default segments of KPIs.',
          },
          format: { enum: [...FORMATS], description: 'The default format of KPIs.' },
          currency: { type: 'string', pattern: '^[A-Z]{3}$', description: 'The default currency (ISO 4217).' },
          decimals: { type: 'integer', minimum: 0, maximum: 10, description: 'The default number of decimals.' },
          direction: { enum: [...DIRECTIONS], description: 'The default direction of KPIs.' },
          owner: { type: 'string', description: 'The default owner of KPIs.' },
          confidence: {
            ...UNCERTAINTY_FIELDS.confidence.schema,
            description: 'The default confidence level of intervals and change tests (default 0.95).',
          },
          min_sample: {
            ...UNCERTAINTY_FIELDS.min_sample.schema,
            description: 'The default smallest trusted sample (default 30).',
          },
        },
      },
      target: targetSchema,
      test: {
        type: 'object',
        description:
          "A KPI test: inline rows for some sources (they replace the sources' files) and the expected values of some KPIs.",
        additionalProperties: false,
        patternProperties: X_KEYS,
        required: ['data', 'expect'],
        properties: {
          description: { type: 'string', description: 'What the test shows.' },
          as_of: {
            type: 'string',
            pattern: DATE_PATTERN,
            description:
              '"Today" for the test (YYYY-MM-DD). Default: the file\'s as_of, else the latest date in the data.',
          },
          data: {
            type: 'object',
            description:
              'Rows per source: `source: [{column: value, …}, …]`. Sources not named here read their own files.',
            propertyNames: { pattern: NAME_PATTERN },
            additionalProperties: {
              type: 'array',
              items: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean', 'null'] } },
            },
          },
          expect: {
            type: 'object',
            description:
              'Expected values by KPI: a number (or null) for the latest period of the whole population, `{value, period, segment, step, n, tolerance}`, or a list of those.',
            propertyNames: { pattern: NAME_PATTERN },
            minProperties: 1,
            additionalProperties: {
              anyOf: [
                { type: ['number', 'null'] },
                { $ref: '#/definitions/expectation' },
                { type: 'array', minItems: 1, items: { $ref: '#/definitions/expectation' } },
              ],
            },
          },
        },
      },
      expectation: {
        type: 'object',
        description: 'The expected value of one row of a KPI.',
        additionalProperties: false,
        required: ['value'],
        properties: {
          value: { type: ['number', 'null'], description: 'The expected value (null: no value).' },
          period: {
            type: 'string',
            description: "The row's period label, e.g. 2025-02 or 2025-Q1. Default: the latest period.",
          },
          segment: {
            type: 'object',
            additionalProperties: { type: ['string', 'boolean', 'null'] },
            description: "The row's segment, e.g. {channel: web}. Default: the whole population.",
          },
          step: { type: ['string', 'number'], description: 'funnel: the step of the row.' },
          n: { type: 'integer', minimum: 0, description: 'The expected sample size n (shares and NPS).' },
          tolerance: {
            type: 'number',
            minimum: 0,
            description: 'The largest accepted |actual − expected| (default 1e-6).',
          },
        },
      },
      kpi: {
        type: 'object',
        description: 'A KPI: its `type` says how the value is computed.',
        required: ['type'],
        properties: {
          type: { enum: [...KPI_TYPE_NAMES], description: `How the value is computed: ${typeList}.` },
        },
        allOf: KPI_TYPES.map((t) => ({
          if: { properties: { type: { const: t.type } }, required: ['type'] },
          then: { $ref: `#/definitions/kpi_${t.type}` },
        })),
      },
      ...sharedFieldDefinitions(),
      ...kpiDefinitions,
    },
  };
}
