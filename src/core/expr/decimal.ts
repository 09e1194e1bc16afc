// Plain decimal notation for numbers: how number literals are written back (the language has no exponents).

/**
 * Writes a number in plain decimal notation (no exponent), e.g. 1e21 -> "1000000000000000000000".
 * Exact for every finite number: the digits are those of the shortest round-trip form.
 */
export function plainDecimal(value: number): string {
  const text = String(Math.abs(value));
  const sign = value < 0 ? '-' : '';
  const match = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return sign + text;
  const digits = match[1] + (match[2] ?? '');
  const exponent = Number(match[3]);
  if (exponent >= 0) {
    const intLength = exponent + 1;
    if (digits.length <= intLength) return sign + digits + '0'.repeat(intLength - digits.length);
    return `${sign}${digits.slice(0, intLength)}.${digits.slice(intLength)}`;
  }
  return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
}
