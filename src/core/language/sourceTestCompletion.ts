// Completion inside a source's `tests:` and `freshness:` (sourceTestsModel.ts): the test kinds
// after `- `, the source's columns for unique / not_null / column, other sources for a
// relationship's `to`, severities, and durations for warn_after / error_after.
import { SOURCE_TEST_KINDS } from '../kpifile/sourceTestsModel';
import type { SpecModel } from '../kpifile/model';
import type { CompletionItem } from './completion';
import * as l10n from '../l10n/l10n';

export const FRESHNESS_KEYS = ['warn_after', 'error_after'];
const DURATIONS = ['1d', '2d', '3d', '7d', '1w', '2w'];

/** Values for the key being typed at `path` (['sources', name, 'tests', …]), or undefined when not in a test or freshness. */
export function sourceTestValues(
  path: readonly string[],
  key: string,
  model: SpecModel,
  columnsOf: (source: string | undefined) => string[],
): CompletionItem[] | undefined {
  const [section, name, part] = path;
  if (section !== 'sources' || !name) return undefined;
  const words = (list: readonly string[], kind: CompletionItem['kind'], detail?: string) =>
    list.map((w) => ({ label: w, kind, detail, insertText: w }));
  if (path.length === 2 && key === 'tests')
    return SOURCE_TEST_KINDS.map((k) => ({ label: k, kind: 'key' as const, insertText: `${k}: ` }));
  if (part === 'freshness' && FRESHNESS_KEYS.includes(key)) return words(DURATIONS, 'value');
  if (part !== 'tests') return undefined;
  if (key === 'unique' || key === 'not_null' || key === 'column')
    return words(columnsOf(name), 'column', l10n.t('column of {0}', name));
  if (key === 'to')
    return words(
      [...model.sources.keys()].filter((s) => s !== name),
      'source',
      'source',
    );
  if (key === 'severity') return words(['error', 'warning'], 'value');
  return undefined;
}
