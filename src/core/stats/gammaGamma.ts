// The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005, "RFM and CLV";
// Fader & Hardie, "The Gamma-Gamma model of monetary value"): a customer's purchase values
// are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers; `v` below is γ. Fitted on repeat
// buyers with a positive mean repeat spend, assuming spend is independent of purchase
// frequency. Gives the conditional expected spend per purchase of a customer.
import type { CustomerSummary } from './customerSummary';
import { minimiseFromStarts } from './nelderMead';
import { logGamma } from './specialFunctions';

export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

/** Repeat buyers with a positive mean spend: the customers the model is fitted on. */
export function gammaGammaCustomers(customers: readonly CustomerSummary[]): CustomerSummary[] {
  return customers.filter((c) => c.frequency > 0 && c.monetary > 0 && Number.isFinite(c.monetary));
}

interface GammaGammaData {
  xs: Float64Array;
  xIndex: Int32Array;
  x: Float64Array;
  m: Float64Array;
  logM: Float64Array;
}

function compile(customers: readonly CustomerSummary[]): GammaGammaData {
  const xs = [...new Set(customers.map((c) => c.frequency))].sort((a, b) => a - b);
  const pos = new Map(xs.map((x, i) => [x, i]));
  return {
    xs: Float64Array.from(xs),
    xIndex: Int32Array.from(customers, (c) => pos.get(c.frequency) ?? 0),
    x: Float64Array.from(customers, (c) => c.frequency),
    m: Float64Array.from(customers, (c) => c.monetary),
    logM: Float64Array.from(customers, (c) => Math.log(c.monetary)),
  };
}

/**
 * The mean negative log-likelihood per customer. For one customer with x repeat purchases of
 * mean value m: f(m | p, q, γ, x) = Γ(px+q) / (Γ(px) Γ(q)) · γ^q m^(px−1) x^(px) / (γ + m x)^(px+q).
 */
function negLogLikelihood(params: GammaGammaParams, d: GammaGammaData): number {
  const { p, q, v } = params;
  const head = new Float64Array(d.xs.length);
  const base = q * Math.log(v) - logGamma(q);
  for (let i = 0; i < d.xs.length; i++) {
    const px = p * d.xs[i];
    head[i] = base + logGamma(px + q) - logGamma(px) + px * Math.log(d.xs[i]);
  }
  let ll = 0;
  for (let i = 0; i < d.m.length; i++) {
    const px = p * d.x[i];
    ll += head[d.xIndex[i]] + (px - 1) * d.logM[i] - (px + q) * Math.log(v + d.x[i] * d.m[i]);
  }
  return -ll / d.m.length;
}

export function gammaGammaNegLogLikelihood(params: GammaGammaParams, customers: readonly CustomerSummary[]): number {
  return negLogLikelihood(params, compile(gammaGammaCustomers(customers)));
}

export interface GammaGammaFit {
  params: GammaGammaParams;
  logLikelihood: number;
  converged: boolean;
  atBound: boolean;
  /** Repeat buyers with a positive spend the model was fitted on. */
  customers: number;
  evaluations: number;
}

const LOG_BOUND = 20;
const fromLog = (t: readonly number[]): GammaGammaParams => ({
  p: Math.exp(t[0]),
  q: Math.exp(t[1]),
  v: Math.exp(t[2]),
});

/** Fits on the repeat buyers with a positive spend; null when there is none. */
export function fitGammaGamma(all: readonly CustomerSummary[]): GammaGammaFit | null {
  const customers = gammaGammaCustomers(all);
  if (customers.length === 0) return null;
  const d = compile(customers);
  const objective = (t: number[]) =>
    t.some((x) => Math.abs(x) > LOG_BOUND) ? Infinity : negLogLikelihood(fromLog(t), d);
  // Starting points with the population mean spend pγ/(q−1) equal to the observed mean.
  const mean = customers.reduce((s, c) => s + c.monetary, 0) / customers.length;
  const starts: number[][] = [];
  for (const p of [1, 4])
    for (const q of [2, 4]) starts.push([Math.log(p), Math.log(q), Math.log((mean * (q - 1)) / p)]);
  const fit = minimiseFromStarts(objective, starts, { step: 0.7, fTol: 1e-11, xTol: 1e-7 });
  if (!fit) return null;
  const { best, evaluations } = fit;
  return {
    params: fromLog(best.x),
    logLikelihood: -best.value * customers.length,
    converged: best.converged,
    atBound: best.x.some((x) => Math.abs(x) > LOG_BOUND - 1),
    customers: customers.length,
    evaluations,
  };
}

/**
 * E[M | p, q, γ, x, m] = (p(γ + x·m)) / (px + q − 1): a weighted mean of the population mean
 * pγ/(q−1) and the customer's own mean m. Customers with no repeat purchase (or no positive
 * spend) get the population mean. Null when q ≤ 1 (the population mean is infinite).
 */
export function expectedSpend(params: GammaGammaParams, c: CustomerSummary): number | null {
  const { p, q, v } = params;
  if (!(q > 1)) return null;
  if (c.frequency > 0 && c.monetary > 0) return (p * (v + c.frequency * c.monetary)) / (p * c.frequency + q - 1);
  return (p * v) / (q - 1);
}
