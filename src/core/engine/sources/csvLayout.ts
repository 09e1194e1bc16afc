// The layout of a one-file CSV source (its line ends, escape and comment characters), found
// once by DuckDB's sniffer with the options every read of it uses (the dialect's keys, rows
// that do not parse left out, the sample read's small buffer) and then given to every read
// (csvDialect.ts rawCsvSql): each read_csv left to sniff spends about 0.1 s on a 480 MB file
// reading its first 32 MB (issue 21). Only the columnar cache's copy uses the sniffed layout
// (the inference and the copy itself; the cache checks the file's stamps after the copy). A file
// whose header repeats a name keeps its reads sniffing. A file DuckDB cannot sniff (a malformed
// row among its first: a small export with one bad line) is read, by the copy or directly
// (csvSource.ts), with the layout its text shows — its line end, a doubled quote, no comments —
// so that the row is left out and told instead of the whole source failing; one that mixes line
// ends or never closes a quote keeps failing, with that cause (csvReadProblems.ts).
import type { Engine } from '../backends/engine';
import { EngineError } from '../backends/engine';
import { dialectOptions, MAX_LINE_BYTES, SAMPLE_BUFFER_BYTES } from './csvDialect';
import type { CsvLayout } from './csvDialect';
import { quoteString } from '../sql/sqlText';
import { layoutFaults } from './csvReadProblems';
import type { CsvReadPlan } from './csvSourceRead';

/** DuckDB's word for no character in sniff_csv's answer. */
const NONE = '(empty)';

/** The plan with its file's layout (unchanged for several files, or when the sniff fails). */
export async function withLayout(engine: Engine, plan: CsvReadPlan, signal?: AbortSignal): Promise<CsvReadPlan> {
  if (plan.files.length !== 1 || plan.dialect.layout) return plan;
  // Names DuckDB tells apart only by renaming one (v and V): its sniffer names the columns.
  const lower = plan.header.map((h) => h.toLowerCase());
  if (new Set(lower).size !== lower.length) return plan;
  const { dialect } = plan;
  const quote = dialect.quote ?? '"';
  const options = [
    ...dialectOptions(dialect),
    'ignore_errors = true',
    // As the reads: every column text (no types to detect, about a fifth less of a wide file's sniff).
    'all_varchar = true',
    `buffer_size = ${SAMPLE_BUFFER_BYTES}`,
    `max_line_size = ${MAX_LINE_BYTES}`,
    ...(dialect.encoding ? [`encoding = ${quoteString(dialect.encoding)}`] : []),
  ];
  let row: Record<string, unknown> | undefined;
  try {
    [row] = await engine.query(
      `SELECT Escape AS escape, NewLineDelimiter AS newline, Comment AS comment FROM sniff_csv(${quoteString(plan.files[0])}, ${options.join(', ')})`,
      [],
      { signal },
    );
  } catch (err) {
    if (err instanceof EngineError && err.kind === 'query') return withTextLayout(plan);
    throw err;
  }
  const newline = String(row?.newline ?? '');
  if (!['\\n', '\\r\\n', '\\r'].includes(newline)) return plan;
  const escape = String(row?.escape ?? NONE);
  const comment = String(row?.comment ?? NONE);
  const layout: CsvLayout = {
    // No escape seen in the sniffed lines: a quote is doubled (RFC 4180), as DuckDB reads it
    // when told nothing.
    escape: escape === NONE ? quote : escape,
    newline,
    comment: comment === NONE ? '' : comment,
  };
  return { ...plan, dialect: { ...dialect, layout } };
}

/**
 * The plan with the layout its file's text shows, when DuckDB's sniffer fails on it (unchanged
 * for several files, a file that mixes line ends or never closes a quote, or one that cannot be
 * read).
 */
export async function withTextLayout(plan: CsvReadPlan): Promise<CsvReadPlan> {
  if (plan.files.length !== 1 || plan.dialect.layout) return plan;
  const quote = plan.dialect.quote ?? '"';
  const faults = await layoutFaults(plan.files[0], quote).catch(() => undefined);
  if (!faults || faults.mixed || faults.unclosedQuote) return plan;
  const layout: CsvLayout = { escape: quote, newline: faults.lineEnd === 'crlf' ? '\\r\\n' : '\\n', comment: '' };
  return { ...plan, dialect: { ...plan.dialect, layout } };
}
