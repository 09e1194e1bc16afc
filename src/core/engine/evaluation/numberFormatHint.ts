// What a skipped-rows warning suggests when the values it skipped as "not a number" are numbers
// written the way a regional export writes them: "1 234,56" (a French Excel export, its spaces
// often no-break ones), "12,5", "1.234,56", "1,234.56", "1'234.50". The source's `decimal` and
// `thousands` (docs/language.md) read them; the warning names the settings that are missing.
import * as l10n from '../../l10n/l10n';
import type { CsvDialectSpec } from '../../kpifile/model';
import { THOUSANDS_SPACES } from '../sources/csvDialect';

/** The separators one written number uses: its decimal mark and its thousands separator, if any. */
interface Separators {
  decimal: '.' | ',';
  thousands?: ' ' | '.' | ',' | "'";
}

/** Number shapes, each with the separators it needs; the first that matches a value wins. */
const SHAPES: [RegExp, Separators][] = [
  [new RegExp(`^[+-]?\\d{1,3}(${THOUSANDS_SPACES}\\d{3})+(,\\d+)?$`), { decimal: ',', thousands: ' ' }],
  [new RegExp(`^[+-]?\\d{1,3}(${THOUSANDS_SPACES}\\d{3})+\\.\\d+$`), { decimal: '.', thousands: ' ' }],
  [/^[+-]?\d{1,3}(\.\d{3})+,\d+$/, { decimal: ',', thousands: '.' }],
  [/^[+-]?\d{1,3}(\.\d{3}){2,}$/, { decimal: ',', thousands: '.' }],
  [/^[+-]?\d{1,3}(,\d{3})+\.\d+$/, { decimal: '.', thousands: ',' }],
  [/^[+-]?\d{1,3}(,\d{3}){2,}$/, { decimal: '.', thousands: ',' }],
  [/^[+-]?\d{1,3}('\d{3})+([.,]\d+)?$/, { decimal: '.', thousands: "'" }],
  [/^[+-]?\d*,\d+$/, { decimal: ',' }],
];

/** The separators a value is written with, when it is a number in one of SHAPES. */
function separatorsOf(value: string): Separators | undefined {
  const text = value.trim();
  const shape = SHAPES.find(([pattern]) => pattern.test(text));
  if (!shape) return undefined;
  // 1'234,50: the decimal mark is the one written.
  return shape[1].thousands === "'" && text.includes(',') ? { decimal: ',', thousands: "'" } : shape[1];
}

/**
 * The hint for values skipped as not a number (the warning's examples, as written), or undefined
 * when none is likely: the separators most of the recognised values use, where the source does
 * not already read them so (`csv`, the source's settings as written).
 */
export function numberFormatHint(values: string[], csv: CsvDialectSpec): string | undefined {
  const counts = new Map<string, { n: number; seps: Separators }>();
  for (const value of values) {
    const seps = separatorsOf(value);
    if (!seps) continue;
    const key = `${seps.decimal}|${seps.thousands ?? ''}`;
    counts.set(key, { n: (counts.get(key)?.n ?? 0) + 1, seps });
  }
  const best = [...counts.values()].sort((a, b) => b.n - a.n)[0]?.seps;
  if (!best) return undefined;
  const settings: string[] = [];
  if (best.decimal !== (csv.decimal ?? '.')) settings.push(`decimal: "${best.decimal}"`);
  if (best.thousands !== undefined && best.thousands !== csv.thousands) settings.push(`thousands: "${best.thousands}"`);
  if (settings.length === 0) return undefined;
  return l10n.t("if they are numbers written so, set the source's {0}", settings.join(l10n.t(' and ')));
}
