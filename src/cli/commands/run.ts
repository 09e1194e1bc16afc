// `kpilens run FILE`: checks the file, evaluates its KPIs on their data with the embedded
// DuckDB engine and prints (or writes with --out) the report in the chosen format.
import * as fs from 'fs';
import * as path from 'path';
import { checkKpiFile } from '../../core/spec/checkFile';
import type { CheckResult } from '../../core/spec/checkFile';
import { DuckDbEngine } from '../../core/engine/duckdbEngine';
import { EngineError } from '../../core/engine/engine';
import { evaluateSpec } from '../../core/engine/evaluate';
import { ColumnarCache } from '../../core/engine/columnarCache';
import { isValidDate } from '../../core/expr';
import type { RunResult } from '../../core/report/resultModel';
import { OUTPUT_FORMATS, renderResult } from '../../core/report/render';
import { closest, didYouMean } from '../../core/util/suggest';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import { UsageError } from '../io';
import type { CliIo } from '../io';

export interface RunCommandOptions {
  format: string;
  out?: string;
  kpi?: string[];
  asOf?: string;
  /** commander's --no-cache: false when given. */
  cache?: boolean;
}

type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The folders a run may read: those of the files the spec names (and the spec's own). */
export function allowedDirectories(check: CheckResult): string[] {
  const dirs = new Set<string>([path.dirname(path.resolve(check.model.file))]);
  for (const s of check.sources.values()) for (const f of s.files) dirs.add(path.dirname(f));
  return [...dirs];
}

export async function runCommand(io: CliIo, file: string, options: RunCommandOptions): Promise<number> {
  if (!(OUTPUT_FORMATS as readonly string[]).includes(options.format)) {
    throw new UsageError(`unknown format '${options.format}': use ${OUTPUT_FORMATS.join(', ')}`);
  }
  if (options.asOf !== undefined && !isValidDate(options.asOf)) throw new UsageError(`--as-of '${options.asOf}' is not a date: write YYYY-MM-DD`);
  const abs = path.resolve(io.cwd, file);
  let text: string;
  try {
    text = await fs.promises.readFile(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code ?? String(err)}`);
  }
  const check = await checkKpiFile(abs, text);
  for (const name of options.kpi ?? []) {
    if (!check.model.kpis.has(name)) throw new UsageError(`--kpi '${name}' is not a KPI of ${file}${didYouMean(closest(name, check.model.kpis.keys()))}`);
  }
  // The columnar cache lives in .kpilens/cache next to the spec; the engine may write there.
  const cache = options.cache === false ? undefined : new ColumnarCache({ dir: path.join(path.dirname(abs), '.kpilens', 'cache') });
  const engine = new DuckDbEngine({ allowedDirectories: [...allowedDirectories(check), ...(cache ? [cache.dir] : [])] });
  // Ctrl-C stops the query in DuckDB and ends the run cleanly.
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  let result: RunResult;
  try {
    result = await evaluateSpec(check, { engine, asOf: options.asOf, kpis: options.kpi, displayPath: file, signal: controller.signal, ...(cache ? { cache } : {}) });
  } catch (err) {
    if (err instanceof EngineError) {
      io.err(err.kind === 'cancelled' ? 'kpilens: run interrupted\n' : `kpilens: the engine failed: ${err.message}\n`);
      return err.kind === 'cancelled' ? 130 : 1;
    }
    throw err;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    await engine.close();
  }
  // The spec's own problems come first, then those found in the data.
  const specDiagnostics = check.diagnostics.map((d) => ({ file, line: d.range.start.line, column: d.range.start.column, severity: d.severity, message: d.message, code: d.code }));
  result = { ...result, diagnostics: [...specDiagnostics, ...result.diagnostics] };
  const output = renderResult(result, options.format as OutputFormat, { color: false });
  if (options.out) {
    const target = path.resolve(io.cwd, options.out);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    await writeFileAtomic(target, output);
    io.err(`wrote ${options.out}\n`);
  } else {
    io.out(output);
  }
  for (const d of result.diagnostics) if (options.format !== 'table' || options.out) io.err(`${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]\n`);
  return result.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}
