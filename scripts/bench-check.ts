// Benchmarks (`npm run bench`): the validator on a generated 300-KPI file on the sample
// data — cold (first check in the process), warm (headers cached, as while typing) and text
// only — and the engine on the sample KPI file (first run, with DuckDB's start, and a warm
// re-run), and the predictive CLV (bench-clv.ts); prints milliseconds and writes
// out/bench/check.json.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { checkKpiFile } from '../src/core/kpifile/checkFile';
import { HeaderCache } from '../src/core/data/headerCache';
import { DuckDbEngine } from '../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../src/core/engine/evaluation/evaluate';
import { benchPredictiveClv, printClvBench } from './bench-clv';

const ROOT = path.join(__dirname, '..', '..');

/** A KPI file with `count` KPIs of every kind over the sample sources. */
export function generateKpiFile(count: number): string {
  const out = [
    'kpilens: 1',
    'title: Generated',
    'sources:',
    '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
    '  customers: { file: data/customers.csv, time: signup_date, key: customer_id }',
    '  survey: { file: data/survey.csv, time: responded_at, key: customer_id }',
    '  marketing: { file: data/marketing_spend.csv, time: month }',
    'periods:',
    '  monthly: { grain: month, last: 12 }',
    '  quarterly: { grain: quarter, last: 4, compare: year_ago }',
    'segments:',
    '  channel: { by: channel }',
    '  plan: { by: customers.plan }',
    '  enterprise: { where: "customers.plan = \'enterprise\'" }',
    'defaults: { period: monthly }',
    'kpis:',
  ];
  const templates = [
    (i: number) => [
      `  revenue_${i}:`,
      '    type: sum',
      '    source: orders',
      '    column: amount',
      `    where: "status = 'paid' and amount > ${i % 50}"`,
      '    segments: [channel, plan]',
      '    format: currency',
      '    currency: EUR',
    ],
    (i: number) => [`  orders_${i}:`, '    type: count', '    source: orders', '    segments: [channel]'],
    (i: number) => [
      `  basket_${i}:`,
      '    type: ratio',
      `    numerator: revenue_${i - 2}`,
      `    denominator: orders_${i - 1}`,
      '    target: { min: 45 }',
    ],
    (i: number) => [
      `  nps_${i}:`,
      '    type: nps',
      '    source: survey',
      '    column: nps_score',
      '    period: quarterly',
      '    segments: [plan, enterprise]',
    ],
    (i: number) => [
      `  churn_${i}:`,
      '    type: churn',
      '    source: customers',
      '    start: signup_date',
      '    end: churn_date',
      '    target: { max: 0.05 }',
    ],
    (i: number) => [
      `  mix_${i}:`,
      '    type: formula',
      `    expr: "round(revenue_${i - 5} / coalesce(orders_${i - 4}, 1), 2) * 100"`,
    ],
  ];
  for (let i = 0; i < count; i++) out.push(...templates[i % templates.length](i));
  return out.join('\n') + '\n';
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-bench-'));
  fs.cpSync(path.join(ROOT, 'samples', 'data'), path.join(dir, 'data'), { recursive: true });
  const file = path.join(dir, 'generated.kpi.yaml');
  const text = generateKpiFile(300);
  fs.writeFileSync(file, text);
  const headers = new HeaderCache();

  const t0 = performance.now();
  const first = await checkKpiFile(file, text, { headers });
  const cold = performance.now() - t0;
  const errors = first.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`the generated file should be valid: ${errors[0].message}`);

  const measure = async (runs: number, fn: (i: number) => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await fn(i);
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b);
  };
  // Warm: as while typing, each run on a slightly different text, headers cached.
  const warm = await measure(30, (i) => checkKpiFile(file, text.replace('amount > 0', `amount > ${i}`), { headers }));
  const textOnly = await measure(30, (i) =>
    checkKpiFile(file, text.replace('amount > 0', `amount > ${i}`), { data: false }),
  );

  // The engine on the sample KPI file (11 KPIs, 65 000 orders).
  const sampleFile = path.join(ROOT, 'samples', 'loyalty.kpi.yaml');
  const sampleCheck = await checkKpiFile(sampleFile, fs.readFileSync(sampleFile, 'utf8'));
  const engine = new DuckDbEngine({
    allowedDirectories: [path.join(ROOT, 'samples'), path.join(ROOT, 'samples', 'data')],
  });
  const r0 = performance.now();
  await evaluateSpec(sampleCheck, { engine });
  const runCold = performance.now() - r0;
  const runs = await measure(5, () => evaluateSpec(sampleCheck, { engine }));
  await engine.close();
  const clv = await benchPredictiveClv(dir);

  const result = {
    sample_run_cold_ms: Number(runCold.toFixed(1)),
    sample_run_warm_p50_ms: Number(percentile(runs, 50).toFixed(1)),
    kpis: first.model.kpis.size,
    lines: text.split('\n').length,
    cold_ms: Number(cold.toFixed(1)),
    warm_p50_ms: Number(percentile(warm, 50).toFixed(1)),
    warm_p95_ms: Number(percentile(warm, 95).toFixed(1)),
    text_only_p50_ms: Number(percentile(textOnly, 50).toFixed(1)),
    text_only_p95_ms: Number(percentile(textOnly, 95).toFixed(1)),
    ...clv,
    node: process.version,
    cpus: os.cpus().length,
  };
  process.stdout.write(`check of a ${result.kpis}-KPI file (${result.lines} lines) on the sample data\n`);
  process.stdout.write(`  cold (first check, schema compiled, headers read): ${result.cold_ms} ms\n`);
  process.stdout.write(
    `  warm (headers cached, as while typing):            p50 ${result.warm_p50_ms} ms, p95 ${result.warm_p95_ms} ms\n`,
  );
  process.stdout.write(
    `  text only (no data files):                         p50 ${result.text_only_p50_ms} ms, p95 ${result.text_only_p95_ms} ms\n`,
  );
  process.stdout.write(`run of the sample KPI file (11 KPIs, 65k orders) with DuckDB\n`);
  process.stdout.write(`  first run (DuckDB child started):                  ${result.sample_run_cold_ms} ms\n`);
  process.stdout.write(
    `  re-run (same engine):                              p50 ${result.sample_run_warm_p50_ms} ms\n`,
  );
  printClvBench(clv, (t) => process.stdout.write(t));
  const outDir = path.join(ROOT, 'out', 'bench');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'check.json'), JSON.stringify(result, null, 2) + '\n');
  fs.rmSync(dir, { recursive: true, force: true });
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
