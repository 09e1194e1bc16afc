// Where the values that a Parquet/JSON/NDJSON source's conversions refused are in its files, so
// that a diagnostic names them as a CSV's does (csvValueExamples.ts): the line of an NDJSON
// record or of a JSON array's value, found by scanning the text (jsonc-parser gives each value's
// line), and the row of a Parquet file (DuckDB's file_row_number). Only runs when a value was
// refused; a value that cannot be found again (a number written otherwise, a JSON file too big to
// scan) keeps being reported without its place.
import * as fs from 'fs';
import * as path from 'path';
import * as readline from 'readline';
import type * as JsoncModule from 'jsonc-parser';
import type { Engine } from '../backends/engine';
import { EngineError } from '../backends/engine';
import type { DataFormat } from '../../data/dataFiles';
import { quoteIdent, quoteString } from '../sql/sqlText';
import { createHash } from 'crypto';
import type { ColumnarCache } from '../cache/columnarCache';
import type { InvalidValues, LineExample } from './csvSourceRead';
import type { SourceContext } from './sourceContext';
import { shownTextSql } from './fileColumnReads';

/** A JSON array file larger than this is not scanned (its text would not fit a string comfortably). */
export const MAX_SCANNED_JSON_BYTES = 256 * 1024 * 1024;

let jsoncModule: typeof JsoncModule | undefined;
/**
 * jsonc-parser, loaded on the first scan: in the bundles it is dist/jsonc-parser.js
 * (esbuild.mjs), so the CLI and the extension start without reading it.
 */
function jsonc(): typeof JsoncModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, apart from the bundle
  jsoncModule ??= require('jsonc-parser') as typeof JsoncModule;
  return jsoncModule;
}

/** What to look for: a column as the file names it, its type as DuckDB reads the file, and the values' texts. */
export interface SoughtValues {
  column: string;
  stored: string;
  values: string[];
}

/**
 * The first place of each sought value in `files` (in their order), by value; values not found
 * are absent. `engine` reads Parquet files.
 */
export async function valuePlaces(
  engine: Engine,
  files: string[],
  format: DataFormat,
  sought: SoughtValues,
  signal?: AbortSignal,
): Promise<Map<string, LineExample>> {
  const found = new Map<string, LineExample>();
  const wanted = new Set(sought.values);
  if (wanted.size === 0) return found;
  if (format === 'parquet') return parquetRows(engine, files, sought, signal);
  if (format !== 'json' && format !== 'ndjson') return found;
  // A line can hold a value only if it holds its text, or a backslash (an escape may write it).
  const mayHold = (line: string) => line.includes('\\') || [...wanted].some((v) => !found.has(v) && line.includes(v));
  for (const file of files) {
    if (signal?.aborted || found.size === wanted.size) break;
    const place = (value: string, line: number, column?: number) => {
      if (wanted.has(value) && !found.has(value))
        found.set(value, { file: path.basename(file), line, ...(column ? { column } : {}) });
      return found.size === wanted.size;
    };
    try {
      if (format === 'ndjson') await scanNdjson(file, sought.column, place, mayHold, signal);
      else await scanJsonArray(file, sought.column, place);
    } catch {
      // An unreadable file (gone since the run read it): its values keep no place.
    }
  }
  return found;
}

/** Where a value is: its line (from 1) and, in a JSON array file (whose lines may hold many records), its character. */
type Place = (value: string, line: number, column?: number) => boolean;

/**
 * Calls `place` with each value of `column` in a JSON text whose records are objects at `depth`
 * (with its character when `withColumn`), until it returns true.
 */
function visitColumn(
  text: string,
  column: string,
  depth: number,
  place: Place,
  lineOffset = 0,
  withColumn = false,
): boolean {
  const lower = column.toLowerCase();
  let level = 0;
  let key: string | undefined;
  let done = false;
  const isColumn = (k: string | undefined) => k !== undefined && (k === column || k.toLowerCase() === lower);
  jsonc().visit(text, {
    onObjectBegin: () => {
      level++;
      return !done;
    },
    onObjectEnd: () => {
      level--;
    },
    onArrayBegin: () => {
      level++;
      return !done;
    },
    onArrayEnd: () => {
      level--;
    },
    onObjectProperty: (property) => {
      if (level === depth) key = property;
    },
    onLiteralValue: (value: unknown, offset, length, startLine, startCharacter) => {
      if (done || level !== depth || !isColumn(key) || value === null) return;
      const shown = typeof value === 'string' ? value : text.slice(offset, offset + length);
      done = place(shown, lineOffset + startLine + 1, withColumn ? startCharacter + 1 : undefined);
    },
  });
  return done;
}

/**
 * The values of `column` in an NDJSON file, one record per line (lines counted from 1). A line is
 * parsed only when it may hold a sought value (`may`: its text, or an escape that could write it).
 */
async function scanNdjson(
  file: string,
  column: string,
  place: Place,
  may: (line: string) => boolean,
  signal?: AbortSignal,
): Promise<void> {
  const input = fs.createReadStream(file, { encoding: 'utf8' });
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const raw of lines) {
      n++;
      if (signal?.aborted) break;
      const line = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (line.trim() === '' || !may(line)) continue;
      if (visitColumn(line, column, 1, place, n - 1)) break;
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

/** The values of `column` in a JSON file holding an array of records (lines counted from 1). */
async function scanJsonArray(file: string, column: string, place: Place): Promise<void> {
  const { size } = await fs.promises.stat(file);
  if (size > MAX_SCANNED_JSON_BYTES) return;
  const text = (await fs.promises.readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  visitColumn(text, column, 2, place, 0, true);
}

/** The first row (from 1) of each sought value in Parquet files, by DuckDB's row numbers. */
async function parquetRows(
  engine: Engine,
  files: string[],
  sought: SoughtValues,
  signal?: AbortSignal,
): Promise<Map<string, LineExample>> {
  const found = new Map<string, LineExample>();
  const column = quoteIdent(sought.column);
  const shown = shownTextSql(column, sought.stored);
  const list = `[${files.map(quoteString).join(', ')}]`;
  const values = sought.values.map(quoteString).join(', ');
  try {
    const rows = await engine.query(
      `SELECT "__v" AS v, "__f" AS f, min("__r") AS r FROM (SELECT ${shown} AS "__v", filename AS "__f", file_row_number AS "__r" FROM read_parquet(${list}, union_by_name = true, filename = true, file_row_number = true)) WHERE "__v" IN (${values}) GROUP BY ALL`,
      [],
      { signal },
    );
    const order = new Map(files.map((f, i) => [path.resolve(f), i]));
    const rank = (f: unknown) => order.get(path.resolve(String(f))) ?? files.length;
    rows
      .sort((a, b) => rank(a.f) - rank(b.f))
      .forEach((r) => {
        const v = String(r.v);
        if (!found.has(v)) found.set(v, { file: path.basename(String(r.f)), line: Number(r.r) + 1, unit: 'row' });
      });
  } catch (err) {
    // A file whose columns clash with DuckDB's (a column named `filename`): no rows are given.
    if (!(err instanceof EngineError && err.kind === 'query')) throw err;
  }
  return found;
}

/** The refused values of a column: their count, and the least and greatest as examples. */
export function refusedValues(
  column: string,
  type: InvalidValues['type'],
  origin: InvalidValues['origin'],
  count: number,
  lo: unknown,
  hi: unknown,
): InvalidValues {
  const values = [...new Set([lo, hi].filter((v): v is string => typeof v === 'string'))];
  return { column, type, origin, count, examples: values.map((value) => ({ value })) };
}

/**
 * Gives the examples of `refused` their places in the source's files (a line of a JSON/NDJSON
 * file, a row of a Parquet file), remembered with the cached copy so that a warm run does not
 * scan the files again.
 */
export async function placeRefused(
  engine: Engine,
  ctx: SourceContext,
  refused: { invalid: InvalidValues; stored: string }[],
  signal?: AbortSignal,
  cache?: ColumnarCache,
): Promise<void> {
  const sought = refused.map((r) => ({
    column: r.invalid.column,
    stored: r.stored,
    values: r.invalid.examples.map((e) => e.value),
  }));
  const fact = `value-places:${createHash('sha256').update(JSON.stringify(sought)).digest('hex').slice(0, 32)}`;
  const known = ctx.cachedFacts?.[fact];
  let places: [string, LineExample][][];
  if (typeof known === 'string') places = JSON.parse(known) as [string, LineExample][][];
  else {
    places = [];
    for (const s of sought) places.push([...(await valuePlaces(engine, ctx.files, ctx.format, s, signal))]);
    if (ctx.cached && cache && !signal?.aborted)
      await cache.rememberFact(ctx.cached.readSql, fact, JSON.stringify(places));
  }
  // The examples found are shown in the files' order, as a CSV's are.
  // An example without a place goes after those with one (past the last file).
  const fileRank = new Map(ctx.files.map((f, i) => [path.basename(f), i]));
  const rank = (at?: LineExample) =>
    at ? [fileRank.get(at.file) ?? 0, at.line, at.column ?? 0] : [ctx.files.length, 0, 0];
  const before = (a?: LineExample, b?: LineExample) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  };
  refused.forEach((r, k) => {
    const found = new Map(places[k] ?? []);
    r.invalid.examples = r.invalid.examples
      .map((e) => {
        const at = found.get(e.value);
        return at ? { ...e, at } : e;
      })
      .sort((a, b) => before(a.at, b.at));
  });
}
