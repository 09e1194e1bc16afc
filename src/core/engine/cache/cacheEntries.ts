// The columnar cache's entries on disk (columnarCache.ts): a Parquet copy and its metadata
// file per key, read back only when the metadata matches this version; the files' stamps (path,
// size, modification time) that key them; and the eviction of older copies of the same files,
// leftovers of crashes and the least recently used entries past the size bound.
import * as fs from 'fs';
import * as path from 'path';
import type { DataFormat } from '../../data/dataFiles';
import type { ReadOptions } from '../sources/sourceRelation';
import type { CsvReadReport } from '../sources/csvSourceRead';
import type { CsvLayout, ReadColumn } from '../sources/csvDialect';
import { fileIdentity, type FileState } from '../../data/fileChanges';

/** A fact found on a copy's data: a key's uniqueness, a profile row (as JSON text). */
export type CacheFact = boolean | string;

/**
 * Bumped when the entries' layout or the reader SQL changes (3: numbers with a decimal point copied
 * as exact decimals; 4: a thousands separator only between groups of three digits, a date alone in
 * a custom timestamp format; 5: a copy may leave out text columns its KPI file does not name; 6:
 * a text is a date only when written as one, sql/timeTexts.ts DATE_TEXT — a copy made before holds
 * 2025-01-01 for `2025-1-1 x` — and pages in Parquet's version 2; 7: a quote never closed fails
 * the copy — a copy made before lacks the rows swallowed after it; 8: the lines of values are found
 * past quoted line breaks — the facts of a copy made before lack them — and the entry keeps its
 * file's layout; 9: the number separators are told from the values where the source declares
 * none — a copy made before holds "12,5" as text — and the entry's report keeps them).
 */
export const CACHE_VERSION = 9;
export const META_SUFFIX = '.json';
export const DATA_SUFFIX = '.parquet';
/** Temporary files older than this are leftovers of a crash. */
export const STALE_TEMP_MS = 60 * 60 * 1000;

/** An entry's metadata file: what was copied, how, and what the copy's read found. */
export interface EntryMeta {
  version: number;
  files: ({ path: string } & FileState)[];
  format: DataFormat;
  read: ReadOptions;
  rows: number;
  lenientRows: number | null;
  bytes: number;
  /** The copy did not hold the rows a direct read gives: the files are read directly. */
  uncacheable?: boolean;
  /**
   * CSV/TSV: the typed columns, what the copy's read found, and the file's layout as the copy
   * read it (csvLayout.ts): later reads of its text (the lines of values) skip DuckDB's sniffer.
   */
  csv?: { columns: ReadColumn[]; report: CsvReadReport; layout?: CsvLayout };
  /** Facts found on the copy's data (rememberFact). */
  facts?: Record<string, CacheFact>;
}

/** The files' stamps, or undefined when one cannot be stated. */
export async function statFiles(files: string[]): Promise<EntryMeta['files'] | undefined> {
  try {
    const out: EntryMeta['files'] = [];
    for (const f of files) {
      const st = await fs.promises.stat(f);
      out.push({ path: f, ...fileIdentity(st) });
    }
    return out;
  } catch {
    return undefined;
  }
}

/** An entry's metadata, or undefined when missing, unreadable or of another version. */
export async function readMeta(file: string): Promise<EntryMeta | undefined> {
  try {
    const value = JSON.parse(await fs.promises.readFile(file, 'utf8')) as Partial<EntryMeta>;
    if (value.version !== CACHE_VERSION || !Array.isArray(value.files) || typeof value.bytes !== 'number')
      return undefined;
    return value as EntryMeta;
  } catch {
    return undefined;
  }
}

/**
 * Removes the older entries of the same files read the same way (they changed), leftovers
 * of crashes, then the least recently used entries until the total fits (never the entry
 * just written). `same` identifies the files and reader options of the new entry, `current`
 * the files' sizes and times as it read them.
 */
export async function evictEntries(
  dir: string,
  maxBytes: number,
  keep: string,
  same: string,
  current: string,
): Promise<void> {
  const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
  const entries: { key: string; used: number; bytes: number }[] = [];
  const now = Date.now();
  for (const name of names) {
    const file = path.join(dir, name);
    if (name.includes('.tmp')) {
      const st = await fs.promises.stat(file).catch(() => undefined);
      if (st && now - st.mtimeMs > STALE_TEMP_MS) await fs.promises.rm(file, { force: true });
      continue;
    }
    if (name.endsWith(DATA_SUFFIX) && !names.includes(name.slice(0, -DATA_SUFFIX.length) + META_SUFFIX)) {
      // Data without metadata: a crash between the rename and the metadata; never used.
      const st = await fs.promises.stat(file).catch(() => undefined);
      if (st && now - st.mtimeMs > STALE_TEMP_MS) await fs.promises.rm(file, { force: true });
      continue;
    }
    if (!name.endsWith(META_SUFFIX) || name.startsWith('.')) continue;
    const key = name.slice(0, -META_SUFFIX.length);
    const meta = await readMeta(file);
    const st = await fs.promises.stat(file).catch(() => undefined);
    if (!meta || !st) continue;
    // An older copy of the same files (they changed since); a copy of them as they are now,
    // typed otherwise (another source of the same files), is current too.
    if (
      key !== keep &&
      JSON.stringify([meta.files.map((f) => f.path).sort(), meta.format, meta.read]) === same &&
      JSON.stringify(meta.files) !== current
    ) {
      await removeEntry(dir, key);
      continue;
    }
    entries.push({ key, used: st.mtimeMs, bytes: meta.bytes });
  }
  let total = entries.reduce((sum, e) => sum + e.bytes, 0);
  for (const e of entries.sort((a, b) => a.used - b.used)) {
    if (total <= maxBytes) break;
    if (e.key === keep) continue;
    await removeEntry(dir, e.key);
    total -= e.bytes;
  }
}

/** Removes an entry: its metadata first (an entry without it is never used), then its data. */
export async function removeEntry(dir: string, key: string): Promise<void> {
  await fs.promises.rm(path.join(dir, key + META_SUFFIX), { force: true });
  await fs.promises.rm(path.join(dir, key + DATA_SUFFIX), { force: true });
}
