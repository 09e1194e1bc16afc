// Tells whether data files changed while a run read them (deleted, or modified after it
// started), so that an engine error caused by the change says so instead of DuckDB's riddle.
// A run notes each file's state (size, modification time, inode) before reading it; a file whose
// state differs afterwards changed. Comparing states, not times, holds even when the change comes
// within the file system clock's tick of the run's start (the kernel stamps files with a coarse
// clock, a few milliseconds behind Date.now()).
import * as fs from 'fs';
import * as path from 'path';
import * as l10n from '../l10n/l10n';

/** What a run noted of a data file before reading it. */
export interface FileState {
  size: number;
  mtimeMs: number;
  ino: number;
  /** The status change time: set by the system on every write, even when the modification time is put back (`touch -r`, `cp -p`, `rsync -t`). */
  ctimeMs: number;
}

/**
 * What tells a data file's content changed, for the keys of what is remembered of it (the
 * columnar cache, the converted copies, headers, the run memo): its size, modification and
 * status change times and inode. The modification time alone misses an edit of the same length
 * whose time was put back; the status change time cannot be put back.
 */
export function fileIdentity(st: Pick<fs.Stats, 'size' | 'mtimeMs' | 'ctimeMs' | 'ino'>): FileState {
  return { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, ctimeMs: st.ctimeMs };
}

/** The states of `files` now (in order); undefined when one cannot be stated. */
export async function fileStates(files: readonly string[]): Promise<FileState[] | undefined> {
  try {
    const stats = await Promise.all(files.map((f) => fs.promises.stat(f)));
    return stats.map(fileIdentity);
  } catch {
    return undefined;
  }
}

/**
 * '' when the files look as before; else a clause for a message. `before`: their states when the
 * run began (when known); `since`: when it began (ms since the epoch), for files without a state.
 */
export async function changedDuringRun(
  files: readonly string[],
  since: number,
  before?: readonly FileState[],
): Promise<string> {
  for (const [i, file] of files.entries()) {
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(file);
    } catch {
      return l10n.t("'{0}' was deleted during the run", path.basename(file));
    }
    const was = before?.[i];
    const modified = was ? JSON.stringify(fileIdentity(stat)) !== JSON.stringify(was) : stat.mtimeMs > since;
    if (modified) return l10n.t("'{0}' was modified during the run", path.basename(file));
  }
  return '';
}
