// A name from the user's file, quoted as the display language quotes it: 'orders' in English,
// « orders » in French. For lists of names inside a translated sentence. A data value shown in
// a message keeps the message on one line (DSL.md: one line per problem).
import * as l10n from '../l10n/l10n';

/** `'name'` (English) or `« name »` (French). */
export function quote(name: string): string {
  return l10n.t("'{0}'", name);
}

/** Names quoted and joined by commas: `'a', 'b'`. */
export function quoteAll(names: readonly string[]): string {
  return names.map(quote).join(', ');
}

/** A data value shown inside a one-line message: its line breaks and tabs written `\n`, `\r`, `\t`. */
export function oneLine(value: string): string {
  return value.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}
