// Caps how many values of each segment a report shows (the setting kpilens.report.maxSegmentValues):
// a `by` segment on a column with thousands of values would flood the editor. The whole
// population and the first N values of each segment (in the result's order) are kept; the
// count of values left out is returned so the view can say so.
import type { KpiResult, RunResult } from './resultModel';

export interface LimitedResult {
  result: RunResult;
  /** KPI name → segment → number of values left out. */
  omitted: Map<string, Map<string, number>>;
}

export function limitSegmentValues(result: RunResult, maxValues: number): LimitedResult {
  const omitted = new Map<string, Map<string, number>>();
  const kpis: KpiResult[] = result.kpis.map((k) => {
    const kept = new Map<string, Set<string>>();
    const dropped = new Map<string, Set<string>>();
    const rows = k.rows.filter((r) => {
      const entries = Object.entries(r.segment);
      if (entries.length === 0) return true;
      const [segment, value] = entries[0];
      const id = JSON.stringify(value);
      const seen = kept.get(segment) ?? new Set<string>();
      kept.set(segment, seen);
      if (seen.has(id)) return true;
      if (seen.size < maxValues) {
        seen.add(id);
        return true;
      }
      dropped.set(segment, (dropped.get(segment) ?? new Set<string>()).add(id));
      return false;
    });
    if (dropped.size) omitted.set(k.name, new Map([...dropped].map(([s, v]) => [s, v.size])));
    return { ...k, rows };
  });
  return { result: { ...result, kpis }, omitted };
}
