// The predictive CLV's percentile bootstrap and calibration table: the type-7 quantile and
// the buckets by hand; the bootstrap against an independent re-computation in this test
// (the same seeded draws, fits and scores, means and quantiles written out here), the same
// interval for the same seed and another for another seed.
import { strict as assert } from 'assert';
import {
  bootstrapClv,
  calibrationBuckets,
  percentileInterval,
  quantileSorted,
} from '../../../src/core/stats/clvBootstrap';
import { ClvScorer, fitClvModel } from '../../../src/core/stats/clvModel';
import type { CustomerSummary } from '../../../src/core/stats/customerSummary';
import { simulateCustomers } from '../../../src/core/stats/simulate';
import { createRandom } from '../../../src/core/util/random';

describe('predictive CLV: bootstrap intervals and calibration', function () {
  this.timeout(120_000);

  it('type-7 quantiles and the percentile interval, by hand', () => {
    // [1, 2, 3, 4, 5]: p = 0.025 → h = 4 × 0.025 = 0.1 → 1 + 0.1 × (2 − 1) = 1.1;
    // p = 0.975 → h = 3.9 → 4 + 0.9 × (5 − 4) = 4.9; p = 0.5 → h = 2 → 3.
    assert.equal(quantileSorted([1, 2, 3, 4, 5], 0.5), 3);
    assert.ok(Math.abs((quantileSorted([1, 2, 3, 4, 5], 0.025) ?? NaN) - 1.1) < 1e-12);
    assert.ok(Math.abs((quantileSorted([1, 2, 3, 4, 5], 0.975) ?? NaN) - 4.9) < 1e-12);
    // Unsorted input, confidence 0.9: p = 0.05 and 0.95 of [10, 20, 30] → h = 0.1 and 1.9 → 11 and 29.
    const ci = percentileInterval([30, 10, 20], 0.9);
    assert.ok(Math.abs((ci.low ?? NaN) - 11) < 1e-12 && Math.abs((ci.high ?? NaN) - 29) < 1e-12);
    assert.deepEqual(percentileInterval([], 0.95), { low: null, high: null });
    assert.equal(quantileSorted([7], 0.975), 7);
  });

  it('calibration buckets: 0 … 6 and 7 or more, mean predicted and actual per bucket', () => {
    const rows = [
      { frequency: 0, predicted: 0.1, actual: 0 },
      { frequency: 0, predicted: 0.3, actual: 1 },
      { frequency: 2, predicted: 1.5, actual: 2 },
      { frequency: 7, predicted: 4, actual: 3 },
      { frequency: 12, predicted: 6, actual: 8 },
    ];
    // f0: 2 customers, predicted (0.1 + 0.3)/2 = 0.2, actual 1/2; f2: 1.5, 2; 7+: (4 + 6)/2 = 5, (3 + 8)/2 = 5.5.
    const b = calibrationBuckets(rows);
    assert.deepEqual(
      b.map((x) => [x.frequency, x.or_more, x.customers, Math.round(x.predicted * 1e9) / 1e9, x.actual]),
      [
        [0, false, 2, 0.2, 0.5],
        [2, false, 1, 1.5, 2],
        [7, true, 2, 5, 5.5],
      ],
    );
    assert.deepEqual(calibrationBuckets([]), []);
  });

  it('the bootstrap equals a re-computation written out here; the same seed gives the same interval', () => {
    const random = createRandom(42);
    const customers: CustomerSummary[] = simulateCustomers(
      random,
      200,
      { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
      { p: 6.25, q: 3.74, v: 15.44 },
      (i) => 100 + (i % 150),
    ).map((c) => ({ frequency: c.frequency, recency: c.recency, T: c.T, monetary: c.monetary }));
    // Two slices: everyone (0) and the even-numbered customers (1).
    const slicesOf = customers.map((_c, i) => (i % 2 === 0 ? [0, 1] : [0]));
    const input = {
      customers,
      slicesOf,
      slices: 2,
      samples: 25,
      seed: 7,
      confidence: 0.9,
      horizonMonths: 12,
      discountRate: 0,
    };
    const got = bootstrapClv(input);

    // The same by hand: 25 samples of 200 indices drawn with random.int(0, 199) from seed 7, each refitted.
    const draws = createRandom(7);
    const means: number[][] = [[], []];
    let failed = 0;
    for (let b = 0; b < 25; b++) {
      const picks = Array.from({ length: 200 }, () => draws.int(0, 199));
      const fit = fitClvModel(picks.map((i) => customers[i]));
      if (!fit.ok) {
        failed++;
        continue;
      }
      const scorer = new ClvScorer(fit.model.bgnbd.params, fit.model.gammaGamma.params, 12, 0);
      for (const k of [0, 1]) {
        const chosen = picks.filter((i) => slicesOf[i].includes(k));
        const clvs = chosen.map((i) => scorer.score(customers[i])?.clv).filter((v): v is number => v !== undefined);
        means[k].push(clvs.reduce((s, v) => s + v, 0) / clvs.length);
      }
    }
    assert.equal(got.failed, failed);
    for (const k of [0, 1]) {
      const sorted = [...means[k]].sort((a, b) => a - b);
      // 90 %: the 0.05 and 0.95 quantiles, h = (m − 1) × p.
      const q = (p: number) => {
        const h = (sorted.length - 1) * p;
        const lo = Math.floor(h);
        return sorted[lo] + (h - lo) * (sorted[Math.min(sorted.length - 1, lo + 1)] - sorted[lo]);
      };
      assert.equal(got.intervals[k].samples, sorted.length);
      assert.ok(Math.abs((got.intervals[k].low ?? NaN) - q(0.05)) < 1e-9, `low ${k}`);
      assert.ok(Math.abs((got.intervals[k].high ?? NaN) - q(0.95)) < 1e-9, `high ${k}`);
      assert.ok((got.intervals[k].low ?? NaN) < (got.intervals[k].high ?? NaN));
    }
    // The point estimate (the full data's mean CLV) lies inside the whole population's interval.
    const full = fitClvModel(customers);
    assert.ok(full.ok);
    const scorer = new ClvScorer(full.model.bgnbd.params, full.model.gammaGamma.params, 12, 0);
    const point = customers.reduce((s, c) => s + (scorer.score(c)?.clv ?? 0), 0) / customers.length;
    assert.ok((got.intervals[0].low ?? NaN) <= point && point <= (got.intervals[0].high ?? NaN), `${point}`);
    assert.deepEqual(bootstrapClv(input), got, 'deterministic');
    assert.notDeepEqual(bootstrapClv({ ...input, seed: 8 }).intervals, got.intervals);
  });
});
