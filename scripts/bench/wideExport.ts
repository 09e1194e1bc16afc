// Section (g) of `npm run bench` (issue 21): a wide export, as CRM and e-commerce tools write
// them — 60 columns (12 each of ids, amounts, dates, labels and quantities), 200 000 rows by
// default, seeded — under a KPI file of a sum, a count and a filtered sum by month. kpilens
// cold (a new process, the columnar cache emptied: type inference of 60 columns, the copy, the
// queries) against the expert who lets DuckDB detect the types (wideExpert.ts), in alternating
// rounds, every value checked equal. The number of columns is what this measures: a cost per
// column (the inference's SQL once held its rules once per column) shows here, not in the
// 6-column benchmark files.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { RunResult } from '../../src/core/report/resultModel';
import { createRandom } from '../../src/core/util/random';
import { MB, pairedRatios, round, sideStats, type SideStats } from './benchFigures';
import { compareWithExpert } from './compareRows';
import type { ExpertRow } from './expert';
import { runMeasured } from './processStats';

const ROOT = path.join(__dirname, '..', '..', '..');
const SEED = 20251231;
const AS_OF = '2025-12-31';
const KINDS = ['id', 'amount', 'date', 'label', 'qty'] as const;
const COLUMNS = 60;

export interface WideExportBench {
  rows: number;
  columns: number;
  csv_mb: number;
  rounds: number;
  cold: SideStats;
  expert: SideStats;
  ratio_cold: number;
  cpu_ratio_cold: number;
  paired_cold: { wall: number; cpu: number };
  numbers_equal: boolean;
  mismatches: string[];
}

const SPEC = `# The wide-export benchmark's KPI file (npm run bench, section (g)).
kpilens: 1
title: Wide export
as_of: ${AS_OF}
sources:
  export:
    file: data/wide.csv
    time: date2
periods:
  monthly: { grain: month, last: 3, compare: previous }
defaults:
  period: monthly
kpis:
  total:
    type: sum
    source: export
    column: amount1
  lines:
    type: count
    source: export
  total_a:
    type: sum
    source: export
    column: amount6
    where: "label3 = 'a'"
`;

/** Writes the export (when missing) and the KPI file; returns the folder. */
function ensureWideData(root: string, rows: number, log: (s: string) => void): string {
  const dir = path.join(root, `wide-${rows}-seed${SEED}`);
  const file = path.join(dir, 'data', 'wide.csv');
  const stamp = path.join(dir, 'complete.json');
  if (!fs.existsSync(stamp)) {
    log(`generating a ${COLUMNS}-column export of ${rows} rows in ${path.relative(process.cwd(), dir)} …`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const random = createRandom(SEED);
    const names = Array.from({ length: COLUMNS }, (_, i) => `${KINDS[i % KINDS.length]}${i}`);
    const fd = fs.openSync(file, 'w');
    try {
      fs.writeSync(fd, `${names.join(',')}\n`);
      let chunk: string[] = [];
      for (let r = 0; r < rows; r++) {
        const values = names.map((_, i) => {
          switch (KINDS[i % KINDS.length]) {
            case 'id':
              return `X${String(r + 1).padStart(8, '0')}`;
            case 'amount':
              return (random.int(0, 1_000_000) / 100).toFixed(2);
            case 'date':
              return `2025-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
            case 'label':
              return ['a', 'b', 'c', 'd'][random.int(0, 3)];
            default:
              return String(random.int(0, 50));
          }
        });
        chunk.push(values.join(','));
        if (chunk.length === 10_000) {
          fs.writeSync(fd, `${chunk.join('\n')}\n`);
          chunk = [];
        }
      }
      if (chunk.length) fs.writeSync(fd, `${chunk.join('\n')}\n`);
    } finally {
      fs.closeSync(fd);
    }
    fs.writeFileSync(stamp, JSON.stringify({ seed: SEED, rows, columns: COLUMNS }));
  }
  fs.writeFileSync(path.join(dir, 'wide.kpi.yaml'), SPEC);
  return dir;
}

export async function benchWideExport(
  root: string,
  rows: number,
  rounds: number,
  log: (s: string) => void,
): Promise<WideExportBench> {
  const dir = ensureWideData(root, rows, log);
  const spec = path.join(dir, 'wide.kpi.yaml');
  const csv = path.join(dir, 'data', 'wide.csv');
  const out = path.join(os.tmpdir(), `kpilens-bench-wide-${process.pid}.json`);
  const colds = [];
  const experts = [];
  const mismatches: string[] = [];
  for (let i = 0; i < rounds; i++) {
    fs.rmSync(path.join(dir, '.kpilens'), { recursive: true, force: true });
    const cold = await runMeasured(process.execPath, [
      path.join(ROOT, 'bin', 'kpilens.js'),
      'run',
      spec,
      '--format',
      'json',
      '--out',
      out,
    ]);
    if (cold.code !== 0) throw new Error(`kpilens run failed on the wide export (${cold.code}): ${cold.stderr}`);
    const result = JSON.parse(fs.readFileSync(out, 'utf8')) as RunResult;
    const expert = await runMeasured(process.execPath, [path.join(__dirname, 'wideExpert.js'), csv, AS_OF]);
    if (expert.code !== 0) throw new Error(`the wide expert failed: ${expert.stderr}`);
    const baseline = JSON.parse(expert.stdout) as { asOf: string; rows: ExpertRow[] };
    mismatches.push(...compareWithExpert(result, baseline).mismatches.map((m) => `round ${i + 1}: ${m}`));
    colds.push(cold);
    experts.push(expert);
    log(`  round ${i + 1}/${rounds}: cold ${(cold.ms / 1000).toFixed(2)} s, expert ${(expert.ms / 1000).toFixed(2)} s`);
  }
  fs.rmSync(out, { force: true });
  const cold = sideStats(colds, true);
  const expert = sideStats(experts, false);
  return {
    rows,
    columns: COLUMNS,
    csv_mb: round(fs.statSync(csv).size / MB, 1),
    rounds,
    cold,
    expert,
    ratio_cold: round(cold.wall_s / expert.wall_s),
    cpu_ratio_cold: round(cold.cpu_s / expert.cpu_s),
    paired_cold: pairedRatios(colds, experts),
    numbers_equal: mismatches.length === 0,
    mismatches: mismatches.slice(0, 20),
  };
}

/** The report's line for (g). */
export function wideExportLine(w: WideExportBench): string {
  return `(g) wide export, ${w.columns} columns × ${w.rows} rows (${w.csv_mb} MB): cold ${w.cold.wall_s.toFixed(2)} s (CPU ${w.cold.cpu_s.toFixed(2)} s), expert ${w.expert.wall_s.toFixed(2)} s (CPU ${w.expert.cpu_s.toFixed(2)} s): ${w.ratio_cold}× wall, ${w.cpu_ratio_cold}× CPU (each round's: ${w.paired_cold.wall} / ${w.paired_cold.cpu}); equal ${w.numbers_equal}`;
}
