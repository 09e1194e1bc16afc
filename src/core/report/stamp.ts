// The stamp of a report: which spec text and which data files produced it, as two short
// sha256 hashes — of the spec's text, and of each data file's path (relative to the spec's
// folder, `/`-separated), size and modification time. Two reports with equal stamps were
// computed from the same definitions on the same files; the data hash changes when a file is
// added, removed, rewritten or touched, without reading the files. Database tables are not
// stamped: the stamp counts them (`tables`), and its line says so.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { CheckResult } from '../kpifile/checkFile';
import type { ReportStamp } from './stampText';

export type { ReportStamp } from './stampText';
export { stampText } from './stampText';

const SHORT = 12;

export function shortHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, SHORT);
}

/** The data files a checked spec resolved to, absolute, sorted, once each. */
export function dataFilesOf(check: CheckResult): string[] {
  const files = new Set<string>();
  for (const s of check.sources.values()) for (const f of s.files) files.add(path.resolve(f));
  return [...files].sort();
}

/** The stamp of `specText` run on `dataFiles` (a file that vanished counts as `missing`). */
export async function computeStamp(
  specFile: string,
  specText: string,
  dataFiles: readonly string[],
): Promise<ReportStamp> {
  const dir = path.dirname(path.resolve(specFile));
  const lines = await Promise.all(
    [...dataFiles].sort().map(async (file) => {
      const shown = path.relative(dir, file).split(path.sep).join('/');
      try {
        const st = await fs.promises.stat(file);
        return `${shown}\t${st.size}\t${Math.trunc(st.mtimeMs)}`;
      } catch {
        return `${shown}\tmissing`;
      }
    }),
  );
  return { spec: shortHash(specText), data: shortHash(lines.join('\n')), files: dataFiles.length };
}

/** The stamp of a checked spec: its text and the data files it resolved to. */
export async function stampOf(check: CheckResult): Promise<ReportStamp> {
  const stamp = await computeStamp(check.model.file, check.document.source.text, dataFilesOf(check));
  // Tables are not stamped (their rows would have to be read): said, so that an equal stamp is not taken for equal data.
  const tables = [...check.model.sources.values()].filter((s) => s.table !== undefined).length;
  return tables > 0 ? { ...stamp, tables } : stamp;
}
