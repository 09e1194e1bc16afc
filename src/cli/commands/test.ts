// `kpilens test [paths…]`: runs the KPI tests (`tests:` sections) of KPI files on the real
// engine. One line per test (✓ / ✗), and for each failed expectation
// `path:line:column: <kpi> (<period>, <segment>): expected X, actual Y (off by ±d)` at the
// expectation's line. Then the sources' data tests and freshness on the real data files
// (`✓ source: unique order_id`; a failure with its diagnostic line; a `severity: warning`
// failure marked ⚠ and not failed). Exit 1 if a test fails or a file has errors, 0 otherwise.
import * as fs from 'fs';
import { checkKpiFile } from '../../core/kpifile/checkFile';
import { dataRootOf } from '../../core/data/dataRoot';
import { formatDiagnosticLine } from '../../core/kpifile/diagnostic';
import { runKpiTests } from '../../core/testing/runKpiTests';
import { EngineError } from '../../core/engine/backends/engine';
import { displayPath, findKpiFiles, noKpiFiles } from '../findKpiFiles';
import { UsageError } from '../io';
import type { CliIo } from '../io';
import * as l10n from '../../core/l10n/l10n';
import { countText } from '../countText';
import { isNowValue } from '../../core/testing/freshness';
import { hasSourceChecks, runFileSourceChecks } from '../sourceChecksRun';
import { printable } from '../../core/util/quote';

export interface TestCommandOptions {
  /** Only the tests with these names. */
  test?: string[];
  /** The run's date for sources' freshness (default: today). */
  now?: string;
}

export async function testCommand(io: CliIo, paths: string[], options: TestCommandOptions): Promise<number> {
  if (options.now !== undefined && !isNowValue(options.now))
    throw new UsageError(
      l10n.t("--now '{0}' is not a date: write YYYY-MM-DD or an instant such as 2026-03-13T08:00:00Z", options.now),
    );
  const files = await findKpiFiles(io.cwd, paths);
  if (files.length === 0) throw new UsageError(noKpiFiles(paths));
  let passed = 0;
  let failed = 0;
  let fileErrors = 0;
  for (const file of files) {
    const shown = displayPath(io.cwd, file);
    let text: string;
    try {
      text = await fs.promises.readFile(file, 'utf8');
    } catch (err) {
      throw new UsageError(l10n.t('cannot read {0}: {1}', shown, (err as NodeJS.ErrnoException).code ?? String(err)));
    }
    const check = await checkKpiFile(file, text, { dataRoot: dataRootOf(file, { cwd: io.cwd }) });
    const sourceChecks = !options.test?.length && hasSourceChecks(check);
    if (check.model.tests.size === 0 && !sourceChecks) continue;
    io.out(`${shown}\n`);
    for (const d of check.diagnostics) {
      if (d.severity !== 'error') continue;
      fileErrors++;
      io.out(`  ${formatDiagnosticLine(d, shown)}\n`);
    }
    if (sourceChecks) {
      const found = await runFileSourceChecks(io, check, { now: options.now, command: 'test' });
      if (typeof found === 'number') return found;
      // What the data itself breaks (an unreadable file…) is a file error.
      const fromChecks = new Set(found.outcomes.map((o) => o.diagnostic));
      for (const d of found.dataDiagnostics) {
        if (d.severity !== 'error' || fromChecks.has(d)) continue;
        fileErrors++;
        io.out(`  ${formatDiagnosticLine(d, shown)}\n`);
      }
      for (const o of found.outcomes) {
        const warned = o.diagnostic?.severity === 'warning';
        if (o.passed || warned) passed++;
        else failed++;
        const mark = o.passed ? '✓' : warned ? '⚠' : '✗';
        const why = o.skipped ? ` (${l10n.t('not run: the source could not be read')})` : '';
        io.out(`  ${mark} ${o.source}: ${o.label}${why}\n`);
        if (o.diagnostic) io.out(`      ${formatDiagnosticLine(o.diagnostic, shown)}\n`);
      }
    }
    if (check.model.tests.size === 0) continue;
    let outcomes;
    try {
      outcomes = await runKpiTests(check, { tests: options.test });
    } catch (err) {
      if (err instanceof EngineError) {
        io.err(`kpilens: ${l10n.t('the engine failed: {0}', err.message)}\n`);
        return 1;
      }
      throw err;
    }
    for (const t of outcomes) {
      if (t.passed) passed++;
      else failed++;
      io.out(
        `  ${t.passed ? '✓' : '✗'} ${t.name}${t.passed ? ` (${countText(t.expectations.length, 'value')})` : ''}\n`,
      );
      for (const d of t.errors)
        io.out(
          `      ${printable(`${shown}:${d.range.start.line}:${d.range.start.column}: error: ${d.message} [${d.code}]`)}\n`,
        );
      for (const e of t.expectations) {
        if (!e.passed) io.out(`      ${shown}:${e.range.start.line}:${e.range.start.column}: ${e.message}\n`);
      }
    }
  }
  const total = passed + failed;
  if (total === 0 && fileErrors === 0) {
    io.err(`${l10n.t('no KPI tests found (add a `tests:` section to a KPI file)')}\n`);
    return 0;
  }
  const summary = l10n.t('{0}: {1} passed, {2} failed', countText(total, 'test'), passed, failed);
  io.err(`${fileErrors ? l10n.t('{0}; {1} in KPI files', summary, countText(fileErrors, 'error')) : summary}\n`);
  return failed > 0 || fileErrors > 0 ? 1 : 0;
}
