// Draws customers from the BG/NBD and Gamma-Gamma models with known parameters and a seeded
// random stream: the ground truth of the parameter-recovery tests and of the benchmark.
// λ ~ Gamma(r, α) (rate α), p ~ Beta(a, b); purchases at Poisson(λ) times after the first
// one at 0, each repeat purchase followed by dropout with probability p; each customer's
// values ~ Gamma(p_s, ν) with ν ~ Gamma(q, γ). Not used by the product itself.
import type { Random } from '../util/random';
import type { BgnbdParams } from './bgnbd';
import type { CustomerSummary } from './customerSummary';
import type { GammaGammaParams } from './gammaGamma';

/** A Gamma(shape, rate) draw (Marsaglia & Tsang 2000; shape < 1 boosted by U^(1/shape)). */
export function gammaDraw(random: Random, shape: number, rate: number): number {
  if (shape < 1) return gammaDraw(random, shape + 1, rate) * (1 - random.next()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = random.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random.next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

export function betaDraw(random: Random, a: number, b: number): number {
  const x = gammaDraw(random, a, 1);
  const y = gammaDraw(random, b, 1);
  return x / (x + y);
}

export interface SimulatedCustomer extends CustomerSummary {
  /** Repeat purchases in the `holdout` days after T (same customer, same λ and p). */
  holdoutPurchases: number;
}

/**
 * `n` customers observed for `T(i)` days each (continuous times), with their purchases in a
 * further `holdout` days. With `days`, times are whole days as the engine's summary gives.
 */
export function simulateCustomers(
  random: Random,
  n: number,
  bg: BgnbdParams,
  gg: GammaGammaParams,
  T: (i: number) => number,
  holdout = 0,
): SimulatedCustomer[] {
  const out: SimulatedCustomer[] = [];
  for (let i = 0; i < n; i++) {
    const age = T(i);
    const lambda = gammaDraw(random, bg.r, bg.alpha);
    const p = betaDraw(random, bg.a, bg.b);
    const nu = gammaDraw(random, gg.q, gg.v);
    let t = 0;
    let x = 0;
    let tx = 0;
    let later = 0;
    let spend = 0;
    for (;;) {
      if (!(lambda > 0) || !Number.isFinite(1 / lambda)) break;
      t += random.exponential(1 / lambda);
      if (t > age + holdout) break;
      if (t <= age) {
        x++;
        tx = t;
        spend += gammaDraw(random, gg.p, nu);
      } else later++;
      if (random.next() < p) break;
    }
    out.push({ frequency: x, recency: tx, T: age, monetary: x > 0 ? spend / x : 0, holdoutPurchases: later });
  }
  return out;
}
