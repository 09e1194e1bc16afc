// The BG/NBD's (1 − z)^a · 2F1(a, b; c; z) (src/core/stats/specialFunctions.ts) for ordinary and
// very heavy buyers over long horizons (a = r + x, b = b + x, c = a + b + x − 1 of the model):
// finite everywhere, and equal to an independent reference — the plain series summed in exact
// BigInt arithmetic (hyp2f1Reference.ts) — to 1e-12, or to closed forms worked out by hand.
import { strict as assert } from 'assert';
import { powerScaledHyp2f1 } from '../../../src/core/stats/specialFunctions';
import { expectedPurchases } from '../../../src/core/stats/bgnbd';
import { rational, referenceScaledHyp2f1, type Rational } from './hyp2f1Reference';

/** The model's quantity for r, a, b (rationals), x repeat purchases and z = zn / zd. */
function modelCase(r: Rational, a: Rational, b: Rational, x: number, z: Rational) {
  const v = (q: Rational) => Number(q.num) / Number(q.den);
  const A = rational(r.num + BigInt(x) * r.den, r.den);
  const B = rational(b.num + BigInt(x) * b.den, b.den);
  const C = rational(a.num * b.den + b.num * a.den + BigInt(x - 1) * a.den * b.den, a.den * b.den);
  const zz = v(z);
  return { A, B, C, z, value: () => powerScaledHyp2f1(v(A), v(B), v(C), zz, v(A)) };
}

const relClose = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(
    Number.isFinite(actual) && Math.abs(actual / expected - 1) <= tol,
    `${what}: ${actual} is not within ${tol} (relative) of ${expected}`,
  );

describe('stats: 2F1 of the BG/NBD for heavy buyers over long horizons', function () {
  this.timeout(60_000);

  it('agrees with the exact BigInt series where both are cheap (light, heavy, near z = 1)', () => {
    // r = 1/4, a = 4/5, b = 5/2 (the recovery test's parameters).
    const r = rational(1, 4);
    const a = rational(4, 5);
    const b = rational(5, 2);
    for (const [x, z] of [
      [5, rational(3, 10)],
      [0, rational(999, 1000)],
      [200, rational(99, 100)],
      [40, rational(9, 10)],
      [1, rational(1, 2)],
    ] as const) {
      const c = modelCase(r, a, b, x, z);
      const reference = Number(referenceScaledHyp2f1(c.A, c.B, c.C, c.z, 40));
      relClose(c.value(), reference, 1e-12, `x = ${x}, z = ${z.num}/${z.den}`);
    }
  });

  it('a heavy buyer at z = 0.999 (2,000 repeat purchases) is finite and equals the pinned reference', () => {
    // Reference: referenceScaledHyp2f1 with 40 places for r = 1/4, a = 4/5, b = 5/2, x = 2000,
    // z = 999/1000 (millions of BigInt terms; minutes, so pinned here):
    // 3.9802568424263661342156793234400927129996 (3 min 48 s here); the plain series in doubles
    // cannot reach it in 2 million terms (it gave NaN after 40 ms).
    const c = modelCase(rational(1, 4), rational(4, 5), rational(5, 2), 2000, rational(999, 1000));
    relClose(c.value(), HEAVY_REFERENCE, 1e-12, 'x = 2000, z = 0.999');
  });

  it('closed forms at 2,000 purchases and z = 0.999, by hand', () => {
    // r = a + b − 1 makes c = a (here a = 1/2, b = 5/2, r = 2): 2F1(A, B; A; z) = (1 − z)^−B, so
    // (1 − z)^A · 2F1 = (1 − z)^(A − B) = 0.001^(r − b) = 0.001^(−1/2) = √1000 = 31.6227766016838.
    relClose(
      modelCase(rational(2), rational(1, 2), rational(5, 2), 2000, rational(999, 1000)).value(),
      Math.sqrt(1000),
      1e-12,
      'c = a',
    );
    // r = a + b makes c − a = −1 (a = 1/2, b = 3/2, r = 2, x = 2000: A = 2002, B = 2001.5, C = 2001):
    // by Euler, (1 − z)^A · 2F1 = (1 − z)^(C−B) · 2F1(−1, C − B; C; z) = 0.001^(−1/2) · (1 + ½ · 0.999/2001)
    //   = 31.6227766016838 × 1.000249625187406 = 31.630670475…
    relClose(
      modelCase(rational(2), rational(1, 2), rational(3, 2), 2000, rational(999, 1000)).value(),
      Math.sqrt(1000) * (1 + (0.5 * 0.999) / 2001),
      1e-12,
      'c − a = −1',
    );
  });

  it('expected purchases of heavy buyers over 50 years are finite numbers, not NaN', () => {
    // α = 4, T = 730 days, t = 50 years = 18262 days: z = 18262 / 18996 ≈ 0.961; and T = 18, z ≈ 0.999.
    const p = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };
    for (const [x, recency, T] of [
      [2000, 729, 730],
      [2000, 17, 18],
      [1, 700, 730],
    ]) {
      const e = expectedPurchases(p, { frequency: x, recency, T, monetary: 0 }, 18262);
      assert.ok(Number.isFinite(e) && e >= 0, `x = ${x}, T = ${T}: ${e}`);
    }
  });
});

/** referenceScaledHyp2f1(2000¼, 2002½, 2002.3, 999/1000, 40 places), computed once (see above). */
const HEAVY_REFERENCE = Number('3.9802568424263661342156793234400927129996');
