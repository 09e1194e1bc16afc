// The CLI's display language: `--locale LANG`, else KPILENS_LOCALE, else the usual LC_ALL,
// LC_MESSAGES, LANG (as gettext reads them), else the first language of LANGUAGE (`fr:en`), else
// the system's locale as Node's Intl reports it (Windows sets none of the variables); `C` or
// `POSIX` mean English. French reads
// the bundle the extension ships (l10n/bundle.l10n.fr.json, inlined in the CLI bundle); any other
// language falls back to English. The machine formats (`--format json`, `csv`, `sarif`) are the
// same in every language — raw numbers and English messages — so a script reads the same output
// on any machine.
import frenchBundle from '../../l10n/bundle.l10n.fr.json';
import { languageOf, normalizeLocale, useLocale } from '../core/l10n/l10n';
import type { L10nBundle } from '../core/l10n/l10n';

const BUNDLES: Record<string, L10nBundle> = { fr: frenchBundle };

/**
 * The value of an option on the command line (`--locale fr`, `--locale=fr`, `-f json`), if any:
 * read before commander parses, since the language of its texts depends on it.
 */
function optionValue(argv: readonly string[], names: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return undefined; // operands follow
    if (names.includes(arg)) return argv[i + 1];
    const long = names.find((name) => name.startsWith('--') && arg.startsWith(`${name}=`));
    if (long) return arg.slice(long.length + 1);
  }
  return undefined;
}

/** The locale asked for on the command line (`--locale fr`, `--locale=fr`), if any. */
export function localeOption(argv: readonly string[]): string | undefined {
  return optionValue(argv, ['--locale']);
}

/** Formats read by programs: their text does not depend on the locale. */
const MACHINE_FORMATS = new Set(['json', 'csv', 'sarif']);

/** The system's locale as Node's Intl reads it (the user's settings on Windows and macOS). */
export function systemLocale(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().locale;
  } catch {
    return undefined;
  }
}

/**
 * The locale the CLI speaks for these arguments and this environment; `system`: the system's
 * locale, or how to read it — only when no option or variable names one (reading it initialises
 * ICU, about 25 ms before the first query of a run).
 */
export function resolveCliLocale(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  system?: string | (() => string | undefined),
): string {
  const format = optionValue(argv, ['--format', '-f']);
  if (format !== undefined && MACHINE_FORMATS.has(format)) return 'en';
  const language = env.LANGUAGE?.split(':').find((l) => l.trim() !== '');
  const named = [localeOption(argv), env.KPILENS_LOCALE, env.LC_ALL, env.LC_MESSAGES, env.LANG, language].find(
    (value) => value !== undefined && value !== '',
  );
  return normalizeLocale(named ?? (typeof system === 'function' ? system() : system));
}

/** Switches the core's texts and number formats to the CLI's locale; returns it. */
export function applyCliLocale(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  system: string | (() => string | undefined) = systemLocale,
): string {
  const locale = resolveCliLocale(argv, env, system);
  useLocale(locale, BUNDLES[languageOf(locale)]);
  return locale;
}
