// (d) of the suite: keystroke-to-diagnostics on a generated 300-KPI file (bench-check.ts's
// generator, on a copy of samples/data), warm (headers cached), one edit per run, through the
// extension's IncrementalChecker, with the whole-file `checkKpiFile` measured beside it; wall
// and CPU time percentiles.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { checkKpiFile } from '../../src/core/kpifile/checkFile';
import { HeaderCache } from '../../src/core/data/headerCache';
import { IncrementalChecker } from '../../src/core/kpifile/incrementalCheck';
import { generateKpiFile } from '../bench-check';
import { percentile, round } from './benchFigures';

const ROOT = path.join(__dirname, '..', '..', '..');

export interface KeystrokeResult {
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
export async function keystrokeLatency(runs: number): Promise<KeystrokeResult> {
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
