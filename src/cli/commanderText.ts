// commander's own words in the display language: the help's headings (Usage:, Options:,
// Commands:, Arguments:), "(default: …)", the help and version options, and its error messages
// (unknown option, missing argument…), which commander writes in English only. English output is
// commander's, untouched.
import { Help } from 'commander';
import type { Command, Option } from 'commander';
import * as l10n from '../core/l10n/l10n';

/** A help heading in the display language. */
function heading(title: string): string {
  switch (title) {
    case 'Usage:':
      return l10n.t('Usage:');
    case 'Options:':
      return l10n.t('Options:');
    case 'Commands:':
      return l10n.t('Commands:');
    case 'Arguments:':
      return l10n.t('Arguments:');
    default:
      return title;
  }
}

/** "(Did you mean --kpi?)" / "(Did you mean one of a, b?)" after an error, in the display language. */
function suggestion(text: string): string {
  return text
    .replace(/\(Did you mean one of (.+)\?\)/, (_m, list: string) => l10n.t('(Did you mean one of {0}?)', list))
    .replace(/\(Did you mean (.+)\?\)/, (_m, word: string) => l10n.t('(Did you mean {0}?)', word));
}

/** One of commander's error messages (`error: unknown option '--x'`) in the display language; other text as it is. */
export function commanderError(text: string): string {
  if (l10n.isEnglish()) return text;
  const [first, ...rest] = text.split('\n');
  const patterns: Array<[RegExp, (...groups: string[]) => string]> = [
    [/^error: unknown option '(.*)'$/, (o) => l10n.t("error: unknown option '{0}'", o)],
    [/^error: unknown command '(.*)'$/, (c) => l10n.t("error: unknown command '{0}'", c)],
    [/^error: missing required argument '(.*)'$/, (a) => l10n.t("error: missing required argument '{0}'", a)],
    [/^error: option '(.*)' argument missing$/, (o) => l10n.t("error: option '{0}' argument missing", o)],
    [/^error: required option '(.*)' not specified$/, (o) => l10n.t("error: required option '{0}' not specified", o)],
    [
      /^error: too many arguments for '(.*)'\. Expected (\d+) arguments? but got (\d+)\.$/,
      (c, e, g) => l10n.t("error: too many arguments for '{0}': {1} expected, {2} given", c, e, g),
    ],
    [
      /^error: too many arguments\. Expected (\d+) arguments? but got (\d+)\.$/,
      (e, g) => l10n.t('error: too many arguments: {0} expected, {1} given', e, g),
    ],
  ];
  for (const [pattern, translate] of patterns) {
    const m = pattern.exec(first);
    if (m) return [translate(...m.slice(1)), ...rest.map(suggestion)].join('\n');
  }
  return text;
}

/** Makes a program's help and errors speak the display language (call before adding subcommands: they inherit it). */
export function localizeCommander(program: Command): void {
  program.helpOption('-h, --help', l10n.t('display help for command'));
  program.helpCommand('help [command]', l10n.t('display help for command'));
  if (l10n.isEnglish()) return;
  program.configureHelp({
    styleTitle: (title: string) => heading(title),
    // A no-break space (before « : », in figures) is not a place to wrap: commander splits on \s, which includes it.
    boxWrap(this: Help, text: string, width: number): string {
      return Help.prototype.boxWrap.call(this, text.replace(/\u00A0/g, '\uE000'), width).replace(/\uE000/g, '\u00A0');
    },
    optionDescription(this: Help, option: Option): string {
      const extra: string[] = [];
      const showDefault =
        option.defaultValue !== undefined &&
        (option.required || option.optional || (option.isBoolean() && typeof option.defaultValue === 'boolean'));
      if (showDefault)
        extra.push(l10n.t('default: {0}', option.defaultValueDescription ?? JSON.stringify(option.defaultValue)));
      if (extra.length === 0) return option.description;
      return option.description ? `${option.description} (${extra.join(', ')})` : `(${extra.join(', ')})`;
    },
  });
}
