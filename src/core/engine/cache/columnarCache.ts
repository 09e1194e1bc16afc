// The columnar cache: on the first read of a CSV/TSV/JSON source, the engine writes what its
// reader returns to a Parquet file, and later runs read that copy, several times faster. A
// CSV/TSV source is copied with its exact types in the same single read that counts its
// unconverted values and malformed rows (csvSourceRead.ts); the report is stored with the
// entry, so later runs give the same diagnostics without reading the text. A JSON source is
// copied as its reader returns it. An entry is keyed by the files' paths, sizes and
// modification times and by what decides the result (format, dialect, declared types, time
// zone), so a changed file is simply a new key. Entries are written atomically
// (Parquet to a temporary name, renamed; the metadata file last, itself atomic): a crash
// never leaves a half entry that is used. The total size is bounded; the least recently
// used entries are evicted first.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { DataFormat } from '../../data/dataFiles';
import { firstInvalidUtf8Offset } from '../../data/encoding';
import { writeFileAtomic } from '../../util/atomicWrite';
import type { Engine } from '../backends/engine';
import { EngineError } from '../backends/engine';
import { readFunctionSql } from '../sources/sourceRelation';
import type { ReadOptions } from '../sources/sourceRelation';
import { quoteString } from '../sql/sqlText';
import { cachedSelectSql, readCsvSource } from '../sources/csvSourceRead';
import { PARQUET_OPTIONS } from './parquetOptions';
import type { CsvReadPlan, CsvReadReport } from '../sources/csvSourceRead';
import type { ReadColumn } from '../sources/csvDialect';

/** Bumped when the entries' layout or the reader SQL changes (3: numbers with a decimal point copied as exact decimals). */
const CACHE_VERSION = 3;
const META_SUFFIX = '.json';
const DATA_SUFFIX = '.parquet';
/** Temporary files older than this are leftovers of a crash. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/** A fact found on a copy's data: a key's uniqueness, a profile row (as JSON text). */
export type CacheFact = boolean | string;

export const DEFAULT_CACHE_MAX_BYTES = 2048 * 1024 * 1024;

/** What a cached source reads from. */
export interface CachedRelation {
  /** `read_parquet('…')`: replaces the text reader in the SQL. */
  readSql: string;
  /** CSV/TSV: rows of a lenient read (the profile's malformed-row count); null for JSON. */
  lenientRows: number | null;
  /** Whether this run wrote the entry. */
  created: boolean;
  /** Facts found on the copy's data by earlier runs (rememberFact), e.g. a key's uniqueness. */
  facts: Record<string, CacheFact>;
  /** CSV/TSV: the typed columns and what the read found (csvSourceRead.ts). */
  csv?: { columns: ReadColumn[]; report: CsvReadReport; selectSql: string };
}

/** A CSV/TSV source read with exact types: what decides the copy, and how its columns are planned. */
export interface CsvCopyRequest {
  plan: CsvReadPlan;
  /** Everything else that decides the columns' types (declared types, identifier columns). */
  decides: unknown;
  /** The columns' first types (run only when the copy is written). */
  columns: () => Promise<ReadColumn[]>;
}

interface EntryMeta {
  version: number;
  files: { path: string; size: number; mtimeMs: number }[];
  format: DataFormat;
  read: ReadOptions;
  rows: number;
  lenientRows: number | null;
  bytes: number;
  /** The copy did not hold the rows a direct read gives: the files are read directly. */
  uncacheable?: boolean;
  csv?: { columns: ReadColumn[]; report: CsvReadReport };
  /** Facts found on the copy's data (rememberFact). */
  facts?: Record<string, CacheFact>;
}

export interface ColumnarCacheOptions {
  /** The cache folder (absolute); created on first use, with a .gitignore inside. */
  dir: string;
  /** Bound on the total size of the Parquet files (default 2 GB). */
  maxBytes?: number;
}

export class ColumnarCache {
  readonly dir: string;
  private readonly maxBytes: number;
  /** The metadata file of each entry this instance handed out, by its readSql. */
  private readonly metaFiles = new Map<string, string>();

  constructor(options: ColumnarCacheOptions) {
    if (!path.isAbsolute(options.dir))
      throw new TypeError(`the cache folder must be an absolute path, not '${options.dir}'`);
    this.dir = options.dir;
    this.maxBytes = options.maxBytes ?? DEFAULT_CACHE_MAX_BYTES;
  }

  /** Whether a source of this format is cached (Parquet is read directly). */
  static handles(format: DataFormat): boolean {
    return format === 'csv' || format === 'tsv' || format === 'json' || format === 'ndjson';
  }

  /**
   * The cached copy of the files, written first if missing; undefined when the files cannot
   * be stated, the engine cannot read them (the caller then reads the text and reports the
   * error as before) or they changed while being copied.
   */
  async relation(
    engine: Engine,
    files: string[],
    format: DataFormat,
    read: ReadOptions,
    signal?: AbortSignal,
    csv?: CsvCopyRequest,
  ): Promise<CachedRelation | undefined> {
    if (!ColumnarCache.handles(format) || files.length === 0) return undefined;
    const stamps = await statFiles(files);
    if (!stamps) return undefined;
    const options: ReadOptions = {
      ...(read.delimiter !== undefined ? { delimiter: read.delimiter } : {}),
      ...(read.encoding !== undefined ? { encoding: read.encoding } : {}),
    };
    const typed = csv
      ? { dialect: csv.plan.dialect, header: csv.plan.header, timezone: csv.plan.timezone, decides: csv.decides }
      : undefined;
    const key = createHash('sha256')
      .update(JSON.stringify({ v: CACHE_VERSION, format, options, stamps, ...(typed ? { typed } : {}) }))
      .digest('hex')
      .slice(0, 40);
    const metaFile = path.join(this.dir, key + META_SUFFIX);
    const dataFile = path.join(this.dir, key + DATA_SUFFIX);
    const hit = await readMeta(metaFile);
    if (hit?.uncacheable) return undefined;
    if (hit && fs.existsSync(dataFile)) {
      const now = new Date();
      await fs.promises.utimes(metaFile, now, now).catch(() => undefined);
      this.metaFiles.set(parquetSql(dataFile), metaFile);
      return {
        readSql: parquetSql(dataFile),
        lenientRows: hit.lenientRows,
        created: false,
        facts: hit.facts ?? {},
        ...(hit.csv ? { csv: { ...hit.csv, selectSql: cachedSelectSql(hit.csv.columns, dataFile) } } : {}),
      };
    }
    // Text that is not UTF-8 (without an encoding) is read directly: DuckDB's reader and its
    // Parquet writer do not skip the same rows of it.
    if (
      (format === 'csv' || format === 'tsv') &&
      !options.encoding &&
      (await firstInvalidUtf8Offset(files[0]).catch(() => undefined)) !== undefined
    )
      return undefined;
    // A folder that cannot be written (read-only checkout, full disk): no cache, the files
    // are read directly.
    if (
      !(await this.prepareDir().then(
        () => true,
        () => false,
      ))
    )
      return undefined;
    const temp = path.join(this.dir, `${key}.${process.pid}.${Date.now()}.tmp${DATA_SUFFIX}`);
    let rows: number;
    let lenientRows: number | null;
    let typedRead: EntryMeta['csv'];
    try {
      if (csv) {
        // One read: the typed copy, its unconverted values and its malformed rows.
        typedRead = await readCsvSource(engine, csv.plan, await csv.columns(), temp, signal);
        rows = typedRead.report.rows;
        lenientRows = null;
      } else {
        const copied = await engine.query(
          `COPY (SELECT * FROM ${readFunctionSql(files, format, options)}) TO ${quoteString(temp)} ${PARQUET_OPTIONS}`,
          [],
          { signal },
        );
        rows = Number(Object.values(copied[0] ?? {})[0] ?? 0);
        // The copy must hold exactly the rows a direct read gives; if not, the files are read
        // directly (and remembered as such). The copy never has more rows than a direct read,
        // nor a direct read more than the lenient one: when the copy has all the lenient rows,
        // the direct count is not needed.
        lenientRows = null;
        if (format === 'csv' || format === 'tsv') {
          const [row] = await engine.query(
            `SELECT count(*) AS n FROM ${readFunctionSql(files, format, { ...options, lenient: true })}`,
            [],
            { signal },
          );
          lenientRows = Number(row?.n ?? 0);
        }
        const direct =
          lenientRows === rows
            ? rows
            : Number(
                (
                  await engine.query(`SELECT count(*) AS n FROM ${readFunctionSql(files, format, options)}`, [], {
                    signal,
                  })
                )[0]?.n,
              );
        if (direct !== rows) {
          await fs.promises.rm(temp, { force: true });
          await writeFileAtomic(
            metaFile,
            JSON.stringify({
              version: CACHE_VERSION,
              files: stamps,
              format,
              read: options,
              rows: 0,
              lenientRows: null,
              bytes: 0,
              uncacheable: true,
            } satisfies EntryMeta),
          );
          return undefined;
        }
      }
      const after = await statFiles(files);
      if (!after || JSON.stringify(after) !== JSON.stringify(stamps)) {
        await fs.promises.rm(temp, { force: true });
        return undefined;
      }
      await fs.promises.rename(temp, dataFile);
    } catch (err) {
      await fs.promises.rm(temp, { force: true }).catch(() => undefined);
      // The engine could not read or write (the caller's direct read reports why), or the
      // disk refused: no cache. Cancellation, timeouts and crashes go to the caller.
      if ((err instanceof EngineError && err.kind === 'query') || isFileSystemError(err)) return undefined;
      throw err;
    }
    try {
      const bytes = (await fs.promises.stat(dataFile)).size;
      const meta: EntryMeta = {
        version: CACHE_VERSION,
        files: stamps,
        format,
        read: options,
        rows,
        lenientRows,
        bytes,
        ...(typedRead ? { csv: typedRead } : {}),
      };
      await writeFileAtomic(metaFile, JSON.stringify(meta));
    } catch {
      // Without its metadata the copy is never used; it is removed later as a leftover.
      return undefined;
    }
    await this.evict(key, JSON.stringify([stamps.map((s) => s.path).sort(), format, options])).catch(() => undefined);
    this.metaFiles.set(parquetSql(dataFile), metaFile);
    return {
      readSql: parquetSql(dataFile),
      lenientRows,
      created: true,
      facts: {},
      ...(typedRead ? { csv: { ...typedRead, selectSql: cachedSelectSql(typedRead.columns, dataFile) } } : {}),
    };
  }

  /**
   * Remembers a fact found on an entry's data (its readSql) in the entry's metadata, for
   * later runs and processes; a fact that cannot be written is simply found again.
   */
  async rememberFact(readSql: string, name: string, value: CacheFact): Promise<void> {
    const metaFile = this.metaFiles.get(readSql);
    const meta = metaFile ? await readMeta(metaFile) : undefined;
    if (!metaFile || !meta) return;
    await writeFileAtomic(
      metaFile,
      JSON.stringify({ ...meta, facts: { ...meta.facts, [name]: value } } satisfies EntryMeta),
    ).catch(() => undefined);
  }

  /** Creates the folder with a .gitignore that ignores everything in it. */
  private async prepareDir(): Promise<void> {
    await fs.promises.mkdir(this.dir, { recursive: true });
    const ignore = path.join(this.dir, '.gitignore');
    if (!fs.existsSync(ignore))
      await writeFileAtomic(ignore, '# KPI Lens columnar cache: copies of data files, safe to delete\n*\n');
  }

  /**
   * Removes the older entries of the same files read the same way (they changed), leftovers
   * of crashes, then the least recently used entries until the total fits (never the entry
   * just written). `same` identifies the files and reader options of the new entry.
   */
  private async evict(keep: string, same: string): Promise<void> {
    const names = await fs.promises.readdir(this.dir).catch(() => [] as string[]);
    const entries: { key: string; used: number; bytes: number }[] = [];
    const now = Date.now();
    for (const name of names) {
      const file = path.join(this.dir, name);
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
      if (key !== keep && JSON.stringify([meta.files.map((f) => f.path).sort(), meta.format, meta.read]) === same) {
        await this.remove(key);
        continue;
      }
      entries.push({ key, used: st.mtimeMs, bytes: meta.bytes });
    }
    let total = entries.reduce((sum, e) => sum + e.bytes, 0);
    for (const e of entries.sort((a, b) => a.used - b.used)) {
      if (total <= this.maxBytes) break;
      if (e.key === keep) continue;
      await this.remove(e.key);
      total -= e.bytes;
    }
  }

  private async remove(key: string): Promise<void> {
    // Metadata first: an entry without it is never used.
    await fs.promises.rm(path.join(this.dir, key + META_SUFFIX), { force: true });
    await fs.promises.rm(path.join(this.dir, key + DATA_SUFFIX), { force: true });
  }
}

/** An error of the file system (it carries an errno code such as EACCES or ENOSPC). */
function isFileSystemError(err: unknown): boolean {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string';
}

function parquetSql(file: string): string {
  return `read_parquet(${quoteString(file)})`;
}

async function statFiles(files: string[]): Promise<EntryMeta['files'] | undefined> {
  try {
    const out: EntryMeta['files'] = [];
    for (const f of files) {
      const st = await fs.promises.stat(f);
      out.push({ path: f, size: st.size, mtimeMs: st.mtimeMs });
    }
    return out;
  } catch {
    return undefined;
  }
}

async function readMeta(file: string): Promise<EntryMeta | undefined> {
  try {
    const value = JSON.parse(await fs.promises.readFile(file, 'utf8')) as Partial<EntryMeta>;
    if (value.version !== CACHE_VERSION || !Array.isArray(value.files) || typeof value.bytes !== 'number')
      return undefined;
    return value as EntryMeta;
  } catch {
    return undefined;
  }
}
