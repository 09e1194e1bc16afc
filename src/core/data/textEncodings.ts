// The text encodings a source may declare, and how each is read. DuckDB reads utf-8, utf-16
// and latin-1 itself; the others (what Excel and older tools write: windows-1252, iso-8859-15,
// cp850…) are transcoded to UTF-8 in JavaScript with iconv-lite, streamed chunk by chunk, and
// the bytes that the declared encoding does not define are counted with their lines.
import * as fs from 'fs';
import { pipeline } from 'stream/promises';
import { Transform } from 'stream';
import type * as IconvModule from 'iconv-lite';

let iconvModule: typeof IconvModule | undefined;
/**
 * iconv-lite, loaded on the first transcoded text: in the bundles it is dist/iconv-lite.js
 * (esbuild.mjs), so the CLI and the extension start without reading it.
 */
function iconv(): typeof IconvModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, apart from the bundle
  iconvModule ??= require('iconv-lite') as typeof IconvModule;
  return iconvModule;
}

/** Read by DuckDB directly. */
export const DUCKDB_ENCODINGS = ['utf-8', 'utf-16', 'latin-1'] as const;
/** Transcoded to UTF-8 before DuckDB reads them (single-byte encodings of spreadsheets and old exports). */
export const TRANSCODED_ENCODINGS = [
  'windows-1252',
  'iso-8859-15',
  'windows-1250',
  'windows-1251',
  'iso-8859-2',
  'cp850',
  'macintosh',
] as const;
export const ENCODINGS: readonly string[] = [...DUCKDB_ENCODINGS, ...TRANSCODED_ENCODINGS];

/** Whether a declared encoding is transcoded in JavaScript (DuckDB cannot read it). */
export function isTranscoded(encoding: string | undefined): boolean {
  return encoding !== undefined && (TRANSCODED_ENCODINGS as readonly string[]).includes(encoding);
}

/** iconv-lite's name of an encoding of the language (latin-1 is its latin1). */
function iconvName(encoding: string): string {
  return encoding === 'latin-1' ? 'latin1' : encoding;
}

/** Decodes bytes in a declared encoding (utf-8 when none); a UTF-8 BOM is kept for the caller to strip. */
export function decodeText(bytes: Buffer, encoding: string | undefined): string {
  if (!encoding || encoding === 'utf-8') return bytes.toString('utf8');
  return iconv().decode(bytes, iconvName(encoding), { stripBOM: false });
}

/** The bytes that the declared encoding does not define (they read as U+FFFD). */
export interface InvalidBytes {
  count: number;
  /** 1-based lines of the first few, ascending. */
  lines: number[];
}

const EXAMPLE_LINES = 5;

/**
 * Writes `source` (in `encoding`) to `target` as UTF-8, streamed (never the whole file in
 * memory), and counts the bytes the encoding does not define with their lines. The target is
 * created exclusively (a planted file is never written through).
 */
export async function transcodeToUtf8(
  source: string,
  target: string,
  encoding: string,
  signal?: AbortSignal,
): Promise<InvalidBytes> {
  const decoder = iconv().getDecoder(iconvName(encoding), { stripBOM: false });
  const invalid: InvalidBytes = { count: 0, lines: [] };
  let line = 1;
  const scan = (text: string) => {
    if (!text.includes('\uFFFD')) {
      // The common case: only the lines are counted, by the engine's own string search.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) line++;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) line++;
      else if (c === 0xfffd) {
        invalid.count++;
        if (invalid.lines.length < EXAMPLE_LINES && invalid.lines[invalid.lines.length - 1] !== line)
          invalid.lines.push(line);
      }
    }
  };
  const toUtf8 = new Transform({
    transform(chunk: Buffer, _enc, done) {
      const text = decoder.write(chunk);
      scan(text);
      done(null, Buffer.from(text, 'utf8'));
    },
    flush(done) {
      const text = decoder.end() ?? '';
      scan(text);
      done(null, text ? Buffer.from(text, 'utf8') : undefined);
    },
  });
  await pipeline(
    fs.createReadStream(source),
    toUtf8,
    fs.createWriteStream(target, { flags: 'wx' }),
    ...(signal ? [{ signal }] : []),
  );
  return invalid;
}
