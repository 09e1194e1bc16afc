// What a KPI type is to the rest of the product: its name, its exact formula in words
// (shown in the schema, hovers and docs), and its fields with their JSON Schema and the
// kind of name each field refers to (a column, a KPI, a source…), which drives the checks.
import type { Dialect } from '../engine/sql/dialect';
import { exactDoubleSql } from '../engine/sql/exactDoubles';
import { finiteNumberSql, finiteNumericSql } from '../engine/sql/nameTyping';
import * as l10n from '../l10n/l10n';
import type { KpiCheckContext } from './kpiCheck';

/** A JSON Schema fragment (draft-07). */
export type JsonSchema = { [keyword: string]: unknown };

/** What a field's value names, so the validator can check that it exists. */
export type FieldRef =
  /**
   * A column of the KPI's source, or of the source named by the field `ofField`; `date`: a
   * column the KPI reads as dates (a CSV reads it as one, its texts that are no dates reported);
   * `number`: a column whose values the KPI adds up or compares as numbers (an amount, a score):
   * one the data holds as dates fails the KPI with an error (evaluation/measureColumnTypes.ts).
   */
  | { kind: 'column'; ofField?: string; date?: true; number?: true }
  /** Another KPI, optionally of given types. */
  | { kind: 'kpi'; types?: readonly string[] }
  /** A source of the file. */
  | { kind: 'source' }
  /** `source.column`. */
  | { kind: 'source-column' }
  /** A KPI name or `source.column`. */
  | { kind: 'kpi-or-source-column' }
  /** An expression over KPI names. */
  | { kind: 'kpi-expression' };

export interface KpiField {
  schema: JsonSchema;
  description: string;
  required?: boolean;
  ref?: FieldRef;
}

export type KpiFamily = 'generic' | 'satisfaction' | 'customer_base' | 'behaviour' | 'value';

/** Resolves a column name of the KPI's rows to SQL. */
export type ColumnSql = (name: string) => string;

/**
 * How the engine evaluates a KPI type.
 * - `aggregate`: one SQL aggregate per window (shared scans). `empty` is the value of a
 *   window with no row (0 for counts and sums, else null). `join` says which rows belong
 *   to a window (default: the row's date "__t" between "__ws" and "__we"; `dates` moves
 *   those bounds, `join` replaces the condition).
 *   With `perCustomer`, rows are first aggregated per customer (the source's key) into
 *   "__v" (and "__c", that customer's number of rows passing the filter); `sql` then
 *   aggregates over customers.
 * - `derived`: computed from other KPIs' values (ratio, formula, cac, clv): `inputs` names them,
 *   `value` combines their values at each window and slice.
 */
export type KpiEvaluation =
  | {
      kind: 'aggregate';
      sql: (ctx: AggregateContext) => string;
      empty: 0 | null;
      join?: (ctx: AggregateContext) => string;
      /**
       * The dates a window covers when they are not [__ws, __we] (SQL over "__ws" and
       * "__we"); rows are tied to windows by their date, as for the default.
       */
      dates?: (ctx: AggregateContext) => { start: string; end: string };
      /** Undefined when the KPI's fields aggregate the rows directly (time_between_purchases' `over: gaps`). */
      perCustomer?: (ctx: AggregateContext) => string | undefined;
      /**
       * Columns added to each row of the source before rows are tied to windows, computed over
       * all its rows (SQL window functions, e.g. the days since the customer's previous
       * purchase). A KPI with them scans alone.
       */
      rowColumns?: (ctx: AggregateContext) => string;
      /** With perCustomer: the SQL of the key rows are grouped by instead of the customer (percentile's `per`: an order). */
      groupKey?: (ctx: AggregateContext) => string | undefined;
      /**
       * The same value computed over customers (a per-customer scan's rows, "__c" = the
       * customer's rows passing the KPI's filter): the KPI then shares the scan of a
       * per-customer KPI on the same rows (engine/evaluation/customerScanSharing.ts).
       */
      overCustomers?: (ctx: AggregateContext) => { perCustomer: string; sql: string } | undefined;
      /**
       * The columns (quoted) the aggregate compares with the window's bounds "__ws" and "__we"
       * and nothing else, when it counts customers only (`ctx.weight`): the rows may then be
       * grouped by these dates first (engine/evaluation/customerCountsGrouping.ts).
       */
      datesCompared?: (ctx: AggregateContext) => string[];
      /** Extra values per step (funnel): one aggregate each, reported as rows with `step`. */
      steps?: (ctx: AggregateContext) => { step: string; sql: string; counts?: ShareCountsSql }[];
      /** The counts behind a share or an NPS, for its confidence interval and change test (stats/intervals.ts). */
      counts?: (ctx: AggregateContext) => CountsSql;
      /**
       * A SQL condition true for a row whose value the KPI skips (reported with a count). `column`:
       * a column whose values that are no numbers are the skipped ones; `shown`: a column whose
       * skipped values `value` shows as valueTextSql does (a score out of range), placed in its file.
       */
      invalid?: (ctx: AggregateContext) => {
        condition: string;
        value: string;
        what: string;
        column?: string;
        shown?: string;
      };
    }
  | {
      kind: 'derived';
      /** The KPIs it is computed from, in order (engine/evaluation/requests.ts asks for each). */
      inputs: (fields: Readonly<Record<string, unknown>>) => DerivedInput[];
      /** Its value at one window and slice from its inputs' values there (null when undefined). */
      value: (ctx: DerivedValueContext) => number | null;
    }
  /** cohort_retention: its own query (cohorts × days), see engine/sql/cohortQuery.ts. */
  | { kind: 'cohort' }
  /** clv method predictive: fitted per period end (engine/evaluation/predictiveClvRun.ts), scores per customer. */
  | { kind: 'predictive-clv' }
  /** survival: its own counts query and the Kaplan–Meier product, see engine/evaluation/survival.ts. */
  | { kind: 'survival' };

/** An input of a derived KPI: a KPI of the file, or an internal KPI the engine creates on a source's column. */
export interface DerivedInput {
  /** What the value function calls it (`numerator`, `spend`…; a formula's inputs are their names). */
  role: string;
  /** The input KPI's name; for an internal KPI, its name after the derived KPI's name and a dot. */
  name: string;
  /** Over the KPI's own windows (default), or over the calendar month holding the end of each. */
  over?: 'window' | 'month-of-end';
  /** An internal KPI (never written in a file): its type, its title after the KPI's, its source and fields. */
  internal?: { type: string; title: string; source: string; fields: Record<string, unknown> };
}

/** What a derived KPI's value is computed from at one window and slice. */
export interface DerivedValueContext {
  fields: Readonly<Record<string, unknown>>;
  /** The value of the input with that role there; null when it has none (or no such input). */
  input: (role: string) => number | null;
  /** An expression over input names, evaluated on their values (engine/evaluation/formulaValue.ts). */
  expression: (text: string) => number | null;
}

/** SQL aggregates counting a share's successes `x` among `n`. */
export interface ShareCountsSql {
  kind: 'share';
  n: string;
  x: string;
}

/** SQL aggregates counting an NPS's valid answers, promoters and detractors. */
export interface NpsCountsSql {
  kind: 'nps';
  n: string;
  promoters: string;
  detractors: string;
}

export type CountsSql = ShareCountsSql | NpsCountsSql;

/** What a KPI type's SQL is built from. */
export interface AggregateContext {
  /** The KPI's own fields (column, scale, window, weights…). */
  fields: Record<string, unknown>;
  /** A column of the KPI's rows, quoted. */
  column: ColumnSql;
  /** The KPI's `where`, compiled, if any. */
  filter: string | undefined;
  /** The customer column (the source's key), quoted, if the source has one. */
  key: string | undefined;
  /** The key's name as the file writes it (for the lines of a warning's examples). */
  keyName?: string;
  /**
   * True when no two rows of the source share a key (checked on the data, keyUniqueness.ts):
   * `count(key)` is then exactly `count(DISTINCT key)`, and much cheaper.
   */
  keyUnique?: boolean;
  /**
   * The rows are groups of customers (engine/evaluation/customerCountsGrouping.ts): this column
   * holds how many customers a row stands for; a count of customers is its sum.
   */
  weight?: string;
  /** The SQL dialect the aggregate is written in (engine/sql/dialect.ts). */
  dialect: Dialect;
  /** Whether the source holds this column as an exact decimal (its sums are then exact). */
  decimal?: (name: string) => boolean;
  /**
   * Whether the source holds this column as binary doubles (a Parquet or JSON DOUBLE, a CSV's
   * numbers with an exponent): its sums then go through exactDoubleSql (engine/sql/exactDoubles.ts).
   */
  binary?: (name: string) => boolean;
  /**
   * A column the source holds as text, read as a number the way its file writes numbers (a
   * decimal comma, a thousands separator): the SQL of `sql`'s number, or undefined when a plain
   * cast reads them (csvDialect.ts convertSql).
   */
  textNumber?: (name: string, sql: string) => string | undefined;
  /** The type the KPI file declares for a column of the source (`columns:`), if any. */
  declaredType?: (name: string) => string | undefined;
}

/** How a skipped-rows query lists an empty value (`invalid`'s `value`): the warning tells it in words. */
export const EMPTY_VALUE = '(empty)';

/** A column's value as text for the examples of skipped rows (a decimal as its double, 7.5 not 7.5000). */
export function valueTextSql(ctx: AggregateContext, name: string): string {
  const column = ctx.column(name);
  return `CAST(${ctx.decimal?.(name) ? ctx.dialect.tryCast(column, 'DOUBLE') : column} AS VARCHAR)`;
}

/**
 * A column as a number to add up: as it is when the source holds it as an exact decimal, binary
 * doubles as exact decimals at 10 decimals, so that its sum is exact and the same whatever the
 * order the engine's threads add it in; else cast to a double.
 */
export function numberSql(ctx: AggregateContext, name: string): string {
  // A PostgreSQL numeric's NaN and ±Infinity are no numbers: null, as doubleSql makes a double's.
  if (ctx.decimal?.(name))
    return ctx.dialect.name === 'postgres' ? finiteNumericSql(ctx.column(name)) : ctx.column(name);
  const double = doubleSql(ctx, name);
  return ctx.binary?.(name) ? exactDoubleSql(ctx.dialect, double, name) : double;
}

/** A column as a double: a text column read as its file writes numbers; null when not a finite number. */
export function doubleSql(ctx: AggregateContext, name: string): string {
  const column = ctx.column(name);
  return ctx.textNumber?.(name, column) ?? finiteNumberSql(ctx.dialect, column);
}

/** `cond AND filter`, or `cond` alone. */
export function andFilter(condition: string, filter: string | undefined): string {
  return filter ? `(${condition}) AND (${filter})` : condition;
}

/** Rows whose measure is there but is not a number (text in a numeric column). */
export function nonNumeric(ctx: AggregateContext) {
  const raw = ctx.column(String(ctx.fields.column));
  return {
    condition: `${raw} IS NOT NULL AND ${doubleSql(ctx, String(ctx.fields.column))} IS NULL`,
    value: `CAST(${raw} AS VARCHAR)`,
    what: l10n.t("row(s) skipped, '{0}' is not a number", String(ctx.fields.column)),
    /** The column whose values are tested: a column of a number type has no such row. */
    column: String(ctx.fields.column),
  };
}

/** num / den; null when either is null or den is 0. */
export function quotient(num: number | null, den: number | null): number | null {
  return num === null || den === null || den === 0 ? null : num / den;
}

/** `agg(x) FILTER (WHERE …)` or `agg(x)`. */
export function filtered(aggregate: string, filter: string | undefined): string {
  return filter ? `${aggregate} FILTER (WHERE ${filter})` : aggregate;
}

export interface KpiTypeDefinition {
  type: string;
  title: string;
  family: KpiFamily;
  /** The exact definition, in plain words (KPIS.md). */
  formula: string;
  /** Whether the KPI reads rows of its own `source` (false for ratio, formula, cac, clv). */
  usesSource: boolean;
  /** Whether the KPI dates rows by a time column (its `time`, else the source's). */
  needsTime: boolean;
  /** The format used when the KPI sets none. */
  defaultFormat: string;
  fields: Readonly<Record<string, KpiField>>;
  /** Types with a confidence interval: what n and the counted share are, in words. */
  sample?: string;
  /** How the engine evaluates it; absent for types the engine does not evaluate yet. */
  evaluation?: KpiEvaluation;
  /** The evaluation its fields choose instead of `evaluation` (clv's method predictive); undefined keeps `evaluation`. */
  evaluationFor?: (fields: Readonly<Record<string, unknown>>) => KpiEvaluation | undefined;
  /** Aggregates with `steps`: the step labels its fields list, in order (each reported as rows with `step`). */
  stepLabels?: (fields: Readonly<Record<string, unknown>>) => string[];
  /** The rules of this type beyond its fields' schema and references (kpifile/semanticChecks.ts runs them). */
  check?: (ctx: KpiCheckContext) => void;
  /** Counts customers: its source needs a `key` (the customer column), an error otherwise. */
  countsCustomers?: boolean;
  /** The field naming the source whose columns its segments read, when not its `source` (cohort_retention: `cohort`). */
  segmentSourceField?: string;
  /** Fields naming columns the CSV reader keeps as text: identifiers, never numbers (count_distinct's `column`). */
  identifierFields?: readonly string[];
  /** Its values are scores (points on a scale) whatever its `format`: its change is read in its own points. */
  scoreValues?: boolean;
  /** A sum over rows: two runs' rows explain a move by their difference (kpilens diff). */
  additive?: boolean;
  /** Its value is the quotient of the KPIs these fields name (kpilens diff explains each part). */
  quotient?: { numerator: string; denominator: string };
  /** Markdown help on a value of one of its fields, by field and value (hover), e.g. clv's `method: predictive`. */
  valueHelp?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export function defineKpiType(def: KpiTypeDefinition): KpiTypeDefinition {
  return def;
}

export const columnField = (description: string, required = true): KpiField => ({
  schema: { type: 'string', minLength: 1 },
  description,
  required,
  ref: { kind: 'column' },
});

/** A required column whose values the KPI reads as numbers (an amount, a score). */
export const numberColumnField = (description: string): KpiField => ({
  ...columnField(description),
  ref: { kind: 'column', number: true },
});
