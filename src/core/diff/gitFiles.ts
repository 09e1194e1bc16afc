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
    execFile('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, windowsHide: true }, (err, stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new GitError(l10n.t('git was not found: install git or put it on PATH (diff reads versions with git)')));
        return;
      }
      resolve({ ok: !err, stdout, stderr });
    });
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
  if (ref === '' || ref.startsWith('-') || /[\0\n]/.test(ref)) throw new GitError(l10n.t("{0} '{1}' is not a git ref", option, ref));
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
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new GitError(l10n.t('{0} is outside the git repository {1}', file, top));
  return rel.split(path.sep).join('/');
}

/** The text of `repoFile` at `ref` (a checked ref); a GitError when no such file exists there. */
export async function gitShowFile(top: string, ref: string, repoFile: string, shown: string): Promise<string> {
  const object = `${ref}:${repoFile}`;
  const type = await git(top, ['cat-file', '-t', object]);
  if (!type.ok) throw new GitError(l10n.t('{0} does not exist at {1} (git show {2})', shown, ref, object));
  if (type.stdout.trim() !== 'blob') throw new GitError(l10n.t('{0} is not a file at {1} (git show {2} is a {3})', shown, ref, object, type.stdout.trim()));
  const r = await git(top, ['show', object]);
  if (!r.ok) throw new GitError(l10n.t('cannot read {0} at {1}: {2}', shown, ref, r.stderr.trim().split('\n')[0]));
  return r.stdout;
}
