// Tells whether data files changed while a run read them (deleted, or modified after it
// started), so that an engine error caused by the change says so instead of DuckDB's riddle.
import * as fs from 'fs';
import * as path from 'path';
import * as l10n from '../l10n/l10n';

/** '' when the files look as before `since` (ms since the epoch); else a clause for a message. */
export async function changedDuringRun(files: string[], since: number): Promise<string> {
  for (const file of files) {
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(file);
    } catch {
      return l10n.t("'{0}' was deleted during the run", path.basename(file));
    }
    if (stat.mtimeMs > since) return l10n.t("'{0}' was modified during the run", path.basename(file));
  }
  return '';
}
