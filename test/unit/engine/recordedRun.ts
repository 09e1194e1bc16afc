// A KPI file checked and run through a RecordingEngine, for the tests that count what a run sent
// the engine (the cache's copies above all): columnarCache.test.ts, cacheColumns.test.ts.
import * as path from 'path';
import type { Engine } from '../../../src/core/engine/backends/engine';
import { RecordingEngine } from '../../../src/core/engine/backends/recordingEngine';
import type { ColumnarCache } from '../../../src/core/engine/cache/columnarCache';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import type { RunResult } from '../../../src/core/report/resultModel';

/** Checks `text` as `dir/test.kpi.yaml` and runs it: the result and every statement sent. */
export async function recordedRun(
  dir: string,
  engine: Engine,
  text: string,
  cache?: ColumnarCache,
): Promise<{ result: RunResult; sql: string[] }> {
  const check = await checkKpiFile(path.join(dir, 'test.kpi.yaml'), text);
  const recorder = new RecordingEngine(engine);
  const result = await evaluateSpec(check, { engine: recorder, ...(cache ? { cache } : {}) });
  return { result, sql: recorder.statements };
}

/** How many of the statements copy a source into the cache. */
export function copiesIn(sql: string[]): number {
  return sql.filter((s) => s.startsWith('COPY')).length;
}
