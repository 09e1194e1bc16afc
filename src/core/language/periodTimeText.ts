// A period's time options in words for its hover: the rolling window ("each over the trailing
// 90 days ending at its last day") and several comparisons.
import type { PeriodSpec } from '../kpifile/model';
import { parseWindowLength, type WindowLength } from '../util/windowLength';
import * as l10n from '../l10n/l10n';

/** `90 days`, `1 week`, `3 months`, `1 year` (fr `90 jours`, `1 semaine`, `3 mois`, `1 an`). */
export function windowLengthText(length: WindowLength): string {
  const n = length.count;
  const one = new Intl.PluralRules(l10n.displayLocale()).select(n) === 'one';
  switch (length.unit) {
    case 'd':
      return one ? l10n.t('{0} day', n) : l10n.t('{0} days', n);
    case 'w':
      return one ? l10n.t('{0} week', n) : l10n.t('{0} weeks', n);
    case 'm':
      return one ? l10n.t('{0} month', n) : l10n.t('{0} months', n);
    case 'y':
      return one ? l10n.t('{0} year', n) : l10n.t('{0} years', n);
  }
}

/** The period's calendar in words (`; weeks from Sunday; fiscal years from month 2`), '' for the default. */
function calendarText(p: PeriodSpec): string {
  const parts: string[] = [];
  if (p.calendar && p.calendar !== 'gregorian') parts.push(l10n.t('retail {0} calendar of whole weeks', p.calendar));
  if (p.weekStart === 'sunday') parts.push(l10n.t('weeks from Sunday'));
  if (p.weekStart === 'saturday') parts.push(l10n.t('weeks from Saturday'));
  if (p.fiscalYearStart !== undefined && p.fiscalYearStart !== 1)
    parts.push(l10n.t('fiscal years from month {0}, named by the year they end in', p.fiscalYearStart));
  return parts.map((t) => ` (${t})`).join('');
}

/** What the period's options add to its description, starting with a comma or a bracket; '' when none. */
export function periodTimeText(p: PeriodSpec): string {
  return calendarText(p) + spanText(p);
}

function spanText(p: PeriodSpec): string {
  const length = parseWindowLength(p.window);
  if (length) return l10n.t(', each over the trailing {0} ending at its last day', windowLengthText(length));
  if (p.toDate === 'year') return l10n.t(', each counted from the start of its year (year to date)');
  if (p.toDate === 'quarter') return l10n.t(', each counted from the start of its quarter (quarter to date)');
  if (p.toDate === 'month') return l10n.t(', each counted from the start of its month (month to date)');
  return '';
}

/** Several comparisons in words (`each compared with the one before and with the same period a year before`); null for one. */
export function comparesText(p: PeriodSpec): string | null {
  if (!p.compares || p.compares.length < 2) return null;
  const words = p.compares.map((kind) =>
    kind === 'previous' ? l10n.t('with the one before') : l10n.t('with the same period a year before'),
  );
  return l10n.t('each compared {0} and {1}', words[0], words[1]);
}
