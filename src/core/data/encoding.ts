// Tells whether a text data file is valid UTF-8, from its first megabyte: a latin-1 export
// read as UTF-8 would silently garble names, so the engine warns instead.
import { isUtf8 } from 'buffer';
import * as fs from 'fs';

const SAMPLE_BYTES = 1024 * 1024;

/** The offset of the first byte that is not valid UTF-8, or undefined when the sample is valid. */
/**
 * Whether `bytes` (the start of a text) are UTF-8, a multi-byte character cut at their end
 * allowed: a CSV whose start is not is read as windows-1252 (sourceConversion.ts), and so is its
 * header (headerReaders.ts).
 */
export function startsAsUtf8(bytes: Buffer): boolean {
  let end = bytes.length;
  for (let i = Math.max(0, end - 3); i < end; i++) {
    const b = bytes[i];
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (len > 1 && i + len > end && bytes.subarray(i + 1, end).every((c) => c >= 0x80 && c < 0xc0)) end = i;
  }
  return isUtf8(bytes.subarray(0, end));
}

export async function firstInvalidUtf8Offset(file: string, maxBytes = SAMPLE_BYTES): Promise<number | undefined> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(maxBytes);
    const { bytesRead } = await handle.read(buf, 0, maxBytes, 0);
    const bytes = buf.subarray(0, bytesRead);
    // A multi-byte character cut by the sample's end is not an error: drop the partial tail.
    let end = bytes.length;
    for (let i = Math.max(0, end - 3); i < end; i++) {
      const b = bytes[i];
      const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      const tailIsContinuation = bytes.subarray(i + 1, end).every((c) => c >= 0x80 && c < 0xc0);
      if (len > 1 && i + len > end && tailIsContinuation) end = i;
    }
    // Node's own check (simdutf) first: a megabyte in well under a millisecond, where a fatal
    // TextDecoder takes about 10 ms; only a file that fails it is searched for its first bad byte.
    if (isUtf8(bytes.subarray(0, end))) return undefined;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
      return undefined;
    } catch {
      // Find the first bad byte by decoding growing prefixes at line starts (cheap enough for 1 MB).
      let good = 0;
      for (let i = 0; i <= end; i++) {
        if (i === end || bytes[i] === 0x0a) {
          try {
            new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(good, i));
            good = i;
          } catch {
            return good;
          }
        }
      }
      return good;
    }
  } finally {
    await handle.close();
  }
}
