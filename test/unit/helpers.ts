// Shared helpers of the unit tests: fixture paths and checking a KPI text as if it were a
// file inside a fixture folder (so its relative data paths resolve there).
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { checkKpiFile } from '../../src/core/kpifile/checkFile';
import type { Diagnostic } from '../../src/core/kpifile/diagnostic';

/** The repository root, from out/test/unit. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
export const SHOP = path.join(FIXTURES, 'shop');

export function lines(...l: string[]): string {
  return l.join('\n') + '\n';
}

export async function diagnose(text: string, dir = SHOP, name = 'spec.kpi.yaml'): Promise<Diagnostic[]> {
  return (await checkKpiFile(path.join(dir, name), text)).diagnostics;
}

/** `line:column severity code` of each diagnostic: compact and exact. */
export function brief(diags: Diagnostic[]): string[] {
  return diags.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.severity} ${d.code}`);
}

/** Runs the `kpilens` CLI in-process with `args` in `cwd`: its exit code and what it printed. */
export async function runCli(
  args: string[],
  cwd: string = REPO_ROOT,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t), cwd };
  const code = await main(args, io);
  return { code, out, err };
}

/**
 * A copy, under `dir`, of the compiled DuckDB worker and of every file it requires (relative
 * requires, followed), in the same layout: `@duckdb/node-api` cannot be resolved from there, so
 * the worker starts and fails to load DuckDB. Returns the copied worker's path and the copied
 * files (relative to the compiled core).
 */
export function isolatedWorkerCopy(dir: string): { workerPath: string; files: string[] } {
  const core = path.resolve(__dirname, '..', '..', 'src', 'core');
  const worker = require.resolve('../../src/core/engine/backends/duckdbWorker');
  const seen = new Set<string>();
  const todo = [worker];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const dest = path.join(dir, path.relative(core, file));
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.copyFileSync(file, dest);
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
      todo.push(require.resolve(path.resolve(path.dirname(file), m[1])));
    }
  }
  return {
    workerPath: path.join(dir, path.relative(core, worker)),
    files: [...seen].map((f) => path.relative(core, f)).sort(),
  };
}

/** Runs `body` with these environment variables set (undefined: unset), restoring them after. */
export async function withEnv<T>(vars: Record<string, string | undefined>, body: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  };
  apply(vars);
  try {
    return await body();
  } finally {
    apply(before);
  }
}
