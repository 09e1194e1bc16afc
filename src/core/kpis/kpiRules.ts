// Generic readers of what KPI types declare (kpiType.ts), for the engine, the checker, the CLI
// and the language features: none of them compares a KPI's type with a name.
import type { FieldRef, KpiEvaluation, KpiField, KpiTypeDefinition } from './kpiType';
import { KPI_TYPES, kpiType } from './registry';

/** A KPI as these readers need it (a KpiSpec fits). */
export interface KpiLike {
  type: string;
  fields: Readonly<Record<string, unknown>>;
}

/** How the engine evaluates a KPI: what its fields choose (`evaluationFor`), else its type's `evaluation`. */
export function evaluationOf(kpi: KpiLike): KpiEvaluation | undefined {
  const def = kpiType(kpi.type);
  return def?.evaluationFor?.(kpi.fields) ?? def?.evaluation;
}

/** Field references naming a source, alone or as `source.column`. */
export const SOURCE_REF_KINDS: readonly FieldRef['kind'][] = ['source', 'source-column', 'kpi-or-source-column'];

/**
 * The sources a KPI's own fields name (cohort_retention's `cohort`, clv's `revenue`, cac's
 * `spend`…): the part before the dot of each string field whose reference is of these kinds.
 * A `kpi-or-source-column` naming a KPI gives that name too: callers keep the file's sources.
 */
export function sourcesNamedBy(kpi: KpiLike, kinds: readonly FieldRef['kind'][] = SOURCE_REF_KINDS): string[] {
  const def = kpiType(kpi.type);
  if (!def) return [];
  const out: string[] = [];
  for (const [name, field] of Object.entries(def.fields)) {
    const v = kpi.fields[name];
    if (field.ref && kinds.includes(field.ref.kind) && typeof v === 'string') out.push(v.split('.')[0]);
  }
  return out;
}

/** A type's own fields that name something (a column, a KPI, a source), in declaration order. */
export function referenceFields(def: KpiTypeDefinition): [string, KpiField][] {
  return Object.entries(def.fields).filter(([, f]) => f.ref !== undefined);
}

/** The names of the fields, of any type of the language, whose reference is of one of these kinds. */
export function fieldsReferring(kinds: readonly FieldRef['kind'][]): Set<string> {
  const out = new Set<string>();
  for (const def of KPI_TYPES)
    for (const [name, field] of referenceFields(def)) if (field.ref && kinds.includes(field.ref.kind)) out.add(name);
  return out;
}

/** The columns a KPI's type keeps as text in the CSV reader (identifiers). */
export function identifierColumnsOf(kpi: KpiLike): string[] {
  return (kpiType(kpi.type)?.identifierFields ?? [])
    .map((f) => kpi.fields[f])
    .filter((v): v is string => typeof v === 'string');
}

/** Whether a KPI scores each customer (a predictive clv: `kpilens run --scores` writes them). */
export function scoresCustomers(kpi: KpiLike): boolean {
  return evaluationOf(kpi)?.kind === 'predictive-clv';
}
