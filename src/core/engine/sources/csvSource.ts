// A CSV/TSV source made ready for the scans: its dialect (the source's keys, the delimiter
// told from the header line otherwise, the number separators from the first rows' values —
// csvNumberFormat.ts), its identifier-like columns (kept as text unless
// declared), its typed copy in the columnar cache — or, without a cache, one typed read of the
// text that counts what does not convert — and the SELECT the scans read it with.
import type { SpecModel } from '../../kpifile/model';
import { identifierColumnsOf } from '../../kpis/kpiRules';
import { fieldsOf, kpiType } from '../../kpis/registry';
import type { ColumnarCache } from '../cache/columnarCache';
import { rawCsvSql, typedSelectSql } from './csvDialect';
import type { CsvDialect, ReadColumn } from './csvDialect';
import { withLayout, withTextLayout } from './csvLayout';
import { planColumns, readCsvSource } from './csvSourceRead';
import type { CsvReadPlan } from './csvSourceRead';
import type { Engine } from '../backends/engine';
import { EngineError } from '../backends/engine';
import { textDialectOf } from './fileColumnReads';
import { SNIFF_FAILURE } from './csvReadProblems';
import { withFoundNumbers } from './csvNumberFormat';
import type { SourceContext } from './sourceContext';

export interface CsvSourceOptions {
  engine: Engine;
  cache?: ColumnarCache;
  signal?: AbortSignal;
  /** The spec's time zone (instants get their date there). */
  timezone: string;
  /** Columns read as text unless declared: key, segment and distinct-count columns. */
  identifiers: Set<string>;
  /** The segment columns among them: true/false when their first values all are (segmentColumns). */
  segmentColumns?: Set<string>;
  /** Time columns: read as dates or timestamps unless declared (a value that is not one is reported). */
  times: Set<string>;
  /** Other columns KPIs read as dates (dateFieldColumns): read as the time columns are. */
  dates?: Set<string>;
  /**
   * The columns the KPI file may read (kpifile/columnMentions.ts): the cache's copy leaves out
   * the text columns it does not name. Every column when undefined (`check --explain`).
   */
  reads?: (column: string) => boolean;
}

/** The dialect a source is read with: its own keys, else the defaults (delimiter from the header line). */
export function csvDialectOf(ctx: Pick<SourceContext, 'spec' | 'format' | 'read'>): CsvDialect {
  const c = ctx.spec.csv;
  return {
    ...textDialectOf(ctx.spec),
    delimiter: ctx.format === 'tsv' ? (c.delimiter ?? '\t') : (c.delimiter ?? ctx.read.delimiter ?? ','),
    ...(c.quote !== undefined ? { quote: c.quote } : {}),
    ...(c.header !== undefined ? { header: c.header } : {}),
    ...(c.skip !== undefined ? { skip: c.skip } : {}),
    ...(ctx.read.encoding ? { encoding: ctx.read.encoding } : {}),
  };
}

type BaseContext = Omit<SourceContext, 'selectSql'>;

export async function prepareCsvSource(base: BaseContext, options: CsvSourceOptions): Promise<SourceContext> {
  const dialect = csvDialectOf(base);
  const plan: CsvReadPlan = { files: base.files, dialect, header: base.columns, timezone: options.timezone };
  const { engine, signal } = options;
  const raw = typedSelectSql(
    base.columns.map((name) => ({ name, type: 'VARCHAR', origin: 'inferred' })),
    rawCsvSql(base.files, dialect, base.columns),
    dialect,
    options.timezone,
    false,
  );
  try {
    if (options.cache) {
      const decides = {
        declared: base.spec.columns,
        identifiers: [...options.identifiers].sort(),
        ...(options.segmentColumns?.size ? { segments: [...options.segmentColumns].sort() } : {}),
        times: [...options.times].sort(),
        ...(options.dates?.size ? { dates: [...options.dates].sort() } : {}),
      };
      const rel = await options.cache.relation(engine, base.files, base.format, base.read, signal, {
        plan,
        decides,
        ...(options.reads ? { reads: options.reads } : {}),
        prepare: async (every) => {
          const laid = await withLayout(engine, plan, signal);
          const planned = await planColumns(
            engine,
            laid,
            base.spec.columns,
            options.identifiers,
            options.times,
            signal,
            options.dates,
            options.segmentColumns,
          );
          const columns = planned.columns;
          return {
            plan: planned.plan,
            columns: every || !options.reads ? columns : copiedColumns(columns, options.reads),
          };
        },
      });
      if (rel?.csv) {
        return {
          ...base,
          cached: { readSql: rel.readSql, lenientRows: null },
          cachedFacts: rel.facts,
          // With the layout the copy was read with: the text's later reads skip DuckDB's sniffer.
          csv: {
            dialect: withFoundNumbers(
              rel.csv.layout ? { ...dialect, layout: rel.csv.layout } : dialect,
              rel.csv.report.numberFormat,
            ),
            columns: rel.csv.columns,
            report: rel.csv.report,
          },
          selectSql: rel.csv.selectSql,
        };
      }
    }
    // Without a cache every read sniffs the file: a file emptied or replaced during the run
    // then fails to read, and the run says it changed (a cached copy checks the files' stamps).
    const direct = async (laid: CsvReadPlan): Promise<SourceContext> => {
      const { plan: p, columns: planned } = await planColumns(
        engine,
        laid,
        base.spec.columns,
        options.identifiers,
        options.times,
        signal,
        options.dates,
        options.segmentColumns,
      );
      // The columns a cached copy would hold, so that both read the same rows (see copiedColumns).
      const read = options.reads ? copiedColumns(planned, options.reads) : planned;
      const { columns, report } = await readCsvSource(engine, p, read, undefined, signal);
      // Rows that do not parse: the KPIs' reads skip them with one thread (csvDialect.ts `serial`).
      const dialect = report.malformed.count > 0 ? { ...p.dialect, serial: true } : p.dialect;
      return {
        ...base,
        csv: { dialect: p.dialect, columns, report },
        selectSql: typedSelectSql(
          columns,
          rawCsvSql(base.files, dialect, base.columns),
          p.dialect,
          options.timezone,
          false,
        ),
      };
    };
    try {
      return await direct(plan);
    } catch (err) {
      // DuckDB's sniffer cannot tell the layout (a malformed row among the first): the text's.
      if (!(err instanceof EngineError && err.kind === 'query' && SNIFF_FAILURE.test(err.message))) throw err;
      const laid = await withTextLayout(plan);
      if (laid === plan) throw err;
      return await direct(laid);
    }
  } catch (err) {
    if (err instanceof EngineError && err.kind === 'query') return { ...base, readError: err.message, selectSql: raw };
    throw err;
  }
}

/**
 * The columns the cache copies when the KPI file reads only some: all but the id-like text
 * columns it never names (an order id, a response id: csvInference.ts namesRows). A text column
 * has no value to convert, hence none to report: leaving it out changes no number and no
 * diagnostic — only the copy's cost (a unique order id is a fifth of a 10M-row copy's CPU time,
 * issue 21). Other text columns (a status, a country) are cheap to copy and likely to be named
 * by the next edit; columns of other types are read and checked: all are kept.
 */
export function copiedColumns(columns: ReadColumn[], reads: (column: string) => boolean): ReadColumn[] {
  const kept = columns.filter((c) => c.type !== 'VARCHAR' || !c.namesRows || reads(c.name));
  return kept.length > 0 ? kept : columns;
}

/**
 * The columns of a source that name things rather than count them, read as text unless
 * declared (00042 and 42 are two customers): its key, the `by` columns of segments on it
 * (`source.column`, or a plain column of a KPI on it) and the columns of its distinct counts.
 */
export function identifierColumns(model: SpecModel, source: string): Set<string> {
  const out = segmentColumns(model, source);
  const spec = model.sources.get(source);
  if (spec?.key) out.add(spec.key);
  for (const kpi of model.kpis.values()) {
    if (kpi.source !== source) continue;
    for (const c of identifierColumnsOf(kpi)) out.add(c);
  }
  return out;
}

/**
 * The `by` columns of segments on a source (`source.column`, or a plain column of a segment of
 * a KPI on it): identifiers that are read as true/false when their first values all are (a
 * `vip` flag), so that their slices are those of a Parquet file's booleans.
 */
export function segmentColumns(model: SpecModel, source: string): Set<string> {
  const out = new Set<string>();
  for (const seg of model.segments.values()) {
    if (seg.by?.startsWith(`${source}.`)) out.add(seg.by.slice(source.length + 1));
  }
  for (const kpi of model.kpis.values()) {
    if (kpi.source !== source) continue;
    for (const s of kpi.segments) {
      const by = model.segments.get(s)?.by;
      if (by && !by.includes('.')) out.add(by);
    }
  }
  return out;
}

/**
 * The columns KPIs on `source` read as dates besides its time columns (a churn's `start` and
 * `end`, a survival's): a CSV reads them as dates, whatever their first rows hold (a churn date
 * column empty for its first thousands of customers), so that a text that is no date is reported.
 */
export function dateFieldColumns(model: SpecModel, source: string): Set<string> {
  const out = new Set<string>();
  for (const kpi of model.kpis.values()) {
    const def = kpi.source === source ? kpiType(kpi.type) : undefined;
    if (!def) continue;
    for (const [field, f] of Object.entries(fieldsOf(def))) {
      const value = kpi.fields[field];
      if (f.ref?.kind === 'column' && f.ref.date && !f.ref.ofField && typeof value === 'string') out.add(value);
    }
  }
  return out;
}

/** The time columns of a source: its own and those of the KPIs on it. */
export function timeColumns(model: SpecModel, source: string): Set<string> {
  const out = new Set<string>();
  const spec = model.sources.get(source);
  if (spec?.time) out.add(spec.time);
  for (const kpi of model.kpis.values()) if (kpi.source === source && kpi.time) out.add(kpi.time);
  return out;
}
