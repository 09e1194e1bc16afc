// `npm run bench`: the speed-at-scale suite (issues 8, 21). For each data size (default 1M and
// 10M orders with 100k / 1M customers and about as many survey answers, generated once under
// .bench-data/ — or --data-root —, seeded) it runs bench.kpi.yaml's 12 KPIs and measures, in
// --rounds alternating rounds (default 5; medians compared):
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
// BG/NBD fit at 1M customers (scripts/bench/scoreSegments.ts), (g) a 60-column export of 200k
// rows, cold against the expert's load with DuckDB's own type detection (wideExport.ts).
// Prints a table and writes bench-results/<timestamp>.json and bench-results/latest.json.
// Options: --sizes 1M,10M  --quick (= --sizes 100k, fewer repetitions)  --rounds N
// --data-root DIR (where the data sets are generated; e.g. /tmp for 100M)  --no-verify
// --no-extras (the sizes only, without (d) to (g)).
// The parts: sizeRounds.ts (the rounds of one size), editRerun.ts (c), keystrokeLatency.ts (d),
// activationTiming.ts (e), scoreSegments.ts (f), wideExport.ts (g), report.ts (the table and
// the JSON files).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { activationTiming } from './activationTiming';
import { ensureBenchData } from './benchData';
import { MB, round } from './benchFigures';
import { keystrokeLatency } from './keystrokeLatency';
import { printReport, writeReportFiles, type BenchReport } from './report';
import { benchScoreSegments } from './scoreSegments';
import { benchSize, type SizeResult } from './sizeRounds';
import { benchWideExport } from './wideExport';

const ROOT = path.join(__dirname, '..', '..', '..');

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
  // Five by default: on a shared 2-core machine one run's time varies by ±15 %.
  const rounds = values.rounds === undefined ? 5 : Number(values.rounds);
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
  // --no-extras: the data sizes only (e.g. a 100M run), without (d) to (g).
  const extras = values['no-extras'] !== true;
  if (extras) log('(d) keystroke-to-diagnostics …');
  const keystroke = extras ? await keystrokeLatency(quick ? 20 : 60) : undefined;
  if (extras) log('(e) activation …');
  const activate = extras ? await activationTiming(quick ? 3 : 7) : undefined;
  if (extras) log('(f) score segments …');
  const scoreSegments = extras ? await benchScoreSegments(quick ? 100_000 : 1_000_000) : undefined;
  if (extras) log('(g) wide export …');
  const dataRoot = path.resolve(values['data-root'] ?? path.join(ROOT, '.bench-data'));
  const wide = extras ? await benchWideExport(dataRoot, quick ? 20_000 : 200_000, quick ? 2 : 3, log) : undefined;
  const report: BenchReport = {
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
    g_wide_export: wide,
  };
  printReport(report);
  writeReportFiles(report);
  return results.some((r) => r.numbers_equal === false) || wide?.numbers_equal === false ? 1 : 0;
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
