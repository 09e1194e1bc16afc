// The suite's measurement of one data size: --rounds alternating rounds of cold `kpilens run`
// (a new process, the columnar cache emptied first), warm `kpilens run` (a new process, the cache
// filled) and the expert baseline (expert.ts, a process of its own), each measured for wall
// time, CPU time and peak RSS; every cold and warm result checked equal to the same round's
// expert rows; then (c), the warm re-run after an edit (editRerun.ts). Medians and ratios.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { RunResult } from '../../src/core/report/resultModel';
import type { BenchDataSet } from './benchData';
import { MB, pairedRatios, round, sideStats, type SideStats } from './benchFigures';
import { compareWithExpert } from './compareRows';
import { measureEditRerun } from './editRerun';
import type { ExpertRow } from './expert';
import { runMeasured } from './processStats';
import type { ProcessRun } from './processStats';

const ROOT = path.join(__dirname, '..', '..', '..');

export interface SizeResult {
  size: string;
  orders: number;
  customers: number;
  orders_csv_mb: number;
  rounds: number;
  load_during: number[];
  cold: SideStats;
  warm: SideStats;
  expert: SideStats;
  /** The expert's own timings (median round): load of the CSVs, each query. */
  expert_steps_s: Record<string, number>;
  ratio_cold: number;
  ratio_warm: number;
  cpu_ratio_cold: number;
  cpu_ratio_warm: number;
  rss_ratio_cold: number;
  rss_ratio_warm: number;
  /** Medians of each round's own ratio to the expert (benchFigures.ts pairedRatios). */
  paired_cold: { wall: number; cpu: number };
  paired_warm: { wall: number; cpu: number };
  numbers_equal: boolean | null;
  rows_compared: number;
  runs_compared: number;
  mismatches: string[];
  c_edit: string;
  c_check_ms: number;
  c_rerun_ms: number;
  c_engine_queries: number;
  /** Every repetition of (c), check + run, ms; the figures above are the median one's. */
  c_runs_ms: number[];
  /** CPU time of (c)'s median repetition: this process (check + orchestration) and the engine child. */
  c_main_cpu_ms: number;
  c_engine_cpu_ms: number;
  f_runner_main_peak_mb: number;
  f_runner_engine_peak_mb: number;
}

/**
 * Writes the files a run left in the page cache to disk before the next run starts (`sync`): a
 * cold run writes its ~200 MB Parquet copy, which the kernel would otherwise flush during the
 * next measured run (warm or expert). Without `sync` (not on the PATH) the rounds still run.
 */
function settle(): void {
  try {
    execFileSync('sync', [], { stdio: 'ignore', timeout: 60_000 });
  } catch {
    // Best effort: the measurement only gets noisier.
  }
}

/** Measures one data set: the rounds of cold, warm and expert runs, then (c). */
export async function benchSize(
  set: BenchDataSet,
  options: { verify: boolean; rounds: number; log: (s: string) => void },
): Promise<SizeResult> {
  const { log } = options;
  const cli = path.join(ROOT, 'bin', 'kpilens.js');
  const cacheDir = path.join(set.dir, '.kpilens', 'cache');
  const runCli = async (label: string) => {
    const out = path.join(os.tmpdir(), `kpilens-bench-${process.pid}-${label}.json`);
    const r = await runMeasured(process.execPath, [cli, 'run', set.spec, '--format', 'json', '--out', out], {
      cwd: set.dir,
    });
    if (r.code !== 0 && r.code !== 1) throw new Error(`kpilens run failed (${r.code}): ${r.stderr}`);
    const result = JSON.parse(fs.readFileSync(out, 'utf8')) as RunResult;
    fs.rmSync(out, { force: true });
    return { ...r, result };
  };
  const runExpert = async () => {
    const r = await runMeasured(process.execPath, [path.join(__dirname, 'expert.js'), path.join(set.dir, 'data')]);
    if (r.code !== 0) throw new Error(`the expert script failed: ${r.stderr}`);
    return { ...r, out: JSON.parse(r.stdout) as { asOf: string; rows: ExpertRow[]; timings: Record<string, number> } };
  };
  // Rounds of (cold, warm, expert) in turn, so that load from other processes falls on all three.
  type CliRun = Awaited<ReturnType<typeof runCli>>;
  const colds: CliRun[] = [];
  const warms: CliRun[] = [];
  const experts: Awaited<ReturnType<typeof runExpert>>[] = [];
  const loads: number[] = [];
  let compared = 0;
  const mismatches: string[] = [];
  for (let i = 0; i < options.rounds; i++) {
    fs.rmSync(path.dirname(cacheDir), { recursive: true, force: true });
    settle();
    colds.push(await runCli('cold'));
    settle();
    warms.push(await runCli('warm'));
    settle();
    experts.push(await runExpert());
    loads.push(round(os.loadavg()[0], 2));
    const stats = (r: ProcessRun, withChild: boolean) =>
      `${(r.ms / 1000).toFixed(2)} s (CPU ${(r.cpuMs / 1000).toFixed(2)} s, peak ${((withChild ? r.mainPeakBytes + r.childPeakBytes : r.mainPeakBytes) / MB).toFixed(0)} MB)`;
    log(
      `  round ${i + 1}/${options.rounds}: cold ${stats(colds[i], true)}, warm ${stats(warms[i], true)}, expert ${stats(experts[i], false)}; load ${loads[i]}`,
    );
    if (options.verify) {
      // Every kpilens run of the round against the expert's rows of the same round.
      for (const [label, run] of [
        ['cold', colds[i]],
        ['warm', warms[i]],
      ] as const) {
        const c = compareWithExpert(run.result, experts[i].out);
        compared = c.rows;
        mismatches.push(...c.mismatches.map((m) => `round ${i + 1} ${label}: ${m}`));
      }
    }
  }
  const cold = sideStats(colds, true);
  const warm = sideStats(warms, true);
  const expert = sideStats(experts, false);
  const expertMid = [...experts].sort((a, b) => a.ms - b.ms)[Math.floor((experts.length - 1) / 2)];

  const { edit, edits, mid, runnerEnginePeak } = await measureEditRerun(set.spec, cacheDir, log);

  return {
    size: set.size,
    orders: set.orders,
    customers: set.customers,
    orders_csv_mb: round(set.ordersBytes / MB, 1),
    rounds: options.rounds,
    load_during: loads,
    cold,
    warm,
    expert,
    expert_steps_s: Object.fromEntries(Object.entries(expertMid.out.timings).map(([k, v]) => [k, round(v / 1000)])),
    ratio_cold: round(cold.wall_s / expert.wall_s),
    ratio_warm: round(warm.wall_s / expert.wall_s),
    cpu_ratio_cold: round(cold.cpu_s / expert.cpu_s),
    cpu_ratio_warm: round(warm.cpu_s / expert.cpu_s),
    rss_ratio_cold: round(cold.peak_mb / expert.peak_mb),
    rss_ratio_warm: round(warm.peak_mb / expert.peak_mb),
    paired_cold: pairedRatios(colds, experts),
    paired_warm: pairedRatios(warms, experts),
    numbers_equal: options.verify ? mismatches.length === 0 : null,
    rows_compared: compared,
    runs_compared: options.verify ? colds.length + warms.length : 0,
    mismatches: mismatches.slice(0, 20),
    c_edit: edit,
    c_check_ms: round(mid.checkMs, 1),
    c_rerun_ms: round(mid.runMs, 1),
    c_engine_queries: mid.queries,
    c_runs_ms: edits.map((e) => round(e.checkMs + e.runMs, 1)),
    c_main_cpu_ms: round(mid.mainCpuMs, 1),
    c_engine_cpu_ms: round(mid.engineCpuMs, 1),
    f_runner_main_peak_mb: round((process.resourceUsage().maxRSS * 1024) / MB, 1),
    f_runner_engine_peak_mb: round(runnerEnginePeak / MB, 1),
  };
}
