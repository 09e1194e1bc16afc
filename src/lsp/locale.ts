// The language of the server's texts (hovers, completion details, diagnostics, fixes): the
// client's `locale` from the initialize request when it sends one, else the CLI's rules
// (--locale, KPILENS_LOCALE, LC_ALL, LC_MESSAGES, LANG, LANGUAGE, the system's), already
// applied by the CLI before the server starts. French has a bundle; anything else is English.
import frenchBundle from '../../l10n/bundle.l10n.fr.json';
import { displayLocale, languageOf, useLocale } from '../core/l10n/l10n';
import type { L10nBundle } from '../core/l10n/l10n';

const BUNDLES: Record<string, L10nBundle> = { fr: frenchBundle };

/** Switches to the client's locale when given; returns the display locale in use. */
export function applyClientLocale(clientLocale: string | undefined): string {
  if (clientLocale !== undefined && clientLocale.trim() !== '')
    useLocale(clientLocale, BUNDLES[languageOf(clientLocale)]);
  return displayLocale();
}
