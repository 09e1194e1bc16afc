// `npm run bench`: the speed-at-scale suite (issues 8, 21). For each data size (default 1M and
// 10M orders with 100k / 1M customers and about as many survey answers, generated once under
// .bench-data/ — or --data-root —, seeded) it runs bench.kpi.yaml's 12 KPIs and measures, in
// --rounds alternating rounds (default 3; medians compared):
//   cold    `kpilens run`, a new process, columnar cache emptied first (DuckDB start, the copy
//           of every CSV, the queries);
//   warm    `kpilens run`, a new process, the cache filled;
//   expert  the expert baseline (expert.ts): hand-written DuckDB SQL that loads each CSV once
//           into typed tables and computes the same numbers, in a process of its own;
// wall time, CPU time (user + system, engine child included) and peak RSS of each; every
// cold and warm result is checked equal to the expert's on every row (value and previous).
// Also (c) a warm re-run after editing one KPI, through KpiRunner (what the extension uses);
// and once: (d) keystroke-to-diagnostics on a generated 300-KPI file (the extension's
// IncrementalChecker, warm; wall and CPU time, and the whole-file check beside it) and
// (e) extension-core activation (scripts/bench/activation.ts), (f) score segments against the
// BG/NBD fit at 1M customers (scripts/bench/scoreSegments.ts).
// Prints a table and writes bench-results/<timestamp>.json and bench-results/latest.json.
// Options: --sizes 1M,10M  --quick (= --sizes 100k, fewer repetitions)  --rounds N
// --data-root DIR (where the data sets are generated; e.g. /tmp for 100M)  --no-verify.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { performance } from 'perf_hooks';
import { checkKpiFile } from '../../src/core/kpifile/checkFile';
import { HeaderCache } from '../../src/core/data/headerCache';
import { IncrementalChecker } from '../../src/core/kpifile/incrementalCheck';
import { KpiRunner } from '../../src/core/engine/kpiRunner';
import type { RunResult } from '../../src/core/report/resultModel';
import { generateKpiFile } from '../bench-check';
import { ensureBenchData } from './benchData';
import type { BenchDataSet } from './benchData';
import { compareWithExpert } from './compareRows';
import type { ExpertRow } from './expert';
import { cpuMsOf, peakRssOf, runMeasured } from './processStats';
import { benchScoreSegments, scoreSegmentsLine } from './scoreSegments';
import type { ProcessRun } from './processStats';

const ROOT = path.join(__dirname, '..', '..', '..');
const MB = 1024 * 1024;
/** Repetitions of (c), each with its own edit. */
const C_REPEAT = 5;

/** The medians of one side over the rounds. */
interface SideStats {
  runs_s: number[];
  wall_s: number;
  cpu_s: number;
  /** Peak RSS: the process (kpilens: main + engine child, both alive together). */
  peak_mb: number;
  main_peak_mb?: number;
  engine_peak_mb?: number;
}

interface SizeResult {
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

function round(n: number, digits = 3): number {
  return Number(n.toFixed(digits));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const median = (list: number[]): number => [...list].sort((a, b) => a - b)[Math.floor((list.length - 1) / 2)];

function sideStats(runs: ProcessRun[], withChild: boolean): SideStats {
  const peaks = runs.map((r) => (withChild ? r.mainPeakBytes + r.childPeakBytes : r.mainPeakBytes));
  return {
    runs_s: runs.map((r) => round(r.ms / 1000)),
    wall_s: round(median(runs.map((r) => r.ms)) / 1000),
    cpu_s: round(median(runs.map((r) => r.cpuMs)) / 1000),
    peak_mb: round(Math.max(...peaks) / MB, 1),
    ...(withChild
      ? {
          main_peak_mb: round(Math.max(...runs.map((r) => r.mainPeakBytes)) / MB, 1),
          engine_peak_mb: round(Math.max(...runs.map((r) => r.childPeakBytes)) / MB, 1),
        }
      : {}),
  };
}

async function benchSize(
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
    colds.push(await runCli('cold'));
    warms.push(await runCli('warm'));
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

  // (c) warm re-run after editing one KPI, as in the editor: the extension's incremental check
  // (headers cached) + run. Repeated with a different edit each time (so nothing is
  // remembered from the last one); the median is reported, with the CPU time of this
  // process and of the engine child.
  log(`  (c) warm re-run after an edit …`);
  const runner = new KpiRunner({ cacheDir });
  const headers = new HeaderCache();
  const checker = new IncrementalChecker();
  const text = fs.readFileSync(set.spec, 'utf8');
  const warmCheck = await checker.check(set.spec, text, { headers });
  await runner.run(warmCheck);
  const edit =
    'paid_purchases: where "status = \'paid\'" → "status = \'paid\' and amount > N" (average_basket depends on it), N = 0, 1, 2… one per repetition';
  const edits: { checkMs: number; runMs: number; mainCpuMs: number; engineCpuMs: number; queries: number }[] = [];
  for (let i = 0; i < C_REPEAT; i++) {
    const edited = text.replace(
      '    type: count\n    source: purchases\n    where: "status = \'paid\'"\n',
      `    type: count\n    source: purchases\n    where: "status = 'paid' and amount > ${i}"\n`,
    );
    if (edited === text) throw new Error('the edit did not apply');
    const engineCpu0 = runner.enginePid ? cpuMsOf(runner.enginePid) : 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const check = await checker.check(set.spec, edited, { headers });
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

interface KeystrokeResult {
  kpis: number;
  p50_ms: number;
  p95_ms: number;
  runs: number;
  /** CPU time of the check (user + system), which a busy machine does not inflate. */
  cpu_p50_ms: number;
  cpu_p95_ms: number;
  /** Edits the incremental checker assembled from cached pieces (the rest parsed whole). */
  assembled: number;
  /** The same edits through the whole-file `checkKpiFile` (what (d) measured before). */
  full_p50_ms: number;
  full_p95_ms: number;
  full_cpu_p50_ms: number;
  full_cpu_p95_ms: number;
}

/**
 * (d): keystroke-to-diagnostics on a generated 300-KPI file, warm (headers cached), one edit
 * per run, through the extension's IncrementalChecker; the whole-file check beside it.
 */
async function keystrokeLatency(runs: number): Promise<KeystrokeResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-bench-'));
  try {
    fs.cpSync(path.join(ROOT, 'samples', 'data'), path.join(dir, 'data'), { recursive: true });
    const file = path.join(dir, 'generated.kpi.yaml');
    const text = generateKpiFile(300);
    fs.writeFileSync(file, text);
    const headers = new HeaderCache();
    const first = await checkKpiFile(file, text, { headers });
    const measure = async (check: (t: string) => Promise<unknown>) => {
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < runs; i++) {
        const edited = text.replace('amount > 0', `amount > ${i}`);
        const c0 = process.cpuUsage();
        const t = performance.now();
        await check(edited);
        wall.push(performance.now() - t);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
      }
      wall.sort((a, b) => a - b);
      cpu.sort((a, b) => a - b);
      return {
        p50: round(percentile(wall, 50), 1),
        p95: round(percentile(wall, 95), 1),
        cpu50: round(percentile(cpu, 50), 1),
        cpu95: round(percentile(cpu, 95), 1),
      };
    };
    const checker = new IncrementalChecker();
    await checker.check(file, text, { headers });
    let assembled = 0;
    const inc = await measure(async (t) => {
      await checker.check(file, t, { headers });
      if (checker.last.assembled) assembled++;
    });
    const full = await measure((t) => checkKpiFile(file, t, { headers }));
    return {
      kpis: first.model.kpis.size,
      p50_ms: inc.p50,
      p95_ms: inc.p95,
      runs,
      cpu_p50_ms: inc.cpu50,
      cpu_p95_ms: inc.cpu95,
      assembled,
      full_p50_ms: full.p50,
      full_p95_ms: full.p95,
      full_cpu_p50_ms: full.cpu50,
      full_cpu_p95_ms: full.cpu95,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function activation(
  runs: number,
): Promise<{ p50_ms: number; min_ms: number; require_ms: number; activate_ms: number; duckdb_loaded: boolean }> {
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

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string' },
      quick: { type: 'boolean' },
      rounds: { type: 'string' },
      'data-root': { type: 'string' },
      'no-verify': { type: 'boolean' },
      'no-extras': { type: 'boolean' },
    },
    strict: true,
  });
  const rounds = values.rounds === undefined ? 3 : Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error(`--rounds must be a positive integer, not '${values.rounds}'`);
  const quick = values.quick === true;
  const sizes = (values.sizes ?? (quick ? '100k' : '1M,10M'))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const log = (s: string) => process.stderr.write(`${s}\n`);
  if (!fs.existsSync(path.join(ROOT, 'dist', 'extension.js')))
    throw new Error('dist/ is missing: run `npm run build` first');
  const loadBefore = os.loadavg();
  const results: SizeResult[] = [];
  for (const size of sizes) {
    const set = ensureBenchData(path.resolve(values['data-root'] ?? path.join(ROOT, '.bench-data')), size, log);
    log(`${size} orders (${set.orders}, orders.csv ${(set.ordersBytes / MB).toFixed(0)} MB)`);
    results.push(await benchSize(set, { verify: values['no-verify'] !== true, rounds, log }));
  }
  // --no-extras: the data sizes only (e.g. a 100M run), without (d) and (e).
  const extras = values['no-extras'] !== true;
  if (extras) log('(d) keystroke-to-diagnostics …');
  const keystroke = extras ? await keystrokeLatency(quick ? 20 : 60) : undefined;
  if (extras) log('(e) activation …');
  const activate = extras ? await activation(quick ? 3 : 7) : undefined;
  if (extras) log('(f) score segments …');
  const scoreSegments = extras ? await benchScoreSegments(quick ? 100_000 : 1_000_000) : undefined;
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model ?? '',
    load_before: loadBefore.map((l) => round(l, 2)),
    load_after: os.loadavg().map((l) => round(l, 2)),
    sizes: results,
    d_keystroke: keystroke,
    e_activation: activate,
    f_score_segments: scoreSegments,
  };
  const s = (x: number) => `${x.toFixed(2)} s`;
  const lines = [
    `${'size'.padEnd(6)} ${'cold'.padStart(8)} ${'warm'.padStart(8)} ${'expert'.padStart(8)} ${'cold/exp'.padStart(9)} ${'warm/exp'.padStart(9)} ${'CPU c/e'.padStart(8)} ${'CPU w/e'.padStart(8)} ${'RSS c/w/e MB'.padStart(16)} ${'equal'.padStart(6)} ${'(c) edit'.padStart(9)}`,
    ...results.map(
      (r) =>
        `${r.size.padEnd(6)} ${s(r.cold.wall_s).padStart(8)} ${s(r.warm.wall_s).padStart(8)} ${s(r.expert.wall_s).padStart(8)} ${r.ratio_cold.toFixed(2).padStart(9)} ${r.ratio_warm.toFixed(2).padStart(9)} ${r.cpu_ratio_cold.toFixed(2).padStart(8)} ${r.cpu_ratio_warm.toFixed(2).padStart(8)} ${`${r.cold.peak_mb.toFixed(0)}/${r.warm.peak_mb.toFixed(0)}/${r.expert.peak_mb.toFixed(0)}`.padStart(16)} ${String(r.numbers_equal ?? '-').padStart(6)} ${`${(r.c_check_ms + r.c_rerun_ms).toFixed(0)} ms`.padStart(9)}`,
    ),
    ...results.map(
      (r) =>
        `  ${r.size}: CPU cold ${s(r.cold.cpu_s)}, warm ${s(r.warm.cpu_s)}, expert ${s(r.expert.cpu_s)}; RSS ratio cold ${r.rss_ratio_cold}, warm ${r.rss_ratio_warm}; ${r.rows_compared} rows × ${r.runs_compared} runs compared; load ${r.load_during.join(', ')}; expert steps ${Object.entries(
          r.expert_steps_s,
        )
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
    ),
    ...(keystroke
      ? [
          `(d) keystroke-to-diagnostics, ${keystroke.kpis} KPIs (incremental, ${keystroke.assembled}/${keystroke.runs} from pieces): p50 ${keystroke.p50_ms} ms, p95 ${keystroke.p95_ms} ms; CPU p50 ${keystroke.cpu_p50_ms} ms, p95 ${keystroke.cpu_p95_ms} ms`,
          `    whole-file check: p50 ${keystroke.full_p50_ms} ms, p95 ${keystroke.full_p95_ms} ms; CPU p50 ${keystroke.full_cpu_p50_ms} ms, p95 ${keystroke.full_cpu_p95_ms} ms`,
        ]
      : []),
    ...(activate
      ? [
          `(e) activation (require dist/extension.js + activate, stub vscode): p50 ${activate.p50_ms} ms (require ${activate.require_ms} ms, activate ${activate.activate_ms} ms), DuckDB loaded: ${activate.duckdb_loaded}`,
        ]
      : []),
    ...(scoreSegments ? [scoreSegmentsLine(scoreSegments)] : []),
    `load average before ${report.load_before.join(' ')}, after ${report.load_after.join(' ')} (${report.cpus} CPUs)`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  for (const r of results) for (const m of r.mismatches) process.stdout.write(`  ${r.size} mismatch: ${m}\n`);
  const outDir = path.join(ROOT, 'bench-results');
  fs.mkdirSync(outDir, { recursive: true });
  const json = JSON.stringify(report, null, 2) + '\n';
  fs.writeFileSync(path.join(outDir, `${report.date.replace(/[:.]/g, '-')}.json`), json);
  fs.writeFileSync(path.join(outDir, 'latest.json'), json);
  return results.some((r) => r.numbers_equal === false) ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
