// "1 file", "3 errors": a count and its noun in the display language, each form a whole
// translated text (French plurals are not an added "s" everywhere, and 0 is singular in French).
import * as l10n from '../core/l10n/l10n';

export type CountedNoun = 'file' | 'error' | 'warning' | 'test' | 'value' | 'KPI';

/** `n` of `noun`: the singular form where the display language's plural rules say so (en: 1; fr: 0 and 1). */
export function countText(n: number, noun: CountedNoun): string {
  const one = new Intl.PluralRules(l10n.displayLocale()).select(n) === 'one';
  switch (noun) {
    case 'file':
      return one ? l10n.t('{0} file', n) : l10n.t('{0} files', n);
    case 'error':
      return one ? l10n.t('{0} error', n) : l10n.t('{0} errors', n);
    case 'warning':
      return one ? l10n.t('{0} warning', n) : l10n.t('{0} warnings', n);
    case 'test':
      return one ? l10n.t('{0} test', n) : l10n.t('{0} tests', n);
    case 'value':
      return one ? l10n.t('{0} value', n) : l10n.t('{0} values', n);
    case 'KPI':
      // The key '{0} KPI' is the diff's field label (`customers KPI`); KPI is invariable in French.
      return one && n === 1 ? l10n.t('1 KPI') : l10n.t('{0} KPIs', n);
  }
}
