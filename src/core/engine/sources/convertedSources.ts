// The converter in front of the engine's readers: a source DuckDB cannot read itself (a text
// file in an encoding it does not know, an Excel workbook) is first written as a UTF-8 CSV file
// in the cache folder, and that file goes through the normal CSV reader (and the columnar
// cache). An entry is keyed, like the columnar cache's, by the file's path, size and
// modification time and by the options that change the result (encoding, sheet, skip); it is
// written streamed to a temporary name and renamed, its metadata (what the conversion found:
// invalid bytes, error cells) written last and atomically, so a crash never leaves a half entry
// that is used. Older entries of the same file read the same way are removed.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { InvalidBytes } from '../../data/textEncodings';
import { isTranscoded, transcodeToUtf8 } from '../../data/textEncodings';
import type { ErrorCells, SheetChoice } from '../../data/xlsxWorkbook';
import { xlsxToCsv } from '../../data/xlsxWorkbook';
import { writeFileAtomic } from '../../util/atomicWrite';
import * as l10n from '../../l10n/l10n';
import { fileIdentity } from '../../data/fileChanges';

/** Numbers this process's temporary files (two sources may convert at once). */
let tempCount = 0;

/** Bumped when the converted files' layout changes. */
const VERSION = 1;

/** How a source's files are converted. */
export interface ConversionOptions extends SheetChoice {
  format: string;
  encoding?: string;
}

/** What converting one file found. */
export interface ConvertedFile {
  /** The original file. */
  source: string;
  /** The UTF-8 CSV file DuckDB reads. */
  file: string;
  invalidBytes?: InvalidBytes;
  errorCells?: ErrorCells;
}

interface Meta {
  version: number;
  source: string;
  size: number;
  mtimeMs: number;
  options: ConversionOptions;
  invalidBytes?: InvalidBytes;
  errorCells?: ErrorCells;
}

/** Whether files of this format/encoding must be converted before DuckDB reads them. */
export function needsConversion(format: string, encoding: string | undefined): boolean {
  return format === 'xlsx' || ((format === 'csv' || format === 'tsv') && isTranscoded(encoding));
}

/**
 * The converted copy of each file (written first when missing) in `dir` (created, with a
 * .gitignore). Throws what the conversion throws (a WorkbookError, a file system error).
 */
export async function convertFiles(
  dir: string,
  files: string[],
  options: ConversionOptions,
  signal?: AbortSignal,
): Promise<ConvertedFile[]> {
  const out: ConvertedFile[] = [];
  for (const file of files) out.push(await convertOne(dir, file, options, signal));
  return out;
}

async function convertOne(
  dir: string,
  source: string,
  options: ConversionOptions,
  signal?: AbortSignal,
): Promise<ConvertedFile> {
  const st = await fs.promises.stat(source);
  const key = createHash('sha256')
    .update(JSON.stringify({ v: VERSION, source, ...fileIdentity(st), options }))
    .digest('hex')
    .slice(0, 40);
  const entryDir = path.join(dir, key);
  // The copy keeps the original's name (messages name it); a workbook's sheet becomes <name>.csv.
  const name = options.format === 'xlsx' ? `${path.basename(source)}.csv` : path.basename(source);
  const data = path.join(entryDir, name);
  const metaFile = path.join(entryDir, 'meta.json');
  const hit = await readMeta(metaFile);
  if (hit && fs.existsSync(data)) return { source, file: data, ...found(hit) };
  await fs.promises.mkdir(entryDir, { recursive: true });
  const ignore = path.join(dir, '.gitignore');
  if (!fs.existsSync(ignore))
    await writeFileAtomic(ignore, '# KPI Lens: data files converted to UTF-8 CSV, safe to delete\n*\n').catch(
      () => undefined,
    );
  const temp = path.join(entryDir, `.${name}.${process.pid}.${Date.now()}.${++tempCount}.tmp`);
  const meta: Meta = { version: VERSION, source, size: st.size, mtimeMs: st.mtimeMs, options };
  try {
    if (options.format === 'xlsx') {
      const { errors } = await xlsxToCsv(source, temp, options);
      if (errors.count > 0) meta.errorCells = errors;
    } else {
      const invalid = await transcodeToUtf8(source, temp, options.encoding ?? 'utf-8', signal);
      if (invalid.count > 0) meta.invalidBytes = invalid;
    }
    await fs.promises.rename(temp, data);
  } catch (err) {
    await fs.promises.rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
  await writeFileAtomic(metaFile, JSON.stringify(meta));
  await removeOlder(dir, key, source, options).catch(() => undefined);
  return { source, file: data, ...found(meta) };
}

function found(meta: Meta): Pick<ConvertedFile, 'invalidBytes' | 'errorCells'> {
  return {
    ...(meta.invalidBytes ? { invalidBytes: meta.invalidBytes } : {}),
    ...(meta.errorCells ? { errorCells: meta.errorCells } : {}),
  };
}

/** Removes the entries of the same file converted the same way before it changed. */
async function removeOlder(dir: string, keep: string, source: string, options: ConversionOptions): Promise<void> {
  for (const name of await fs.promises.readdir(dir)) {
    if (name === keep || name.startsWith('.')) continue;
    const meta = await readMeta(path.join(dir, name, 'meta.json'));
    if (meta && meta.source === source && JSON.stringify(meta.options) === JSON.stringify(options)) {
      await fs.promises.rm(path.join(dir, name), { recursive: true, force: true });
    }
  }
}

async function readMeta(file: string): Promise<Meta | undefined> {
  try {
    const value = JSON.parse(await fs.promises.readFile(file, 'utf8')) as Partial<Meta>;
    return value.version === VERSION && typeof value.source === 'string' ? (value as Meta) : undefined;
  } catch {
    return undefined;
  }
}

/** What a conversion found, in words: where it goes (the source's key) and the message. */
export interface ConversionNote {
  field: 'encoding' | 'file';
  code: 'invalid-bytes' | 'invalid-values';
  message: string;
}

/** The notes of converted files: invalid bytes with their lines, Excel error cells with their rows. */
export function conversionNotes(converted: ConvertedFile[], encoding: string | undefined): ConversionNote[] {
  const notes: ConversionNote[] = [];
  for (const c of converted) {
    const name = path.basename(c.source);
    const bad = c.invalidBytes;
    if (bad && bad.count > 0) {
      const lines = bad.lines.map((l) => `${name}:${l}`).join(', ');
      notes.push({
        field: 'encoding',
        code: 'invalid-bytes',
        message:
          bad.count === 1
            ? l10n.t(
                "1 byte of '{0}' is not a {1} character (at {2}): it is read as '\uFFFD'; check the file's encoding",
                name,
                encoding ?? '',
                lines,
              )
            : l10n.t(
                "{0} bytes of '{1}' are not {2} characters (at {3}): they are read as '\uFFFD'; check the file's encoding",
                bad.count,
                name,
                encoding ?? '',
                lines,
              ),
      });
    }
    const cells = c.errorCells;
    if (cells && cells.count > 0) {
      const examples = cells.examples
        .map((e) => l10n.t('{0}:{1} {2} in {3}', name, e.row, e.error, e.column))
        .join(', ');
      notes.push({
        field: 'file',
        code: 'invalid-values',
        message:
          cells.count === 1
            ? l10n.t("1 cell of '{0}' holds an Excel error ({1}): it is read as empty", name, examples)
            : l10n.t(
                "{0} cells of '{1}' hold an Excel error ({2}): they are read as empty",
                cells.count,
                name,
                examples,
              ),
      });
    }
  }
  return notes;
}
