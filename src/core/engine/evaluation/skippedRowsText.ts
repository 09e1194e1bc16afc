// The text of a skipped-rows warning (skippedRows.ts, filterSkippedRows.ts): the span of the
// displayed periods, how many rows, what was wrong with them and up to five of their values.
import * as l10n from '../../l10n/l10n';
import { oneLine } from '../../util/quote';
import type { SqlRow } from '../backends/engine';
import type { DateRange } from './periods';
import { EMPTY_VALUE } from '../../kpis/kpiType';

/** A KPI's skipped rows: the field the warning points at and its text after the KPI's name. */
export interface SkippedRows {
  field: string;
  text: string;
}

/**
 * Where an example is in its file (`o.csv:3`), with the text written there when the example is
 * the value as read (a score of `0` in the file read as the number 0.0).
 */
export type ValuePlace = string | { at: string; text: string };

/**
 * The warning's text from a row of `bad` (a count) and `examples` (a distinct list); null when no
 * row was skipped. `where` gives an example's place in its file (`o.csv:3`) when it is known.
 */
export function skippedRowsText(
  all: DateRange,
  row: SqlRow | undefined,
  what: string,
  where: (value: string) => ValuePlace | undefined = () => undefined,
): string | null {
  const bad = Number(row?.bad ?? 0);
  if (bad === 0) return null;
  const shown = examplesText(row?.examples, where);
  return shown
    ? l10n.t('{0}..{1}: {2} {3}: {4}', all.start, all.end, bad, what, shown)
    : l10n.t('{0}..{1}: {2} {3}', all.start, all.end, bad, what);
}

/**
 * Up to five values of a distinct list (as the engine gives it: JSON text), then `…` when there
 * are more; '' when none. With a place known, each value is quoted as in the read's own warnings
 * ('abc' at o.csv:3).
 */
export function examplesText(list: unknown, where: (value: string) => ValuePlace | undefined): string {
  const examples = listedValues(list);
  const places = examples.slice(0, SHOWN).map((v) => {
    const place = where(v);
    // The value as written in the file where it is known there.
    return typeof place === 'object' ? ([place.text, place.at] as const) : ([v, place] as const);
  });
  const quoted = places.some(([, at]) => at !== undefined);
  return (
    places
      .map(([v, at]) =>
        v === EMPTY_VALUE
          ? l10n.t('(empty)')
          : at
            ? l10n.t("'{0}' at {1}", oneLine(v), at)
            : quoted
              ? l10n.t("'{0}'", oneLine(v))
              : oneLine(v),
      )
      .join(', ') + (examples.length > SHOWN ? ', …' : '')
  );
}

/** How many values a warning shows. */
const SHOWN = 5;

/** The values of a distinct list (JSON text, as the engine gives it). */
function listedValues(list: unknown): string[] {
  try {
    const parsed: unknown = JSON.parse(String(list ?? '[]'));
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

/** The values examplesText shows of a distinct list. */
export function shownValues(list: unknown): string[] {
  return listedValues(list).slice(0, SHOWN);
}
