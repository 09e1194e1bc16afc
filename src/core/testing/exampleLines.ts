// The lines of a source's data file that hold given values of a column, for the examples of a
// failed data test ("'c9' (orders.csv:6, :7)"). Only a single plain CSV/TSV file small enough
// to read again (its lines are the user's); values are compared as the typed read gives them:
// text trimmed, numbers by value (with the source's decimal and thousands separators), an
// empty cell for a null. Anything else gives no line: the example is shown without one.
import * as fs from 'fs';
import { parse } from 'csv-parse';
import type { SourceContext } from '../engine/sources/sourceContext';

/** Line numbers are looked up in files up to this size (a second read of the file). */
const MAX_LINE_SCAN_BYTES = 64 * 1024 * 1024;
/** Lines kept per value. */
const LINES_PER_VALUE = 3;

/** Each wanted value (null: an empty cell) → the first lines holding it. */
export async function valueLines(
  ctx: SourceContext,
  column: string,
  values: (string | null)[],
): Promise<{ file?: string; lines: Map<string | null, number[]> }> {
  const lines = new Map<string | null, number[]>();
  if (values.length === 0 || (ctx.format !== 'csv' && ctx.format !== 'tsv') || ctx.table || ctx.files.length !== 1)
    return { lines };
  const file = ctx.files[0];
  if (/\.xls[xm]?\.csv$/i.test(file) || ctx.read.encoding) return { lines }; // a converted copy: not the user's lines
  const size = await fs.promises.stat(file).then(
    (st) => st.size,
    () => Infinity,
  );
  if (size > MAX_LINE_SCAN_BYTES) return { lines };
  const decimal = ctx.spec.csv.decimal ?? '.';
  const thousands = ctx.spec.csv.thousands;
  const asNumber = (raw: string): number => {
    let t = raw.trim();
    if (thousands) t = t.split(thousands === ' ' ? /[ \u00a0\u202f]/ : thousands).join('');
    if (decimal === ',') t = t.replace(',', '.');
    return t === '' ? NaN : Number(t);
  };
  const wanted = values.map((v) => ({ v, n: v === null ? NaN : Number(v) }));
  const skip = ctx.spec.csv.skip ?? 0;
  const parser = fs.createReadStream(file).pipe(
    parse({
      delimiter: ctx.format === 'tsv' ? '\t' : (ctx.read.delimiter ?? ','),
      bom: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      from_line: skip + 1,
      info: true,
    }),
  );
  let index = -1;
  const header = ctx.spec.csv.header !== false;
  let first = true;
  try {
    for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (first) {
        first = false;
        index = header
          ? record.record.findIndex((c) => c.trim().toLowerCase() === column.toLowerCase())
          : Number(/^column(\d+)$/.exec(column)?.[1] ?? 0) - 1;
        if (index < 0) break;
        if (header) continue;
      }
      const raw = record.record[index] ?? '';
      for (const w of wanted) {
        const hit =
          w.v === null ? raw.trim() === '' : raw.trim() === w.v || (Number.isFinite(w.n) && asNumber(raw) === w.n);
        if (!hit) continue;
        const list = lines.get(w.v) ?? [];
        if (list.length < LINES_PER_VALUE) list.push(record.info.lines);
        lines.set(w.v, list);
      }
    }
  } catch {
    // A line the CSV parser refuses: the examples keep the lines found so far.
  } finally {
    parser.destroy();
  }
  return { file, lines };
}
