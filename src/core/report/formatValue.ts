// Formats a KPI value for people: percent (0.052 → "5.2 %"), currency ("45 EUR"), score,
// integer, days, number. Locale-aware formatting (fr: "1 234,56 €") arrives with l10n.
export function formatValue(value: number | null, format: string, options: { currency?: string; decimals?: number } = {}): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const fixed = (v: number, d: number) => {
    const text = v.toFixed(d);
    const trimmed = d > 0 && options.decimals === undefined ? text.replace(/\.?0+$/, '') : text;
    // A tiny negative value rounds to "-0" or "-0.0": show it without the sign.
    return /^-0(\.0+)?$/.test(trimmed) ? trimmed.slice(1) : trimmed;
  };
  switch (format) {
    case 'percent':
      return `${fixed(value * 100, options.decimals ?? 1)} %`;
    case 'currency': {
      // Whole amounts without cents (45 EUR); others always with two (8422.30 EUR).
      const text = options.decimals !== undefined || Number.isInteger(value) ? fixed(value, options.decimals ?? 0) : value.toFixed(2);
      return `${text}${options.currency ? ` ${options.currency}` : ''}`;
    }
    case 'integer':
      return fixed(value, 0);
    case 'score':
      return fixed(value, options.decimals ?? 1);
    case 'days':
      return `${fixed(value, options.decimals ?? 1)} d`;
    default:
      return fixed(value, options.decimals ?? 2);
  }
}
