// The columns of a source whose `file` is a glob: every file's header, matched by name as the
// engine reads them (union_by_name, csvDialect.ts) — the first file's columns, then those only
// later files have — and the files that lack a column the KPI file names: their rows read it as
// empty, which is told (`partial-column`) rather than left to a sum that quietly misses them.
import * as path from 'path';
import type { DataFormat } from '../data/dataFiles';
import type { HeaderCache } from '../data/headerCache';
import type { HeaderOptions } from '../data/headerReaders';
import type { Diagnostic, Range } from './diagnostic';
import * as l10n from '../l10n/l10n';

/** The glob's columns, and each readable later file's header (the first file's is `first`). */
export async function globColumns(
  headers: HeaderCache,
  files: string[],
  format: DataFormat,
  options: HeaderOptions,
  first: string[],
): Promise<{ columns: string[]; headers: Map<string, string[]> }> {
  const columns = [...first];
  const seen = new Set(first.map((c) => c.toLowerCase()));
  const found = new Map<string, string[]>([[files[0], first]]);
  for (const file of files.slice(1)) {
    const header = await headers.columns(file, format, options);
    // A header that cannot be read is the engine's to report, with the file's name.
    if (!header.ok) continue;
    found.set(file, header.columns);
    for (const c of header.columns) {
      if (seen.has(c.toLowerCase())) continue;
      seen.add(c.toLowerCase());
      columns.push(c);
    }
  }
  return { columns, headers: found };
}

/**
 * One warning per column the KPI file names that some files of the glob lack, naming the first
 * few of them: `'amount' is not in 2 of the 3 files of 'data/o-*.csv' (o-2.csv, o-3.csv): their
 * rows read it as empty`.
 */
export function partialColumns(
  named: string[],
  glob: { file: string; headers: Map<string, string[]>; range: Range; specFile: string },
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const all = [...glob.headers.entries()];
  const has = (header: string[], column: string) => header.some((c) => c.toLowerCase() === column.toLowerCase());
  for (const column of new Set(named)) {
    const lacking = all.filter(([, header]) => !has(header, column)).map(([file]) => path.basename(file));
    // In no file: an unknown column (dataChecks.ts); in every one: nothing to say.
    if (lacking.length === 0 || lacking.length === all.length) continue;
    const shown = lacking.slice(0, 3).join(', ') + (lacking.length > 3 ? ', …' : '');
    out.push({
      file: glob.specFile,
      range: glob.range,
      severity: 'warning',
      code: 'partial-column',
      message: l10n.t(
        "column '{0}' is not in {1} of the {2} files of '{3}' ({4}): their rows read it as empty",
        column,
        lacking.length,
        all.length,
        glob.file,
        shown,
      ),
    });
  }
  return out;
}
