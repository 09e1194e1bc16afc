// Finds the data files of a source: its `file` (a path or a glob) resolved against the KPI
// file's folder, and the format each is read as (explicit, or from the extension).
import * as fs from 'fs';
import * as path from 'path';
import { convertPathToPattern, glob, isDynamicPattern } from 'tinyglobby';

export type DataFormat = 'csv' | 'tsv' | 'parquet' | 'json' | 'ndjson' | 'xlsx';

const EXTENSIONS: Record<string, DataFormat> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.parquet': 'parquet',
  '.pq': 'parquet',
  '.json': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.xlsx': 'xlsx',
  '.xlsm': 'xlsx',
  // an Excel 97–2003 workbook: the workbook reader says it cannot read it
  '.xls': 'xlsx',
};

export function isGlob(pattern: string): boolean {
  return pattern !== '' && isDynamicPattern(pattern);
}

/** The format of a file: the explicit one, else from its extension, else undefined. */
export function formatOf(file: string, explicit?: string): DataFormat | undefined {
  if (explicit) return explicit as DataFormat;
  return EXTENSIONS[path.extname(file).toLowerCase()];
}

/** The files a source's `file` names, sorted; [] when none exists (or the name is blank: the schema reports it). */
export async function resolveDataFiles(specDir: string, pattern: string): Promise<string[]> {
  if (pattern.trim() === '') return [];
  const absolute = path.resolve(specDir, pattern);
  if (!isGlob(pattern)) {
    try {
      const st = await fs.promises.stat(absolute);
      return st.isFile() ? [absolute] : [];
    } catch {
      return [];
    }
  }
  const matches = await glob(convertPathToPattern(specDir) + '/' + pattern.replace(/\\/g, '/'), {
    onlyFiles: true,
    absolute: true,
    dot: false,
    followSymbolicLinks: true,
    expandDirectories: false,
  });
  return matches.map((m) => path.normalize(m)).sort();
}
