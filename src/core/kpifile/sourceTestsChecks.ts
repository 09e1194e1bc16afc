// The checks of sources' `tests:` and `freshness:` that need no data: one test per item, the
// other source of a relationship exists and has a column to match, freshness has a `time`
// column, bounds in order. The columns the tests name go to the data checks (unknown-column
// against the file's header), like every other column reference.
import type { Diagnostic, Severity } from './diagnostic';
import type { DiagnosticCode } from './codes';
import type { SpecModel } from './model';
import { isObject } from './model';
import type { ColumnRef } from './semanticChecks';
import { SOURCE_TEST_KINDS } from './sourceTestsModel';
import type { YamlDocument, YamlPath } from './yamlDocument';
import { changeToTitle, closest, didYouMean } from '../util/suggest';
import * as l10n from '../l10n/l10n';

export interface SourceTestsCheck {
  diagnostics: Diagnostic[];
  columnRefs: ColumnRef[];
  /** Sources a test or freshness reads (no `unused-source` warning for them). */
  testedSources: Set<string>;
}

/** The YAML path of a tested column: the `column` key of a mapping, the item of a list, or the test's value. */
export function testColumnPath(source: string, index: number, kind: string, body: unknown, i = 0): YamlPath {
  const base: YamlPath = ['sources', source, 'tests', index, kind];
  if (isObject(body)) return [...base, 'column'];
  if (Array.isArray(body)) return [...base, i];
  return base;
}

export function checkSourceTests(doc: YamlDocument, model: SpecModel): SourceTestsCheck {
  const out: SourceTestsCheck = { diagnostics: [], columnRefs: [], testedSources: new Set() };
  const report = (path: YamlPath, code: DiagnosticCode, message: string, severity: Severity = 'error', part?: 'key') =>
    out.diagnostics.push({ file: doc.file, range: doc.rangeOf(path, part), severity, code, message });
  const root = isObject(doc.value) ? doc.value : {};
  const rawSources = isObject(root.sources) ? root.sources : {};
  for (const source of model.sources.values()) {
    const raw = isObject(rawSources[source.name]) ? (rawSources[source.name] as Record<string, unknown>) : {};
    const usedBy = l10n.t("a test of source '{0}'", source.name);
    if (Array.isArray(raw.tests)) {
      if (raw.tests.length) out.testedSources.add(source.name);
      raw.tests.forEach((item, index) => {
        if (!isObject(item)) return;
        const kinds = SOURCE_TEST_KINDS.filter((k) => k in item);
        if (kinds.length !== 1)
          report(
            ['sources', source.name, 'tests', index],
            'invalid-value',
            kinds.length === 0
              ? l10n.t('a source test names one of {0}', SOURCE_TEST_KINDS.join(', '))
              : l10n.t('a source test names one test only, not {0}', kinds.join(' and ')),
          );
      });
    }
    for (const test of source.tests ?? []) {
      const body = (raw.tests as unknown[])[test.index] as Record<string, unknown>;
      test.columns.forEach((column, i) =>
        out.columnRefs.push({
          source: source.name,
          column,
          range: doc.rangeOf(testColumnPath(source.name, test.index, test.kind, body[test.kind], i)),
          usedBy,
        }),
      );
      const at: YamlPath = ['sources', source.name, 'tests', test.index, test.kind];
      if (test.kind === 'range' && test.min !== undefined && test.max !== undefined && test.min > test.max)
        report(
          [...at, 'min'],
          'invalid-value',
          l10n.t('the range’s min {0} is greater than its max {1}', test.min, test.max),
        );
      if (test.kind !== 'relationship' || !test.to) continue;
      const target = model.sources.get(test.to);
      if (!target) {
        const suggestion = closest(test.to, model.sources.keys());
        const range = doc.rangeOf([...at, 'to']);
        out.diagnostics.push({
          file: doc.file,
          range,
          severity: 'error',
          code: 'unknown-source',
          message: `${l10n.t("unknown source '{0}'", test.to)}${didYouMean(suggestion)}`,
          ...(suggestion ? { fixes: [{ title: changeToTitle(suggestion), range, newText: suggestion }] } : {}),
        });
        continue;
      }
      out.testedSources.add(target.name);
      const column = test.toColumn ?? target.key;
      if (!column) {
        report(
          [...at, 'to'],
          'missing-key',
          l10n.t(
            "source '{0}' has no 'key': write the column to match as '{0}.column', or give the source a key",
            target.name,
          ),
        );
        continue;
      }
      out.columnRefs.push({ source: target.name, column, range: doc.rangeOf([...at, 'to']), usedBy });
    }
    if (raw.freshness !== undefined) out.testedSources.add(source.name);
    if (source.freshness) {
      if (!source.time)
        report(
          ['sources', source.name, 'freshness'],
          'missing-time',
          l10n.t("source '{0}' has a 'freshness' but no 'time' column to measure it on", source.name),
          'error',
          'key',
        );
      const { warnAfterDays: warn, errorAfterDays: error } = source.freshness;
      if (warn !== undefined && error !== undefined && error < warn)
        report(
          ['sources', source.name, 'freshness', 'error_after'],
          'invalid-value',
          l10n.t('error_after ({0} days) is shorter than warn_after ({1} days)', error, warn),
        );
    }
  }
  return out;
}
