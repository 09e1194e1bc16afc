// Confidence intervals and change tests of the survey and rate KPIs against values worked
// out by hand (the arithmetic is in the comments; z = Φ⁻¹(0.975) = 1.959964,
// z² = 3.841459), including n = 0, p = 0, p = 1 and degenerate NPS answers.
import { strict as assert } from 'assert';
import { npsDifferenceTest, twoProportionTest, changeTest } from '../../../src/core/stats/changeSignificance';
import { npsInterval, wilsonInterval, intervalOf } from '../../../src/core/stats/intervals';
import { normalCdf, normalQuantile, twoSidedTail, twoSidedZ } from '../../../src/core/stats/normal';

const close = (actual: number | undefined, expected: number, tol = 1e-5, what = '') =>
  assert.ok(
    actual !== undefined && Math.abs(actual - expected) <= tol,
    `${what} ${actual} is not within ${tol} of ${expected}`,
  );

describe('normal distribution', () => {
  it('Φ and Φ⁻¹ at the usual points', () => {
    close(normalCdf(0), 0.5, 1e-7);
    close(normalCdf(1.959964), 0.975, 1e-6);
    close(normalCdf(-1.644854), 0.05, 1e-6);
    close(normalQuantile(0.975), 1.959964, 1e-6);
    close(normalQuantile(0.05), -1.644854, 1e-6);
    close(normalQuantile(0.995), 2.575829, 1e-6);
    close(normalQuantile(0.001), -3.090232, 1e-6); // lower tail branch
    close(twoSidedZ(0.95), 1.959964, 1e-6);
    close(twoSidedZ(0.9), 1.644854, 1e-6);
    assert.equal(normalQuantile(0), -Infinity);
    assert.equal(normalQuantile(1), Infinity);
    assert.throws(() => normalQuantile(1.5), RangeError);
  });

  it('the two-sided tail far out: z = 10 and 20 against published values, never 0', () => {
    // Published: 1 − Φ(10) = 7.6198530241605260659733e-24, 1 − Φ(20) = 2.7536241186062336951e-89
    // (Wolfram|Alpha, 1 - CDF[NormalDistribution[], x]). Checked here by the asymptotic series
    // 1 − Φ(x) = φ(x)/x · (1 − 1/x² + 3/x⁴ − 15/x⁶ + 105/x⁸ − …), φ(x) = e^(−x²/2)/√(2π):
    // at x = 10, φ = 7.6945986267064e-23 and the bracket 0.99028596 give 7.61985e-24.
    const asymptotic = (x: number) =>
      (Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI) / x) *
      (1 - 1 / x ** 2 + 3 / x ** 4 - 15 / x ** 6 + 105 / x ** 8 - 945 / x ** 10);
    for (const [z, upper] of [
      [10, Number('7.6198530241605260659733e-24')],
      [20, Number('2.7536241186062336951e-89')],
    ]) {
      close(asymptotic(z) / upper, 1, 1e-7, `asymptotic ${z}`);
      // Two-sided: twice the upper tail; erfc's approximation is good to 1.2e-7 relative.
      close(twoSidedTail(z) / (2 * upper), 1, 2e-7, `z = ${z}`);
      close(twoSidedTail(-z) / (2 * upper), 1, 2e-7, `z = −${z}`);
    }
    // 2(1 − Φ(8.5)) = 1.8956e-17 where 1 − normalCdf(8.5) is already 0 in doubles.
    assert.equal(1 - normalCdf(8.5), 0);
    assert.ok(twoSidedTail(8.5) > 1.8e-17 && twoSidedTail(8.5) < 1.9e-17);
    assert.equal(twoSidedTail(0), 1);
  });
});

describe('Wilson interval', () => {
  it('8 of 10 at 95 %', () => {
    // p = 0.8, 1 + z²/n = 1.3841459; centre = (0.8 + 3.841459/20) / 1.3841459 = 0.716737;
    // half = (1.959964 / 1.3841459) × √(0.16/10 + 3.841459/400) = 1.416008 × 0.160011 = 0.226577
    // → [0.490162, 0.943318].
    const i = wilsonInterval(8, 10, 0.95);
    close(i?.low, 0.490162);
    close(i?.high, 0.943318);
  });
  it('p = 0 and p = 1 stay inside [0, 1] with a non-zero width', () => {
    // x = 0: centre = 0.192073/1.3841459 = 0.138767, half = 1.416008 × √(3.841459/400) = 0.138767
    // → [0, 0.277533]; x = n is its mirror image → [0.722467, 1].
    const zero = wilsonInterval(0, 10, 0.95);
    close(zero?.low, 0, 1e-12);
    close(zero?.high, 0.277533);
    const all = wilsonInterval(10, 10, 0.95);
    close(all?.low, 0.722467);
    close(all?.high, 1, 1e-12);
  });
  it('n = 0 has no interval', () => {
    assert.equal(wilsonInterval(0, 0, 0.95), null);
  });
  it('a lower confidence gives a narrower interval (90 %, z = 1.644854)', () => {
    // 8/10: 1 + 2.705543/10 = 1.2705543; centre = (0.8 + 0.135277)/1.2705543 = 0.736118;
    // half = (1.644854/1.2705543) × √(0.016 + 2.705543/400) = 1.294592 × 0.150877 = 0.195325
    // → [0.540793, 0.931443].
    const i = wilsonInterval(8, 10, 0.9);
    close(i?.low, 0.540793);
    close(i?.high, 0.931443);
  });
});

describe('NPS interval', () => {
  it('5 promoters, 3 passives, 2 detractors of 10', () => {
    // NPS = 100 × (5 − 2)/10 = 30; V = 0.5 + 0.2 − 0.3² = 0.61; SE = 100 × √(0.61/10) = 24.698178;
    // z × SE = 48.407540 → [−18.407540, 78.407540].
    const i = npsInterval({ kind: 'nps', n: 10, promoters: 5, detractors: 2 }, 0.95);
    close(i?.low, -18.40754);
    close(i?.high, 78.40754);
  });
  it('all promoters: zero width at 100; n = 0: none', () => {
    // V = 1 + 0 − 1² = 0 → [100, 100].
    assert.deepEqual(npsInterval({ kind: 'nps', n: 7, promoters: 7, detractors: 0 }, 0.95), { low: 100, high: 100 });
    assert.equal(npsInterval({ kind: 'nps', n: 0, promoters: 0, detractors: 0 }, 0.95), null);
  });
  it('is clipped to −100..100', () => {
    // 1 promoter, 1 detractor: NPS 0, V = 1, SE = 100/√2 = 70.71; ±138.6 → clipped to [−100, 100].
    assert.deepEqual(npsInterval({ kind: 'nps', n: 2, promoters: 1, detractors: 1 }, 0.95), { low: -100, high: 100 });
  });
  it('intervalOf picks the method by the kind of counts', () => {
    close(intervalOf({ kind: 'share', n: 10, x: 8 }, 0.95)?.low, 0.490162);
    close(intervalOf({ kind: 'nps', n: 10, promoters: 5, detractors: 2 }, 0.95)?.low, -18.40754);
  });
});

describe('significance of a change', () => {
  it('two proportions: 45/100 against 30/100 is significant at 5 %', () => {
    // pooled p = 75/200 = 0.375; SE = √(0.375 × 0.625 × (1/100 + 1/100)) = √0.0046875 = 0.0684653;
    // z = 0.15/0.0684653 = 2.190890; p = 2(1 − Φ(2.190890)) = 0.028460.
    const t = twoProportionTest(45, 100, 30, 100);
    close(t?.z, 2.19089);
    close(t?.p_value, 0.02846);
  });
  it('two proportions: 40/100 against 30/100 is not', () => {
    // pooled p = 0.35; SE = √(0.35 × 0.65 × 0.02) = 0.0674537; z = 0.1/0.0674537 = 1.482499; p = 0.138208.
    close(twoProportionTest(40, 100, 30, 100)?.p_value, 0.138208);
  });
  it('two proportions with no spread or an empty period', () => {
    // 0/50 against 0/50: pooled p = 0, SE = 0: the periods cannot differ → p = 1.
    assert.deepEqual(twoProportionTest(0, 50, 0, 50), { z: 0, p_value: 1 });
    assert.deepEqual(twoProportionTest(50, 50, 50, 50), { z: 0, p_value: 1 });
    assert.equal(twoProportionTest(3, 10, 0, 0), null);
    // 900/1000 against 100/1000: pooled p = 0.5, SE = √(0.25 × 0.002) = 0.0223607, z = 0.8/0.0223607 = 35.777;
    // p = erfc(35.777/√2) ≈ 1e-280: tiny, but not the 0 that 2(1 − Φ(z)) gave.
    const far = twoProportionTest(900, 1000, 100, 1000);
    close(far?.z, 35.7771, 1e-4);
    assert.ok(far !== null && far.p_value > 0 && far.p_value < 1e-270, String(far?.p_value));
  });
  it('NPS: 50/30/20 against 40/30/30 of 100 each', () => {
    // s₁ = 0.3, V₁ = 0.7 − 0.09 = 0.61; s₂ = 0.1, V₂ = 0.7 − 0.01 = 0.69;
    // SE = √(0.61/100 + 0.69/100) = √0.013 = 0.1140175; z = 0.2/0.1140175 = 1.754116; p = 0.079411:
    // not significant at 95 %, significant at 90 % (alpha 0.1).
    const t = npsDifferenceTest(
      { kind: 'nps', n: 100, promoters: 50, detractors: 20 },
      { kind: 'nps', n: 100, promoters: 40, detractors: 30 },
    );
    close(t?.z, 1.754116);
    close(t?.p_value, 0.079411);
  });
  it('NPS with no spread in either period uses the pooled variance', () => {
    // 1 promoter against 1 detractor: pooled p₊ = p₋ = 0.5, V = 1; SE = √(1 × (1 + 1)) = 1.414214;
    // z = (1 − (−1))/1.414214 = 1.414214; p = 0.157299 — not "significant" from two answers.
    close(
      npsDifferenceTest(
        { kind: 'nps', n: 1, promoters: 1, detractors: 0 },
        { kind: 'nps', n: 1, promoters: 0, detractors: 1 },
      )?.p_value,
      0.157299,
    );
    // Every answer a promoter in both: nothing can differ → p = 1.
    assert.equal(
      npsDifferenceTest(
        { kind: 'nps', n: 5, promoters: 5, detractors: 0 },
        { kind: 'nps', n: 9, promoters: 9, detractors: 0 },
      )?.p_value,
      1,
    );
    assert.equal(
      npsDifferenceTest(
        { kind: 'nps', n: 0, promoters: 0, detractors: 0 },
        { kind: 'nps', n: 9, promoters: 9, detractors: 0 },
      ),
      null,
    );
  });
  it('changeTest dispatches on the kind and refuses mixed kinds', () => {
    close(changeTest({ kind: 'share', n: 100, x: 45 }, { kind: 'share', n: 100, x: 30 })?.p_value, 0.02846);
    assert.equal(
      changeTest({ kind: 'share', n: 100, x: 45 }, { kind: 'nps', n: 100, promoters: 1, detractors: 1 }),
      null,
    );
  });
});
