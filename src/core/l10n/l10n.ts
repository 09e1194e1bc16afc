// Localized text and the display locale, for the core, the CLI and the report view alike.
// `l10n.t('English text {0}', arg)` looks the English text up in the active bundle — the format of
// VS Code's `l10n/bundle.l10n.<lang>.json`, read by `@vscode/l10n` — so one bundle serves the extension
// (`vscode.l10n`), the CLI and the webview. English is the source language: with no bundle every text is
// its own key. The display locale is what number and date formats follow (`formatValue`).
import * as bundleReader from '@vscode/l10n';

/** A bundle: English text → translation (VS Code's l10n bundle format). */
export type L10nBundle = Record<string, string | { message: string; comment: string[] }>;

/** The languages KPI Lens ships a bundle for, besides English (the source language). */
export const TRANSLATED_LANGUAGES: readonly string[] = ['fr'];

let currentLocale = 'en';
let currentBundle: L10nBundle | undefined;

/**
 * Turns what users and systems write (`fr_FR.UTF-8`, `fr-fr`, `FR`, `C`, `en-US`) into a BCP 47 tag
 * (`fr-FR`, `fr`, `en`, `en-US`); empty, `C` and `POSIX` mean English.
 */
export function normalizeLocale(raw: string | undefined): string {
  const text = (raw ?? '')
    .trim()
    .replace(/[.@].*$/, '')
    .replace(/_/g, '-');
  if (text === '' || text === 'C' || text === 'POSIX' || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(text)) return 'en';
  const [language, ...rest] = text.split('-');
  return [language.toLowerCase(), ...rest.map((part) => (part.length === 2 ? part.toUpperCase() : part))].join('-');
}

/** The language part of a locale: `fr-FR` → `fr`. */
export function languageOf(locale: string): string {
  return normalizeLocale(locale).split('-')[0];
}

/**
 * Makes `locale` the display locale and `bundle` the translations of `t`. A language without a bundle
 * falls back to English entirely (texts and number formats), so output is never half translated.
 */
export function useLocale(locale: string, bundle: L10nBundle | undefined): void {
  const normalized = normalizeLocale(locale);
  const translated = bundle !== undefined && TRANSLATED_LANGUAGES.includes(languageOf(normalized));
  currentLocale = translated ? normalized : 'en';
  currentBundle = translated ? bundle : undefined;
  bundleReader.config({ contents: translated ? bundle : {} });
}

/** The display locale (BCP 47): `en` unless a translated language was chosen with `useLocale`. */
export function displayLocale(): string {
  return currentLocale;
}

/** The translations in use (undefined in English): the report view gets them from its host or its page. */
export function activeBundle(): L10nBundle | undefined {
  return currentBundle;
}

/** True when the display language is English (the plain number formats: `5.2 %`, `8422.30 EUR`). */
export function isEnglish(): boolean {
  return languageOf(currentLocale) === 'en';
}

/**
 * The text in the display language: `t('{0} KPIs', 3)`; placeholders `{0}`… are replaced by the
 * arguments in order (or `{name}` by a record's values).
 */
export const t = bundleReader.t;
