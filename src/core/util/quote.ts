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

/**
 * A line for a terminal or a CI log: `oneLine`, and every other control character (an escape
 * sequence's ESC, a C1 control, a Unicode line separator) written `\u{1b}` — a key of a KPI file
 * quoted in a message can neither colour the terminal nor start a fake diagnostic line.
 */
export function printable(text: string): string {
  return oneLine(text).replace(
    // eslint-disable-next-line no-control-regex -- the control characters are what is escaped
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u{${c.charCodeAt(0).toString(16)}}`,
  );
}
