// Source preparation phase: every source the file's KPIs read (and the sources their filters
// join), each prepared once into a SourceContext — files stated, converted when DuckDB cannot
// read them, CSV read into typed form, Parquet/JSON through the columnar cache, instants zoned.
// Sources read from database tables and compile-only dialects are in tableSources.ts.
import * as path from 'path';
import { fileStates } from '../../data/fileChanges';
import { collectNames, parseExpression } from '../../expr';
import type { Expr } from '../../expr';
import { sourcesNamedBy } from '../../kpis/kpiRules';
import { columnMentions } from '../../kpifile/columnMentions';
import { csvDelimiter } from '../../data/headerReaders';
import { formatOf } from '../../data/dataFiles';
import type { Engine } from '../backends/engine';
import type { Diagnostic } from '../../kpifile/diagnostic';
import { CHECKED_TEXT_PREFIX, resolveColumnName, TIME_TEXT_COLUMN } from '../sources/sourceContext';
import type { SourceContext } from '../sources/sourceContext';
import { EngineError } from '../backends/engine';
import { ColumnarCache } from '../cache/columnarCache';
import {
  dateFieldColumns,
  identifierColumns,
  prepareCsvSource,
  segmentColumns,
  timeColumns,
} from '../sources/csvSource';
import { convertSourceFiles } from '../sources/sourceConversion';
import { NOT_UTF8_KINDS } from '../sources/csvRejects';
import { readFunctionSql, sourceSelectSql } from '../sources/sourceRelation';
import { quoteIdent } from '../sql/sqlText';
import type { ReadOptions } from '../sources/sourceRelation';
import { checkedReads, describeFileColumns, fileColumnReads, typesAsRead } from '../sources/fileColumnReads';
import type { EvaluationState, Request } from './evaluationState';
import { prepareTableSource } from './tableSources';
import { keyCheckedSources, profileAhead } from './dataProfile';

/**
 * Prepares every source the file's KPIs read (not only the requested ones, so as_of does not
 * depend on --kpi), with files, format, header and parsed filter.
 */
export async function prepareSources(st: EvaluationState, requests: Request[]): Promise<void> {
  const usedSources = new Set<string>();
  const kpisRead = [...st.model.kpis.values(), ...requests.map((r) => r.kpi)];
  // The sources a filter joins (`customers.plan = 'pro'` in a KPI's or a segment's `where`) too.
  const joinedBy = (text: string | undefined): string[] => {
    const expr = text ? parseExpression(text).expr : null;
    return expr ? qualifiedSources(expr) : [];
  };
  for (const k of kpisRead) {
    if (k.source) usedSources.add(k.source);
    for (const s of sourcesNamedBy(k)) usedSources.add(s);
    for (const s of joinedBy(k.where)) usedSources.add(s);
    for (const s of k.segments) {
      const seg = st.model.segments.get(s);
      const by = seg?.by ?? seg?.score?.revenue;
      if (by?.includes('.')) usedSources.add(by.split('.')[0]);
      for (const j of joinedBy(seg?.where)) usedSources.add(j);
    }
  }
  for (const name of [...usedSources]) {
    if (!st.model.sources.has(name)) usedSources.delete(name);
    else for (const s of joinedSources(st, name)) usedSources.add(s);
  }
  const names = [...usedSources];
  const engine = st.options.engine;
  const lanes = Math.min(engine.lanes ?? 1, names.length);
  const readsFiles = (name: string) => st.model.sources.get(name)?.table === undefined;
  if (lanes < 2 || !engine.session || st.dialect.name !== 'duckdb' || !names.every(readsFiles)) {
    for (const name of names) await prepareSource(st, name);
    return;
  }
  // Side by side, each lane in a session of its own taking the next source (a file read
  // leaves a core idle in its single-threaded steps: the inference, the copy's end, a small
  // file's start); the contexts and diagnostics are then kept in the sources' order. Each
  // source is profiled (and its key checked when a KPI counts on it) in its lane as soon as it
  // is read: a small source's profile is then done while a large one is still being read.
  const prepared = new Map<string, PreparedSource>();
  const keyChecked = keyCheckedSources(st, requests);
  let next = 0;
  const session = engine.session.bind(engine);
  await Promise.all(
    Array.from({ length: lanes }, () =>
      session(async (pinned) => {
        while (next < names.length) {
          const name = names[next++];
          const one = await prepareFileSource(st, name, pinned);
          prepared.set(name, one);
          if (one.context) await profileAhead(st, one.context, pinned, keyChecked.has(name));
        }
      }),
    ),
  );
  for (const name of names) keepPrepared(st, name, prepared.get(name));
}

/** What preparing one source found: its context (none when it cannot be read) and its diagnostics. */
export interface PreparedSource {
  context?: SourceContext;
  diagnostics: Diagnostic[];
}

/**
 * Sources read from CSV/TSV text, by name, kept across the evaluations of one SQL listing
 * (sqlListing.ts evaluates each KPI alone): their typed read, inference and profile run on the
 * read engine, unrecorded, so the next KPI's block is the same without them. Each evaluation
 * gets its own copy of the context (the evaluation marks a key's uniqueness on it).
 */
export type PreparedTextSources = Map<string, Promise<PreparedSource>>;

/** A copy of a kept preparation for one evaluation: its context and diagnostics its own. */
function copyOf(prepared: PreparedSource): PreparedSource {
  return {
    ...(prepared.context ? { context: { ...prepared.context } } : {}),
    diagnostics: prepared.diagnostics.map((d) => ({ ...d })),
  };
}

function keepPrepared(st: EvaluationState, name: string, prepared: PreparedSource | undefined): void {
  if (!prepared) return;
  st.diagnostics.push(...prepared.diagnostics);
  if (prepared.context) st.sources.set(name, prepared.context);
}

export function joinedSources(st: EvaluationState, name: string): string[] {
  const where = st.model.sources.get(name)?.where;
  if (!where) return [];
  const { expr } = parseExpression(where);
  return expr ? qualifiedSources(expr) : [];
}

export async function prepareSource(st: EvaluationState, name: string): Promise<void> {
  const spec = st.model.sources.get(name);
  if (spec && (spec.table !== undefined || st.dialect.name !== 'duckdb')) return prepareTableSource(st, spec);
  const kept = st.options.preparedTextSources;
  const earlier = kept?.get(name);
  if (earlier) {
    keepPrepared(st, name, copyOf(await earlier));
    return;
  }
  const prepared = prepareFileSource(st, name, st.options.engine, st.options.readEngine);
  const one = await prepared;
  // Only a text source's preparation runs nothing on the recorded engine (a Parquet file's is described on it).
  if (kept && one.context?.csv) kept.set(name, prepared);
  keepPrepared(st, name, kept ? copyOf(one) : one);
}

/**
 * A source read from files: stated, converted when DuckDB cannot read them, read into typed
 * form through the columnar cache. Its queries go to `engine` (the text reads to `readEngine`).
 */
async function prepareFileSource(
  st: EvaluationState,
  name: string,
  engine: Engine,
  readEngine: Engine = engine,
  notUtf8?: { file: string; line: number },
): Promise<PreparedSource> {
  const out: PreparedSource = { diagnostics: [] };
  const spec = st.model.sources.get(name);
  const found = st.check.sources.get(name);
  if (!spec || !found?.columns || found.files.length === 0) return out;
  let format = formatOf(found.files[0], spec.format);
  if (!format) return out;
  const workbook = format === 'xlsx';
  let files = found.files;
  const where = spec.where ? (parseExpression(spec.where).expr ?? undefined) : undefined;
  const read: ReadOptions = { encoding: spec.encoding };
  // The files' states before they are read: a change during the run is told by them; the memo
  // remembers results by them (a file that cannot be stated is never remembered).
  const states = await fileStates(found.files);
  const stamp = st.options.memo && states ? JSON.stringify(states) : undefined;
  // Files DuckDB cannot read itself (an encoding it does not know, a workbook) are read from their UTF-8 CSV copy.
  const converted = await convertSourceFiles(
    spec,
    files,
    format,
    st.options.cache?.dir,
    st.check.document,
    st.options.signal,
    notUtf8,
  );
  if (converted) {
    out.diagnostics.push(...converted.diagnostics);
    if (!converted.files) return out;
    // The copy is UTF-8 (the reader's only option so far is the encoding).
    delete read.encoding;
    [files, format] = [converted.files, workbook ? 'csv' : format];
  }
  // A workbook's copy is plain comma CSV with ISO dates: the source's dialect keys are not its
  // own (a windows-1252 copy keeps them: it holds the original lines, in UTF-8).
  const effective = workbook ? { ...spec, csv: {} } : spec;
  if (format === 'csv') {
    try {
      read.delimiter = effective.csv.delimiter ?? (await csvDelimiter(files[0], effective.csv.skip ?? 0));
    } catch {
      // The check already reported an unreadable header; DuckDB will say more.
    }
  }
  const base = {
    spec: effective,
    files,
    format,
    columns: found.columns,
    where,
    read,
    ...(stamp ? { stamp } : {}),
    ...(states ? { states } : {}),
    ...(files !== found.files ? { originals: found.files } : {}),
  };
  if (format === 'csv' || format === 'tsv') {
    out.context = await prepareCsvSource(base, {
      engine: readEngine,
      cache: st.options.cache,
      signal: st.options.signal,
      timezone: st.model.timezone ?? 'UTC',
      identifiers: identifierColumns(st.model, name),
      segmentColumns: segmentColumns(st.model, name),
      times: timeColumns(st.model, name),
      dates: dateFieldColumns(st.model, name),
      reads: columnMentions(st.model),
    });
    // Rows whose bytes are not UTF-8 further down than the sample the conversion looked at: DuckDB
    // leaves them out or not depending on the columns a query reads. The file is read again as
    // windows-1252 (sourceConversion.ts), every row kept.
    const late = !spec.encoding && !converted && !notUtf8 ? lateNotUtf8(out.context, found.files) : undefined;
    if (late) return prepareFileSource(st, name, engine, readEngine, late);
    return out;
  }
  const cached =
    st.options.cache && ColumnarCache.handles(format)
      ? await st.options.cache.relation(engine, files, format, read, st.options.signal)
      : undefined;
  const raw = cached?.readSql ?? readFunctionSql(files, format, read);
  const types = await describeColumns(st, raw, engine);
  const reads = types
    ? fileColumnReads(
        types,
        spec,
        timeColumns(st.model, name),
        dateFieldColumns(st.model, name),
        st.model.timezone ?? 'UTC',
      )
    : [];
  const select = (readSql?: string) => sourceSelectSql(files, format, reads, read, readSql);
  const decimals = Object.keys(types ?? {}).filter((c) => types?.[c].startsWith('DECIMAL('));
  // The reads that may refuse a value (and the time column), with the value as the file holds it
  // beside, for the profile to count what they refuse (profile.ts).
  const time = spec.time ? resolveColumnName({ columns: found.columns }, spec.time) : undefined;
  const checked = [
    ...(time ? [{ name: time, alias: TIME_TEXT_COLUMN }] : []),
    ...checkedReads(reads, time).map((r, i) => ({ name: r.name, alias: `${CHECKED_TEXT_PREFIX}${i}` })),
  ];
  out.context = {
    ...base,
    ...(decimals.length ? { decimalColumns: decimals } : {}),
    ...(types ? { columnTypes: typesAsRead(types, reads) } : {}),
    ...(cached
      ? { cached: { readSql: cached.readSql, lenientRows: cached.lenientRows }, cachedFacts: cached.facts }
      : {}),
    selectSql: select(cached?.readSql),
    reads,
    ...(checked.length
      ? {
          checkedSelectSql: select(
            `(SELECT *, ${checked.map((c) => `${quoteIdent(c.name)} AS ${quoteIdent(c.alias)}`).join(', ')} FROM ${raw})`,
          ),
        }
      : {}),
  };
  return out;
}

/** A Parquet/JSON source's column types as DuckDB reads them, by name; undefined when it cannot (the profile says why). */
async function describeColumns(
  st: EvaluationState,
  read: string,
  engine: Engine = st.options.engine,
): Promise<Record<string, string> | undefined> {
  try {
    return await describeFileColumns(engine, read, st.options.signal);
  } catch (err) {
    if (err instanceof EngineError && err.kind === 'query') return undefined; // the profile reports the file
    throw err;
  }
}

/** The sources a filter joins (`source.column` names). */
export function qualifiedSources(expr: Expr): string[] {
  return [
    ...new Set(
      collectNames(expr)
        .filter((n) => n.parts.length === 2)
        .map((n) => n.parts[0]),
    ),
  ];
}

/** The first row a CSV read left out for bytes that are not UTF-8: its file (among `files`) and line. */
function lateNotUtf8(ctx: SourceContext | undefined, files: string[]): { file: string; line: number } | undefined {
  const e = ctx?.csv?.report.malformed.examples.find((x) => NOT_UTF8_KINDS.has(x.kind));
  const file = e ? files.find((f) => path.basename(f) === e.file) : undefined;
  return e && file ? { file, line: e.line } : undefined;
}
