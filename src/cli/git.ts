// The CLI's access to git versions of a file: the core's (src/core/diff/gitFiles.ts), with
// its errors turned into usage errors (exit 2) — a ref or file the user named that isn't there.
import * as gitFiles from '../core/diff/gitFiles';
import { GitError } from '../core/diff/gitFiles';
import { UsageError } from './io';

function asUsage(err: unknown): unknown {
  return err instanceof GitError ? new UsageError(err.message) : err;
}

async function usage<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    throw asUsage(err);
  }
}

export const gitTopLevel = (dir: string): Promise<string> => usage(gitFiles.gitTopLevel(dir));

export const checkGitRef = (top: string, ref: string, option: string): Promise<void> =>
  usage(gitFiles.checkGitRef(top, ref, option));

export function repoPath(top: string, file: string): string {
  try {
    return gitFiles.repoPath(top, file);
  } catch (err) {
    throw asUsage(err);
  }
}

export const gitShowFile = (top: string, ref: string, repoFile: string, shown: string): Promise<string> =>
  usage(gitFiles.gitShowFile(top, ref, repoFile, shown));

export const gitShowFileIfAny = (top: string, ref: string, repoFile: string, shown: string): Promise<string | null> =>
  usage(gitFiles.gitShowFileIfAny(top, ref, repoFile, shown));

export const changedKpiFiles = (top: string, base: string, head?: string): Promise<gitFiles.ChangedKpiFile[]> =>
  usage(gitFiles.changedKpiFiles(top, base, head));

export const extractFilesAt = (top: string, ref: string, repoDirs: readonly string[], dest: string): Promise<number> =>
  usage(gitFiles.extractFilesAt(top, ref, repoDirs, dest));
