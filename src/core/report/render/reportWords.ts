// Sentences the human-facing reports (table, Markdown, HTML) share, whole so that they
// translate whole: the report heading with its as-of date, and the note under a KPI's tables
// naming the cells below min_sample.
import * as l10n from '../../l10n/l10n';
import type { KpiResult } from '../resultModel';
import { formatPlain } from '../formatValue';

/** How many cells below min_sample the note names before `… N more`. */
const NAMED_BELOW = 6;

/** `KPI report — as of 2025-12-31` (fr `Rapport KPI — au 31 décembre 2025`); both parts already escaped for the output. */
export function reportHeading(title: string, asOf: string): string {
  return l10n.t('{0} — as of {1}', title, asOf);
}

/** `† below min_sample 30: 2025-01 web: n = 12; …; … 3 more` from the rows' texts, already escaped for the output. */
export function belowMinSampleNote(kpi: KpiResult, rows: string[]): string {
  const named = rows
    .slice(0, NAMED_BELOW)
    .reduce((list, row) => (list === '' ? row : l10n.t('{0}; {1}', list, row)), '');
  const list = rows.length > NAMED_BELOW ? l10n.t('{0}; … {1} more', named, rows.length - NAMED_BELOW) : named;
  return l10n.t('† below min_sample {0}: {1}', formatPlain(kpi.min_sample ?? 30), list);
}
