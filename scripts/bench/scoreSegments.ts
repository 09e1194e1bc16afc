// Benchmark of score segments (issue 25; part of `npm run bench`, section (f)): at N customers
// (default 1 000 000) simulated from known BG/NBD and Gamma-Gamma parameters (times in whole
// days, as the engine's summary gives them), the time of the BG/NBD fit itself against the time
// of the segments from the scores — every customer's rfm, rfm_group, p_alive band, clv_decile
// and tenure band at one period end (stats/customerSegments.ts: the scoring, the quintile and
// decile sorts and the bands; the Gamma-Gamma fit is timed apart) — the target being ≤ 2× the
// fit; and the engine side: the customer's values sent back into DuckDB as the table the scans
// join (sql/scoreSegmentQuery.ts), over a summary table of N customers.
// Run alone: node out/scripts/bench/scoreSegments.js [N]
import { performance } from 'perf_hooks';
import { DuckDbEngine } from '../../src/core/engine/backends/duckdbEngine';
import { scoreLabelsTableSql } from '../../src/core/engine/sql/scoreSegmentQuery';
import { fitBgnbd } from '../../src/core/stats/bgnbd';
import { ClvScorer } from '../../src/core/stats/clvModel';
import { fitGammaGamma } from '../../src/core/stats/gammaGamma';
import { SCORE_KINDS, scoreSegmentValues } from '../../src/core/stats/customerSegments';
import type { ScoredCustomer } from '../../src/core/stats/customerSegments';
import { simulateCustomers } from '../../src/core/stats/simulate';
import { createRandom } from '../../src/core/util/random';

export interface ScoreSegmentsBench {
  customers: number;
  bgnbd_fit_ms: number;
  gamma_gamma_fit_ms: number;
  /** Per kind: the values of every customer at one period end. */
  segments_ms: Record<string, number>;
  segments_total_ms: number;
  /** segments_total_ms / bgnbd_fit_ms (target ≤ 2). */
  ratio_to_fit: number;
  under_target: boolean;
  /** DuckDB: the rfm_group values of every customer back into a table keyed by customer. */
  engine_upload_ms: number;
}

export async function benchScoreSegments(n = 1_000_000): Promise<ScoreSegmentsBench> {
  const random = createRandom(2025);
  const customers: ScoredCustomer[] = simulateCustomers(
    random,
    n,
    { r: 0.8, alpha: 20, a: 0.6, b: 4 },
    { p: 3, q: 6, v: 80 },
    (i) => 30 + (i % 700),
  ).map((c) => {
    const summary = { ...c, recency: Math.floor(c.recency), T: Math.floor(c.T) };
    return { summary, total: summary.monetary * (summary.frequency + 1) };
  });
  const summaries = customers.map((c) => c.summary);
  const t0 = performance.now();
  const bg = fitBgnbd(summaries);
  const t1 = performance.now();
  const gg = fitGammaGamma(summaries);
  const t2 = performance.now();
  if (!bg || !gg) throw new Error('the simulated customers should be fitted');
  const segments_ms: Record<string, number> = {};
  let rfmGroups: (string | null)[] = [];
  for (const kind of SCORE_KINDS) {
    const s = performance.now();
    const values = scoreSegmentValues(kind, customers, '2025-12-31', {
      bgnbd: bg.params,
      clv: new ClvScorer(bg.params, gg.params, 12, 0.01),
    });
    segments_ms[kind] = Math.round(performance.now() - s);
    if (kind === 'rfm_group') rfmGroups = values;
  }
  const total = Object.values(segments_ms).reduce((a, b) => a + b, 0);
  const fitMs = t1 - t0;

  // The engine side: a summary table of n customers, then their values as the scans' table.
  const engine = new DuckDbEngine({ allowedDirectories: [] });
  let upload: number;
  try {
    await engine.query(
      `CREATE TEMP TABLE bench_summary AS SELECT DATE '2025-12-31' AS "__e", 'c' || range AS "__k", range AS "__rn" FROM range(${n})`,
    );
    const dict = [...new Set(rfmGroups.filter((v): v is string => v !== null))].sort();
    const index = new Map(dict.map((v, j) => [v, j]));
    const s = performance.now();
    const indices = rfmGroups.map((v) => (v === null ? null : (index.get(v) ?? null)));
    const labels = scoreLabelsTableSql('bench_scores', 'bench_summary', [{ name: 'v0', dict, indices }]);
    await engine.query(labels.sql, labels.params);
    upload = performance.now() - s;
    const check = await engine.query('SELECT count(*) AS n, count("v0") AS named FROM bench_scores');
    if (Number(check[0].n) !== n || Number(check[0].named) !== n) throw new Error('the uploaded values are incomplete');
  } finally {
    await engine.close();
  }
  return {
    customers: n,
    bgnbd_fit_ms: Math.round(fitMs),
    gamma_gamma_fit_ms: Math.round(t2 - t1),
    segments_ms,
    segments_total_ms: total,
    ratio_to_fit: Math.round((total / fitMs) * 100) / 100,
    under_target: total <= 2 * fitMs,
    engine_upload_ms: Math.round(upload),
  };
}

export function scoreSegmentsLine(b: ScoreSegmentsBench): string {
  return `(f) score segments, ${b.customers} customers: BG/NBD fit ${b.bgnbd_fit_ms} ms (Gamma-Gamma ${b.gamma_gamma_fit_ms} ms); segments from the scores ${b.segments_total_ms} ms (${Object.entries(
    b.segments_ms,
  )
    .map(([k, v]) => `${k} ${v}`)
    .join(
      ', ',
    )}) = ${b.ratio_to_fit}× the fit (target ≤ 2: ${b.under_target ? 'met' : 'MISSED'}); values into DuckDB ${b.engine_upload_ms} ms`;
}

if (require.main === module) {
  const n = process.argv[2] ? Number(process.argv[2]) : 1_000_000;
  benchScoreSegments(n).then(
    (b) => process.stdout.write(`${scoreSegmentsLine(b)}\n${JSON.stringify(b)}\n`),
    (err: unknown) => {
      process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
