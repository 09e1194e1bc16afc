// Seeded, deterministic pseudo-random numbers (sfc32 seeded through a 32-bit mixer) with the
// usual helpers: integers, picks, weighted picks and normal / exponential / Poisson draws.
// Same seed ⇒ same sequence on every platform; used by the sample-data generator, test
// fixtures and benchmarks. Not for anything security-related.

/** A stream of pseudo-random numbers. Every method advances the stream except `fork`. */
export interface Random {
  /** The seed this stream was created from (after normalisation to an unsigned 32-bit value). */
  readonly seed: number;
  /** A float in [0, 1), 32 bits of randomness. */
  next(): number;
  /** An unsigned 32-bit integer in [0, 2^32). */
  uint32(): number;
  /** A float in [min, max). */
  float(min: number, max: number): number;
  /** An integer in [min, max], both bounds inclusive and safe integers; unbiased. */
  int(min: number, max: number): number;
  /** true with probability p (0 ≤ p ≤ 1). */
  bool(p?: number): boolean;
  /** One element of a non-empty list, each equally likely. */
  pick<T>(items: readonly T[]): T;
  /**
   * One value of `[value, weight]` pairs, chosen with probability weight / Σ weights.
   * Weights are finite and ≥ 0 (a zero weight is never chosen); their sum must be > 0.
   */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** A normal (Gaussian) draw, Box–Muller transform. sd ≥ 0. */
  normal(mean?: number, sd?: number): number;
  /** An exponential draw with the given mean (> 0), e.g. the gap between Poisson events. */
  exponential(mean: number): number;
  /** A Poisson draw with mean lambda ≥ 0 (multiplication method below 10, PTRS above). */
  poisson(lambda: number): number;
  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[];
  /**
   * An independent stream derived from this stream's seed and `label`, without advancing
   * this stream: `fork('orders')` always gives the same sequence for the same seed, however
   * much the parent has been used. Lets one part of a generator change without reshuffling
   * the others.
   */
  fork(label: string): Random;
}

const TWO_POW_32 = 4294967296;
const GOLDEN_GAMMA = 0x9e3779b9;

/** A 32-bit avalanche mixer: every input bit affects every output bit. */
function mix32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Folds any finite number (negative, fractional or beyond 32 bits) into an unsigned 32-bit seed. */
function normaliseSeed(seed: number): number {
  if (!Number.isFinite(seed)) throw new RangeError(`random seed must be a finite number, got ${seed}`);
  const whole = Math.trunc(seed);
  const low = whole >>> 0; // ToUint32: the value modulo 2^32
  const high = Math.floor(whole / TWO_POW_32) >>> 0;
  return high === 0 ? low : (low ^ mix32(high)) >>> 0;
}

/** FNV-1a over the UTF-16 code units of a label. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** ln(k!) for an integer k ≥ 0: exact sum below 16, Stirling's series above. */
function logFactorial(k: number): number {
  if (k < 16) {
    let sum = 0;
    for (let i = 2; i <= k; i++) sum += Math.log(i);
    return sum;
  }
  const n = k + 1; // ln Γ(n)
  const inv = 1 / n;
  const inv2 = inv * inv;
  return (n - 0.5) * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI) + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260));
}

function assertFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
}

/** Creates a stream from a seed; any finite number is accepted (it is folded to 32 bits). */
export function createRandom(seed: number): Random {
  const normalised = normaliseSeed(seed);
  // sfc32 state, filled from the seed through the mixer so that close seeds diverge at once.
  let a = mix32(normalised);
  let b = mix32(normalised + GOLDEN_GAMMA);
  let c = mix32(normalised + 2 * GOLDEN_GAMMA);
  let d = 1;

  const uint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) uint32(); // warm up: let the state mix before the first output

  const next = (): number => uint32() / TWO_POW_32;

  /** A float in [0, 1) with 53 bits of randomness, for ranges wider than 2^32. */
  const next53 = (): number => ((uint32() >>> 5) * 67108864 + (uint32() >>> 6)) / 9007199254740992;

  const int = (min: number, max: number): number => {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max)) {
      throw new RangeError(`int bounds must be safe integers, got ${min} and ${max}`);
    }
    if (min > max) throw new RangeError(`int: min ${min} is greater than max ${max}`);
    const range = max - min + 1;
    if (range <= TWO_POW_32) {
      // Rejection sampling: drop the top partial block of 2^32 so that every value is equally likely.
      const limit = TWO_POW_32 - (TWO_POW_32 % range);
      let x = uint32();
      while (x >= limit) x = uint32();
      return min + (x % range);
    }
    return min + Math.floor(next53() * range);
  };

  const normal = (mean = 0, sd = 1): number => {
    assertFinite('normal mean', mean);
    if (!(sd >= 0) || !Number.isFinite(sd)) throw new RangeError(`normal sd must be ≥ 0, got ${sd}`);
    const u1 = 1 - next(); // (0, 1]: log stays finite
    const u2 = next();
    return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };

  const exponential = (mean: number): number => {
    if (!(mean > 0) || !Number.isFinite(mean)) throw new RangeError(`exponential mean must be > 0, got ${mean}`);
    return -mean * Math.log(1 - next());
  };

  const poisson = (lambda: number): number => {
    if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`poisson lambda must be ≥ 0, got ${lambda}`);
    if (lambda === 0) return 0;
    if (lambda < 10) {
      // Multiply uniforms until the product falls below e^-lambda.
      const limit = Math.exp(-lambda);
      let k = 0;
      let product = next();
      while (product > limit) {
        k++;
        product *= next();
      }
      return k;
    }
    // Transformed rejection with squeeze (Hörmann's PTRS), valid for lambda ≥ 10.
    const sqrtLambda = Math.sqrt(lambda);
    const logLambda = Math.log(lambda);
    const bb = 0.931 + 2.53 * sqrtLambda;
    const aa = -0.059 + 0.02483 * bb;
    const invAlpha = 1.1239 + 1.1328 / (bb - 3.4);
    const vr = 0.9277 - 3.6224 / (bb - 2);
    for (;;) {
      const u = next() - 0.5;
      const v = next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * aa) / us + bb) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      const lhs = Math.log(v) + Math.log(invAlpha) - Math.log(aa / (us * us) + bb);
      if (lhs <= -lambda + k * logLambda - logFactorial(k)) return k;
    }
  };

  const random: Random = {
    seed: normalised,
    next,
    uint32,
    float(min: number, max: number): number {
      assertFinite('float min', min);
      assertFinite('float max', max);
      return min + (max - min) * next();
    },
    int,
    bool(p = 0.5): boolean {
      if (!(p >= 0 && p <= 1)) throw new RangeError(`bool probability must be in [0, 1], got ${p}`);
      return next() < p;
    },
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[int(0, items.length - 1)];
    },
    weighted<T>(items: readonly (readonly [T, number])[]): T {
      let total = 0;
      for (const [, weight] of items) {
        if (!(weight >= 0) || !Number.isFinite(weight))
          throw new RangeError(`weights must be finite and ≥ 0, got ${weight}`);
        total += weight;
      }
      if (!(total > 0)) throw new RangeError('weighted pick needs at least one positive weight');
      const target = next() * total;
      let cumulative = 0;
      let lastPositive = -1;
      for (let i = 0; i < items.length; i++) {
        const weight = items[i][1];
        if (weight === 0) continue;
        cumulative += weight;
        lastPositive = i;
        if (target < cumulative) return items[i][0];
      }
      return items[lastPositive][0]; // rounding left target ≥ the float sum: the last positive weight
    },
    normal,
    exponential,
    poisson,
    shuffle<T>(items: T[]): T[] {
      for (let i = items.length - 1; i > 0; i--) {
        const j = int(0, i);
        const held = items[i];
        items[i] = items[j];
        items[j] = held;
      }
      return items;
    },
    fork(label: string): Random {
      return createRandom(mix32(normalised ^ hashLabel(label)) ^ hashLabel(`${label}#`));
    },
  };
  return random;
}
