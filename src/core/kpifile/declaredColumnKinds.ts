// What a KPI file itself says of its columns' types, for the check of its filters before any
// data is read (expr/columnTypeFit.ts): the types its sources declare (`columns:`) and their
// `time` column, always read as dates. Other columns are not known until the run reads them.
import type { ColumnKind, ColumnKinds } from '../expr/columnTypeFit';
import type { NameRef } from '../expr';
import type { SourceSpec, SpecModel } from './model';
import * as l10n from '../l10n/l10n';

const DECLARED: Record<string, ColumnKind | 'boolean'> = {
  string: 'text',
  number: 'number',
  integer: 'number',
  date: 'date',
  timestamp: 'date',
  boolean: 'boolean',
};

function declaredKind(source: SourceSpec | undefined, column: string): ColumnKind | 'boolean' | undefined {
  if (!source) return undefined;
  const lower = column.toLowerCase();
  const declared = Object.entries(source.columns).find(([c]) => c.toLowerCase() === lower)?.[1];
  if (declared !== undefined) return DECLARED[declared];
  return source.time?.toLowerCase() === lower ? 'date' : undefined;
}

/** The kind the file declares a column of `source` to have (its `time`: dates), if any. */
export function declaredColumnKind(
  model: SpecModel,
  source: string,
  column: string,
): ColumnKind | 'boolean' | undefined {
  return declaredKind(model.sources.get(source), column);
}

/** The kinds of the columns a filter over `source`'s rows names (a plain name, or `source.column` of a joined one). */
export function declaredColumnKinds(model: SpecModel, source: string | undefined): ColumnKinds {
  const kindOf = (ref: NameRef): ColumnKind | 'boolean' | undefined =>
    ref.parts.length === 1
      ? declaredKind(source !== undefined ? model.sources.get(source) : undefined, ref.parts[0])
      : declaredKind(model.sources.get(ref.parts[0]), ref.parts[1]);
  return {
    kind: (ref) => {
      const k = kindOf(ref);
      return k === 'boolean' ? undefined : k;
    },
    isBoolean: (ref) => kindOf(ref) === 'boolean',
  };
}

/**
 * The words of a KPI that reads as numbers (a sum's `column`, an NPS's score) a column held as
 * dates: told by the check where the file declares it so (`columns:`, the source's `time`), by
 * the run where the data holds it so (engine/evaluation/measureColumnTypes.ts).
 */
export function dateMeasureMessage(column: string, source: string, type: string): string {
  return l10n.t(
    "column '{0}' of source '{1}' holds dates, and a {2} KPI reads numbers (an amount, a score): name a number column",
    column,
    source,
    type,
  );
}
