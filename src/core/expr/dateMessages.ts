// The message of an invalid date literal in the display language ("invalid date '2025-02-30':
// February 2025 has 28 days"), from the problem expr/dates.ts found.
import { dateProblem } from './dates';
import * as l10n from '../l10n/l10n';

/** "invalid date 'value': …" for users. */
export function invalidDateMessage(value: string): string {
  const problem = dateProblem(value) ?? { kind: 'form' };
  switch (problem.kind) {
    case 'year':
      return l10n.t("invalid date '{0}': {1}", value, l10n.t('the year must be 0001 or later'));
    case 'month':
      return l10n.t("invalid date '{0}': {1}", value, l10n.t('the month must be 01 to 12'));
    case 'day':
      return l10n.t("invalid date '{0}': {1}", value, monthHasDays(problem.month, problem.year, problem.days));
    case 'unpadded':
      return l10n.t("invalid date '{0}': write it as YYYY-MM-DD", value);
    case 'form':
      return l10n.t("invalid date '{0}': expected YYYY-MM-DD", value);
  }
}

/** "February 2025 has 28 days", with the month's name in the display language. */
function monthHasDays(month: number, year: number, days: number): string {
  switch (month) {
    case 1:
      return l10n.t('January {0} has {1} days', year, days);
    case 2:
      return l10n.t('February {0} has {1} days', year, days);
    case 3:
      return l10n.t('March {0} has {1} days', year, days);
    case 4:
      return l10n.t('April {0} has {1} days', year, days);
    case 5:
      return l10n.t('May {0} has {1} days', year, days);
    case 6:
      return l10n.t('June {0} has {1} days', year, days);
    case 7:
      return l10n.t('July {0} has {1} days', year, days);
    case 8:
      return l10n.t('August {0} has {1} days', year, days);
    case 9:
      return l10n.t('September {0} has {1} days', year, days);
    case 10:
      return l10n.t('October {0} has {1} days', year, days);
    case 11:
      return l10n.t('November {0} has {1} days', year, days);
    default:
      return l10n.t('December {0} has {1} days', year, days);
  }
}
