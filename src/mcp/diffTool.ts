// `diff`, the MCP tool that says what a change of KPI definitions does to the numbers: a KPI file
// (or every KPI file of the served folder that changed) at a git ref against the working tree or
// another ref, evaluated on the working tree's data at one as_of — the JSON of `kpilens diff
// --format json`. Read-only like every tool: git is only read (`git show`, `git diff
// --name-status`), the data root is the served folder, and a file outside it is refused.
import * as fs from 'fs';
import * as path from 'path';
import { isInside } from '../core/data/dataRoot';
import { ABSENT_KPI_FILE, checkGates, diffKpiFile, GateSyntaxError, parseGates, renderDiffs } from '../core/diff';
import type { GateRule, SpecDiff } from '../core/diff';
import { changedKpiFiles, checkGitRef, gitShowFileIfAny, gitTopLevel, GitError, repoPath } from '../core/diff/gitFiles';
import { isValidDate } from '../core/expr/dates';
import { isKpiFileName } from '../core/kpifile/kpiFileName';
import * as l10n from '../core/l10n/l10n';
import type { McpWorkspace } from './workspace';
import { Refusal } from './workspace';

export interface DiffArgs {
  /** One KPI file (relative to the folder); without it, every KPI file of the folder that changed. */
  file?: string;
  base: string;
  head?: string;
  as_of?: string;
  /** `kpilens diff --fail-on` rules: the answer's `gates` say which failed. */
  fail_on?: string[];
  /** Add each affected KPI's SQL before → after as a unified diff. */
  sql?: boolean;
}

interface Version {
  abs: string;
  shown: string;
  base: string;
  head: string;
}

/** Git's one-line failures (a bad ref, not a repository) are refusals, told to the client as they are. */
async function refusing<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof GitError) throw new Refusal(err.message);
    throw err;
  }
}

/**
 * The absolute path of the file a client named: a KPI file inside the folder — existing in the
 * working tree (links resolved, as every tool does), or only at a ref (a file deleted since).
 */
function namedFile(workspace: McpWorkspace, arg: string): string {
  const abs = path.resolve(workspace.root, arg);
  if (fs.existsSync(abs)) return workspace.kpiFile(arg);
  if (!isInside(abs, workspace.root))
    throw new Refusal(
      l10n.t('{0} is outside the folder this server was started in ({1}): refused', arg, workspace.root),
    );
  if (!isKpiFileName(abs)) throw new Refusal(l10n.t('{0} is not a KPI file (*.kpi.yaml, *.kpi.yml)', arg));
  return abs;
}

async function versionsOf(workspace: McpWorkspace, top: string, args: DiffArgs): Promise<Version[]> {
  const textAt = (ref: string | undefined, abs: string, shown: string): Promise<string | null> =>
    ref !== undefined
      ? refusing(gitShowFileIfAny(top, ref, repoPathOf(top, abs), shown))
      : Promise.resolve(fs.existsSync(abs) ? fs.readFileSync(abs, 'utf8') : null);
  const pair = async (abs: string): Promise<Version | undefined> => {
    const shown = workspace.show(abs);
    const [base, head] = await Promise.all([textAt(args.base, abs, shown), textAt(args.head, abs, shown)]);
    if (base === null && head === null) return undefined;
    return { abs, shown, base: base ?? ABSENT_KPI_FILE, head: head ?? ABSENT_KPI_FILE };
  };
  if (args.file !== undefined) {
    const one = await pair(namedFile(workspace, args.file));
    if (one === undefined)
      throw new Refusal(
        l10n.t('{0} exists in neither {1} nor {2}', args.file, args.base, args.head ?? l10n.t('working tree')),
      );
    return [one];
  }
  const out: Version[] = [];
  for (const changed of await refusing(changedKpiFiles(top, args.base, args.head))) {
    const abs = path.join(top, ...changed.path.split('/'));
    // Only the served folder's files: a KPI file elsewhere in the repository is not the client's to see.
    if (!isInside(abs, workspace.root)) continue;
    const version = await pair(abs);
    if (version) out.push(version);
  }
  return out;
}

function repoPathOf(top: string, abs: string): string {
  try {
    return repoPath(top, abs);
  } catch (err) {
    if (err instanceof GitError) throw new Refusal(err.message);
    throw err;
  }
}

/** `diff`: `{ "files": [ … ] }` as `kpilens diff --base REF --format json` writes it (one entry per file). */
export async function diffKpis(workspace: McpWorkspace, args: DiffArgs, signal?: AbortSignal): Promise<object> {
  if (args.as_of !== undefined && !isValidDate(args.as_of))
    throw new Refusal(l10n.t("--as-of '{0}' is not a date: write YYYY-MM-DD", args.as_of));
  let rules: GateRule[];
  try {
    rules = parseGates(args.fail_on ?? []);
  } catch (err) {
    if (err instanceof GateSyntaxError) throw new Refusal(err.message);
    throw err;
  }
  const top = await refusing(gitTopLevel(workspace.root));
  await refusing(checkGitRef(top, args.base, '--base'));
  if (args.head !== undefined) await refusing(checkGitRef(top, args.head, '--head'));
  const diffs: SpecDiff[] = [];
  for (const v of await versionsOf(workspace, top, args)) {
    const diff = await diffKpiFile(v.abs, v.base, v.head, {
      baseLabel: args.base,
      headLabel: args.head ?? l10n.t('working tree'),
      displayPath: v.shown,
      asOf: args.as_of,
      signal,
      sql: args.sql === true,
      dataRoot: workspace.root,
    });
    if (rules.length > 0 && !diff.hasErrors) diff.gates = checkGates(diff, rules);
    diffs.push(diff);
  }
  return JSON.parse(renderDiffs(diffs, 'json')) as object;
}
