// The line of a text file that holds a byte offset, counted by line feeds from the start: DuckDB
// numbers a CSV's rejected rows by record, so after a quoted field holding a line break its
// `line` is short of the file's; its `line_byte_position` is exact, and this turns it into the
// line an editor shows.
import * as fs from 'fs';

/** For each byte offset, the 1-based line holding it; the file is read once, up to the largest. */
export async function linesAtOffsets(file: string, offsets: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  const wanted = [...new Set(offsets.filter((o) => Number.isInteger(o) && o >= 0))].sort((a, b) => a - b);
  if (wanted.length === 0) return out;
  let next = 0;
  let line = 1;
  let at = 0;
  const stream = fs.createReadStream(file, { end: Math.max(0, wanted[wanted.length - 1] - 1) });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let from = 0;
    // The offsets inside this chunk: the line feeds before each, then the rest of the chunk's.
    while (next < wanted.length && wanted[next] < at + chunk.length) {
      const to = wanted[next] - at;
      line += lineFeeds(chunk, from, to);
      from = to;
      out.set(wanted[next++], line);
    }
    line += lineFeeds(chunk, from, chunk.length);
    at += chunk.length;
  }
  while (next < wanted.length) out.set(wanted[next++], line);
  return out;
}

/** How many line feeds `buffer` holds in [from, to). */
function lineFeeds(buffer: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = buffer.indexOf(0x0a, from); i !== -1 && i < to; i = buffer.indexOf(0x0a, i + 1)) n++;
  return n;
}
