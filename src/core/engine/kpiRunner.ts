// KpiRunner: evaluates checked KPI files again and again with one DuckDB engine, as the
// editor does (the core's runKpiFile takes one: the extension keeps one for its session, the
// CLI one per command; the benchmark uses it too). It owns the engine (started on the first
// run, restarted when a file needs folders it may not read yet — allowedDirectories.ts), the
// columnar cache (Parquet copies of the data files) and the evaluation memo, so that a
// re-run after an edit queries only the edited KPI and what depends on it.
import type { CheckResult } from '../kpifile/checkFile';
import type { RunResult } from '../report/resultModel';
import { allowedDirectories } from './backends/allowedDirectories';
import { DuckDbEngine } from './backends/duckdbEngine';
import type { Engine } from './backends/engine';
import { evaluateSpec } from './evaluation/evaluate';
import { ColumnarCache } from './cache/columnarCache';
import { EvaluationMemo } from './cache/evaluationMemo';

export interface KpiRunnerOptions {
  /** DuckDB `memory_limit`, e.g. '2GB'. */
  memoryLimit?: string;
  /** DuckDB `threads`. */
  threads?: number;
  /** The engine child's script (default: next to duckdbEngine). */
  workerPath?: string;
  /** The columnar cache's folder (absolute); no cache without it. */
  cacheDir?: string;
  /** Bound on the cache's size in bytes. */
  cacheMaxBytes?: number;
}

export interface KpiRunOptions {
  kpis?: string[];
  asOf?: string;
  signal?: AbortSignal;
  displayPath?: string;
  /** Wraps the engine for this run (e.g. a RecordingEngine for "Show SQL"). */
  wrap?: (engine: Engine) => Engine;
  /** false: query everything again, taking nothing from earlier runs (default true). */
  useMemo?: boolean;
}

/** What an evaluation of a checked file takes from the runner. */
export interface KpiRunnerParts {
  engine: Engine;
  cache?: ColumnarCache;
  memo?: EvaluationMemo;
}

export class KpiRunner {
  private engine: DuckDbEngine | undefined;
  private readonly engineDirs = new Set<string>();
  private readonly cache: ColumnarCache | undefined;
  private readonly memo = new EvaluationMemo();

  constructor(private readonly options: KpiRunnerOptions = {}) {
    this.cache = options.cacheDir
      ? new ColumnarCache({ dir: options.cacheDir, maxBytes: options.cacheMaxBytes })
      : undefined;
  }

  /** The engine child's process id while it runs. */
  get enginePid(): number | undefined {
    return this.engine?.pid;
  }

  private engineFor(dirs: string[]): DuckDbEngine {
    const missing = dirs.some((d) => !this.engineDirs.has(d));
    if (!this.engine || missing) {
      void this.engine?.close();
      for (const d of dirs) this.engineDirs.add(d);
      this.engine = new DuckDbEngine({
        allowedDirectories: [...this.engineDirs],
        ...(this.options.memoryLimit ? { memoryLimit: this.options.memoryLimit } : {}),
        ...(this.options.threads ? { threads: this.options.threads } : {}),
        ...(this.options.workerPath ? { workerPath: this.options.workerPath } : {}),
      });
    }
    return this.engine;
  }

  /** The runner's DuckDB engine, allowed to read the folders of `check` (it stays the runner's: do not close it). */
  engineOf(check: CheckResult): Engine {
    return this.engineFor([...allowedDirectories(check), ...(this.cache ? [this.cache.dir] : [])]);
  }

  /** The engine (allowed to read the folders of `check`), the cache and (unless `useMemo` is false) the memo for a run of `check`. */
  partsFor(check: CheckResult, useMemo = true): KpiRunnerParts {
    return {
      engine: this.engineOf(check),
      ...(this.cache ? { cache: this.cache } : {}),
      ...(useMemo ? { memo: this.memo } : {}),
    };
  }

  async run(check: CheckResult, options: KpiRunOptions = {}): Promise<RunResult> {
    const { engine, ...parts } = this.partsFor(check, options.useMemo !== false);
    return evaluateSpec(check, {
      engine: options.wrap ? options.wrap(engine) : engine,
      kpis: options.kpis,
      asOf: options.asOf,
      signal: options.signal,
      displayPath: options.displayPath,
      ...parts,
    });
  }

  async close(): Promise<void> {
    const engine = this.engine;
    this.engine = undefined;
    await engine?.close();
  }
}
