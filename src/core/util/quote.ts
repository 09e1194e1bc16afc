// A name from the user's file, quoted as the display language quotes it: 'orders' in English,
// « orders » in French. For lists of names inside a translated sentence.
import * as l10n from '../l10n/l10n';

/** `'name'` (English) or `« name »` (French). */
export function quote(name: string): string {
  return l10n.t("'{0}'", name);
}

/** Names quoted and joined by commas: `'a', 'b'`. */
export function quoteAll(names: readonly string[]): string {
  return names.map(quote).join(', ');
}
