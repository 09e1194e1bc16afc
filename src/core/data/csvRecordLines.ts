// Where the records of a CSV file start: the line an editor shows for the k-th data row, found
// by reading the file's bytes with its quotes, so that a quoted line break (a survey's comment
// over three lines) does not shift the rows after it. With each wanted record, its text (its
// lines, joined by \n), against which a caller checks that the value it places is there.
import * as fs from 'fs';

/** How the file's records are written: its quote and escape characters, the lines before its rows. */
export interface RecordLayout {
  /** The quote character (one byte: `"` by default). */
  quote?: string;
  /** The character before a quote inside a quoted value; the quote itself (doubled) by default. */
  escape?: string;
  /** Lines skipped before the header (DuckDB's `skip`). */
  skip?: number;
  /** Whether the first record after them is the header (default true). */
  header?: boolean;
}

/** The start line (1-based) and text of a data record. */
export interface RecordLine {
  line: number;
  text: string;
}

/**
 * The start line and text of each wanted data record (1-based: the first row after the header is
 * 1), read up to the last of them. Empty lines between records are not records (DuckDB's reader
 * returns no row for them). A quote or escape that is not one ASCII byte: records are lines.
 */
export async function recordLines(
  file: string,
  rows: readonly number[],
  layout: RecordLayout = {},
): Promise<Map<number, RecordLine>> {
  const out = new Map<number, RecordLine>();
  if (rows.length === 0) return out;
  const want = new Set(rows);
  const last = Math.max(...rows);
  const quote = singleByte(layout.quote ?? '"');
  const escape = singleByte(layout.escape ?? layout.quote ?? '"');
  let skipLines = layout.skip ?? 0;
  let headerPending = layout.header ?? true;
  let line = 1;
  let record = 0;
  let recordStartLine = 1;
  let recordEmpty = true;
  let inQuotes = false;
  let escaped = false;
  let parts: Buffer[] = [];
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let partStart = 0;
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i];
        if (b !== 10) {
          if (skipLines > 0) continue;
          if (b !== 13) recordEmpty = false;
          if (quote === undefined) continue;
          if (escaped) escaped = false;
          else if (inQuotes && b === escape && escape !== quote) escaped = true;
          else if (b === quote) inQuotes = !inQuotes;
          continue;
        }
        line++;
        if (skipLines > 0) {
          skipLines--;
          recordStartLine = line;
          partStart = i + 1;
          continue;
        }
        if (inQuotes) continue;
        // The end of a record.
        if (!recordEmpty) {
          if (headerPending) headerPending = false;
          else {
            record++;
            if (want.has(record)) {
              out.set(record, { line: recordStartLine, text: textOf([...parts, chunk.subarray(partStart, i)]) });
              if (record >= last) return out;
            }
          }
        }
        parts = [];
        partStart = i + 1;
        recordStartLine = line;
        recordEmpty = true;
      }
      // The record goes on in the next chunk: keep its bytes only when it may be wanted.
      if (want.has(record + 1) || headerPending) parts.push(chunk.subarray(partStart));
      else parts = [];
    }
    if (!recordEmpty && !headerPending && want.has(record + 1))
      out.set(record + 1, { line: recordStartLine, text: textOf(parts) });
    return out;
  } catch {
    return out;
  } finally {
    stream.destroy();
  }
}

function textOf(parts: Buffer[]): string {
  return Buffer.concat(parts).toString('utf8').replace(/\r$/, '').replace(/\r\n/g, '\n');
}

function singleByte(c: string): number | undefined {
  const code = c.charCodeAt(0);
  return c.length === 1 && code < 128 ? code : undefined;
}
