// Reading versions of a file through git (`kpilens diff`, the editor's "Compare with…"): the
// repository's top level, whether a ref names a commit, and a file's text at a ref
// (`git show REF:path`). Git is spawned with an argument array, never through a shell; every
// failure the user can cause is a one-line GitError.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as l10n from '../l10n/l10n';

/** A failure the user can cause (no git, not a repository, a bad ref, no such file at the ref), in one line. */
export class GitError extends Error {}

interface GitOutput {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** Runs `git args…` in `cwd`; rejects only when git cannot be started. */
function git(cwd: string, args: string[]): Promise<GitOutput> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, windowsHide: true },
      (err, stdout, stderr) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(
            new GitError(l10n.t('git was not found: install git or put it on PATH (diff reads versions with git)')),
          );
          return;
        }
        resolve({ ok: !err, stdout, stderr });
      },
    );
  });
}

/** The top level of the repository that holds `dir`. */
export async function gitTopLevel(dir: string): Promise<string> {
  const r = await git(dir, ['rev-parse', '--show-toplevel']);
  if (!r.ok) throw new GitError(l10n.t('not a git repository: {0} (diff reads the base version with git)', dir));
  return r.stdout.trim();
}

/**
 * Refuses a ref git could read as an option (so no argument below can start with `-`, even
 * with a git older than `--end-of-options`); fails when it names no commit.
 */
export async function checkGitRef(top: string, ref: string, option: string): Promise<void> {
  if (ref === '' || ref.startsWith('-') || /[\0\n]/.test(ref))
    throw new GitError(l10n.t("{0} '{1}' is not a git ref", option, ref));
  const r = await git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!r.ok) throw new GitError(l10n.t("{0} '{1}' names no commit in {2}", option, ref, top));
}

/** The path of `file` inside the repository at `top`, with `/` separators (symlinked folders resolved). */
export function repoPath(top: string, file: string): string {
  const real = (p: string) => {
    try {
      return fs.realpathSync.native(p);
    } catch {
      return path.resolve(p);
    }
  };
  const rel = path.relative(real(top), path.join(real(path.dirname(file)), path.basename(file)));
  if (rel.startsWith('..') || path.isAbsolute(rel))
    throw new GitError(l10n.t('{0} is outside the git repository {1}', file, top));
  return rel.split(path.sep).join('/');
}

/** The text of `repoFile` at `ref` (a checked ref); a GitError when no such file exists there. */
export async function gitShowFile(top: string, ref: string, repoFile: string, shown: string): Promise<string> {
  const object = `${ref}:${repoFile}`;
  const type = await git(top, ['cat-file', '-t', object]);
  if (!type.ok) throw new GitError(l10n.t('{0} does not exist at {1} (git show {2})', shown, ref, object));
  if (type.stdout.trim() !== 'blob')
    throw new GitError(
      l10n.t('{0} is not a file at {1} (git show {2} is a {3})', shown, ref, object, type.stdout.trim()),
    );
  const r = await git(top, ['show', object]);
  if (!r.ok) throw new GitError(l10n.t('cannot read {0} at {1}: {2}', shown, ref, r.stderr.trim().split('\n')[0]));
  return r.stdout;
}

/** The text of `repoFile` at `ref`, or null when the file does not exist there (a file added since). */
export async function gitShowFileIfAny(
  top: string,
  ref: string,
  repoFile: string,
  shown: string,
): Promise<string | null> {
  const type = await git(top, ['cat-file', '-t', `${ref}:${repoFile}`]);
  if (!type.ok) return null;
  return gitShowFile(top, ref, repoFile, shown);
}

/** A KPI file that changed between two versions: added (A), deleted (D) or modified (M). */
export interface ChangedKpiFile {
  /** Its path inside the repository, with `/` separators. */
  path: string;
  status: 'A' | 'D' | 'M';
}

const KPI_FILE = /\.kpi\.ya?ml$/;

/**
 * Every `*.kpi.yaml` / `*.kpi.yml` that differs between `base` and `head` (checked refs), or
 * between `base` and the working tree when `head` is undefined — untracked new files included.
 * Renames count as a deletion and an addition. Sorted by path.
 */
export async function changedKpiFiles(top: string, base: string, head?: string): Promise<ChangedKpiFile[]> {
  const r = await git(top, [
    'diff',
    '--name-status',
    '--no-renames',
    '-z',
    base,
    ...(head !== undefined ? [head] : []),
    '--',
    '*.kpi.yaml',
    '*.kpi.yml',
  ]);
  if (!r.ok) throw new GitError(l10n.t('cannot list the changed KPI files: {0}', r.stderr.trim().split('\n')[0]));
  const out = new Map<string, ChangedKpiFile['status']>();
  const fields = r.stdout.split('\0');
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const status = fields[i].charAt(0);
    const file = fields[i + 1];
    if (!KPI_FILE.test(file)) continue;
    out.set(file, status === 'A' ? 'A' : status === 'D' ? 'D' : 'M');
  }
  if (head === undefined) {
    const untracked = await git(top, [
      'ls-files',
      '--others',
      '--exclude-standard',
      '-z',
      '--',
      '*.kpi.yaml',
      '*.kpi.yml',
    ]);
    if (untracked.ok) for (const file of untracked.stdout.split('\0')) if (KPI_FILE.test(file)) out.set(file, 'A');
  }
  return [...out]
    .map(([path, status]) => ({ path, status }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Runs git with binary output (a blob's bytes). */
function gitBytes(cwd: string, args: string[]): Promise<{ ok: boolean; stdout: Buffer }> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd, encoding: 'buffer', maxBuffer: 1024 * 1024 * 1024, windowsHide: true },
      (err, stdout) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(
            new GitError(l10n.t('git was not found: install git or put it on PATH (diff reads versions with git)')),
          );
          return;
        }
        resolve({ ok: !err, stdout });
      },
    );
  });
}

/**
 * Writes every file under the repository folders `repoDirs` (paths with `/`, relative to the
 * top) as they were at `ref` into `dest`, keeping their paths (`dest/data/orders.csv`); returns
 * how many files were written. A folder absent at the ref writes nothing.
 */
export async function extractFilesAt(
  top: string,
  ref: string,
  repoDirs: readonly string[],
  dest: string,
): Promise<number> {
  const files = new Set<string>();
  for (const dir of repoDirs) {
    const r = await git(top, ['ls-tree', '-r', '-z', '--name-only', ref, '--', dir === '' ? '.' : dir]);
    if (!r.ok)
      throw new GitError(
        l10n.t('cannot list the files of {0} at {1}: {2}', dir === '' ? '.' : dir, ref, r.stderr.trim().split('\n')[0]),
      );
    for (const f of r.stdout.split('\0')) if (f !== '') files.add(f);
  }
  for (const f of files) {
    const blob = await gitBytes(top, ['cat-file', 'blob', `${ref}:${f}`]);
    if (!blob.ok) throw new GitError(l10n.t('cannot read {0} at {1}', f, ref));
    const out = path.join(dest, ...f.split('/'));
    await fs.promises.mkdir(path.dirname(out), { recursive: true });
    await fs.promises.writeFile(out, blob.stdout);
  }
  return files.size;
}
