// What a KPI reads, for the diff's graph (render/mermaid.ts): its source and the sources its
// fields name (`cohort: orders.order_date`), and the KPIs its fields name (a ratio's
// numerator and denominator, a formula's names). Read from the KPI type's field references.
import { kpiType } from '../kpis/registry';
import type { SpecModel } from '../kpifile/model';

export interface KpiInputs {
  sources: string[];
  kpis: string[];
}

export function kpiInputs(model: SpecModel, name: string): KpiInputs {
  const kpi = model.kpis.get(name);
  const sources = new Set<string>();
  const kpis = new Set<string>();
  if (!kpi) return { sources: [], kpis: [] };
  if (kpi.source !== undefined) sources.add(kpi.source);
  const fields = kpiType(kpi.type)?.fields ?? {};
  for (const [field, def] of Object.entries(fields)) {
    const value = kpi.fields[field];
    if (typeof value !== 'string' || def.ref === undefined) continue;
    const kind = def.ref.kind;
    if (kind === 'kpi') kpis.add(value);
    else if (kind === 'source') sources.add(value);
    else if (kind === 'source-column') sources.add(value.split('.')[0]);
    else if (kind === 'kpi-or-source-column' && value.includes('.')) sources.add(value.split('.')[0]);
    else if (kind === 'kpi-or-source-column') kpis.add(value);
    else if (kind === 'kpi-expression')
      for (const word of value.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) if (model.kpis.has(word)) kpis.add(word);
  }
  return {
    sources: [...sources].filter((s) => model.sources.has(s)).sort(),
    kpis: [...kpis].filter((k) => model.kpis.has(k)).sort(),
  };
}
