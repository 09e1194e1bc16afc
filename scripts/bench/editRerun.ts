// (c) of the suite: a warm re-run after editing one KPI, as in the editor — the extension's
// incremental check (headers cached) and KpiRunner's run on the data set's columnar cache.
// Repeated with a different edit each time (so nothing is remembered from the last one); the
// median repetition is reported, with the CPU time of this process and of the engine child.
import * as fs from 'fs';
import { performance } from 'perf_hooks';
import { HeaderCache } from '../../src/core/data/headerCache';
import { IncrementalChecker } from '../../src/core/kpifile/incrementalCheck';
import { KpiRunner } from '../../src/core/engine/kpiRunner';
import { cpuMsOf, peakRssOf } from './processStats';

/** Repetitions of (c), each with its own edit. */
const C_REPEAT = 5;

/** One repetition: check and run wall time, CPU of this process and of the engine, engine queries. */
export interface EditTiming {
  checkMs: number;
  runMs: number;
  mainCpuMs: number;
  engineCpuMs: number;
  queries: number;
}

export interface EditRerun {
  /** The edit, described. */
  edit: string;
  /** Every repetition, in order. */
  edits: EditTiming[];
  /** The median repetition (by check + run). */
  mid: EditTiming;
  /** Peak RSS of the runner's engine child, bytes (0 without one). */
  runnerEnginePeak: number;
}

/** Runs (c) on the KPI file `spec` with the columnar cache in `cacheDir` (filled by the warm runs). */
export async function measureEditRerun(spec: string, cacheDir: string, log: (s: string) => void): Promise<EditRerun> {
  log(`  (c) warm re-run after an edit …`);
  const runner = new KpiRunner({ cacheDir });
  const headers = new HeaderCache();
  const checker = new IncrementalChecker();
  const text = fs.readFileSync(spec, 'utf8');
  const warmCheck = await checker.check(spec, text, { headers });
  await runner.run(warmCheck);
  const edit =
    'paid_purchases: where "status = \'paid\'" → "status = \'paid\' and amount > N" (average_basket depends on it), N = 0, 1, 2… one per repetition';
  const edits: EditTiming[] = [];
  for (let i = 0; i < C_REPEAT; i++) {
    const edited = text.replace(
      '    type: count\n    source: purchases\n    where: "status = \'paid\'"\n',
      `    type: count\n    source: purchases\n    where: "status = 'paid' and amount > ${i}"\n`,
    );
    if (edited === text) throw new Error('the edit did not apply');
    const engineCpu0 = runner.enginePid ? cpuMsOf(runner.enginePid) : 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const check = await checker.check(spec, edited, { headers });
    const t1 = performance.now();
    let queries = 0;
    await runner.run(check, {
      wrap: (engine) => ({
        query: (...args) => {
          queries++;
          return engine.query(...args);
        },
        close: () => Promise.resolve(),
      }),
    });
    const t2 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    edits.push({
      checkMs: t1 - t0,
      runMs: t2 - t1,
      mainCpuMs: (cpu.user + cpu.system) / 1000,
      engineCpuMs: runner.enginePid ? cpuMsOf(runner.enginePid) - engineCpu0 : 0,
      queries,
    });
  }
  const mid = [...edits].sort((x, y) => x.checkMs + x.runMs - (y.checkMs + y.runMs))[
    Math.floor((edits.length - 1) / 2)
  ];
  const runnerEnginePeak = runner.enginePid ? peakRssOf(runner.enginePid) : 0;
  await runner.close();
  log(
    `      check ${mid.checkMs.toFixed(1)} ms, run ${mid.runMs.toFixed(1)} ms, ${mid.queries} engine queries; CPU main ${mid.mainCpuMs.toFixed(0)} ms, engine ${mid.engineCpuMs.toFixed(0)} ms (median of ${edits.length}: ${edits.map((e) => (e.checkMs + e.runMs).toFixed(0)).join(', ')} ms)`,
  );
  return { edit, edits, mid, runnerEnginePeak };
}
