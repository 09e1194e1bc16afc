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
import {
  CACHE_VERSION,
  DATA_SUFFIX,
  evictEntries,
  META_SUFFIX,
  readMeta,
  statFiles,
  type CacheFact,
  type EntryMeta,
} from './cacheEntries';
import type { CsvReadPlan, CsvReadReport } from '../sources/csvSourceRead';
import type { CsvLayout, ReadColumn } from '../sources/csvDialect';

/** Numbers this process's temporary files (two written in the same millisecond). */
let tempCount = 0;

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
  csv?: { columns: ReadColumn[]; report: CsvReadReport; selectSql: string; layout?: CsvLayout };
}

/** What writing an entry needs (ColumnarCache.write). */
interface EntryWrite {
  engine: Engine;
  files: string[];
  format: DataFormat;
  options: ReadOptions;
  signal: AbortSignal | undefined;
  csv: CsvCopyRequest | undefined;
  /** Copy every column, not only those the run reads. */
  every: boolean;
  key: string;
  stamps: EntryMeta['files'];
}

/** A CSV/TSV source read with exact types: what decides the copy, and how its columns are planned. */
export interface CsvCopyRequest {
  plan: CsvReadPlan;
  /** Everything else that decides the columns' types (declared types, identifier columns). */
  decides: unknown;
  /**
   * The header columns the run may read (kpifile/columnMentions.ts); every one when undefined.
   * An entry that lacks one of them is written again, then with every column.
   */
  reads?: (column: string) => boolean;
  /**
   * The plan as the copy reads it (its file's layout found: csvLayout.ts) and the columns to
   * copy with their first types — `every` column, or those the run needs; run only when the
   * copy is written.
   */
  prepare: (every: boolean) => Promise<{ plan: CsvReadPlan; columns: ReadColumn[] }>;
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
  /** The entries being written, by key. */
  private readonly building = new Map<string, Promise<CachedRelation | undefined>>();

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
    // An entry copied for a file that read fewer columns is written again, with all of them:
    // a file whose KPIs name more columns is being edited, and its next edits cost nothing.
    let every = hit?.csv !== undefined && csv !== undefined && !holdsRead(hit.csv.columns, csv);
    if (hit && !every && fs.existsSync(dataFile)) {
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
    // Two sources of a run on the same files share one copy, even read side by side.
    const building = this.building.get(key);
    if (building) {
      const built = await building;
      if (!built?.csv || !csv || holdsRead(built.csv.columns, csv)) return built;
      every = true;
    }
    const written = this.write({ engine, files, format, options, signal, csv, every, key, stamps }).finally(() =>
      this.building.delete(key),
    );
    this.building.set(key, written);
    return written;
  }

  /** Writes the entry `key` of the files (a miss of relation()). */
  private async write(w: EntryWrite): Promise<CachedRelation | undefined> {
    const { engine, files, format, options, signal, csv, every, key, stamps } = w;
    const metaFile = path.join(this.dir, key + META_SUFFIX);
    const dataFile = path.join(this.dir, key + DATA_SUFFIX);
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
    const temp = path.join(this.dir, `${key}.${process.pid}.${Date.now()}.${++tempCount}.tmp${DATA_SUFFIX}`);
    let rows: number;
    let lenientRows: number | null;
    let typedRead: EntryMeta['csv'];
    try {
      if (csv) {
        // One read: the typed copy, its unconverted values and its malformed rows.
        const prepared = await csv.prepare(every);
        const layout = prepared.plan.dialect.layout;
        typedRead = {
          ...(await readCsvSource(engine, prepared.plan, prepared.columns, temp, signal)),
          ...(layout ? { layout } : {}),
        };
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
    await evictEntries(
      this.dir,
      this.maxBytes,
      key,
      JSON.stringify([stamps.map((s) => s.path).sort(), format, options]),
      JSON.stringify(stamps),
    ).catch(() => undefined);
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
}

/** Whether an entry's columns hold every header column the request may read. */
function holdsRead(columns: ReadColumn[], csv: CsvCopyRequest): boolean {
  const held = new Set(columns.map((c) => c.name));
  return csv.plan.header.every((name) => held.has(name) || (csv.reads !== undefined && !csv.reads(name)));
}

/** An error of the file system (it carries an errno code such as EACCES or ENOSPC). */
function isFileSystemError(err: unknown): boolean {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string';
}

function parquetSql(file: string): string {
  return `read_parquet(${quoteString(file)})`;
}
