// Hovers on the keys of a source's `tests:` items (unique, not_null, accepted_values, range,
// relationship, severity) and of its `freshness:` (and warn_after / error_after): the
// schema's description of each (kpifile/sourceTestsSchema.ts), so hover, docs and schema agree.
import { isScalar } from 'yaml';
import type { CheckResult } from '../kpifile/checkFile';
import type { YamlPath } from '../kpifile/yamlDocument';
import { isObject } from '../kpifile/model';
import { SOURCE_TEST_DEFINITIONS, SOURCE_TEST_PROPERTIES } from '../kpifile/sourceTestsSchema';
import type { JsonSchema } from '../kpis/kpiType';
import type { Hover } from './hover';
import * as l10n from '../l10n/l10n';

type Described = { description?: string; properties?: Record<string, Described> };

const TEST_KEYS = (SOURCE_TEST_DEFINITIONS.source_test as Described).properties ?? {};
const FRESHNESS = SOURCE_TEST_PROPERTIES.freshness as Described;

export function sourceTestHover(check: CheckResult, offset: number): Hover | undefined {
  const doc = check.document;
  const keyAt = (path: YamlPath, described: Record<string, Described | JsonSchema>): Hover | undefined => {
    for (const pair of doc.pairs(path)) {
      if (!isScalar(pair.key) || !pair.key.range) continue;
      const name = String(pair.key.value);
      const range = doc.source.range(pair.key.range[0], pair.key.range[1]);
      const d = (described[name] as Described | undefined)?.description;
      if (d && offset >= range.startOffset && offset <= range.endOffset)
        return { markdown: l10n.t('**{0}**: {1}', name, d), range };
    }
    return undefined;
  };
  for (const source of check.model.sources.values()) {
    const found =
      keyAt(['sources', source.name], { freshness: FRESHNESS, tests: SOURCE_TEST_PROPERTIES.tests }) ??
      keyAt(['sources', source.name, 'freshness'], FRESHNESS.properties ?? {});
    if (found) return found;
    const sources = isObject(doc.value) && isObject(doc.value.sources) ? doc.value.sources : {};
    const raw = sources[source.name];
    const tests = isObject(raw) ? raw.tests : undefined;
    if (!Array.isArray(tests)) continue;
    for (let i = 0; i < tests.length; i++) {
      const hover = keyAt(['sources', source.name, 'tests', i], TEST_KEYS);
      if (hover) return hover;
    }
  }
  return undefined;
}
