// The suite's report: its shape (the machine, the load before and after, each size's result,
// (d) to (g)), the table printed on stdout with every mismatch found, and the JSON written
// to bench-results/<timestamp>.json and bench-results/latest.json.
import * as fs from 'fs';
import * as path from 'path';
import type { ActivationTiming } from './activationTiming';
import type { KeystrokeResult } from './keystrokeLatency';
import { scoreSegmentsLine, type ScoreSegmentsBench } from './scoreSegments';
import type { SizeResult } from './sizeRounds';
import { wideExportLine, type WideExportBench } from './wideExport';

const ROOT = path.join(__dirname, '..', '..', '..');

export interface BenchReport {
  date: string;
  node: string;
  cpus: number;
  cpu_model: string;
  load_before: number[];
  load_after: number[];
  sizes: SizeResult[];
  /** Absent with --no-extras, as are (e) and (f). */
  d_keystroke: KeystrokeResult | undefined;
  e_activation: ActivationTiming | undefined;
  f_score_segments: ScoreSegmentsBench | undefined;
  g_wide_export: WideExportBench | undefined;
}

/** Prints the table, one line per size and its details, the extras, the load, then every mismatch. */
export function printReport(report: BenchReport): void {
  const { sizes: results, d_keystroke: keystroke, e_activation: activate, f_score_segments: scoreSegments } = report;
  const s = (x: number) => `${x.toFixed(2)} s`;
  const lines = [
    `${'size'.padEnd(6)} ${'cold'.padStart(8)} ${'warm'.padStart(8)} ${'expert'.padStart(8)} ${'cold/exp'.padStart(9)} ${'warm/exp'.padStart(9)} ${'CPU c/e'.padStart(8)} ${'CPU w/e'.padStart(8)} ${'RSS c/w/e MB'.padStart(16)} ${'equal'.padStart(6)} ${'(c) edit'.padStart(9)}`,
    ...results.map(
      (r) =>
        `${r.size.padEnd(6)} ${s(r.cold.wall_s).padStart(8)} ${s(r.warm.wall_s).padStart(8)} ${s(r.expert.wall_s).padStart(8)} ${r.ratio_cold.toFixed(2).padStart(9)} ${r.ratio_warm.toFixed(2).padStart(9)} ${r.cpu_ratio_cold.toFixed(2).padStart(8)} ${r.cpu_ratio_warm.toFixed(2).padStart(8)} ${`${r.cold.peak_mb.toFixed(0)}/${r.warm.peak_mb.toFixed(0)}/${r.expert.peak_mb.toFixed(0)}`.padStart(16)} ${String(r.numbers_equal ?? '-').padStart(6)} ${`${(r.c_check_ms + r.c_rerun_ms).toFixed(0)} ms`.padStart(9)}`,
    ),
    ...results.map(
      (r) =>
        `  ${r.size}: CPU cold ${s(r.cold.cpu_s)}, warm ${s(r.warm.cpu_s)}, expert ${s(r.expert.cpu_s)}; RSS ratio cold ${r.rss_ratio_cold}, warm ${r.rss_ratio_warm}; each round's ratio (median) cold ${r.paired_cold.wall} / CPU ${r.paired_cold.cpu}, warm ${r.paired_warm.wall} / CPU ${r.paired_warm.cpu}; ${r.rows_compared} rows × ${r.runs_compared} runs compared; load ${r.load_during.join(', ')}; expert steps ${Object.entries(
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
    ...(report.g_wide_export ? [wideExportLine(report.g_wide_export)] : []),
    `load average before ${report.load_before.join(' ')}, after ${report.load_after.join(' ')} (${report.cpus} CPUs)`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  for (const r of results) for (const m of r.mismatches) process.stdout.write(`  ${r.size} mismatch: ${m}\n`);
  for (const m of report.g_wide_export?.mismatches ?? []) process.stdout.write(`  wide export mismatch: ${m}\n`);
}

/** Writes the report as bench-results/<timestamp>.json and bench-results/latest.json. */
export function writeReportFiles(report: BenchReport): void {
  const outDir = path.join(ROOT, 'bench-results');
  fs.mkdirSync(outDir, { recursive: true });
  const json = JSON.stringify(report, null, 2) + '\n';
  fs.writeFileSync(path.join(outDir, `${report.date.replace(/[:.]/g, '-')}.json`), json);
  fs.writeFileSync(path.join(outDir, 'latest.json'), json);
}
