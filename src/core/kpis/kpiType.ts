// What a KPI type is to the rest of the product: its name, its exact formula in words
// (shown in the schema, hovers and docs), and its fields with their JSON Schema and the
// kind of name each field refers to (a column, a KPI, a source…), which drives the checks.

/** A JSON Schema fragment (draft-07). */
export type JsonSchema = { [keyword: string]: unknown };

/** What a field's value names, so the validator can check that it exists. */
export type FieldRef =
  /** A column of the KPI's source, or of the source named by the field `ofField`. */
  | { kind: 'column'; ofField?: string }
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
