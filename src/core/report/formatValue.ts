// Formats numbers and dates for people, in the display locale (`displayLocale()`): a KPI value
// by its format — percent, currency, score, integer, days, number — percentage points, plain
// figures (p-values, confidence levels, counts), compact axis figures and the as-of date.
//
// English writes digit groups with a comma and the currency's ISO code after the figure, as in
// every report since the first: `5.2 %`, `219,602.53 EUR`, `45 EUR`, `31.2`, `6,750,000`,
// `3.5 d`, `4.1 pp`, `2025-12-31` (the code, not `€`/`$`, so `USD` and `CAD` never look alike
// and figures of every currency line up the same way). Other display locales go through
// Intl (`fr`: `5,2 %`, `8 422,30 €`, `45 €`, `31,2`, `6 750 000`, `3,5 j`, `4,1 pt`,
// `31 décembre 2025`), with two rules of our own, so every French figure reads and tests alike:
// - one space character, the no-break space U+00A0, between digit groups and before a unit
//   (`%`, `€`, `j`, `pt`): Intl writes U+202F (narrow no-break space) between groups and before
//   `%`, U+00A0 before `€`; U+00A0 is the space French typography rules ask of our texts
//   (l10n bundle), it keeps figures whole on line breaks, and every terminal font has it;
// - a currency code Intl has no symbol for keeps its code (`1 234,56 XYZ`).
// Whole currency amounts show no cents, others two decimals (as in English); a value that
// rounds to zero never shows a minus sign. Both languages round the shortest decimal form of a
// number half away from zero (Intl's rounding: 1.005 → 1.01, 25.075 → 25.08), not its binary
// value as toFixed does (1.00, 25.07): an exact average of 25.075 reads 25.08 in every language.
import { displayLocale, isEnglish } from '../l10n/l10n';

export interface ValueOptions {
  currency?: string;
  decimals?: number;
}

/** The no-break space of French figures: between digit groups and before a unit. */
export const NBSP = '\u00A0';

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, format);
  }
  return format;
}

/** Intl's spaces (U+202F between groups and before `%`, U+0020) as the one no-break space U+00A0. */
function oneSpace(text: string): string {
  return text.replace(/[\u202F\u2009 ]/g, NBSP);
}

/** `value` with between `min` and `max` decimals in the display locale (not English): `1 234,5`; never `-0`. */
function localNumber(value: number, min: number, max: number): string {
  const text = numberFormat(displayLocale(), {
    minimumFractionDigits: min,
    maximumFractionDigits: max,
    useGrouping: true,
  }).format(value);
  // A value that rounds to zero shows no sign (signDisplay 'negative' is not in every runtime's typings).
  return oneSpace(/^[-\u2212]0([.,]0*)?$/.test(text) ? text.slice(1) : text);
}

/** `1 234,56 €` (no cents for `decimals: 0`); a code Intl cannot format keeps its code after the figure. */
function localCurrency(value: number, decimals: number, currency: string | undefined): string {
  const plain = `${localNumber(value, decimals, decimals)}${currency ? `${NBSP}${currency}` : ''}`;
  if (!currency || !/^[A-Za-z]{3}$/.test(currency)) return plain;
  try {
    const parts = numberFormat(displayLocale(), {
      style: 'currency',
      currency: currency.toUpperCase(),
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    }).formatToParts(value);
    const symbol = parts.find((p) => p.type === 'currency')?.value ?? currency;
    const symbolFirst = parts.findIndex((p) => p.type === 'currency') < parts.findIndex((p) => p.type === 'integer');
    const figure = localNumber(value, decimals, decimals);
    return symbolFirst ? `${symbol}${figure}` : `${figure}${NBSP}${symbol}`;
  } catch {
    return plain;
  }
}

/** The symbol the display locale writes for a currency code (`EUR` → `€` in French); the code itself in English. */
export function currencySymbol(currency: string): string {
  if (isEnglish() || !/^[A-Za-z]{3}$/.test(currency)) return currency;
  try {
    const parts = numberFormat(displayLocale(), { style: 'currency', currency: currency.toUpperCase() }).formatToParts(
      1,
    );
    return parts.find((p) => p.type === 'currency')?.value ?? currency;
  } catch {
    return currency;
  }
}

/** English digit groups: `-1234567.5` → `-1,234,567.5` (the integer part only; exponent forms unchanged). */
function groupEnglish(text: string): string {
  return /e/i.test(text)
    ? text
    : text.replace(
        /^(-?)(\d+)/,
        (_m, sign: string, digits: string) => `${sign}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`,
      );
}

/** `v` with `d` decimals, the shortest decimal form rounded half away from zero, without groups: `25.08`. */
function englishFixed(v: number, d: number): string {
  return numberFormat('en-US', { minimumFractionDigits: d, maximumFractionDigits: d, useGrouping: false }).format(v);
}

function englishValue(value: number, format: string, options: ValueOptions): string {
  const fixed = (v: number, d: number, keepZeros = options.decimals !== undefined) => {
    const text = englishFixed(v, d);
    const trimmed = d > 0 && !keepZeros ? text.replace(/\.?0+$/, '') : text;
    // A tiny negative value rounds to "-0" or "-0.0": show it without the sign.
    return groupEnglish(/^-0(\.0+)?$/.test(trimmed) ? trimmed.slice(1) : trimmed);
  };
  switch (format) {
    case 'percent':
      return `${fixed(value * 100, options.decimals ?? 1)} %`;
    case 'points':
      return `${fixed(value * 100, options.decimals ?? 1)} pp`;
    case 'currency': {
      // Whole amounts without cents (45 EUR); others always with two (8422.30 EUR).
      const text =
        options.decimals !== undefined || Number.isInteger(value)
          ? fixed(value, options.decimals ?? 0)
          : fixed(value, 2, true);
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

function localValue(value: number, format: string, options: ValueOptions): string {
  // Without `decimals`, trailing zeros go (as in English): at most `d` decimals; with it, exactly `decimals`.
  const figure = (v: number, d: number) => localNumber(v, options.decimals ?? 0, options.decimals ?? d);
  switch (format) {
    case 'percent':
      return `${figure(value * 100, 1)}${NBSP}%`;
    case 'points':
      return `${figure(value * 100, 1)}${NBSP}pt`;
    case 'currency': {
      const decimals = options.decimals !== undefined ? options.decimals : Number.isInteger(value) ? 0 : 2;
      return localCurrency(value, decimals, options.currency);
    }
    case 'integer':
      return localNumber(value, 0, 0);
    case 'score':
      return figure(value, 1);
    case 'days':
      return `${figure(value, 1)}${NBSP}j`;
    default:
      return figure(value, 2);
  }
}

/**
 * A KPI value for people: percent (0.052 → `5.2 %`, fr `5,2 %`), currency (`45 EUR`, fr `45 €`),
 * score, integer, days, number; `—` for no value. `points` writes a difference of two shares in
 * percentage points with the percent's decimals (0.167 → `16.7 pp`, fr `16,7 pt`).
 */
export function formatValue(value: number | null, format: string, options: ValueOptions = {}): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return isEnglish() ? englishValue(value, format, options) : localValue(value, format, options);
}

/**
 * A plain figure as JavaScript writes it, with digit groups in English (`0.028`, `99.5`, `1,234`)
 * and with the display locale's decimal comma and digit groups otherwise (`0,028`, `99,5`, `1 234`).
 */
export function formatPlain(value: number): string {
  return isEnglish() ? groupEnglish(String(value)) : localNumber(value, 0, 20);
}

/** A percentage figure for texts such as `95 %` (fr `95 %`, U+00A0): `value` is already ×100. */
export function formatPercentFigure(value: number): string {
  return isEnglish() ? `${value} %` : `${formatPlain(value)}${NBSP}%`;
}

/**
 * Made on first use, not when the module loads: the first Intl object initialises ICU, about
 * 25 ms that the extension's activation and every command would otherwise pay up front.
 */
let compactEnglish: Intl.NumberFormat | undefined;

/** A short axis figure: `250K`, `1.2M` (fr `250 k`, `1,2 M`). */
export function formatCompact(value: number): string {
  return isEnglish()
    ? (compactEnglish ??= new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 })).format(value)
    : oneSpace(numberFormat(displayLocale(), { notation: 'compact', maximumFractionDigits: 1 }).format(value));
}

/**
 * The as-of date in prose: English keeps the ISO date (`2025-12-31`); other locales write it out
 * (fr `31 décembre 2025`). Anything that is not a `YYYY-MM-DD` date is shown as it is.
 */
export function formatDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (isEnglish() || !match) return isoDate;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (Number.isNaN(date.getTime())) return isoDate;
  return oneSpace(
    new Intl.DateTimeFormat(displayLocale(), {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(date),
  );
}
