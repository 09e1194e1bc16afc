// (e) of the suite: extension-core activation, timed in fresh processes (activation.ts loads
// dist/extension.js with a stub `vscode` and activates it); the median and fastest runs, the
// require and activate parts, and whether any run loaded DuckDB.
import * as path from 'path';
import { round } from './benchFigures';
import { runMeasured } from './processStats';

const ROOT = path.join(__dirname, '..', '..', '..');

export interface ActivationTiming {
  p50_ms: number;
  min_ms: number;
  require_ms: number;
  activate_ms: number;
  duckdb_loaded: boolean;
}

/** Activates the extension in `runs` fresh processes, one after another. */
export async function activationTiming(runs: number): Promise<ActivationTiming> {
  const samples: { requireMs: number; activateMs: number; totalMs: number; duckdbLoaded: boolean }[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await runMeasured(process.execPath, [
      path.join(__dirname, 'activation.js'),
      path.join(ROOT, 'dist', 'extension.js'),
    ]);
    if (r.code !== 0) throw new Error(`activation bench failed: ${r.stderr}`);
    samples.push(JSON.parse(r.stdout) as (typeof samples)[number]);
  }
  samples.sort((a, b) => a.totalMs - b.totalMs);
  const mid = samples[Math.floor(samples.length / 2)];
  return {
    p50_ms: round(mid.totalMs, 1),
    min_ms: round(samples[0].totalMs, 1),
    require_ms: round(mid.requireMs, 1),
    activate_ms: round(mid.activateMs, 1),
    duckdb_loaded: samples.some((s) => s.duckdbLoaded),
  };
}
