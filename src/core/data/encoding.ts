// Tells whether a data file's text is UTF-8, from its first megabyte, and what a text that is not
// (and declares no encoding) is read as: a latin-1 export read as UTF-8 would silently garble
// names and lose rows, so the engine reads it as windows-1252 — unless the text before its first
// bad byte is UTF-8 beyond ASCII: that is a UTF-8 file with a few bad bytes, read as UTF-8 with
// them replaced (its accents, its header's included, stay right), and told.
import { isAscii, isUtf8 } from 'buffer';
import * as fs from 'fs';
import * as path from 'path';
import { fileIdentity } from './fileChanges';
import { storedUtf8Check, storeUtf8Check } from './utf8CheckStore';

const SAMPLE_BYTES = 1024 * 1024;

/** The end of `bytes` without a multi-byte character its end cuts (not an error in a sample). */
function wholeCharactersEnd(bytes: Buffer): number {
  const end = bytes.length;
  for (let i = Math.max(0, end - 3); i < end; i++) {
    const b = bytes[i];
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (len > 1 && i + len > end && bytes.subarray(i + 1, end).every((c) => c >= 0x80 && c < 0xc0)) return i;
  }
  return end;
}

/**
 * The start of the line holding the first byte of `bytes` that is not UTF-8, or undefined when
 * they are UTF-8 (a multi-byte character cut at their end allowed).
 */
function firstInvalidLineStart(bytes: Buffer): number | undefined {
  const end = wholeCharactersEnd(bytes);
  // Node's own check (simdutf) first: a megabyte in well under a millisecond, where a fatal
  // TextDecoder takes about 10 ms; only a text that fails it is searched for its first bad byte.
  if (isUtf8(bytes.subarray(0, end))) return undefined;
  // Find the first bad line by decoding line after line (cheap enough for 1 MB).
  let start = 0;
  for (let i = 0; i <= end; i++) {
    if (i === end || bytes[i] === 0x0a) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, i));
        start = i + 1;
      } catch {
        return start;
      }
    }
  }
  return start;
}

/**
 * What a text that declares no encoding is read as, from its start (`bytes`): UTF-8 when it is,
 * or when its first bad byte comes after characters beyond ASCII that are UTF-8; else
 * windows-1252 (sourceConversion.ts reads the whole file the same way).
 */
export function startReadsAs(bytes: Buffer): 'utf-8' | 'windows-1252' {
  const bad = firstInvalidLineStart(bytes);
  return bad === undefined || !isAscii(bytes.subarray(0, bad)) ? 'utf-8' : 'windows-1252';
}

/** The offset of the line of the first byte that is not valid UTF-8 in the first `maxBytes`, or undefined when they are valid. */
export async function firstInvalidUtf8Offset(file: string, maxBytes = SAMPLE_BYTES): Promise<number | undefined> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(maxBytes);
    const { bytesRead } = await handle.read(buf, 0, maxBytes, 0);
    return firstInvalidLineStart(buf.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** Whole files found UTF-8 or not, by path, size and modification time (wholeFileInvalidUtf8Offset). */
const WHOLE_CHECKS = new Map<string, number | undefined>();
const WHOLE_CHECKS_KEPT = 256;

/**
 * Like firstInvalidUtf8Offset, over the whole file, in chunks (about 0.2 s of CPU per GB), and
 * remembered while the file keeps its identity (fileChanges.ts) — in this process, and with
 * `storeDir` (the columnar cache's folder) for later processes too (utf8CheckStore.ts): for the
 * files of a glob, whose read keeps no rejects table to find such a byte further down (csvRejects.ts).
 */
export async function wholeFileInvalidUtf8Offset(file: string, storeDir?: string): Promise<number | undefined> {
  const st = await fs.promises.stat(file);
  const key = JSON.stringify([path.resolve(file), fileIdentity(st)]);
  if (WHOLE_CHECKS.has(key)) return WHOLE_CHECKS.get(key);
  const stored = storeDir ? await storedUtf8Check(storeDir, key) : undefined;
  const found = stored !== undefined ? (stored ?? undefined) : await scanWholeFile(file);
  if (WHOLE_CHECKS.size >= WHOLE_CHECKS_KEPT) WHOLE_CHECKS.delete(WHOLE_CHECKS.keys().next().value as string);
  WHOLE_CHECKS.set(key, found);
  if (storeDir && stored === undefined) await storeUtf8Check(storeDir, key, found ?? null);
  return found;
}

async function scanWholeFile(file: string): Promise<number | undefined> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(4 * SAMPLE_BYTES + 4);
    let position = 0;
    let carried = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, carried, buf.length - carried, position);
      const filled = carried + bytesRead;
      // A character cut by the chunk's end is carried to the next one (at the file's end it is an error).
      const end = bytesRead === 0 ? filled : wholeCharactersEnd(buf.subarray(0, filled));
      const chunk = buf.subarray(0, end);
      if (!isUtf8(chunk)) return position - carried + (firstInvalidLineStart(chunk) ?? 0);
      if (bytesRead === 0) return undefined;
      buf.copy(buf, 0, end, filled);
      carried = filled - end;
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

/**
 * Whether the text of `file` before its line `line` (from 1) is ASCII — a UTF-8 byte order mark
 * aside — read in chunks up to that line: where a byte that is not UTF-8 is found on that line,
 * ASCII before it says nothing of the encoding (windows-1252 is then assumed), characters beyond
 * ASCII say UTF-8 (they were valid so far).
 */
export async function asciiBeforeLine(file: string, line: number): Promise<boolean> {
  if (line <= 1) return true;
  const handle = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(SAMPLE_BYTES);
    let position = 0;
    let newlines = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, position);
      if (bytesRead === 0) return true;
      let chunk = buf.subarray(0, bytesRead);
      if (position === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      // Cut the chunk at the start of `line`.
      let cut = chunk.length;
      for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) {
        if (++newlines === line - 1) {
          cut = i + 1;
          break;
        }
      }
      if (!isAscii(chunk.subarray(0, cut))) return false;
      if (cut < chunk.length || newlines >= line - 1) return true;
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
}
