// Shared by the engine suites that run small KPI files on small data files: a temporary folder
// with a DuckDB engine allowed to read it (made before the suite, closed and removed after), and
// a run of a KPI text written into it, with its data files (in subfolders too), with or without
// the columnar cache.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { ColumnarCache } from '../../../src/core/engine/cache/columnarCache';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import type { RunResult } from '../../../src/core/report/resultModel';

export interface SpecRunFolder {
  /** The folder (set once the suite has started). */
  readonly dir: string;
  /**
   * Writes `files` (name → content) and the KPI text `name`.kpi.yaml in the folder, and runs it;
   * with `cache`, through a columnar cache in that subfolder (kept between runs of the suite).
   */
  run(
    name: string,
    spec: string,
    files?: Record<string, string | Uint8Array>,
    options?: { cache?: string },
  ): Promise<RunResult>;
}

/** A folder and an engine for the current suite (mocha's before/after hooks). */
export function specRunFolder(prefix: string): SpecRunFolder {
  let dir = '';
  let engine: DuckDbEngine | undefined;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `kpilens-${prefix}-`));
    engine = new DuckDbEngine({ allowedDirectories: [dir] });
  });
  after(async () => {
    await engine?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    async run(name, spec, files = {}, options = {}) {
      for (const [file, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), content);
      }
      const file = path.join(dir, `${name}.kpi.yaml`);
      fs.writeFileSync(file, spec);
      if (!engine) throw new Error('specRunFolder: used outside its suite');
      const cache = options.cache ? new ColumnarCache({ dir: path.join(dir, options.cache) }) : undefined;
      return evaluateSpec(await checkKpiFile(file, spec), { engine, ...(cache ? { cache } : {}) });
    },
  };
}

/**
 * A KPI file of source `o` (its definition's braces' content) and KPIs of `o.amount` over January
 * 2025 (`m`, one month): `s` sum, `a` avg, `mx` max, `mn` min, `n` count — those in `kpis`.
 */
export function januarySpec(source: string, kpis: ('s' | 'a' | 'mx' | 'mn' | 'n')[]): string {
  const types = { s: 'sum', a: 'avg', mx: 'max', mn: 'min', n: 'count' } as const;
  return januaryFile(
    source,
    Object.fromEntries(kpis.map((k) => [k, `type: ${types[k]}${k === 'n' ? '' : ', column: amount'}`])),
  );
}

/**
 * A KPI file of source `o` (its definition's braces' content) over January 2025 (`m`, one
 * month) and `kpis` (name → the braces' content of a KPI of `o` in `m`), one line each from line 8.
 */
export function januaryFile(source: string, kpis: Record<string, string>): string {
  return [
    'kpilens: 1',
    'as_of: 2025-01-31',
    'sources:',
    `  o: { ${source} }`,
    'periods:',
    '  m: { grain: month, last: 1 }',
    'kpis:',
    ...Object.entries(kpis).map(([name, body]) => `  ${name}: { ${body}, source: o, period: m }`),
    '',
  ].join('\n');
}

/** Each KPI's value in its first row. */
export function firstValues(r: RunResult): Record<string, number | null | undefined> {
  return Object.fromEntries(r.kpis.map((k) => [k.name, k.rows[0]?.value]));
}
