// Is a period-over-period change more than noise? Two-sided tests at level alpha:
// - shares: the two-proportion z-test with the pooled proportion
//   p = (x₁ + x₂)/(n₁ + n₂), z = (p₁ − p₂) / √(p(1 − p)(1/n₁ + 1/n₂));
// - NPS: a z-test on the difference of the two scores with their own variances,
//   z = (s₁ − s₂) / √(V₁/n₁ + V₂/n₂) (V = p₊ + p₋ − (p₊ − p₋)², scores on the −1..1 scale);
//   when both variances are 0 (every answer the same in each period) the pooled variance of
//   the two periods together is used instead, so 1 promoter against 1 detractor is not
//   "significant".
// The p-value is 2(1 − Φ(|z|)), computed as erfc(|z|/√2) (exact far in the tail); it is 1 when the two periods cannot differ (no spread at
// all), and the test is not done (null) when a period has n = 0.
import type { KpiCounts, NpsCounts } from './intervals';
import { npsScoreVariance } from './intervals';
import { twoSidedTail } from './normal';

export interface ChangeTest {
  z: number;
  p_value: number;
}

function pValue(diff: number, se: number): ChangeTest {
  if (se === 0 || !Number.isFinite(se)) return { z: 0, p_value: 1 };
  const z = diff / se;
  return { z, p_value: twoSidedTail(z) };
}

/** Two-proportion z-test of x₁/n₁ against x₂/n₂ (pooled); null when n₁ or n₂ is 0. */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): ChangeTest | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const p = (x1 + x2) / (n1 + n2);
  return pValue(x1 / n1 - x2 / n2, Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2)));
}

/** z-test of NPS₁ against NPS₂ (unpooled; pooled when both variances are 0); null when a period has n = 0. */
export function npsDifferenceTest(a: NpsCounts, b: NpsCounts): ChangeTest | null {
  if (a.n <= 0 || b.n <= 0) return null;
  const diff = (a.promoters - a.detractors) / a.n - (b.promoters - b.detractors) / b.n;
  const va = npsScoreVariance(a);
  const vb = npsScoreVariance(b);
  if (va === 0 && vb === 0) {
    const pooled: NpsCounts = {
      kind: 'nps',
      n: a.n + b.n,
      promoters: a.promoters + b.promoters,
      detractors: a.detractors + b.detractors,
    };
    return pValue(diff, Math.sqrt(npsScoreVariance(pooled) * (1 / a.n + 1 / b.n)));
  }
  return pValue(diff, Math.sqrt(va / a.n + vb / b.n));
}

/** The test matching the counts' kind; null when the kinds differ or a period is empty. */
export function changeTest(current: KpiCounts, previous: KpiCounts): ChangeTest | null {
  if (current.kind === 'nps' && previous.kind === 'nps') return npsDifferenceTest(current, previous);
  if (current.kind === 'share' && previous.kind === 'share')
    return twoProportionTest(current.x, current.n, previous.x, previous.n);
  return null;
}
