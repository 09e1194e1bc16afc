// The data root: the one folder a KPI file's data files must lie in, after following
// symbolic links. A KPI file comes from anyone in a team; without this, `file: /etc/passwd`
// or `file: ../../secrets/*.csv` would make the validator read (and show) their first line
// and the engine read the rest. One rule for every caller (`dataRootOf`): the editor's workspace
// folder holding the KPI file; else the git repository holding it, else the working folder when
// the KPI file lies in it, else the KPI file's own folder. The check records the root it used
// (CheckResult.dataRoot), and a run of that check keeps it.
import * as fs from 'fs';
import * as path from 'path';

/** Where a KPI file is opened from: the editor's workspace folder, or the CLI's working folder. */
export interface DataRootContext {
  /** The workspace folder holding the file (the editor); it is the root when given. */
  workspaceFolder?: string;
  /** The working folder (the CLI): the root when no git repository holds the file and it holds the file. */
  cwd?: string;
}

/** The data root of a KPI file, by the one rule of this module. */
export function dataRootOf(specFile: string, context: DataRootContext = {}): string {
  if (context.workspaceFolder !== undefined) return path.resolve(context.workspaceFolder);
  return findDataRoot(path.dirname(path.resolve(specFile)), context.cwd);
}

/** The nearest folder at or above `specDir` holding `.git`; else `cwd` if it holds `specDir`; else `specDir`. */
export function findDataRoot(specDir: string, cwd?: string): string {
  const start = path.resolve(specDir);
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  if (cwd !== undefined && isInside(start, path.resolve(cwd))) return path.resolve(cwd);
  return start;
}

/** The real path of a file or folder (links followed), or undefined when it cannot be resolved. */
async function realPath(p: string): Promise<string | undefined> {
  try {
    return await fs.promises.realpath(p);
  } catch {
    return undefined;
  }
}

export function isInside(child: string, root: string): boolean {
  const rel = path.relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The files (of those given) whose real path is not inside the real path of `root`, each with
 * the path it reaches: a link's target (what is outside), else the file itself.
 */
export async function filesOutsideRoot(files: string[], root: string): Promise<{ file: string; reaches: string }[]> {
  const realRoot = (await realPath(root)) ?? path.resolve(root);
  const outside: { file: string; reaches: string }[] = [];
  for (const file of files) {
    const real = await realPath(file);
    if (real === undefined || !isInside(real, realRoot)) outside.push({ file, reaches: real ?? file });
  }
  return outside;
}
