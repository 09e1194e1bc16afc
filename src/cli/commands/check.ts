// `kpilens check [paths…]`: validates KPI files; one line per problem
// (`path:line:column: error|warning: message [code]`), exit 1 if any error. Other formats:
// json, github (workflow annotations) and sarif (SARIF 2.1.0 for code scanning). With --data
// it reads the data too: the sources' tests and freshness (--now), unreadable files and values.
import { dataRootOf } from '../../core/data/dataRoot';
import * as fs from 'fs';
import * as path from 'path';
import { checkKpiFile } from '../../core/kpifile/checkFile';
import { formatDiagnosticLine } from '../../core/kpifile/diagnostic';
import { githubAnnotation } from '../../core/kpifile/githubAnnotations';
import { toSarif } from '../../core/kpifile/sarif';
import type { Diagnostic } from '../../core/kpifile/diagnostic';
import { displayPath, findKpiFiles, noKpiFiles } from '../findKpiFiles';
import { countText } from '../countText';
import { UsageError } from '../io';
import type { CliIo } from '../io';
import * as l10n from '../../core/l10n/l10n';
import type { CheckResult } from '../../core/kpifile/checkFile';
import { openKpiFileEngine, runDataRoot } from '../../core/run/kpiFileEngine';
import { explainSources, explanationText } from '../../core/engine/sources/sourceExplain';
import { specConnection } from '../../core/engine/connections/specConnection';
import { withInterrupt } from '../commandRun';
import { isNowValue } from '../../core/testing/freshness';
import { runFileSourceChecks } from '../sourceChecksRun';

export const CHECK_FORMATS = ['text', 'json', 'github', 'sarif'];

export interface CheckCommandOptions {
  format: string;
  /** Also print how each CSV source is read (text format; reads the data). */
  explain?: boolean;
  /** Also read the data (runs the sources' tests and freshness): its diagnostics join the file's. */
  data?: boolean;
  /** The run's date for sources' freshness (default: today). */
  now?: string;
}

export function diagnosticToJson(d: Diagnostic, file: string) {
  return {
    file,
    line: d.range.start.line,
    column: d.range.start.column,
    end_line: d.range.end.line,
    end_column: d.range.end.column,
    severity: d.severity,
    message: d.message,
    code: d.code,
  };
}

export async function checkCommand(io: CliIo, paths: string[], options: CheckCommandOptions): Promise<number> {
  if (!CHECK_FORMATS.includes(options.format))
    throw new UsageError(
      l10n.t("unknown format '{0}' for {1}: use {2}", options.format, 'check', CHECK_FORMATS.join(', ')),
    );
  if (options.now !== undefined && !isNowValue(options.now))
    throw new UsageError(
      l10n.t("--now '{0}' is not a date: write YYYY-MM-DD or an instant such as 2026-03-13T08:00:00Z", options.now),
    );
  const files = await findKpiFiles(io.cwd, paths);
  if (files.length === 0) throw new UsageError(noKpiFiles(paths));
  let errors = 0;
  let warnings = 0;
  const all: ReturnType<typeof diagnosticToJson>[] = [];
  const found: { diagnostic: Diagnostic; file: string }[] = [];
  for (const file of files) {
    const shown = paths.length === 1 && files.length === 1 ? paths[0] : displayPath(io.cwd, file);
    let text: string;
    try {
      text = await fs.promises.readFile(file, 'utf8');
    } catch (err) {
      throw new UsageError(l10n.t('cannot read {0}: {1}', shown, (err as NodeJS.ErrnoException).code ?? String(err)));
    }
    const check = await checkKpiFile(file, text, { dataRoot: dataRootOf(file, { cwd: io.cwd }) });
    let diagnostics = check.diagnostics;
    if (options.data) {
      // The data's diagnostics after the file's (sources' tests and freshness, unreadable files, bad values).
      const found = await runFileSourceChecks(io, check, { now: options.now, command: 'check' });
      if (typeof found === 'number') return found;
      diagnostics = [...diagnostics, ...found.dataDiagnostics];
    }
    for (const d of diagnostics) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
      if (options.format === 'json') all.push(diagnosticToJson(d, shown));
      else if (options.format === 'sarif') found.push({ diagnostic: d, file: shown });
      else if (options.format === 'github') io.out(githubAnnotation(d, shown) + '\n');
      else io.out(formatDiagnosticLine(d, shown) + '\n');
    }
    if (options.explain && options.format === 'text') await explainFile(io, check, file);
  }
  if (options.format === 'json')
    io.out(JSON.stringify({ files: files.map((f) => displayPath(io.cwd, f)), diagnostics: all }, null, 2) + '\n');
  if (options.format === 'sarif') io.out(JSON.stringify(toSarif(found), null, 2) + '\n');
  io.err(
    `${l10n.t('checked {0}: {1}, {2}', countText(files.length, 'file'), countText(errors, 'error'), countText(warnings, 'warning'))}\n`,
  );
  return errors > 0 ? 1 : 0;
}

/** Prints how the file's CSV sources are read, through the columnar cache a run uses (the engine a run would open). */
async function explainFile(io: CliIo, check: CheckResult, file: string): Promise<void> {
  const connection = specConnection(check.model, runDataRoot(check));
  if (connection.kind !== 'files') return;
  const opened = openKpiFileEngine(check, connection, { cacheDir: path.join(path.dirname(file), '.kpilens', 'cache') });
  try {
    if (!opened.cache) return;
    const cache = opened.cache;
    const list = await withInterrupt((signal) => explainSources(check, opened.engine, cache, signal));
    for (const line of explanationText(list)) io.out(line + '\n');
  } finally {
    await opened.close();
  }
}
