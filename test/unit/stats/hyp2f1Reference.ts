// An independent high-precision reference for the BG/NBD quantity (1 − z)^a · 2F1(a, b; c; z):
// the plain Gauss series (no transformation), summed in exact integer arithmetic (BigInt) as
// fixed-point numbers of `digits` decimal places, for rational a, b, c, z; then multiplied by
// (1 − z)^a through one integer root of an exact integer product. Each step truncates by
// less than one unit of the last place, so after N terms the sum is exact to N units of the
// last place: with 60 places and a few million terms, far beyond the 16 digits of a double.
// Slow by design (the series of a heavy buyer at z = 0.999 takes millions of BigInt steps):
// the tests run it on cases of a few thousand terms and pin the heavy ones it computed.

/** A rational number num / den (den > 0). */
export interface Rational {
  num: bigint;
  den: bigint;
}

export const rational = (num: number | bigint, den: number | bigint = 1n): Rational => ({
  num: BigInt(num),
  den: BigInt(den),
});

/** The integer k-th root of n ≥ 0, rounded down (Newton's method on integers). */
function integerRoot(n: bigint, k: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << (BigInt(n.toString(2).length) / k + 1n);
  for (;;) {
    const y = ((k - 1n) * x + n / x ** (k - 1n)) / k;
    if (y >= x) return x;
    x = y;
  }
}

/** (1 − z)^a · 2F1(a, b; c; z) as a decimal string with `digits` places (0 ≤ z < 1, a > 0). */
export function referenceScaledHyp2f1(a: Rational, b: Rational, c: Rational, z: Rational, digits = 60): string {
  const one = 10n ** BigInt(digits);
  let term = one;
  let sum = one;
  for (let n = 0n; term !== 0n; n += 1n) {
    // term × (a + n)(b + n) z / ((c + n)(n + 1)), all as integers.
    const up = (a.num + n * a.den) * (b.num + n * b.den) * c.den * z.num;
    const down = a.den * b.den * (c.num + n * c.den) * (n + 1n) * z.den;
    term = (term * up) / down;
    sum += term;
  }
  // sum · (1 − z)^a = (sumᵏ · (z.den − z.num)^a.num / z.den^a.num)^(1/k), k = a.den: one exact root
  // (the sum of a heavy buyer is huge and (1 − z)^a tiny: neither is rounded on its own).
  const value = integerRoot((sum ** a.den * (z.den - z.num) ** a.num) / z.den ** a.num, a.den);
  const text = value.toString().padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
