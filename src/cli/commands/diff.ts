// `kpilens diff FILE --base GIT_REF [--head GIT_REF]`: what a change of KPI definitions does to
// the numbers. Reads both versions with git (the working tree's file when --head is absent),
// compares them with the core's diffKpiFile on the working tree's data at one as_of, and
// prints the report (table, md, json) or writes it with --out.
// Exit codes: 0 success; 1 when a version has errors in its spec (which version, and its
// diagnostics, on stderr; no report) or the data has errors; 2 wrong usage — an unknown
// format or date, not a git repository, a ref that names no commit, the file absent at a ref.
import { findDataRoot } from '../../core/data/dataRoot';
import * as fs from 'fs';
import * as path from 'path';
import { DIFF_FORMATS, diffKpiFile, isDiffFormat, renderDiff } from '../../core/diff';
import type { SpecDiff } from '../../core/diff';
import { isValidDate } from '../../core/expr';
import { formatDiagnosticLine } from '../../core/spec/diagnostic';
import { checkGitRef, gitShowFile, gitTopLevel, repoPath } from '../git';
import { withInterrupt, writeReport } from '../commandRun';
import { engineFailure } from '../engineFailure';
import { readKpiFileArg } from '../kpiFileArg';
import { UsageError } from '../io';
import type { CliIo } from '../io';
import * as l10n from '../../core/l10n/l10n';
import { countText } from '../countText';

export interface DiffCommandOptions {
  base?: string;
  head?: string;
  format: string;
  asOf?: string;
  out?: string;
}


/** Prints the errors of a version that cannot be evaluated; true when there were any. */
function reportSpecErrors(io: CliIo, diff: SpecDiff, shown: string): boolean {
  let any = false;
  for (const [which, side] of [['base', diff.base], ['head', diff.head]] as const) {
    const errors = side.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length === 0) continue;
    any = true;
    const version = which === 'base' ? l10n.t('the base version ({0}) of {1} has {2}:', side.label, shown, countText(errors.length, 'error')) : l10n.t('the head version ({0}) of {1} has {2}:', side.label, shown, countText(errors.length, 'error'));
    io.err(`kpilens: ${version}\n`);
    for (const d of side.diagnostics) io.err(`${formatDiagnosticLine(d, shown)}\n`);
  }
  return any;
}

export async function diffCommand(io: CliIo, file: string, options: DiffCommandOptions): Promise<number> {
  if (!isDiffFormat(options.format)) throw new UsageError(l10n.t("unknown format '{0}' for {1}: use {2}", options.format, 'diff', DIFF_FORMATS.join(', ')));
  if (options.base === undefined) throw new UsageError(l10n.t('diff needs --base GIT_REF (the version to compare with)'));
  if (options.asOf !== undefined && !isValidDate(options.asOf)) throw new UsageError(l10n.t("--as-of '{0}' is not a date: write YYYY-MM-DD", options.asOf));
  const abs = path.resolve(io.cwd, file);
  const dir = path.dirname(abs);
  if (!fs.existsSync(dir)) throw new UsageError(l10n.t('cannot read {0}: {1}', file, l10n.t('no such folder {0}', path.dirname(file))));
  const top = await gitTopLevel(dir);
  const inRepo = repoPath(top, abs);
  await checkGitRef(top, options.base, '--base');
  if (options.head !== undefined) await checkGitRef(top, options.head, '--head');
  const baseText = await gitShowFile(top, options.base, inRepo, file);
  let headText: string;
  if (options.head !== undefined) {
    headText = await gitShowFile(top, options.head, inRepo, file);
  } else {
    headText = await readKpiFileArg(io, file, l10n.t('no such file in the working tree (use --head GIT_REF to compare two commits)'));
  }

  let diff: SpecDiff;
  try {
    diff = await withInterrupt((signal) => diffKpiFile(abs, baseText, headText, { baseLabel: options.base, headLabel: options.head ?? l10n.t('working tree'), displayPath: file, asOf: options.asOf, signal, dataRoot: findDataRoot(path.dirname(abs), io.cwd) }));
  } catch (err) {
    const code = engineFailure(io, err, 'diff');
    if (code !== undefined) return code;
    throw err;
  }
  if (diff.hasErrors) {
    reportSpecErrors(io, diff, file);
    return 1;
  }
  await writeReport(io, renderDiff(diff, options.format), options.out);
  return diff.runDiagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}
