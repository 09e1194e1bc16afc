// Benchmark of the predictive CLV (part of `npm run bench`): fitting BG/NBD and Gamma-Gamma
// on 100 000 customers simulated from known parameters (times in whole days, as the engine's
// summary gives them; target: under 10 s for both fits), scoring them (12 months, 1 % a
// month), and the predictive clv with a 6-month back-test on the sample orders through the
// real engine (its MAE and Σ predicted / Σ actual are printed).
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { checkKpiFile } from '../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../src/core/engine/evaluation/evaluate';
import { fitBgnbd } from '../src/core/stats/bgnbd';
import { fitGammaGamma } from '../src/core/stats/gammaGamma';
import { ClvScorer } from '../src/core/stats/clvModel';
import { simulateCustomers } from '../src/core/stats/simulate';
import { createRandom } from '../src/core/util/random';

export const FIT_TARGET_MS = 10000;

export interface ClvBenchResult {
  clv_customers: number;
  clv_fit_bgnbd_ms: number;
  clv_fit_gamma_gamma_ms: number;
  clv_fit_total_ms: number;
  clv_score_ms: number;
  clv_fit_under_target: boolean;
  clv_sample_run_ms: number;
  clv_sample_backtest: {
    customers: number;
    mae: number;
    ratio: number | null;
    predicted: number;
    actual: number;
  } | null;
}

const SAMPLE_SPEC = [
  'kpilens: 1',
  'sources:',
  '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
  'periods:',
  '  monthly: { grain: month, last: 12 }',
  'kpis:',
  '  clv_predictive:',
  '    type: clv',
  '    method: predictive',
  '    revenue: orders.amount',
  '    discount_rate: 0.008',
  '    backtest: { holdout_months: 6 }',
  '    period: monthly',
  '',
].join('\n');

/** `dir` holds a copy of the sample data in `data/`. */
export async function benchPredictiveClv(dir: string): Promise<ClvBenchResult> {
  const n = 100000;
  const simulated = simulateCustomers(
    createRandom(2026),
    n,
    { r: 0.8, alpha: 20, a: 0.6, b: 4 },
    { p: 3, q: 6, v: 80 },
    (i) => 30 + (i % 700),
  ).map((c) => ({ ...c, recency: Math.floor(c.recency), T: Math.floor(c.T) }));
  const t0 = performance.now();
  const bg = fitBgnbd(simulated);
  const t1 = performance.now();
  const gg = fitGammaGamma(simulated);
  const t2 = performance.now();
  if (!bg || !gg) throw new Error('the simulated customers should be fitted');
  const scorer = new ClvScorer(bg.params, gg.params, 12, 0.01);
  for (const c of simulated) scorer.score(c);
  const t3 = performance.now();

  const file = path.join(dir, 'clv.kpi.yaml');
  fs.writeFileSync(file, SAMPLE_SPEC);
  const check = await checkKpiFile(file, SAMPLE_SPEC);
  const engine = new DuckDbEngine({ allowedDirectories: [dir, path.join(dir, 'data')] });
  const r0 = performance.now();
  let result;
  try {
    result = await evaluateSpec(check, { engine });
  } finally {
    await engine.close();
  }
  const runMs = performance.now() - r0;
  const bt = result.kpis[0]?.model?.backtest;
  return {
    clv_customers: n,
    clv_fit_bgnbd_ms: Number((t1 - t0).toFixed(1)),
    clv_fit_gamma_gamma_ms: Number((t2 - t1).toFixed(1)),
    clv_fit_total_ms: Number((t2 - t0).toFixed(1)),
    clv_score_ms: Number((t3 - t2).toFixed(1)),
    clv_fit_under_target: t2 - t0 < FIT_TARGET_MS,
    clv_sample_run_ms: Number(runMs.toFixed(1)),
    clv_sample_backtest: bt
      ? {
          customers: bt.customers,
          mae: Number(bt.mae.toFixed(4)),
          ratio: bt.ratio === null ? null : Number(bt.ratio.toFixed(4)),
          predicted: Number(bt.predicted.toFixed(1)),
          actual: bt.actual,
        }
      : null,
  };
}

export function printClvBench(r: ClvBenchResult, write: (text: string) => void): void {
  write(`predictive CLV on ${r.clv_customers} simulated customers (times in whole days)\n`);
  write(`  BG/NBD fit:                                        ${r.clv_fit_bgnbd_ms} ms\n`);
  write(`  Gamma-Gamma fit:                                   ${r.clv_fit_gamma_gamma_ms} ms\n`);
  write(
    `  both fits:                                         ${r.clv_fit_total_ms} ms (target < ${FIT_TARGET_MS} ms: ${r.clv_fit_under_target ? 'met' : 'MISSED'})\n`,
  );
  write(`  scoring (12 months, discounted):                   ${r.clv_score_ms} ms\n`);
  write(`predictive clv on the sample orders (12 monthly period ends + a 6-month back-test)\n`);
  write(`  run (DuckDB started, 13 fits):                     ${r.clv_sample_run_ms} ms\n`);
  const bt = r.clv_sample_backtest;
  write(
    bt
      ? `  back-test: ${bt.customers} customers, MAE ${bt.mae} purchases per customer, Σ predicted / Σ actual ${bt.ratio} (${bt.predicted} vs ${bt.actual})\n`
      : "  back-test: none (see the run's diagnostics)\n",
  );
}
