// Where an NDJSON file is broken: DuckDB names the line its parser stopped at, which for an
// object missing its `}` is the next one (the object runs on into it). Each line of an NDJSON
// file is a JSON value on its own, so the first line (up to DuckDB's) that does not parse alone
// is the one to fix, told with the parser's reason.
import * as fs from 'fs';
import * as readline from 'readline';

/** DuckDB's message for a line of an NDJSON file it cannot parse: the file and the line. */
const MALFORMED = /Malformed JSON in file "([^"]+)", at byte \d+ in line (\d+)/;

/** The first line up to DuckDB's that is not a JSON value on its own, with the parser's reason. */
export async function brokenNdjsonLine(
  message: string,
): Promise<{ file: string; line: number; reason: string } | undefined> {
  const m = MALFORMED.exec(message);
  if (!m) return undefined;
  const [, file, last] = m;
  const upTo = Number(last);
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const text of lines) {
      if (++n > upTo) break;
      if (text.trim() === '') continue;
      try {
        JSON.parse(text);
      } catch (err) {
        // V8's "… in JSON at position 25 (line 1 column 26)": the character of that one line.
        const reason = (err instanceof Error ? err.message : String(err)).replace(
          / in JSON at position (\d+)(?: \(line \d+ column \d+\))?/,
          (_m, at: string) => ` at character ${Number(at) + 1}`,
        );
        return { file, line: n, reason };
      }
    }
  } catch {
    return undefined;
  } finally {
    lines.close();
  }
  return undefined;
}
