// Reads the column names of a data file without reading the file: the first record of a
// CSV/TSV, the keys of the first JSON object, the schema in a Parquet footer.
import * as fs from 'fs';
import { parse } from 'csv-parse/sync';
import { parquetMetadataAsync, parquetSchema } from 'hyparquet';
import type { DataFormat } from './dataFiles';
import { decodeText } from './textEncodings';
import { startReadsAs } from './encoding';
import { readXlsxHeader, WorkbookError } from './xlsxWorkbook';
import type { SheetChoice } from './xlsxWorkbook';
import * as l10n from '../l10n/l10n';

/** A problem reading a header, reported as `unreadable-file` (`unknown-sheet`: on the source's `sheet`). */
export class HeaderError extends Error {
  constructor(
    message: string,
    readonly kind: 'unreadable' | 'unknown-sheet' = 'unreadable',
  ) {
    super(message);
  }
}

/**
 * How a file's first lines are read: its text's encoding and a CSV/TSV source's dialect keys,
 * or the sheet of a workbook; `skip` (SheetChoice) is the lines (rows) before the header.
 */
export interface HeaderOptions extends SheetChoice {
  encoding?: string;
  delimiter?: string;
  quote?: string;
  /** false: the file has no header; its columns are named column1, column2, … */
  header?: boolean;
}

const CHUNK = 64 * 1024;
const MAX_HEADER_BYTES = 4 * 1024 * 1024;

export async function readHeader(file: string, format: DataFormat, options: HeaderOptions = {}): Promise<string[]> {
  switch (format) {
    case 'csv':
    case 'tsv':
      return readDelimitedHeader(file, format, options);
    case 'xlsx':
      return readXlsxHeader(file, options).catch((err: unknown) => {
        throw err instanceof WorkbookError ? new HeaderError(err.message, err.kind) : err;
      });
    case 'json':
    case 'ndjson':
      return readJsonHeader(file, format);
    case 'parquet':
      return readParquetHeader(file);
  }
}

/** Reads from the start of the file until `done` says the text holds enough (bounded). */
async function readPrefix(
  file: string,
  done: (text: string) => boolean,
  encoding?: string,
  guess = false,
): Promise<string> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.alloc(CHUNK);
      const { bytesRead } = await handle.read(buf, 0, CHUNK, total);
      if (bytesRead === 0) break;
      chunks.push(buf.subarray(0, bytesRead));
      total += bytesRead;
      const bytes = Buffer.concat(chunks);
      // A CSV without an `encoding` whose text is not UTF-8 may be read as windows-1252 (sourceConversion.ts).
      const text = decodeText(bytes, encoding ?? (guess ? startReadsAs(bytes) : undefined));
      if (done(text)) return text;
      if (total >= MAX_HEADER_BYTES)
        throw new HeaderError(l10n.t('no complete header in the first {0} MB', MAX_HEADER_BYTES / 1024 / 1024));
    }
    const bytes = Buffer.concat(chunks);
    return decodeText(bytes, encoding ?? (guess ? startReadsAs(bytes) : undefined));
  } finally {
    await handle.close();
  }
}

/** The end of the first CSV record (a newline outside quotes), or -1. */
function firstRecordEnd(text: string, quote = '"'): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === quote) quoted = !quoted;
    else if (c === '\n' && !quoted) return i;
  }
  return -1;
}

/** The offset after the first `skip` lines (-1 when the text does not hold them all). */
function afterLines(text: string, skip: number): number {
  let at = 0;
  for (let k = 0; k < skip; k++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return -1;
    at = nl + 1;
  }
  return at;
}

/** Picks the delimiter that splits the header line into the most fields. */
export function sniffDelimiter(line: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t', '|']) {
    let count = 0;
    let quoted = false;
    for (const c of line) {
      if (c === '"') quoted = !quoted;
      else if (c === d && !quoted) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/** The first record (the header line) after `skip` lines of a delimited file, without BOM or CR. */
async function readHeaderLine(file: string, skip = 0, quote = '"', encoding?: string): Promise<string> {
  const start = (t: string) => afterLines(t.replace(/^\uFEFF/, ''), skip);
  const text = (
    await readPrefix(
      file,
      (t) => start(t) >= 0 && firstRecordEnd(t.replace(/^\uFEFF/, '').slice(start(t)), quote) >= 0,
      encoding,
      true,
    )
  ).replace(/^\uFEFF/, '');
  const from = afterLines(text, skip);
  if (from < 0) return '';
  const rest = text.slice(from);
  const end = firstRecordEnd(rest, quote);
  return (end >= 0 ? rest.slice(0, end) : rest).replace(/\r$/, '');
}

/** The delimiter of a CSV file, told from its header line (what the engine reads it with). */
export async function csvDelimiter(file: string, skip = 0): Promise<string> {
  return sniffDelimiter(await readHeaderLine(file, skip));
}

async function readDelimitedHeader(file: string, format: 'csv' | 'tsv', options: HeaderOptions): Promise<string[]> {
  const quote = options.quote ?? '"';
  const line = await readHeaderLine(file, options.skip ?? 0, quote, options.encoding);
  if (line.trim() === '')
    throw new HeaderError(
      options.skip
        ? l10n.t('no line after the {0} skipped lines: the next line should name the columns', options.skip)
        : l10n.t('the file is empty: the first line should name the columns'),
    );
  const delimiter = options.delimiter ?? (format === 'tsv' ? '\t' : sniffDelimiter(line));
  try {
    const records = parse(line, {
      delimiter,
      quote: quote === '' ? false : quote,
      relax_quotes: true,
      trim: true,
    }) as string[][];
    const fields = records[0] ?? [];
    return options.header === false ? fields.map((_, i) => `column${i + 1}`) : fields.map(duckdbHeaderName);
  } catch (err) {
    throw new HeaderError(
      l10n.t('the header line cannot be read: {0}', err instanceof Error ? err.message : String(err)),
    );
  }
}

/**
 * A header field's name as DuckDB reads it: trimmed of spaces, no-break spaces and other Unicode
 * spaces even inside quotes (`"amount\u00a0"` is `amount`), and an empty name — the column after
 * a trailing delimiter, as Excel writes a sheet with a stray empty column — named `column` and
 * its position from 0 (`id,amount,` has a third column `column2`).
 */
function duckdbHeaderName(field: string, index: number): string {
  const name = field.replace(
    /^[ \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+|[ \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+$/g,
    '',
  );
  return name === '' ? `column${index}` : name;
}

/** The first complete `{…}` in the text (strings and escapes respected), or undefined. */
function firstObject(text: string): string | undefined {
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return undefined;
}

async function readJsonHeader(file: string, format: 'json' | 'ndjson'): Promise<string[]> {
  const text = (await readPrefix(file, (t) => firstObject(t) !== undefined)).replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new HeaderError(l10n.t('the file is empty'));
  const first = text.trimStart()[0];
  if (format === 'json' && first !== '[' && first !== '{')
    throw new HeaderError(l10n.t('expected a JSON array of objects'));
  const obj = firstObject(text);
  if (obj === undefined) throw new HeaderError(l10n.t('no JSON object found to take the column names from'));
  let parsed: unknown;
  try {
    parsed = JSON.parse(obj);
  } catch (err) {
    throw new HeaderError(
      l10n.t('the first record is not valid JSON: {0}', err instanceof Error ? err.message : String(err)),
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new HeaderError(l10n.t('the first record is not a JSON object'));
  return Object.keys(parsed);
}

async function readParquetHeader(file: string): Promise<string[]> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = {
      byteLength: size,
      async slice(start: number, end?: number): Promise<ArrayBuffer> {
        const stop = end === undefined ? size : Math.min(end, size);
        const length = Math.max(0, stop - start);
        const buf = Buffer.alloc(length);
        await handle.read(buf, 0, length, start);
        return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
      },
    };
    try {
      const metadata = await parquetMetadataAsync(buffer);
      return parquetSchema(metadata).children.map((c) => c.element.name);
    } catch (err) {
      throw new HeaderError(
        l10n.t('not a readable Parquet file: {0}', err instanceof Error ? err.message : String(err)),
      );
    }
  } finally {
    await handle.close();
  }
}
