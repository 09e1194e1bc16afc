// What the MCP tools say about a KPI: its name, title, type, definition in words (the formula of
// KPIS.md), what it reads, its period, segments, owner, target and filter — the facts an
// assistant needs to answer "what is this number?" without reading the YAML.
import { kpiType } from '../core/kpis/registry';
import type { KpiSpec } from '../core/kpifile/model';

export interface KpiSummary {
  name: string;
  title: string;
  type: string;
  definition: string | null;
  description: string | null;
  source: string | null;
  /** The type's own fields as written (column, numerator, expr, days…). */
  fields: Record<string, unknown>;
  where: string | null;
  period: string | null;
  segments: string[];
  owner: string | null;
  tags: string[];
  target: { min?: number; max?: number } | null;
  direction: string;
  format: string;
}

export function kpiSummary(k: KpiSpec): KpiSummary {
  return {
    name: k.name,
    title: k.title,
    type: k.type,
    definition: kpiType(k.type)?.formula ?? null,
    description: k.description ?? null,
    source: k.source ?? null,
    fields: k.fields,
    where: k.where ?? null,
    period: k.period ?? null,
    segments: k.segments,
    owner: k.owner ?? null,
    tags: k.tags,
    target: k.target
      ? {
          ...(k.target.min !== undefined ? { min: k.target.min } : {}),
          ...(k.target.max !== undefined ? { max: k.target.max } : {}),
        }
      : null,
    direction: k.direction,
    format: k.format,
  };
}
