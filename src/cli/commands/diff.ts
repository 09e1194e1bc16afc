// `kpilens diff [FILE] --base GIT_REF [--head GIT_REF] [--fail-on RULES]`: what a change of KPI
// definitions does to the numbers. With FILE, that file; without, every *.kpi.yaml / *.kpi.yml
// that changed between the base and the head (the working tree when --head is absent), added,
// deleted and untracked files included. A file absent from one version is compared with an
// empty KPI file (its KPIs are added or removed). Each file is compared by the core's
// diffKpiFile on the working tree's data at one as_of; the report (table, md, json) is printed
// or written with --out; --fail-on rules (core/diff/gates.ts) gate the result.
// Exit codes: 0 success; 1 when a version has errors in its spec (which version, and its
// diagnostics, on stderr), the data has errors, or a gate fails (its reasons on stderr); 2
// wrong usage — an unknown format, date or rule, not a git repository, a ref that names no
// commit, a file in neither version.
import { findDataRoot } from '../../core/data/dataRoot';
import * as fs from 'fs';
import * as path from 'path';
import {
  ABSENT_KPI_FILE,
  checkGates,
  DIFF_FORMATS,
  diffKpiFile,
  GateSyntaxError,
  gateText,
  isDiffFormat,
  parseGates,
  renderDiff,
  renderDiffs,
} from '../../core/diff';
import type { DiffFormat, GateRule, SpecDiff } from '../../core/diff';
import { isValidDate } from '../../core/expr';
import { formatDiagnosticLine } from '../../core/kpifile/diagnostic';
import { changedKpiFiles, checkGitRef, extractFilesAt, gitShowFileIfAny, gitTopLevel, repoPath } from '../git';
import { checkKpiFile } from '../../core/kpifile/checkFile';
import * as os from 'os';
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
  failOn?: string[];
  sql?: boolean;
  /** Show the first customers of the rows entering and leaving (customer-level: off unless asked). */
  customerSample?: boolean;
  /** Data review: the data files at this git ref, or in this folder, as the base's data. */
  dataBase?: string;
}

/** Prints the errors of a version that cannot be evaluated; true when there were any. */
function reportSpecErrors(io: CliIo, diff: SpecDiff, shown: string): boolean {
  let any = false;
  for (const [which, side] of [
    ['base', diff.base],
    ['head', diff.head],
  ] as const) {
    const errors = side.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length === 0) continue;
    any = true;
    const version =
      which === 'base'
        ? l10n.t('the base version ({0}) of {1} has {2}:', side.label, shown, countText(errors.length, 'error'))
        : l10n.t('the head version ({0}) of {1} has {2}:', side.label, shown, countText(errors.length, 'error'));
    io.err(`kpilens: ${version}\n`);
    for (const d of side.diagnostics) io.err(`${formatDiagnosticLine(d, shown)}\n`);
  }
  return any;
}

interface FileTexts {
  abs: string;
  shown: string;
  base: string;
  head: string;
  /** Data review: where the base's text is evaluated as if it were (another copy of the data). */
  baseAbs?: string;
  baseDataRoot?: string;
  dataLabel?: string;
}

/**
 * `--data-base REF|DIR` with FILE: the base is the same text (or the one at --base) evaluated on
 * the data as it was — the folder DIR laid out like FILE's folder, or the files of the folders
 * FILE's sources read, extracted at REF into a temporary copy of the repository (its data
 * root). Returns the texts and a cleanup.
 */
async function dataReview(
  io: CliIo,
  top: string,
  file: string,
  options: DiffCommandOptions,
): Promise<{ texts: FileTexts; cleanup: () => void }> {
  const dataBase = options.dataBase as string;
  const abs = path.resolve(io.cwd, file);
  const head =
    options.head !== undefined
      ? await gitShowFileIfAny(top, options.head, repoPath(top, abs), file)
      : await readKpiFileArg(io, file);
  if (head === null) throw new UsageError(l10n.t('{0} does not exist at {1}', file, options.head as string));
  const base =
    options.base !== undefined
      ? ((await gitShowFileIfAny(top, options.base, repoPath(top, abs), file)) ?? ABSENT_KPI_FILE)
      : head;
  const folder = path.resolve(io.cwd, dataBase);
  if (fs.existsSync(folder) && fs.statSync(folder).isDirectory()) {
    const baseAbs = path.join(folder, path.basename(abs));
    return {
      texts: { abs, shown: file, base, head, baseAbs, baseDataRoot: folder, dataLabel: dataBase },
      cleanup: () => undefined,
    };
  }
  await checkGitRef(top, dataBase, '--data-base');
  // The folders the head's sources read, inside the repository.
  const check = await checkKpiFile(abs, head, { dataRoot: findDataRoot(path.dirname(abs), io.cwd) });
  const dirs = new Set<string>();
  for (const s of check.sources.values()) for (const f of s.files) dirs.add(path.posix.dirname(repoPath(top, f)));
  const mirror = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-data-base-'));
  const cleanup = () => fs.rmSync(mirror, { recursive: true, force: true });
  try {
    await extractFilesAt(top, dataBase, [...dirs], mirror);
  } catch (err) {
    cleanup();
    throw err;
  }
  const baseAbs = path.join(mirror, ...repoPath(top, abs).split('/'));
  fs.mkdirSync(path.dirname(baseAbs), { recursive: true });
  return { texts: { abs, shown: file, base, head, baseAbs, baseDataRoot: mirror, dataLabel: dataBase }, cleanup };
}

/** The two texts of the one FILE named on the command line (absent at the base: an added file). */
async function oneFile(io: CliIo, top: string, file: string, options: DiffCommandOptions): Promise<FileTexts> {
  const abs = path.resolve(io.cwd, file);
  const inRepo = repoPath(top, abs);
  const base = await gitShowFileIfAny(top, options.base as string, inRepo, file);
  let head: string | null;
  if (options.head !== undefined) head = await gitShowFileIfAny(top, options.head, inRepo, file);
  else
    head =
      fs.existsSync(abs) || base === null
        ? await readKpiFileArg(
            io,
            file,
            l10n.t('no such file in the working tree (use --head GIT_REF to compare two commits)'),
          )
        : null;
  if (base === null && head === null)
    throw new UsageError(
      l10n.t('{0} exists in neither {1} nor {2}', file, options.base as string, options.head as string),
    );
  return { abs, shown: file, base: base ?? ABSENT_KPI_FILE, head: head ?? ABSENT_KPI_FILE };
}

/** The texts of every KPI file that changed between the versions. */
async function changedFiles(io: CliIo, top: string, options: DiffCommandOptions): Promise<FileTexts[]> {
  const out: FileTexts[] = [];
  for (const f of await changedKpiFiles(top, options.base as string, options.head)) {
    const abs = path.join(top, ...f.path.split('/'));
    const shown = path.relative(io.cwd, abs).split(path.sep).join('/');
    const base = f.status === 'A' ? null : await gitShowFileIfAny(top, options.base as string, f.path, shown);
    let head: string | null = null;
    if (f.status !== 'D')
      head =
        options.head !== undefined
          ? await gitShowFileIfAny(top, options.head, f.path, shown)
          : await readKpiFileArg(io, shown);
    out.push({ abs, shown, base: base ?? ABSENT_KPI_FILE, head: head ?? ABSENT_KPI_FILE });
  }
  return out;
}

export async function diffCommand(io: CliIo, file: string | undefined, options: DiffCommandOptions): Promise<number> {
  if (!isDiffFormat(options.format))
    throw new UsageError(
      l10n.t("unknown format '{0}' for {1}: use {2}", options.format, 'diff', DIFF_FORMATS.join(', ')),
    );
  if (options.base === undefined && options.dataBase === undefined)
    throw new UsageError(l10n.t('diff needs --base GIT_REF (the version to compare with)'));
  if (options.dataBase !== undefined && file === undefined)
    throw new UsageError(l10n.t('--data-base needs a KPI file: kpilens diff FILE --data-base REF|FOLDER'));
  if (options.asOf !== undefined && !isValidDate(options.asOf))
    throw new UsageError(l10n.t("--as-of '{0}' is not a date: write YYYY-MM-DD", options.asOf));
  let rules: GateRule[];
  try {
    rules = parseGates(options.failOn ?? []);
  } catch (err) {
    if (err instanceof GateSyntaxError) throw new UsageError(err.message);
    throw err;
  }
  const format = options.format;
  const dir = file !== undefined ? path.dirname(path.resolve(io.cwd, file)) : io.cwd;
  if (!fs.existsSync(dir))
    throw new UsageError(
      l10n.t(
        'cannot read {0}: {1}',
        file ?? dir,
        l10n.t('no such folder {0}', file !== undefined ? path.dirname(file) : dir),
      ),
    );
  const top = await gitTopLevel(dir);
  if (options.base !== undefined) await checkGitRef(top, options.base, '--base');
  if (options.head !== undefined) await checkGitRef(top, options.head, '--head');
  let cleanup = () => undefined as void;
  let files: FileTexts[];
  if (options.dataBase !== undefined) {
    const review = await dataReview(io, top, file as string, options);
    files = [review.texts];
    cleanup = review.cleanup;
  } else {
    files = file !== undefined ? [await oneFile(io, top, file, options)] : await changedFiles(io, top, options);
  }
  try {
    return await diffFiles(io, file, files, { ...options, format }, rules);
  } finally {
    cleanup();
  }
}

async function diffFiles(
  io: CliIo,
  file: string | undefined,
  files: FileTexts[],
  options: DiffCommandOptions & { format: DiffFormat },
  rules: GateRule[],
): Promise<number> {
  const baseLabel =
    options.dataBase !== undefined && options.base === undefined
      ? l10n.t('data at {0}', options.dataBase)
      : (options.base as string);

  const diffs: SpecDiff[] = [];
  let code = 0;
  for (const f of files) {
    let diff: SpecDiff;
    try {
      diff = await withInterrupt((signal) =>
        diffKpiFile(f.abs, f.base, f.head, {
          baseLabel,
          headLabel: options.head ?? l10n.t('working tree'),
          displayPath: f.shown,
          asOf: options.asOf,
          signal,
          sql: options.sql === true,
          customerSample: options.customerSample === true,
          dataRoot: findDataRoot(path.dirname(f.abs), io.cwd),
          ...(f.baseAbs !== undefined
            ? { baseFileName: f.baseAbs, baseDataRoot: f.baseDataRoot, dataLabel: f.dataLabel }
            : {}),
        }),
      );
    } catch (err) {
      const failure = engineFailure(io, err, 'diff');
      if (failure !== undefined) return failure;
      throw err;
    }
    if (diff.hasErrors) {
      reportSpecErrors(io, diff, f.shown);
      code = 1;
      if (file !== undefined) return 1;
      continue;
    }
    if (rules.length > 0) diff.gates = checkGates(diff, rules);
    if (diff.runDiagnostics.some((d) => d.severity === 'error')) code = 1;
    diffs.push(diff);
  }
  const nothing = l10n.t('no KPI file changed between {0} and {1}', baseLabel, options.head ?? l10n.t('working tree'));
  if (file === undefined && files.length === 0 && options.format === 'table') io.err(`kpilens: ${nothing}\n`);
  // In md (a pull-request comment), the report itself says that nothing changed.
  const empty =
    file === undefined && files.length === 0 && options.format === 'md'
      ? `*${l10n.t('No KPI file changed between {0} and {1}.', baseLabel, options.head ?? l10n.t('working tree'))}*\n`
      : undefined;
  await writeReport(
    io,
    empty ??
      (file !== undefined && diffs.length === 1
        ? renderDiff(diffs[0], options.format)
        : renderDiffs(diffs, options.format)),
    options.out,
  );
  const reasons = diffs.flatMap((d) => d.gates?.reasons ?? []);
  if (reasons.length > 0) {
    io.err(`kpilens: ${l10n.t('diff failed the gates ({0}):', rules.map(gateText).join(', '))}\n`);
    for (const r of reasons) io.err(`${r}\n`);
    code = 1;
  }
  return code;
}
