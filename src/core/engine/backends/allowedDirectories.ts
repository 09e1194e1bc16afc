// The folders an engine may read for a checked KPI file: the file's own folder and those of
// the data files its sources resolved to (DuckDB is locked to them, see duckdbEngine.ts).
import * as path from 'path';
import type { CheckResult } from '../../kpifile/checkFile';

export function allowedDirectories(check: CheckResult): string[] {
  const dirs = new Set<string>([path.dirname(path.resolve(check.model.file))]);
  for (const s of check.sources.values()) for (const f of s.files) dirs.add(path.dirname(f));
  return [...dirs];
}
