// Checks `kpilens run --format json` against the expert baseline (expert.ts) row by row: the
// same rows (kpi, period, segment, day) on both sides, and on every row the same value and
// previous — counts exactly, sums and ratios within 1e-9 relative (DuckDB's parallel sums of
// doubles differ in the last bits from run to run).
import type { RunResult } from '../../src/core/report/resultModel';
import type { ExpertRow } from './expert';

export interface RowComparison {
  rows: number;
  mismatches: string[];
}

const same = (a: number | null, b: number | null) =>
  a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

function segmentText(segment: Record<string, string | boolean | null>): string {
  return Object.entries(segment)
    .map(([n, v]) => `${n}=${v === null ? '∅' : String(v)}`)
    .join(',');
}

export function compareWithExpert(result: RunResult, expert: { asOf: string; rows: ExpertRow[] }): RowComparison {
  const mismatches: string[] = [];
  if (result.as_of !== expert.asOf) mismatches.push(`as_of: kpilens ${result.as_of}, expert ${expert.asOf}`);
  const key = (kpi: string, period: string, seg: string, day: number | null | undefined) =>
    `${kpi}|${period}|${seg}|${day ?? ''}`;
  const expected = new Map(expert.rows.map((r) => [key(r[0], r[1], r[2], r[3]), r]));
  let rows = 0;
  const seen = new Set<string>();
  for (const k of result.kpis) {
    for (const row of k.rows) {
      const id = key(k.name, row.period, segmentText(row.segment), (row as { day?: number }).day);
      rows++;
      seen.add(id);
      const e = expected.get(id);
      if (!e) mismatches.push(`${id}: a kpilens row the expert does not have (value ${row.value})`);
      else if (!same(row.value, e[4]) || !same(row.previous, e[5]))
        mismatches.push(`${id}: kpilens ${row.value} (previous ${row.previous}), expert ${e[4]} (previous ${e[5]})`);
    }
  }
  for (const id of expected.keys()) if (!seen.has(id)) mismatches.push(`${id}: an expert row kpilens does not have`);
  return { rows, mismatches };
}
