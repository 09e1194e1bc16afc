// Special functions the customer-lifetime models need: ln Γ(x) (Lanczos, g = 7, n = 9;
// relative error below 1e-14 for x > 0) and the Gauss hypergeometric function 2F1(a, b; c; z)
// for 0 ≤ z < 1: its series, or the series of Euler's transformation where that one converges
// from its first terms, summed with rescaling so that huge intermediate terms (a customer with
// hundreds of purchases) neither overflow nor lose the small prefactor they are multiplied by.

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0 (NaN for x ≤ 0 or NaN, Infinity for x = Infinity). */
export function logGamma(x: number): number {
  if (!(x > 0)) return NaN;
  if (x === Infinity) return Infinity;
  if (x < 0.5) {
    // Reflection: Γ(x) Γ(1 − x) = π / sin(πx); keeps the accuracy near 0.
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  const y = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return HALF_LOG_2PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

const RESCALE = 1e250;
const LOG_RESCALE = Math.log(RESCALE);

/**
 * exp(logScale) × 2F1(a, b; c; z) for 0 ≤ z < 1 and c not 0, −1, −2, …. Far from z = 1 or with
 * c − a − b ≥ 0, the series Σ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ itself; otherwise Euler's transformation
 * 2F1(a, b; c; z) = (1 − z)^(c−a−b) 2F1(c − a, c − b; c; z), whose terms shrink from the start
 * where the direct ones first grow for millions of terms (a customer with thousands of
 * purchases over a long horizon: a + b − c ≈ 2,000 at z ≈ 0.999). Returns NaN only when the
 * series does not settle in `maxTerms` terms.
 */
export function scaledHyp2f1(a: number, b: number, c: number, z: number, logScale = 0, maxTerms = 2000000): number {
  return powerScaledHyp2f1(a, b, c, z, 0, logScale, maxTerms);
}

/**
 * (1 − z)^power × exp(logScale) × 2F1(a, b; c; z), as scaledHyp2f1. The power of (1 − z) is
 * merged with Euler's (1 − z)^(c−a−b) before any logarithm is taken: for the BG/NBD's
 * (1 − z)^a · 2F1, (power − a) + (c − b) = c − b exactly, where adding a·ln(1 − z) and
 * (c−a−b)·ln(1 − z) (each ≈ 14,000 for 2,000 purchases at z = 0.999) would leave 1e-12 of error.
 */
export function powerScaledHyp2f1(
  a: number,
  b: number,
  c: number,
  z: number,
  power: number,
  logScale = 0,
  maxTerms = 2000000,
): number {
  if (
    !(z >= 0 && z < 1) ||
    !Number.isFinite(a) ||
    !Number.isFinite(b) ||
    !Number.isFinite(c) ||
    !Number.isFinite(power)
  )
    return NaN;
  if (c <= 0 && Number.isInteger(c)) return NaN;
  const log1mz = Math.log1p(-z);
  if (c - a - b < 0 && z > 0.5)
    return hyp2f1Series(c - a, c - b, c, z, logScale + (power - a + (c - b)) * log1mz, maxTerms);
  return hyp2f1Series(a, b, c, z, logScale + (power === 0 ? 0 : power * log1mz), maxTerms);
}

/**
 * The series, rescaled so that huge terms neither overflow nor lose a tiny prefactor, summed
 * until a term no longer changes the sum (relative 1e-16) while the terms shrink.
 */
function hyp2f1Series(a: number, b: number, c: number, z: number, logScale: number, maxTerms: number): number {
  let term = 1;
  let sum = 1;
  let offset = 0;
  for (let n = 0; n < maxTerms; n++) {
    const ratio = (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    term *= ratio;
    sum += term;
    if (Math.abs(sum) > RESCALE || Math.abs(term) > RESCALE) {
      sum /= RESCALE;
      term /= RESCALE;
      offset += LOG_RESCALE;
    }
    if (term === 0 || (Math.abs(term) <= 1e-16 * Math.abs(sum) && Math.abs(ratio) < 1)) {
      if (sum === 0) return 0;
      return Math.sign(sum) * Math.exp(Math.log(Math.abs(sum)) + offset + logScale);
    }
  }
  return NaN;
}

/** log(eᵘ + eᵛ) without overflow. */
export function logAddExp(u: number, v: number): number {
  const m = Math.max(u, v);
  if (m === -Infinity) return -Infinity;
  return m + Math.log1p(Math.exp(-Math.abs(u - v)));
}

/** 1 / (1 + eᴸ) without overflow. */
export function logisticOfMinus(l: number): number {
  if (l > 0) {
    const e = Math.exp(-l);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(l));
}
