// `npm run bench`: the speed-at-scale suite (issue 8). For each data size (default 1M and
// 10M orders, generated once under .bench-data/, seeded) it measures
//   (a) `kpilens run` of the sample KPI file, a new process: first run (empty columnar
//       cache) and cold run (new process, cache filled);
//   (b) the same numbers by hand-written DuckDB SQL, one query per KPI, in a child process
//       running @duckdb/node-api — and checks that (a)'s numbers equal (b)'s;
//   (c) a warm re-run after editing one KPI, through KpiRunner (what the extension uses);
//   (f) the peak RSS of the main process and of the engine child;
// and once: (d) keystroke-to-diagnostics on a generated 300-KPI file (the extension's
// IncrementalChecker, warm; wall and CPU time, and the whole-file check beside it)
// and (e) extension-core activation (scripts/bench/activation.ts).
// Prints a table and writes bench-results/<timestamp>.json and bench-results/latest.json.
// Options: --sizes 1M,10M  --quick (= --sizes 100k, fewer repetitions)  --repeat N (runs
// (a) and (b) N times, interleaved, and compares the medians)  --no-verify.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { performance } from 'perf_hooks';
import { checkKpiFile } from '../../src/core/spec/checkFile';
import { HeaderCache } from '../../src/core/data/headerCache';
import { IncrementalChecker } from '../../src/core/spec/incrementalCheck';
import { KpiRunner } from '../../src/core/engine/kpiRunner';
import type { RunResult } from '../../src/core/report/resultModel';
import { generateKpiFile } from '../bench-check';
import { ensureBenchData } from './benchData';
import type { BenchDataSet } from './benchData';
import { cpuMsOf, peakRssOf, runMeasured } from './processStats';
import type { ProcessRun } from './processStats';

const ROOT = path.join(__dirname, '..', '..', '..');
const MB = 1024 * 1024;
/** Repetitions of (c), each with its own edit. */
const C_REPEAT = 5;

interface SizeResult {
  size: string;
  orders: number;
  orders_csv_mb: number;
  repeat: number;
  a_first_runs_s: number[];
  a_cold_runs_s: number[];
  b_hand_sql_runs_s: number[];
  a_first_run_s: number;
  a_cold_run_s: number;
  b_hand_sql_s: number;
  b_hand_sql_queries_s: Record<string, number>;
  ratio_first_over_b: number;
  ratio_cold_over_b: number;
  numbers_equal: boolean | null;
  cells_compared: number;
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
  f_cli_main_peak_mb: number;
  f_cli_engine_peak_mb: number;
  f_runner_main_peak_mb: number;
  f_runner_engine_peak_mb: number;
  f_hand_sql_peak_mb: number;
}

function round(n: number, digits = 3): number {
  return Number(n.toFixed(digits));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The value cells of a run: kpi|period|segment|day → value. */
function engineCells(result: RunResult): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const k of result.kpis) {
    for (const row of k.rows) {
      const seg = Object.entries(row.segment).map(([n, v]) => `${n}=${v === null ? '∅' : String(v)}`).join(',');
      const day = (row as { day?: number }).day;
      out.set(`${k.name}|${row.period}|${seg}|${day ?? ''}`, row.value);
    }
  }
  return out;
}

/** Compares (a)'s cells with (b)'s: every engine cell must equal the hand-computed one. */
function compareCells(engine: Map<string, number | null>, hand: [string, string, string, number | null, number | null][]): { compared: number; mismatches: string[] } {
  const handMap = new Map(hand.map(([k, label, seg, day, v]) => [`${k}|${label}|${seg}|${day ?? ''}`, v]));
  const mismatches: string[] = [];
  let compared = 0;
  for (const [key, value] of engine) {
    const expected = handMap.has(key) ? handMap.get(key) ?? null : null;
    // Hand SQL has no row for an empty group: the engine's 0 (sum, count) or null there.
    const same = expected === null ? value === null || value === 0 : value !== null && Math.abs(value - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
    compared++;
    if (!same) mismatches.push(`${key}: kpilens ${value}, hand SQL ${expected}`);
  }
  return { compared, mismatches };
}

async function benchSize(set: BenchDataSet, options: { verify: boolean; repeat: number; log: (s: string) => void }): Promise<SizeResult> {
  const { log } = options;
  const cli = path.join(ROOT, 'bin', 'kpilens.js');
  const cacheDir = path.join(set.dir, '.kpilens', 'cache');
  fs.rmSync(path.dirname(cacheDir), { recursive: true, force: true });
  const runCli = async (label: string) => {
    const out = path.join(os.tmpdir(), `kpilens-bench-${process.pid}-${label}.json`);
    const r = await runMeasured(process.execPath, [cli, 'run', set.spec, '--format', 'json', '--out', out], { cwd: set.dir });
    if (r.code !== 0 && r.code !== 1) throw new Error(`kpilens run failed (${r.code}): ${r.stderr}`);
    const result = JSON.parse(fs.readFileSync(out, 'utf8')) as RunResult;
    fs.rmSync(out, { force: true });
    return { ...r, result };
  };
  // Repeated and interleaved (first, cold, hand SQL) so that load from other processes
  // falls on all three; the medians are compared.
  type CliRun = Awaited<ReturnType<typeof runCli>>;
  const firsts: CliRun[] = [];
  const colds: CliRun[] = [];
  const hands: ProcessRun[] = [];
  for (let i = 0; i < options.repeat; i++) {
    fs.rmSync(path.dirname(cacheDir), { recursive: true, force: true });
    firsts.push(await runCli('first'));
    colds.push(await runCli('cold'));
    const h = await runMeasured(process.execPath, [path.join(__dirname, 'handSql.js'), path.join(set.dir, 'data')]);
    if (h.code !== 0) throw new Error(`hand SQL failed: ${h.stderr}`);
    hands.push(h);
    log(`  run ${i + 1}/${options.repeat}: (a) first ${(firsts[i].ms / 1000).toFixed(2)} s, (a) cold ${(colds[i].ms / 1000).toFixed(2)} s, (b) hand SQL ${(h.ms / 1000).toFixed(2)} s; load ${os.loadavg()[0].toFixed(2)}`);
  }
  const byMs = <T extends { ms: number }>(list: T[]): T => [...list].sort((x, y) => x.ms - y.ms)[Math.floor((list.length - 1) / 2)];
  const first = byMs(firsts);
  const cold = byMs(colds);
  const hand = byMs(hands);
  const handOut = JSON.parse(hand.stdout) as { asOf: string; cells: [string, string, string, number | null, number | null][]; timings: Record<string, number>; maxRssBytes: number };
  let equal: boolean | null = null;
  let compared = 0;
  const mismatches: string[] = [];
  if (options.verify) {
    // Every run of (a), first and cold, against the hand-written SQL.
    for (const [label, run] of [...firsts.map((r) => ['first run', r] as const), ...colds.map((r) => ['cold run', r] as const)]) {
      const c = compareCells(engineCells(run.result), handOut.cells);
      compared = c.compared;
      mismatches.push(...c.mismatches.map((m) => `${label}: ${m}`));
      if (run.result.as_of !== handOut.asOf) mismatches.push(`${label}: as_of ${run.result.as_of}, hand SQL ${handOut.asOf}`);
    }
    equal = mismatches.length === 0;
  }

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
  const edit = 'orders: add where: "status = \'paid\' and amount > N" (orders and average_basket depend on it), N = 0, 1, 2… one per repetition';
  const edits: { checkMs: number; runMs: number; mainCpuMs: number; engineCpuMs: number; queries: number }[] = [];
  for (let i = 0; i < C_REPEAT; i++) {
    const edited = text.replace('    type: count\n    source: orders\n', `    type: count\n    source: orders\n    where: "status = 'paid' and amount > ${i}"\n`);
    if (edited === text) throw new Error('the edit did not apply');
    const engineCpu0 = runner.enginePid ? cpuMsOf(runner.enginePid) : 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const check = await checker.check(set.spec, edited, { headers });
    const t1 = performance.now();
    let queries = 0;
    await runner.run(check, { wrap: (engine) => ({ query: (...args) => { queries++; return engine.query(...args); }, close: () => Promise.resolve() }) });
    const t2 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    edits.push({ checkMs: t1 - t0, runMs: t2 - t1, mainCpuMs: (cpu.user + cpu.system) / 1000, engineCpuMs: runner.enginePid ? cpuMsOf(runner.enginePid) - engineCpu0 : 0, queries });
  }
  const median = <T>(list: T[], by: (x: T) => number): T => [...list].sort((x, y) => by(x) - by(y))[Math.floor((list.length - 1) / 2)];
  const mid = median(edits, (e) => e.checkMs + e.runMs);
  const runnerEnginePeak = runner.enginePid ? peakRssOf(runner.enginePid) : 0;
  await runner.close();
  log(`      check ${mid.checkMs.toFixed(1)} ms, run ${mid.runMs.toFixed(1)} ms, ${mid.queries} engine queries; CPU main ${mid.mainCpuMs.toFixed(0)} ms, engine ${mid.engineCpuMs.toFixed(0)} ms (median of ${edits.length}: ${edits.map((e) => (e.checkMs + e.runMs).toFixed(0)).join(', ')} ms)`);

  return {
    size: set.size,
    orders: set.orders,
    orders_csv_mb: round(set.ordersBytes / MB, 1),
    repeat: options.repeat,
    a_first_runs_s: firsts.map((r) => round(r.ms / 1000)),
    a_cold_runs_s: colds.map((r) => round(r.ms / 1000)),
    b_hand_sql_runs_s: hands.map((r) => round(r.ms / 1000)),
    a_first_run_s: round(first.ms / 1000),
    a_cold_run_s: round(cold.ms / 1000),
    b_hand_sql_s: round(hand.ms / 1000),
    b_hand_sql_queries_s: Object.fromEntries(Object.entries(handOut.timings).map(([k, v]) => [k, round(v / 1000)])),
    ratio_first_over_b: round(first.ms / hand.ms),
    ratio_cold_over_b: round(cold.ms / hand.ms),
    numbers_equal: equal,
    cells_compared: compared,
    mismatches: mismatches.slice(0, 20),
    c_edit: edit,
    c_check_ms: round(mid.checkMs, 1),
    c_rerun_ms: round(mid.runMs, 1),
    c_engine_queries: mid.queries,
    c_runs_ms: edits.map((e) => round(e.checkMs + e.runMs, 1)),
    c_main_cpu_ms: round(mid.mainCpuMs, 1),
    c_engine_cpu_ms: round(mid.engineCpuMs, 1),
    f_cli_main_peak_mb: round(Math.max(...firsts.map((r) => r.mainPeakBytes), ...colds.map((r) => r.mainPeakBytes)) / MB, 1),
    f_cli_engine_peak_mb: round(Math.max(...firsts.map((r) => r.childPeakBytes), ...colds.map((r) => r.childPeakBytes)) / MB, 1),
    f_runner_main_peak_mb: round((process.resourceUsage().maxRSS * 1024) / MB, 1),
    f_runner_engine_peak_mb: round(runnerEnginePeak / MB, 1),
    f_hand_sql_peak_mb: round(Math.max(...hands.map((r) => r.mainPeakBytes), handOut.maxRssBytes) / MB, 1),
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
      return { p50: round(percentile(wall, 50), 1), p95: round(percentile(wall, 95), 1), cpu50: round(percentile(cpu, 50), 1), cpu95: round(percentile(cpu, 95), 1) };
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
      kpis: first.model.kpis.size, p50_ms: inc.p50, p95_ms: inc.p95, runs, cpu_p50_ms: inc.cpu50, cpu_p95_ms: inc.cpu95, assembled,
      full_p50_ms: full.p50, full_p95_ms: full.p95, full_cpu_p50_ms: full.cpu50, full_cpu_p95_ms: full.cpu95,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function activation(runs: number): Promise<{ p50_ms: number; min_ms: number; require_ms: number; activate_ms: number; duckdb_loaded: boolean }> {
  const samples: { requireMs: number; activateMs: number; totalMs: number; duckdbLoaded: boolean }[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await runMeasured(process.execPath, [path.join(__dirname, 'activation.js'), path.join(ROOT, 'dist', 'extension.js')]);
    if (r.code !== 0) throw new Error(`activation bench failed: ${r.stderr}`);
    samples.push(JSON.parse(r.stdout) as (typeof samples)[number]);
  }
  samples.sort((a, b) => a.totalMs - b.totalMs);
  const mid = samples[Math.floor(samples.length / 2)];
  return { p50_ms: round(mid.totalMs, 1), min_ms: round(samples[0].totalMs, 1), require_ms: round(mid.requireMs, 1), activate_ms: round(mid.activateMs, 1), duckdb_loaded: samples.some((s) => s.duckdbLoaded) };
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { sizes: { type: 'string' }, quick: { type: 'boolean' }, repeat: { type: 'string' }, 'no-verify': { type: 'boolean' } }, strict: true });
  const repeat = values.repeat === undefined ? 1 : Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat must be a positive integer, not '${values.repeat}'`);
  const quick = values.quick === true;
  const sizes = (values.sizes ?? (quick ? '100k' : '1M,10M')).split(',').map((s) => s.trim()).filter(Boolean);
  const log = (s: string) => process.stderr.write(`${s}\n`);
  if (!fs.existsSync(path.join(ROOT, 'dist', 'extension.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const loadBefore = os.loadavg();
  const results: SizeResult[] = [];
  for (const size of sizes) {
    const set = ensureBenchData(path.join(ROOT, '.bench-data'), size, log);
    log(`${size} orders (${set.orders}, orders.csv ${(set.ordersBytes / MB).toFixed(0)} MB)`);
    results.push(await benchSize(set, { verify: values['no-verify'] !== true, repeat, log }));
  }
  log('(d) keystroke-to-diagnostics …');
  const keystroke = await keystrokeLatency(quick ? 20 : 60);
  log('(e) activation …');
  const activate = await activation(quick ? 3 : 7);
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
  };
  const lines = [
    `${'size'.padEnd(6)} ${'(a) first'.padStart(10)} ${'(a) cold'.padStart(9)} ${'(b) SQL'.padStart(8)} ${'a/b 1st'.padStart(8)} ${'a/b cold'.padStart(9)} ${'equal'.padStart(6)} ${'(c) edit'.padStart(9)} ${'(f) main'.padStart(9)} ${'(f) engine'.padStart(11)}`,
    ...results.map((r) => `${r.size.padEnd(6)} ${`${r.a_first_run_s.toFixed(2)} s`.padStart(10)} ${`${r.a_cold_run_s.toFixed(2)} s`.padStart(9)} ${`${r.b_hand_sql_s.toFixed(2)} s`.padStart(8)} ${r.ratio_first_over_b.toFixed(2).padStart(8)} ${r.ratio_cold_over_b.toFixed(2).padStart(9)} ${String(r.numbers_equal ?? '-').padStart(6)} ${`${(r.c_check_ms + r.c_rerun_ms).toFixed(0)} ms`.padStart(9)} ${`${Math.max(r.f_cli_main_peak_mb, r.f_runner_main_peak_mb).toFixed(0)} MB`.padStart(9)} ${`${Math.max(r.f_cli_engine_peak_mb, r.f_runner_engine_peak_mb).toFixed(0)} MB`.padStart(11)}`),
    `(d) keystroke-to-diagnostics, ${keystroke.kpis} KPIs (incremental, ${keystroke.assembled}/${keystroke.runs} from pieces): p50 ${keystroke.p50_ms} ms, p95 ${keystroke.p95_ms} ms; CPU p50 ${keystroke.cpu_p50_ms} ms, p95 ${keystroke.cpu_p95_ms} ms`,
    `    whole-file check: p50 ${keystroke.full_p50_ms} ms, p95 ${keystroke.full_p95_ms} ms; CPU p50 ${keystroke.full_cpu_p50_ms} ms, p95 ${keystroke.full_cpu_p95_ms} ms`,
    `(e) activation (require dist/extension.js + activate, stub vscode): p50 ${activate.p50_ms} ms (require ${activate.require_ms} ms, activate ${activate.activate_ms} ms), DuckDB loaded: ${activate.duckdb_loaded}`,
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
  main().then((code) => (process.exitCode = code), (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
