// Confidence intervals of the survey and rate KPIs, from counts.
// - A share x/n (csat, churn, retention, repurchase, funnel steps): the Wilson score
//   interval, which stays inside [0, 1] and is sensible at x = 0 and x = n.
// - NPS = 100 (P − D)/n: each answer scores +1 (promoter), 0 (passive) or −1 (detractor);
//   with p₊ = P/n and p₋ = D/n the score's variance is p₊ + p₋ − (p₊ − p₋)², so
//   SE(NPS) = 100 √((p₊ + p₋ − (p₊ − p₋)²)/n) and the interval is NPS ± z·SE, clipped to
//   [−100, 100] (the normal interval; zero width when every answer is the same).
// n = 0 gives no interval (null).
import { twoSidedZ } from './normal';

export interface Interval {
  low: number;
  high: number;
}

/** The counts of a share: x successes among n. */
export interface ShareCounts {
  kind: 'share';
  n: number;
  x: number;
}

/** The counts of an NPS: n valid answers, P promoters (9–10), D detractors (0–6). */
export interface NpsCounts {
  kind: 'nps';
  n: number;
  promoters: number;
  detractors: number;
}

export type KpiCounts = ShareCounts | NpsCounts;

/** The Wilson score interval of x/n at a confidence level (0 < level < 1); null when n = 0. */
export function wilsonInterval(x: number, n: number, confidence: number): Interval | null {
  if (n <= 0) return null;
  const z = twoSidedZ(confidence);
  const p = x / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, center - half), high: Math.min(1, center + half) };
}

/** The variance of one answer's score (+1/0/−1): p₊ + p₋ − (p₊ − p₋)². */
export function npsScoreVariance(c: NpsCounts): number {
  const pp = c.promoters / c.n;
  const pd = c.detractors / c.n;
  return Math.max(0, pp + pd - (pp - pd) ** 2);
}

/** The NPS (−100..100) and its normal interval at a confidence level; null when n = 0. */
export function npsInterval(c: NpsCounts, confidence: number): Interval | null {
  if (c.n <= 0) return null;
  const nps = (100 * (c.promoters - c.detractors)) / c.n;
  const se = 100 * Math.sqrt(npsScoreVariance(c) / c.n);
  const z = twoSidedZ(confidence);
  return { low: Math.max(-100, nps - z * se), high: Math.min(100, nps + z * se) };
}

/** The interval of a KPI's value from its counts (the value's own scale). */
export function intervalOf(c: KpiCounts, confidence: number): Interval | null {
  return c.kind === 'nps' ? npsInterval(c, confidence) : wilsonInterval(c.x, c.n, confidence);
}
