// The BG/NBD model of purchase counts (Fader, Hardie & Lee 2005, "Counting your customers
// the easy way"): while alive, a customer buys as a Poisson process of rate λ ~ Gamma(r, α);
// after each repeat purchase they drop out with probability p ~ Beta(a, b). Closed-form
// log-likelihood, its maximum-likelihood fit (Nelder–Mead on log-parameters, so that every
// parameter stays positive), the expected purchases in the next t days of a customer
// (x, t_x, T), and the probability that they are still alive. Times are in days.
import type { CustomerSummary } from './customerSummary';
import { minimiseFromStarts } from './nelderMead';
import { logAddExp, logGamma, logisticOfMinus, powerScaledHyp2f1 } from './specialFunctions';

export interface BgnbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Customers grouped by identical (x, t_x, T), with the distinct x and time values indexed. */
export interface BgnbdData {
  customers: number;
  repeatCustomers: number;
  xs: Float64Array;
  times: Float64Array;
  /** Per group: index into xs, into times for t_x and T, and the group's size. */
  xIndex: Int32Array;
  txIndex: Int32Array;
  tIndex: Int32Array;
  weight: Float64Array;
}

export function compileBgnbdData(customers: readonly CustomerSummary[]): BgnbdData {
  const groups = new Map<string, { x: number; tx: number; T: number; n: number }>();
  let repeat = 0;
  for (const c of customers) {
    if (c.frequency > 0) repeat++;
    const tx = c.frequency > 0 ? c.recency : 0;
    const key = `${c.frequency}|${tx}|${c.T}`;
    const g = groups.get(key);
    if (g) g.n++;
    else groups.set(key, { x: c.frequency, tx, T: c.T, n: 1 });
  }
  const list = [...groups.values()];
  const xs = [...new Set(list.map((g) => g.x))].sort((p, q) => p - q);
  const times = [...new Set(list.flatMap((g) => [g.tx, g.T]))].sort((p, q) => p - q);
  const xPos = new Map(xs.map((x, i) => [x, i]));
  const tPos = new Map(times.map((t, i) => [t, i]));
  return {
    customers: customers.length,
    repeatCustomers: repeat,
    xs: Float64Array.from(xs),
    times: Float64Array.from(times),
    xIndex: Int32Array.from(list, (g) => xPos.get(g.x) ?? 0),
    txIndex: Int32Array.from(list, (g) => tPos.get(g.tx) ?? 0),
    tIndex: Int32Array.from(list, (g) => tPos.get(g.T) ?? 0),
    weight: Float64Array.from(list, (g) => g.n),
  };
}

/**
 * The mean negative log-likelihood per customer. For one customer (FHL 2005, eq. 6):
 * L = Γ(r+x) αʳ / Γ(r) · B(a, b+x) / B(a, b) · [ (α+T)^−(r+x) + δₓ>₀ a/(b+x−1) (α+t_x)^−(r+x) ].
 */
export function bgnbdNegLogLikelihood(p: BgnbdParams, d: BgnbdData): number {
  const { r, alpha, a, b } = p;
  const nx = d.xs.length;
  const head = new Float64Array(nx);
  const dropout = new Float64Array(nx);
  const common = r * Math.log(alpha) + logGamma(a + b) - logGamma(b) - logGamma(r);
  for (let i = 0; i < nx; i++) {
    const x = d.xs[i];
    head[i] = common + logGamma(r + x) + logGamma(b + x) - logGamma(a + b + x);
    dropout[i] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : -Infinity;
  }
  const logTime = new Float64Array(d.times.length);
  for (let i = 0; i < d.times.length; i++) logTime[i] = Math.log(alpha + d.times[i]);
  let ll = 0;
  for (let g = 0; g < d.weight.length; g++) {
    const xi = d.xIndex[g];
    const x = d.xs[xi];
    const s = r + x;
    const alive = -s * logTime[d.tIndex[g]];
    const term = x > 0 ? logAddExp(alive, dropout[xi] - s * logTime[d.txIndex[g]]) : alive;
    ll += d.weight[g] * (head[xi] + term);
  }
  return -ll / d.customers;
}

export interface BgnbdFit {
  params: BgnbdParams;
  /** The maximised log-likelihood (sum over customers). */
  logLikelihood: number;
  converged: boolean;
  /** Whether a parameter ended at the search bounds (e^±20): the data barely identify it. */
  atBound: boolean;
  evaluations: number;
}

const LOG_BOUND = 20;
const fromLog = (t: readonly number[]): BgnbdParams => ({
  r: Math.exp(t[0]),
  alpha: Math.exp(t[1]),
  a: Math.exp(t[2]),
  b: Math.exp(t[3]),
});

/** Fits by maximum likelihood from a few starting points; null when the data have no customer. */
export function fitBgnbd(customers: readonly CustomerSummary[] | BgnbdData): BgnbdFit | null {
  const d = 'xs' in customers ? customers : compileBgnbdData(customers);
  if (d.customers === 0) return null;
  const objective = (t: number[]) =>
    t.some((v) => Math.abs(v) > LOG_BOUND) ? Infinity : bgnbdNegLogLikelihood(fromLog(t), d);
  // Starting points: purchase rate λ ≈ (repeat purchases + 1) / age, spread over a few
  // shapes r and dropout (a, b); the two best start a full search.
  let sumX = 0;
  let sumT = 0;
  for (let g = 0; g < d.weight.length; g++) {
    sumX += d.weight[g] * d.xs[d.xIndex[g]];
    sumT += d.weight[g] * d.times[d.tIndex[g]];
  }
  const rate = (sumX + d.customers) / Math.max(sumT, 1);
  const starts: number[][] = [];
  for (const r of [0.5, 2])
    for (const [a, b] of [
      [0.5, 2],
      [1, 5],
      [2, 20],
    ])
      starts.push([Math.log(r), Math.log(r / rate), Math.log(a), Math.log(b)]);
  const fit = minimiseFromStarts(objective, starts, { step: 0.7, fTol: 1e-11, xTol: 1e-7 });
  if (!fit) return null;
  const { best, evaluations } = fit;
  return {
    params: fromLog(best.x),
    logLikelihood: -best.value * d.customers,
    converged: best.converged,
    atBound: best.x.some((v) => Math.abs(v) > LOG_BOUND - 1),
    evaluations,
  };
}

/** P(alive at T | x, t_x, T) = 1 / (1 + δₓ>₀ a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)). */
export function probabilityAlive(p: BgnbdParams, c: CustomerSummary): number {
  const x = c.frequency;
  if (x <= 0) return 1;
  return logisticOfMinus(Math.log(p.a / (p.b + x - 1)) + (p.r + x) * Math.log((p.alpha + c.T) / (p.alpha + c.recency)));
}

/**
 * E[Y(t) | x, t_x, T]: the expected purchases in the t days after T (FHL 2005, eq. 10):
 * (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))]
 * / (1 + δₓ>₀ a/(b+x−1) ((α+T)/(α+t_x))^(r+x)). At a = 1 (a removable 0/0) the mean of
 * a = 1 ± 1e-6 is used. NaN only if the series cannot be summed.
 */
export function expectedPurchases(p: BgnbdParams, c: CustomerSummary, t: number): number {
  if (t <= 0) return 0;
  if (Math.abs(p.a - 1) < 1e-7)
    return (expectedPurchases({ ...p, a: 1 - 1e-6 }, c, t) + expectedPurchases({ ...p, a: 1 + 1e-6 }, c, t)) / 2;
  const x = c.frequency;
  const s = p.r + x;
  const k = p.alpha + c.T;
  const z = t / (k + t);
  const scaled = powerScaledHyp2f1(s, p.b + x, p.a + p.b + x - 1, z, s);
  const whileAlive = ((p.a + p.b + x - 1) / (p.a - 1)) * (1 - scaled);
  return whileAlive * probabilityAlive(p, c);
}
