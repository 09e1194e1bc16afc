// The predictive CLV's math: special functions against known values, BG/NBD's expected
// purchases and P(alive) against hand-checked closed forms and the published example of
// Fader, Hardie & Lee (2005), Gamma-Gamma's conditional spend by hand, parameter recovery on
// customers simulated from known parameters, Nelder–Mead on known minima, degenerate data.
import { strict as assert } from 'assert';
import {
  bgnbdNegLogLikelihood,
  compileBgnbdData,
  expectedPurchases,
  fitBgnbd,
  probabilityAlive,
} from '../../../src/core/stats/bgnbd';
import type { BgnbdParams } from '../../../src/core/stats/bgnbd';
import { ClvScorer, fitClvModel, frequencyMonetaryCorrelation } from '../../../src/core/stats/clvModel';
import type { CustomerSummary } from '../../../src/core/stats/customerSummary';
import { DAYS_PER_MONTH } from '../../../src/core/stats/customerSummary';
import { expectedSpend, fitGammaGamma, gammaGammaNegLogLikelihood } from '../../../src/core/stats/gammaGamma';
import type { GammaGammaParams } from '../../../src/core/stats/gammaGamma';
import { nelderMead } from '../../../src/core/stats/nelderMead';
import { simulateCustomers } from '../../../src/core/stats/simulate';
import { logGamma, scaledHyp2f1 } from '../../../src/core/stats/specialFunctions';
import { createRandom } from '../../../src/core/util/random';

const close = (actual: number, expected: number, tol: number, what = '') =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what} ${actual} is not within ${tol} of ${expected}`);
const customer = (frequency: number, recency: number, T: number, monetary = 0): CustomerSummary => ({
  frequency,
  recency,
  T,
  monetary,
});

describe('stats: special functions', () => {
  it('ln Γ at known values', () => {
    close(logGamma(1), 0, 1e-14, 'lnΓ(1)');
    close(logGamma(2), 0, 1e-14, 'lnΓ(2)');
    close(logGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-14, 'lnΓ(½) = ln √π');
    close(logGamma(10), Math.log(362880), 1e-12, 'lnΓ(10) = ln 9!');
    close(logGamma(1e-3), 6.907178885383854, 1e-12, 'lnΓ(0.001)');
    // ln Γ(101) = ln 100! = Σ ln k for k = 2..100.
    let lnFact = 0;
    for (let k = 2; k <= 100; k++) lnFact += Math.log(k);
    close(logGamma(101), lnFact, 1e-10, 'lnΓ(101)');
    assert.ok(Number.isNaN(logGamma(0)) && Number.isNaN(logGamma(-1)));
  });

  it('2F1 against its elementary cases', () => {
    // 2F1(1, 1; 2; z) = −ln(1 − z) / z; at z = ½: 2 ln 2.
    close(scaledHyp2f1(1, 1, 2, 0.5), 2 * Math.LN2, 1e-14, '2F1(1,1;2;½)');
    // 2F1(A, B; B; z) = (1 − z)^−A; A = 3.5, z = 0.9: 10^3.5.
    close(scaledHyp2f1(3.5, 2, 2, 0.9) / 10 ** 3.5, 1, 1e-12, '2F1(3.5,2;2;0.9)');
    // With a scale: e^(ln 0.1^3.5) × 10^3.5 = 1.
    close(scaledHyp2f1(3.5, 2, 2, 0.9, 3.5 * Math.log(0.1)), 1, 1e-12, 'scaled');
    // Huge intermediate terms: 2F1(400, 1; 1; 0.9) = 10^400 overflows, scaled by 0.1^400 it is 1.
    close(scaledHyp2f1(400, 1, 1, 0.9, 400 * Math.log(0.1)), 1, 1e-9, 'rescaled sum');
  });
});

describe('stats: Nelder–Mead', () => {
  it("finds the minimum of a shifted quadratic and of Rosenbrock's valley", () => {
    const q = nelderMead((x) => (x[0] - 3) ** 2 + 10 * (x[1] + 1) ** 2, [0, 0]);
    assert.ok(q.converged);
    close(q.x[0], 3, 1e-4, 'x');
    close(q.x[1], -1, 1e-4, 'y');
    const rosen = nelderMead((x) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2, [-1.2, 1]);
    assert.ok(rosen.converged);
    close(rosen.x[0], 1, 1e-3, 'x');
    close(rosen.x[1], 1, 1e-3, 'y');
  });

  it('says it did not converge when the evaluation budget runs out', () => {
    const r = nelderMead((x) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2, [-1.2, 1], { maxEvaluations: 20 });
    assert.equal(r.converged, false);
    assert.ok(r.evaluations <= 20 + 3 && Number.isFinite(r.value));
  });

  it('treats NaN as +∞ (an objective may refuse a point)', () => {
    const r = nelderMead((x) => (x[0] < 0 ? NaN : (x[0] - 2) ** 2), [5]);
    close(r.x[0], 2, 1e-4, 'x');
  });
});

describe('stats: BG/NBD', () => {
  const PAPER: BgnbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

  it('expected purchases: the published example of Fader, Hardie & Lee (2005)', () => {
    // CDNOW, weeks: a customer with x = 2, t_x = 30.43, T = 38.86 is expected to make 1.226
    // purchases in the next 39 weeks (FHL 2005, section 5).
    close(expectedPurchases(PAPER, customer(2, 30.43, 38.86), 39), 1.226, 0.0005, 'E[Y(39)]');
  });

  it('expected purchases: a case where 2F1 is elementary, checked by hand', () => {
    // r = 2, α = 10, a = 2, b = 1, x = 0, T = 20, t = 30: c = a+b+x−1 = 2 = r, so
    // 2F1(2, 1; 2; z) = (1 − z)^−1 and ((α+T)/(α+T+t))^2 · 2F1 = 30/60 = ½.
    // E = (a+b−1)/(a−1) · (1 − ½) = 2 · ½ = 1 (x = 0: alive for sure).
    // By integration: p ~ Beta(2, 1) (density 2p), E = ∫ 2p · (1/p)(1 − (30/(30+30p))²) dp
    //   = 2 (1 − 30²·(1/30)(1/30 − 1/60)) = 2 · ½ = 1.
    close(expectedPurchases({ r: 2, alpha: 10, a: 2, b: 1 }, customer(0, 0, 20), 30), 1, 1e-12, 'E[Y(30)]');
    close(expectedPurchases({ r: 2, alpha: 10, a: 2, b: 1 }, customer(0, 0, 20), 0), 0, 0, 'E[Y(0)]');
  });

  it('expected purchases agree with a numerical integral over the dropout probability', () => {
    // Given alive, λ ~ Gamma(r+x, α+T) and p ~ Beta(a, b+x) independently, and
    // E[Y(t)] = P(alive) · E_p[(1 − ((α+T)/(α+T+p t))^(r+x)) / p]. Midpoint rule on p = u^(1/a).
    const P: BgnbdParams = { r: 0.7, alpha: 12, a: 1.6, b: 3.2 };
    const c = customer(3, 40, 90);
    const t = 120;
    const k = P.alpha + c.T;
    const s = P.r + c.frequency;
    const B = P.b + c.frequency;
    const steps = 200000;
    let integral = 0;
    let mass = 0;
    for (let i = 0; i < steps; i++) {
      const u = (i + 0.5) / steps;
      const p = u ** (1 / P.a); // p^(a−1) dp = du / a
      const w = (1 - p) ** (B - 1);
      integral += (w * (1 - (k / (k + p * t)) ** s)) / p;
      mass += w;
    }
    const expected = (integral / mass) * probabilityAlive(P, c);
    close(expectedPurchases(P, c, t), expected, 1e-4, 'E[Y(120)]');
    // a = 1 is a removable 0/0 of the closed form: continuous across it.
    const near = (a: number) => expectedPurchases({ ...P, a }, c, t);
    close(near(1), (near(1 - 1e-4) + near(1 + 1e-4)) / 2, 1e-6, 'at a = 1');
  });

  it('P(alive) by hand', () => {
    // r = 1, α = 1, a = 1, b = 1, x = 2, t_x = 1, T = 3:
    // 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)) = 1 / (1 + ½ · 2³) = 1/5.
    close(probabilityAlive({ r: 1, alpha: 1, a: 1, b: 1 }, customer(2, 1, 3)), 0.2, 1e-15, 'P(alive)');
    assert.equal(probabilityAlive({ r: 1, alpha: 1, a: 1, b: 1 }, customer(0, 0, 3)), 1, 'no repeat purchase: alive');
    // Extreme: a thousand purchases long ago gives 0, never NaN.
    assert.equal(probabilityAlive(PAPER, customer(1000, 1, 1000)), 0);
  });

  it('the log-likelihood of one customer by hand', () => {
    // r = α = a = b = 1, x = 1, t_x = 1, T = 2:
    // Γ(2)·1/Γ(1) · B(1, 2)/B(1, 1) · [(1+2)^−2 + 1/(1+1−1) · (1+1)^−2] = ½ · (1/9 + 1/4) = 13/72.
    const d = compileBgnbdData([customer(1, 1, 2)]);
    close(bgnbdNegLogLikelihood({ r: 1, alpha: 1, a: 1, b: 1 }, d), -Math.log(13 / 72), 1e-13, '−ln L');
  });
});

describe('stats: Gamma-Gamma', () => {
  it('conditional expected spend by hand', () => {
    // p = 6, q = 4, γ = 15, x = 2, m = 20: (p(γ + x m)) / (px + q − 1) = 6·55 / 15 = 22.
    close(expectedSpend({ p: 6, q: 4, v: 15 }, customer(2, 5, 10, 20)) ?? NaN, 22, 1e-12, 'E[M]');
    // No repeat purchase: the population mean pγ/(q − 1) = 90 / 3 = 30.
    close(expectedSpend({ p: 6, q: 4, v: 15 }, customer(0, 0, 10, 0)) ?? NaN, 30, 1e-12, 'E[M], x = 0');
    assert.equal(expectedSpend({ p: 6, q: 1, v: 15 }, customer(0, 0, 10)), null, 'q ≤ 1: infinite mean, no number');
  });

  it('the log-likelihood of one customer by hand', () => {
    // p = 1, q = 2, γ = 1, x = 1, m = 1: Γ(3)/(Γ(1)Γ(2)) · 1² · 1⁰ · 1¹ / (1 + 1)³ = 2/8 = ¼.
    close(gammaGammaNegLogLikelihood({ p: 1, q: 2, v: 1 }, [customer(1, 1, 2, 1)]), Math.log(4), 1e-13, '−ln L');
  });
});

describe('stats: parameter recovery on simulated customers', function () {
  this.timeout(60000);
  // Three parameter sets, 6 000 customers each (seeded), observed for different ages (days).
  const SETS: { bg: BgnbdParams; gg: GammaGammaParams; T: (i: number) => number; seed: number }[] = [
    { bg: { r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, gg: { p: 6, q: 4, v: 15 }, T: (i) => 30 + (i % 40) * 2, seed: 1 },
    { bg: { r: 1.5, alpha: 40, a: 1.5, b: 6 }, gg: { p: 3, q: 8, v: 200 }, T: (i) => 100 + (i % 100) * 3, seed: 2 },
    { bg: { r: 0.8, alpha: 20, a: 0.5, b: 4 }, gg: { p: 2, q: 5, v: 60 }, T: () => 365, seed: 3 },
  ];
  // Tolerances (relative): r and α within 10 %; a and b within 20 % (dropout is seen only
  // through repeat buyers); p, q and γ within 30 % each (p and γ trade off), the population
  // mean spend pγ/(q−1) within 5 %.
  for (const { bg, gg, T, seed } of SETS) {
    it(`recovers r=${bg.r} α=${bg.alpha} a=${bg.a} b=${bg.b} and p=${gg.p} q=${gg.q} γ=${gg.v}`, () => {
      const customers = simulateCustomers(createRandom(seed), 6000, bg, gg, T);
      const fit = fitBgnbd(customers);
      assert.ok(fit && fit.converged && !fit.atBound);
      const rel = (o: number, t: number) => Math.abs(o / t - 1);
      assert.ok(rel(fit.params.r, bg.r) < 0.1, `r ${fit.params.r}`);
      assert.ok(rel(fit.params.alpha, bg.alpha) < 0.1, `α ${fit.params.alpha}`);
      assert.ok(rel(fit.params.a, bg.a) < 0.2, `a ${fit.params.a}`);
      assert.ok(rel(fit.params.b, bg.b) < 0.2, `b ${fit.params.b}`);
      // The maximum beats the true parameters' likelihood (what "maximum" means).
      assert.ok(
        -fit.logLikelihood / customers.length <= bgnbdNegLogLikelihood(bg, compileBgnbdData(customers)) + 1e-12,
      );
      const g = fitGammaGamma(customers);
      assert.ok(g && g.converged && !g.atBound);
      assert.ok(rel(g.params.p, gg.p) < 0.3, `p ${g.params.p}`);
      assert.ok(rel(g.params.q, gg.q) < 0.3, `q ${g.params.q}`);
      assert.ok(rel(g.params.v, gg.v) < 0.3, `γ ${g.params.v}`);
      assert.ok(rel((g.params.p * g.params.v) / (g.params.q - 1), (gg.p * gg.v) / (gg.q - 1)) < 0.05, 'mean spend');
      assert.ok(-g.logLikelihood / g.customers <= gammaGammaNegLogLikelihood(gg, customers) + 1e-12);
    });
  }

  it('predicts the simulated holdout purchases in aggregate', () => {
    // Same customers observed 180 more days: Σ predicted / Σ actual within 10 % of 1.
    const bg = { r: 0.8, alpha: 20, a: 0.5, b: 4 };
    const customers = simulateCustomers(
      createRandom(9),
      6000,
      bg,
      { p: 2, q: 5, v: 60 },
      (i) => 200 + (i % 50) * 4,
      180,
    );
    const fit = fitBgnbd(customers);
    assert.ok(fit);
    const predicted = customers.reduce((s, c) => s + expectedPurchases(fit.params, c, 180), 0);
    const actual = customers.reduce((s, c) => s + c.holdoutPurchases, 0);
    assert.ok(Math.abs(predicted / actual - 1) < 0.1, `ratio ${predicted / actual}`);
  });
});

describe('stats: predictive CLV', () => {
  const BG: BgnbdParams = { r: 2, alpha: 10, a: 2, b: 1 };
  const GG: GammaGammaParams = { p: 6, q: 4, v: 15 };

  it('CLV = expected purchases × expected spend, discounted month by month', () => {
    // Undiscounted: E[Y(12 τ)] × E[M]; x = 0 so E[M] = 30 (by hand above).
    const c = customer(0, 0, 20);
    const s = new ClvScorer(BG, GG, 12, 0).score(c);
    assert.ok(s);
    close(s.clv, expectedPurchases(BG, c, 12 * DAYS_PER_MONTH) * 30, 1e-9, 'clv');
    assert.equal(s.expectedSpend, 30);
    assert.equal(s.probabilityAlive, 1);
    // Two months at 10 % a month: (E1·30)/1.1 + ((E2 − E1)·30)/1.21.
    const e1 = expectedPurchases(BG, c, DAYS_PER_MONTH);
    const e2 = expectedPurchases(BG, c, 2 * DAYS_PER_MONTH);
    const d = new ClvScorer(BG, GG, 2, 0.1).score(c);
    close(d?.clv ?? NaN, (e1 * 30) / 1.1 + ((e2 - e1) * 30) / 1.21, 1e-9, 'discounted');
  });

  it('extreme customers and a 50-year horizon still give finite scores', () => {
    // T = 0 (first purchase on the period end), 600 months ahead: 2F1 at z = 18262/18272;
    // 500 purchase days in 700 days; a customer silent for years.
    const scorer = new ClvScorer({ r: 0.9, alpha: 10, a: 0.7, b: 3 }, GG, 600, 0.005);
    for (const c of [customer(0, 0, 0), customer(500, 699, 700, 40), customer(3, 10, 3000, 25)]) {
      const s = scorer.score(c);
      assert.ok(
        s && [s.clv, s.expectedPurchases, s.probabilityAlive, s.expectedSpend].every(Number.isFinite),
        JSON.stringify(c),
      );
      assert.ok(s.expectedPurchases >= 0 && s.probabilityAlive >= 0 && s.probabilityAlive <= 1);
    }
  });

  it('degenerate data give a reason, never NaN', () => {
    const ones = Array.from({ length: 50 }, (_, i) => customer(0, 0, 10 + i));
    const r1 = fitClvModel(ones);
    assert.ok(!r1.ok && /one-time buyers/.test(r1.reason));
    const r2 = fitClvModel([customer(3, 20, 40, 12)]);
    assert.ok(!r2.ok && /only 1 customer/.test(r2.reason));
    const zero = Array.from({ length: 30 }, (_, i) => customer(i % 3, i % 3 ? 5 : 0, 40, 0));
    const r3 = fitClvModel(zero);
    assert.ok(!r3.ok && /positive spend/.test(r3.reason));
    const same = Array.from({ length: 30 }, (_, i) => customer(i % 3, i % 3 ? 5 : 0, 40, i % 3 ? 25 : 0));
    const r4 = fitClvModel(same);
    assert.ok(!r4.ok && /all spend the same/.test(r4.reason));
    const one = [customer(2, 5, 40, 10), ...ones];
    const r5 = fitClvModel(one);
    assert.ok(!r5.ok && /only 1 of 51 customers bought again/.test(r5.reason));
    assert.equal(fitClvModel([]).ok, false);
  });

  it('the correlation of frequency and spend among repeat buyers', () => {
    // (1, 10), (2, 20), (3, 30): perfectly correlated; one-time buyers are left out.
    close(
      frequencyMonetaryCorrelation([
        customer(1, 1, 9, 10),
        customer(2, 2, 9, 20),
        customer(3, 3, 9, 30),
        customer(0, 0, 9),
      ]) ?? NaN,
      1,
      1e-12,
      'ρ',
    );
    assert.equal(frequencyMonetaryCorrelation([customer(1, 1, 9, 10), customer(2, 2, 9, 20)]), null, 'fewer than 3');
  });
});
