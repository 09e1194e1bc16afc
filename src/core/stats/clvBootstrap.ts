// Uncertainty and calibration of the predictive CLV.
// - Bootstrap (Efron & Tibshirani 1993, ch. 13, the percentile interval): B samples of the
//   customers drawn with replacement (n of n, each customer keeping its segment values) from
//   a seeded stream (util/random.ts: the same seed gives the same samples on every machine);
//   each sample refits BG/NBD + Gamma-Gamma (clvModel.ts) and scores its own customers; the
//   statistic is each segment's mean CLV. The interval of a segment is the (1 − c)/2 and
//   (1 + c)/2 quantiles of its B means (type 7: linear between order statistics, as R's
//   default and numpy's). A sample whose model cannot be fitted is left out and counted;
//   a segment with no customer in a sample has no mean there.
// - Calibration (lifetimes' plot_calibration_purchases_vs_holdout_purchases): customers of
//   the back-test grouped by their frequency (repeat purchase days) in the calibration
//   window, 0, 1, … up to `buckets − 1` and "≥ buckets − 1"; per bucket the mean predicted
//   and the mean actual purchase days in the holdout.
import { ClvScorer, fitClvModel } from './clvModel';
import type { CustomerSummary } from './customerSummary';
import { createRandom } from '../util/random';

/** The type-7 quantile of sorted values (0 ≤ p ≤ 1): x[h] + (h − ⌊h⌋)(x[h+1] − x[h]), h = (n − 1) p. */
export function quantileSorted(sorted: readonly number[], p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** The percentile interval of replicate values at a confidence level; nulls when none. */
export function percentileInterval(
  values: readonly number[],
  confidence: number,
): { low: number | null; high: number | null } {
  const sorted = [...values].sort((a, b) => a - b);
  return { low: quantileSorted(sorted, (1 - confidence) / 2), high: quantileSorted(sorted, (1 + confidence) / 2) };
}

export interface BootstrapInput {
  customers: readonly CustomerSummary[];
  /** For each customer, the indices of the segments (slices) it belongs to. */
  slicesOf: readonly (readonly number[])[];
  slices: number;
  samples: number;
  seed: number;
  confidence: number;
  horizonMonths: number;
  discountRate: number;
}

export interface BootstrapResult {
  /** Per slice: the percentile interval of its mean CLV (nulls when no sample gave it a mean). */
  intervals: { low: number | null; high: number | null; samples: number }[];
  /** Samples whose models could not be fitted (left out). */
  failed: number;
}

/** The seeded percentile bootstrap of each slice's mean predicted CLV (each sample refits the models). */
export function bootstrapClv(q: BootstrapInput): BootstrapResult {
  const n = q.customers.length;
  const random = createRandom(q.seed);
  const means: number[][] = Array.from({ length: q.slices }, () => []);
  let failed = 0;
  const picks = new Int32Array(n);
  for (let b = 0; b < q.samples; b++) {
    for (let i = 0; i < n; i++) picks[i] = random.int(0, n - 1);
    const sample = Array.from(picks, (i) => q.customers[i]);
    const fit = fitClvModel(sample);
    if (!fit.ok) {
      failed++;
      continue;
    }
    const scorer = new ClvScorer(fit.model.bgnbd.params, fit.model.gammaGamma.params, q.horizonMonths, q.discountRate);
    const sum = new Float64Array(q.slices);
    const count = new Int32Array(q.slices);
    for (const i of picks) {
      const s = scorer.score(q.customers[i]);
      if (!s) continue;
      for (const k of q.slicesOf[i]) {
        sum[k] += s.clv;
        count[k]++;
      }
    }
    for (let k = 0; k < q.slices; k++) if (count[k] > 0) means[k].push(sum[k] / count[k]);
  }
  return {
    intervals: means.map((m) => ({ ...percentileInterval(m, q.confidence), samples: m.length })),
    failed,
  };
}

export interface CalibrationBucket {
  /** Repeat purchase days in the calibration window (the last bucket: this many or more). */
  frequency: number;
  or_more: boolean;
  customers: number;
  /** Mean predicted purchase days in the holdout. */
  predicted: number;
  /** Mean actual purchase days in the holdout. */
  actual: number;
}

/** Customers by calibration frequency 0 … buckets − 2 and "≥ buckets − 1", with mean predicted and actual holdout purchases. */
export function calibrationBuckets(
  rows: readonly { frequency: number; predicted: number; actual: number }[],
  buckets = 8,
): CalibrationBucket[] {
  const top = buckets - 1;
  const acc = Array.from({ length: buckets }, () => ({ customers: 0, predicted: 0, actual: 0 }));
  for (const r of rows) {
    const a = acc[Math.min(top, r.frequency)];
    a.customers++;
    a.predicted += r.predicted;
    a.actual += r.actual;
  }
  return acc.flatMap((a, f) =>
    a.customers === 0
      ? []
      : [
          {
            frequency: f,
            or_more: f === top,
            customers: a.customers,
            predicted: a.predicted / a.customers,
            actual: a.actual / a.customers,
          },
        ],
  );
}
