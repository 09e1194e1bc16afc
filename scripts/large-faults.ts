// `npm run faults:large`: the data faults of issue 11 at their full size, too big for every
// CI run — a CSV with a 1,000,000,000-character line (in the body, then as the header) and a
// 2 GB CSV whose run is cancelled one second in (at --scale s: after 1000·s ms). Each must end with a clear diagnostic or a
// cancelled run, within bounded time, and the engine must answer the next query. Files are
// generated in a temporary folder and removed. Prints one line per fault and exits 1 if any
// expectation fails. `--scale 0.01` runs the same at 1 % of the sizes (for trying it).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { allowedDirectories } from '../src/core/engine/backends/allowedDirectories';
import { DuckDbEngine } from '../src/core/engine/backends/duckdbEngine';
import { EngineError } from '../src/core/engine/backends/engine';
import type { Engine } from '../src/core/engine/backends/engine';
import { evaluateSpec } from '../src/core/engine/evaluation/evaluate';
import { checkKpiFile } from '../src/core/kpifile/checkFile';

const scaleArg = process.argv.indexOf('--scale');
const SCALE = scaleArg >= 0 ? Number(process.argv[scaleArg + 1]) : 1;
if (!(SCALE > 0 && SCALE <= 1)) {
  process.stderr.write('faults:large: --scale must be a number in (0, 1]\n');
  process.exit(2);
}
const LINE = Math.round(1_000_000_000 * SCALE);
const BIG = Math.round(2 * 1024 ** 3 * SCALE);

function spec(file: string, kpi: string): string {
  return [
    'kpilens: 1',
    'as_of: 2025-01-31',
    'sources:',
    `  s: { file: "${file}", time: day }`,
    'periods:',
    '  jan: { grain: month, last: 1 }',
    'defaults: { period: jan }',
    'kpis:',
    `  k: ${kpi}`,
    '',
  ].join('\n');
}

function writeRepeated(fd: number, unit: Buffer, size: number): void {
  const chunk = Buffer.concat(Array.from({ length: Math.max(1, Math.floor((4 << 20) / unit.length)) }, () => unit));
  let left = size;
  while (left > 0) {
    const n = Math.min(left, chunk.length);
    fs.writeSync(fd, chunk, 0, n);
    left -= n;
  }
}

const results: Array<{ fault: string; ok: boolean; seconds: number; outcome: string }> = [];
const seconds = (t0: number) => (Date.now() - t0) / 1000;

async function main(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-large-faults-'));
  const specFile = path.join(dir, 'x.kpi.yaml');
  let engine: DuckDbEngine | undefined;
  try {
    // 1. A body line of LINE characters.
    const longLine = path.join(dir, 'long-line.csv');
    let fd = fs.openSync(longLine, 'w');
    fs.writeSync(fd, 'day,v,note\n2025-01-10,1,a\n2025-01-11,2,');
    writeRepeated(fd, Buffer.from('x'), LINE);
    fs.writeSync(fd, '\n2025-01-12,4,b\n');
    fs.closeSync(fd);
    let check = await checkKpiFile(specFile, spec('long-line.csv', '{ type: sum, source: s, column: v }'));
    engine = new DuckDbEngine({ allowedDirectories: allowedDirectories(check) });
    let t0 = Date.now();
    let run = await evaluateSpec(check, { engine });
    const lineError = run.diagnostics.find((d) => d.code === 'data-error');
    results.push({
      fault: `CSV with a ${LINE.toLocaleString('en')}-character line in the body`,
      ok: !!lineError && run.kpis.length === 0,
      seconds: seconds(t0),
      outcome: lineError ? `${lineError.code}: ${lineError.message.slice(0, 110)}…` : 'no data-error diagnostic',
    });
    fs.rmSync(longLine);

    // 2. A header line of LINE characters.
    const longHeader = path.join(dir, 'long-header.csv');
    fd = fs.openSync(longHeader, 'w');
    writeRepeated(fd, Buffer.from('x'), LINE);
    fs.closeSync(fd);
    t0 = Date.now();
    check = await checkKpiFile(specFile, spec('long-header.csv', '{ type: sum, source: s, column: v }'));
    const headerError = check.diagnostics.find((d) => d.code === 'unreadable-file');
    results.push({
      fault: `CSV whose header is a ${LINE.toLocaleString('en')}-character line`,
      ok: !!headerError,
      seconds: seconds(t0),
      outcome: headerError ? `${headerError.code}: ${headerError.message}` : 'no unreadable-file diagnostic',
    });
    fs.rmSync(longHeader);

    // 3. A BIG-byte CSV cancelled one second into its scan; then a small file runs.
    const big = path.join(dir, 'big.csv');
    fd = fs.openSync(big, 'w');
    fs.writeSync(fd, 'day,v,pad\n');
    const rows = Array.from(
      { length: 28 },
      (_, i) => `2025-01-${String(i + 1).padStart(2, '0')},${i % 10},abcdefghij\n`,
    ).join('');
    writeRepeated(fd, Buffer.from(rows), BIG - (BIG % Buffer.byteLength(rows)));
    fs.closeSync(fd);
    const bytes = fs.statSync(big).size;
    check = await checkKpiFile(specFile, spec('big.csv', '{ type: count, source: s }'));
    const controller = new AbortController();
    let sent = 0;
    const e = engine;
    const aborting: Engine = {
      query: (sql, params, options) => {
        if (++sent === 1) setTimeout(() => controller.abort(), Math.max(10, 1000 * SCALE));
        return e.query(sql, params, options);
      },
      close: () => e.close(),
    };
    t0 = Date.now();
    let cancelled = false;
    let abortAt = 0;
    controller.signal.addEventListener('abort', () => (abortAt = Date.now()));
    try {
      await evaluateSpec(check, { engine: aborting, signal: controller.signal });
    } catch (err) {
      cancelled = err instanceof EngineError && err.kind === 'cancelled';
    }
    const stopLag = abortAt ? (Date.now() - abortAt) / 1000 : NaN;
    results.push({
      fault: `${(bytes / 1024 ** 3).toFixed(2)} GB CSV, run cancelled after ${Math.max(10, 1000 * SCALE)} ms`,
      ok: cancelled && stopLag < 10,
      seconds: seconds(t0),
      outcome: cancelled ? `cancelled; stopped ${stopLag.toFixed(2)} s after the abort` : 'not cancelled',
    });
    fs.rmSync(big);

    const small = path.join(dir, 'small.csv');
    fs.writeFileSync(small, 'day,v\n2025-01-02,3\n2025-01-03,4\n');
    check = await checkKpiFile(specFile, spec('small.csv', '{ type: sum, source: s, column: v }'));
    t0 = Date.now();
    run = await evaluateSpec(check, { engine });
    const value = run.kpis[0]?.rows.find((r) => Object.keys(r.segment).length === 0)?.value;
    results.push({
      fault: 'the next run, on a small file (3 + 4)',
      ok: value === 7,
      seconds: seconds(t0),
      outcome: `value ${value}`,
    });
  } finally {
    await engine?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  for (const r of results)
    process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'} ${r.fault} — ${r.seconds.toFixed(2)} s — ${r.outcome}\n`);
  const failed = results.filter((r) => !r.ok).length;
  process.stdout.write(`faults:large: ${results.length - failed} passed, ${failed} failed (scale ${SCALE})\n`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(
      `faults:large: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(2);
  },
);
