// Evaluates a checked KPI file on its data with an engine: resolves as_of and the periods,
// plans one shared scan per (source, time column, period), computes derived KPIs (ratio,
// formula) from their inputs, and assembles the rows of DSL.md's result (value, previous,
// change, status) for every period × (whole population and each segment value).
import * as path from 'path';
import { changedDuringRun, fileStates } from '../../data/fileChanges';
import { collectNames, parseExpression } from '../../expr';
import type { Expr } from '../../expr';
import { andFilter } from '../../kpis/kpiType';
import type { AggregateContext, CountsSql } from '../../kpis/kpiType';
import type { KpiCounts } from '../../stats/intervals';
import { kpiType } from '../../kpis/registry';
import type { CheckResult } from '../../kpifile/checkFile';
import type { Diagnostic } from '../../kpifile/diagnostic';
import type { KpiSpec, SourceSpec, SpecModel } from '../../kpifile/model';
import type { ClvModelReport, KpiResult, ResultDiagnostic, RunResult, SegmentKey } from '../../report/resultModel';
import { resultDiagnostic } from '../../report/resultDiagnostic';
import { findBrokenKpis } from './brokenKpis';
import type { Engine, SqlRow } from '../backends/engine';
import { duckdbDialect, type Dialect } from '../sql/dialect';
import { EngineError } from '../backends/engine';
import { CompileError, exprToSql } from '../sql/exprToSql';
import type { NameResolver } from '../sql/exprToSql';
import { evaluateFormula } from './formulaValue';
import { resolvePeriod } from './periods';
import type { DateRange, PeriodWindow } from './periods';
import { duckdbMessage, profileSources } from '../sources/profile';
import { buildRows, detailSuffix } from './rows';
import type { SlicedValues } from './rows';
import { cohortRetentionSql } from '../sql/cohortQuery';
import { evaluatePredictiveClv } from './predictiveClv';
import { ScoreSegments } from './scoreSegments';
import type { ScoreSegmentsInput } from './scoreSegments';
import type { CustomerScoreRow } from './predictiveClv';
import type { SummarySegment } from '../sql/clvSummaryQuery';
import type { CohortQueryInput } from '../sql/cohortQuery';
import { ScanQuery } from '../sql/scanQuery';
import type { Aggregate, Slice } from '../sql/scanQuery';
import type { SourceContext } from '../sources/sourceContext';
import { resolveColumnName } from '../sources/sourceContext';
import { readFunctionSql, sourceSelectSql, tableSelectSql, tableSql } from '../sources/sourceRelation';
import type { ZonedColumns } from '../sources/sourceRelation';
import type { ReadOptions } from '../sources/sourceRelation';
import { ColumnarCache } from '../cache/columnarCache';
import { identifierColumns, prepareCsvSource, timeColumns } from '../sources/csvSource';
import { quoteIdent } from '../sql/sqlText';
import { EvaluationMemo } from '../cache/evaluationMemo';
import { keyUniqueness } from '../sources/keyUniqueness';
import { csvDelimiter } from '../../data/headerReaders';
import { formatOf } from '../../data/dataFiles';
import { convertSourceFiles } from '../sources/sourceConversion';
import { duplicateKeyWarning, joinedDimensionSources } from '../sources/duplicateKeys';
import { grainEnd, grainLabel, grainStart } from '../../util/calendar';
import * as l10n from '../../l10n/l10n';

export interface EvaluateOptions {
  engine: Engine;
  /** Overrides the file's as_of (and the default from the data). */
  asOf?: string;
  /** Only these KPIs (their inputs are computed but not reported). */
  kpis?: string[];
  signal?: AbortSignal;
  /** How the spec file is named in diagnostics (default: its path). */
  displayPath?: string;
  /** Receives each predictive clv's per-customer scores at its latest period end. */
  onCustomerScores?: (kpi: string, rows: CustomerScoreRow[]) => void;
  /** Keeps Parquet copies of CSV/JSON sources (the engine must be allowed its folder). */
  cache?: ColumnarCache;
  /** Earlier runs' query results: KPIs whose definition and data did not change are not queried again. */
  memo?: EvaluationMemo;
  /** The SQL dialect of the engine (default DuckDB). */
  dialect?: Dialect;
  /** The first date of the data when the engine cannot tell (a compile-only dialect): periods without `from` start there. */
  dataStart?: string;
  /** The engine that reads CSV sources into their typed form (default `engine`): `kpilens sql` lists only the KPIs' statements. */
  readEngine?: Engine;
  /** Receives the first and last dates of the data the profile found. */
  onDataDates?: (dates: { first?: string; last?: string }) => void;
  /** Receives the run's diagnostics with their ranges in the KPI file (the result's are flattened to line/column). */
  onDiagnostics?: (diagnostics: readonly Diagnostic[]) => void;
  /** Receives the readable sources as the run reads them (kpilens diff explains moves with them). */
  onSources?: (sources: ReadonlyMap<string, SourceContext>) => void;
  /** Every score segment's values per customer at some period ends (`kpilens customers`). */
  scoreListing?: ScoreSegmentsInput['listing'];
}

/** Values of one KPI request: by window range and segment slice. */
export type RequestValues = SlicedValues;

export const rangeKey = (r: { start: string; end: string }) => `${r.start}..${r.end}`;
export const sliceKey = (s: SegmentKey) => JSON.stringify(s);

/** A KPI's skipped rows: the field the warning points at and its text after the KPI's name. */
interface SkippedRows {
  field: string;
  text: string;
}

interface Request {
  key: string;
  kpi: KpiSpec;
  period: string;
  segments: string[];
}

export async function evaluateSpec(check: CheckResult, options: EvaluateOptions): Promise<RunResult> {
  const evaluation = new Evaluation(check, options);
  try {
    return await evaluation.run();
  } finally {
    await evaluation.scores?.drop();
  }
}

class Evaluation {
  private readonly model: SpecModel;
  private readonly diagnostics: Diagnostic[] = [];
  private readonly sources = new Map<string, SourceContext>();
  private readonly windows = new Map<string, PeriodWindow[]>();
  private readonly results = new Map<string, RequestValues | null>();
  private readonly failed = new Map<string, string>();
  private asOf = '';
  private readonly dialect: Dialect;
  /** The score segments' tables (scoreSegments.ts), made once the periods are known. */
  scores?: ScoreSegments;

  /** When the run started: a data file modified after it changed during the run. */
  private readonly started = Date.now();

  constructor(
    private readonly check: CheckResult,
    private readonly options: EvaluateOptions,
  ) {
    this.model = check.model;
    this.dialect = options.dialect ?? duckdbDialect;
  }

  private diag(
    range: Diagnostic['range'],
    severity: Diagnostic['severity'],
    code: Diagnostic['code'],
    message: string,
  ): void {
    this.diagnostics.push({ file: this.model.file, range, severity, code, message });
  }

  async run(): Promise<RunResult> {
    const doc = this.check.document;
    const broken = findBrokenKpis(this.check);
    const wanted = this.options.kpis?.length ? this.options.kpis : [...this.model.kpis.keys()];

    // Which KPIs to evaluate: the wanted ones that are not broken, and their inputs.
    const top: KpiSpec[] = [];
    for (const name of wanted) {
      const kpi = this.model.kpis.get(name);
      if (!kpi || broken.has(name)) continue;
      const def = kpiType(kpi.type);
      if (!def?.evaluation) {
        this.diag(
          doc.rangeOf(['kpis', name, 'type']),
          'warning',
          'not-evaluated',
          l10n.t("KPI '{0}': the {1} type is not evaluated by this version yet", name, kpi.type),
        );
        continue;
      }
      top.push(kpi);
    }
    const requests = new Map<string, Request>();
    const addRequest = (kpi: KpiSpec, period: string, segments: string[]): Request => {
      const key = `${kpi.name}@${period}#${segments.join(',')}`;
      let r = requests.get(key);
      if (!r) {
        r = { key, kpi, period, segments };
        requests.set(key, r);
        for (const dep of this.dependencyRequests(kpi, period)) {
          const d = this.kpiNamed(dep.name);
          if (d) addRequest(d, dep.period, segments);
        }
      }
      return r;
    };
    const topRequests = top
      .filter((k) => k.period !== undefined)
      .map((k) => addRequest(k, k.period as string, k.segments));

    // Sources: every source the file's KPIs read (not only the requested ones, so as_of
    // does not depend on --kpi), with files, format, header and parsed filter.
    const usedSources = new Set<string>();
    const kpisRead = [...this.model.kpis.values(), ...[...requests.values()].map((r) => r.kpi)];
    for (const k of kpisRead) {
      if (k.source) usedSources.add(k.source);
      for (const field of ['cohort', 'revenue', 'spend']) {
        const v = k.fields[field];
        if (typeof v === 'string') usedSources.add(v.split('.')[0]);
      }
      for (const s of k.segments) {
        const seg = this.model.segments.get(s);
        const by = seg?.by ?? seg?.score?.revenue;
        if (by?.includes('.')) usedSources.add(by.split('.')[0]);
      }
    }
    for (const name of [...usedSources]) {
      if (!this.model.sources.has(name)) usedSources.delete(name);
      else for (const s of this.joinedSources(name)) usedSources.add(s);
    }
    for (const name of usedSources) await this.prepareSource(name);

    // as_of and the first date of the data.
    const profile = await profileSources(
      this.options.engine,
      [...this.sources.values()],
      this.options.signal,
      this.options.memo,
      this.dialect,
    );
    for (const p of profile.problems) {
      this.diag(doc.rangeOf(p.at ?? ['sources', p.source, p.field]), p.severity, p.code, p.message);
      if (p.count !== undefined) this.diagnostics[this.diagnostics.length - 1].count = p.count;
    }
    for (const name of profile.unreadable) this.sources.delete(name);
    // Dimension sources joined by key with a key on several rows: counted once each, said so.
    for (const name of joinedDimensionSources(this.model, [...requests.values()])) {
      const ctx = this.sources.get(name);
      if (!ctx || ctx.table) continue;
      const key =
        this.options.memo && ctx.stamp
          ? EvaluationMemo.key('duplicate-keys', [ctx.spec, ctx.files, ctx.stamp, ctx.cached ?? null])
          : undefined;
      let warning = key ? this.options.memo?.get<string | null>(key) : undefined;
      if (warning === undefined) {
        try {
          warning = (await duplicateKeyWarning(this.options.engine, ctx, this.options.signal)) ?? null;
          if (key) this.options.memo?.set(key, warning);
        } catch (err) {
          // Only a warning: a query error leaves it out (the KPIs report their own errors).
          if (this.options.signal?.aborted || !(err instanceof EngineError && err.kind === 'query')) throw err;
        }
      }
      if (warning) this.diag(doc.rangeOf(['sources', name, 'key']), 'warning', 'duplicate-keys', warning);
    }
    this.options.onSources?.(this.sources);
    this.options.onDataDates?.({ first: profile.minDate, last: profile.maxDate });
    const dataStart = profile.minDate ?? this.options.dataStart;
    const asOf = this.options.asOf ?? this.model.asOf ?? profile.maxDate;
    if (!asOf) {
      this.diag(
        doc.rangeOf(['kpis']),
        'error',
        'no-data',
        l10n.t("no dated row in the data: set as_of, or check the sources' time columns"),
      );
      return this.result('', []);
    }
    const periodNames = new Set([...requests.values()].map((r) => r.period));
    for (const name of periodNames) {
      const spec = this.model.periods.get(name);
      if (spec) this.windows.set(name, resolvePeriod(spec, asOf, dataStart).windows);
    }
    // The calendar month holding the end of each window (and compared window) of a period.
    for (const name of periodNames) {
      if (!name.startsWith(MONTH_OF)) continue;
      const months = new Map<string, PeriodWindow>();
      for (const range of uniqueRanges(this.windows.get(name.slice(MONTH_OF.length)) ?? [])) {
        const m = monthOf(range.end);
        months.set(rangeKey(m), { ...m, compare: null });
      }
      this.windows.set(name, [...months.values()]);
    }

    this.asOf = asOf;
    // Customer-base KPIs count distinct customers: over a key known unique, rows.
    for (const name of new Set(
      [...requests.values()]
        .filter((r) => kpiType(r.kpi.type)?.family === 'customer_base')
        .map((r) => r.kpi.source ?? ''),
    )) {
      const ctx = this.sources.get(name);
      if (ctx)
        ctx.keyUnique = await keyUniqueness(this.options.engine, ctx, {
          dialect: this.dialect,
          cache: this.options.cache,
          memo: this.options.memo,
          signal: this.options.signal,
        });
    }
    this.scores = await ScoreSegments.prepare({
      engine: this.options.engine,
      dialect: this.dialect,
      signal: this.options.signal,
      model: this.model,
      uses: [...requests.values()].map((r) => ({ segments: r.segments, windows: this.windows.get(r.period) ?? [] })),
      sources: this.sources,
      listing: this.options.scoreListing,
    });
    for (const n of this.scores.notes) this.diag(doc.rangeOf(['segments', n.segment]), 'warning', 'clv-fit', n.message);
    await this.runScans([...requests.values()]);
    for (const r of requests.values()) {
      if (kpiType(r.kpi.type)?.evaluation?.kind !== 'cohort') continue;
      const key = this.memoKey('cohort', r);
      const known = key ? this.options.memo?.get<RequestValues>(key) : undefined;
      if (known) this.results.set(r.key, known);
      else {
        await this.runCohort(r);
        const values = this.results.get(r.key);
        if (key && values) this.options.memo?.set(key, values);
      }
    }
    // Predictive CLVs are fitted on every run (their scores go to onCustomerScores).
    for (const r of requests.values()) if (isPredictiveClv(r.kpi)) await this.runPredictiveClv(r);
    for (const r of topRequests) {
      if (!this.results.get(r.key)) continue;
      const key = this.memoKey('skipped', r);
      const known = key ? this.options.memo?.get<{ skipped: SkippedRows | null }>(key) : undefined;
      const skipped = known ? known.skipped : await this.skippedRows(r.kpi, this.windows.get(r.period) ?? []);
      if (key && !known) this.options.memo?.set(key, { skipped });
      // Positions and the name are the current text's (the memo keeps neither).
      if (skipped)
        this.diag(
          doc.rangeOf(['kpis', r.kpi.name, skipped.field]),
          'warning',
          'invalid-values',
          l10n.t("KPI '{0}', {1}", r.kpi.name, skipped.text),
        );
    }
    const kpis: KpiResult[] = [];
    for (const r of topRequests) {
      const values = this.valuesOf(r);
      if (!values) {
        const why = this.failed.get(r.kpi.name);
        if (why)
          this.diag(
            doc.rangeOf(['kpis', r.kpi.name], 'key'),
            'error',
            'not-evaluated',
            l10n.t("KPI '{0}' could not be evaluated: {1}", r.kpi.name, why),
          );
        continue;
      }
      kpis.push(this.kpiResult(r, values));
    }
    return this.result(asOf, kpis);
  }

  private result(asOf: string, kpis: KpiResult[]): RunResult {
    const shown = this.options.displayPath ?? this.model.file;
    this.options.onDiagnostics?.([...this.diagnostics]);
    const diagnostics: ResultDiagnostic[] = this.diagnostics.map((d) => resultDiagnostic(d, shown));
    return { as_of: asOf, ...(this.model.title ? { title: this.model.title } : {}), kpis, diagnostics };
  }

  /** KPIs the evaluation creates itself: the spend of a cac given as source.column. */
  private readonly synthetic = new Map<string, KpiSpec>();

  private kpiNamed(name: string): KpiSpec | undefined {
    return this.model.kpis.get(name) ?? this.synthetic.get(name);
  }

  /** The name of the KPI giving a cac's spend: the named KPI, or a sum of source.column. */
  private spendOf(kpi: KpiSpec): string | undefined {
    const spend = kpi.fields.spend;
    if (typeof spend !== 'string') return undefined;
    if (!spend.includes('.')) return spend;
    const [source, column] = spend.split('.');
    const name = `${kpi.name}.spend`;
    if (!this.synthetic.has(name)) {
      this.synthetic.set(name, {
        ...kpi,
        name,
        type: 'sum',
        title: `${kpi.title} (spend)`,
        source,
        where: undefined,
        time: undefined,
        target: undefined,
        fields: { column },
      });
    }
    return name;
  }

  /** The name of the internal KPI giving a clv's revenue per customer. */
  private revenueOf(kpi: KpiSpec, months: number): string | undefined {
    const revenue = kpi.fields.revenue;
    if (typeof revenue !== 'string' || !revenue.includes('.')) return undefined;
    const [source, column] = revenue.split('.');
    const name = `${kpi.name}.revenue_${months}m`;
    if (!this.synthetic.has(name)) {
      this.synthetic.set(name, {
        ...kpi,
        name,
        type: 'customer_revenue',
        title: `${kpi.title} (revenue per customer)`,
        source,
        where: undefined,
        time: undefined,
        target: undefined,
        fields: { column, months },
      });
    }
    return name;
  }

  /** The inputs of a KPI, each with the period it is needed over. */
  private dependencyRequests(kpi: KpiSpec, period: string): { name: string; period: string }[] {
    if (isPredictiveClv(kpi)) return [];
    if (kpi.type === 'clv') {
      const f = kpi.fields;
      const months = f.method === 'historical' && typeof f.months === 'number' ? f.months : 12;
      const out: { name: string; period: string }[] = [];
      const revenue = this.revenueOf(kpi, months);
      if (revenue) out.push({ name: revenue, period });
      if (f.method === 'simple' && typeof f.lifetime_years !== 'number' && typeof f.churn === 'string')
        out.push({ name: f.churn, period: `${MONTH_OF}${period}` });
      if (f.method === 'simple' && typeof f.cac === 'string') out.push({ name: f.cac, period });
      return out;
    }
    return this.dependencies(kpi).map((name) => ({ name, period }));
  }

  private dependencies(kpi: KpiSpec): string[] {
    if (kpi.type === 'cac')
      return [this.spendOf(kpi), kpi.fields.customers].filter((x): x is string => typeof x === 'string');
    if (kpi.type === 'ratio')
      return [kpi.fields.numerator, kpi.fields.denominator].filter((x): x is string => typeof x === 'string');
    if (kpi.type === 'formula' && typeof kpi.fields.expr === 'string') {
      const { expr } = parseExpression(kpi.fields.expr);
      return expr ? namesIn(expr) : [];
    }
    return [];
  }

  private joinedSources(name: string): string[] {
    const where = this.model.sources.get(name)?.where;
    if (!where) return [];
    const { expr } = parseExpression(where);
    return expr ? qualifiedSources(expr) : [];
  }

  private async prepareSource(name: string): Promise<void> {
    const spec = this.model.sources.get(name);
    if (spec && (spec.table !== undefined || this.dialect.name !== 'duckdb')) return this.prepareTableSource(spec);
    const found = this.check.sources.get(name);
    if (!spec || !found?.columns || found.files.length === 0) return;
    let format = formatOf(found.files[0], spec.format);
    if (!format) return;
    const workbook = format === 'xlsx';
    let files = found.files;
    const where = spec.where ? (parseExpression(spec.where).expr ?? undefined) : undefined;
    const read: ReadOptions = { encoding: spec.encoding };
    // The files' states before they are read: a change during the run is told by them; the memo
    // remembers results by them (a file that cannot be stated is never remembered).
    const states = await fileStates(found.files);
    const stamp = this.options.memo && states ? JSON.stringify(states.map((st) => [st.size, st.mtimeMs])) : undefined;
    // Files DuckDB cannot read itself (an encoding it does not know, a workbook) are read from their UTF-8 CSV copy.
    const converted = await convertSourceFiles(
      spec,
      files,
      format,
      this.options.cache?.dir,
      this.check.document,
      this.options.signal,
    );
    if (converted) {
      this.diagnostics.push(...converted.diagnostics);
      if (!converted.files) return;
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
    };
    if (format === 'csv' || format === 'tsv') {
      this.sources.set(
        name,
        await prepareCsvSource(base, {
          engine: this.options.readEngine ?? this.options.engine,
          cache: this.options.cache,
          signal: this.options.signal,
          timezone: this.model.timezone ?? 'UTC',
          identifiers: identifierColumns(this.model, name),
          times: timeColumns(this.model, name),
        }),
      );
      return;
    }
    const cached =
      this.options.cache && ColumnarCache.handles(format)
        ? await this.options.cache.relation(this.options.engine, files, format, read, this.options.signal)
        : undefined;
    const zoned = await this.instantColumns(cached?.readSql ?? readFunctionSql(files, format, read), name);
    this.sources.set(name, {
      ...base,
      ...(cached
        ? { cached: { readSql: cached.readSql, lenientRows: cached.lenientRows }, cachedFacts: cached.facts }
        : {}),
      selectSql: sourceSelectSql(files, format, spec.columns, found.columns, read, cached?.readSql, zoned),
    });
  }

  /**
   * Parquet/JSON columns holding instants (turned into the spec's time zone; none to do for UTC,
   * the session's) and time columns read as text (an offset in them is applied the same way).
   */
  private async instantColumns(read: string, source: string): Promise<ZonedColumns | undefined> {
    const timezone = this.model.timezone ?? 'UTC';
    const times = [...timeColumns(this.model, source)].map((t) => t.toLowerCase());
    try {
      const rows = await this.options.engine.query(`DESCRIBE SELECT * FROM ${read}`, [], {
        signal: this.options.signal,
      });
      const type = (r: SqlRow) => String(r.column_type);
      const columns =
        timezone === 'UTC'
          ? []
          : rows.filter((r) => type(r) === 'TIMESTAMP WITH TIME ZONE').map((r) => String(r.column_name));
      const texts = rows
        .filter((r) => type(r) === 'VARCHAR' && times.includes(String(r.column_name).toLowerCase()))
        .map((r) => String(r.column_name));
      return columns.length || texts.length ? { timezone, columns, texts } : undefined;
    } catch (err) {
      if (err instanceof EngineError && err.kind === 'query') return undefined; // the profile reports the file
      throw err;
    }
  }

  /**
   * A source in a compile-only dialect (warehouseDialects.ts): read from its table, or — for
   * data files — from a table named after the source, with the files' header columns.
   */
  private prepareCompiledSource(spec: SourceSpec): void {
    const table = spec.table ?? spec.name;
    const columns = this.check.sources.get(spec.name)?.columns ?? [];
    if (Object.keys(spec.columns).length > 0 && columns.length === 0) {
      this.diag(
        this.check.document.rangeOf(['sources', spec.name, 'columns']),
        'error',
        'unsupported-feature',
        `source '${spec.name}': the ${this.dialect.title} SQL of a table with 'columns' overrides lists every column of the table, which is known only on its connection`,
      );
      return;
    }
    const where = spec.where ? (parseExpression(spec.where).expr ?? undefined) : undefined;
    this.sources.set(spec.name, {
      spec,
      files: [],
      format: 'csv',
      columns,
      where,
      read: {},
      table: tableSql(table),
      selectSql: tableSelectSql(table, spec.columns, columns, this.dialect),
    });
  }

  /** A source read from a database table: its columns from information_schema (the engine is that database's). */
  private async prepareTableSource(spec: SourceSpec): Promise<void> {
    const range = this.check.document.rangeOf(['sources', spec.name, spec.table !== undefined ? 'table' : 'file']);
    if (!this.dialect.runs) return this.prepareCompiledSource(spec);
    if (spec.table === undefined) {
      this.diag(
        range,
        'error',
        'unsupported-feature',
        l10n.t(
          "source '{0}' reads data files, which {1} cannot read: on {1} every source of the file must be a 'table' on the same 'connection'",
          spec.name,
          this.dialect.title,
        ),
      );
      return;
    }
    if (this.dialect.name === 'duckdb') {
      this.diag(
        range,
        'error',
        'unsupported-feature',
        l10n.t(
          "source '{0}' reads table '{1}' on connection '{2}': evaluate the file on that connection (a file cannot mix data files and tables)",
          spec.name,
          spec.table ?? '',
          spec.connection ?? '?',
        ),
      );
      return;
    }
    const parts = spec.table.split('.');
    const [schema, table] = parts.length >= 2 ? [parts[parts.length - 2], parts[parts.length - 1]] : [null, parts[0]];
    let rows: SqlRow[];
    try {
      rows = await this.options.engine.query(
        'SELECT column_name AS c, data_type AS t FROM information_schema.columns WHERE table_schema = coalesce($1::text, current_schema()) AND table_name = $2::text ORDER BY ordinal_position',
        [schema, table],
        { signal: this.options.signal },
      );
    } catch (err) {
      if (err instanceof EngineError && err.kind === 'query') {
        this.diag(
          range,
          'error',
          'data-error',
          l10n.t(
            "cannot read the columns of table '{0}' (source '{1}'): {2}",
            spec.table ?? '',
            spec.name,
            err.message,
          ),
        );
        return;
      }
      throw err;
    }
    const columns = rows.map((r) => String(r.c));
    if (columns.length === 0) {
      this.diag(
        range,
        'error',
        'data-error',
        l10n.t(
          "table '{0}' of source '{1}' does not exist on connection '{2}' (or the user may not read it)",
          spec.table ?? '',
          spec.name,
          spec.connection ?? '?',
        ),
      );
      return;
    }
    const where = spec.where ? (parseExpression(spec.where).expr ?? undefined) : undefined;
    this.sources.set(spec.name, {
      spec,
      files: [],
      format: 'csv',
      columns,
      where,
      read: {},
      table: tableSql(spec.table),
      selectSql: tableSelectSql(spec.table, spec.columns, columns, this.dialect, {
        timezone: this.model.timezone ?? 'UTC',
        types: Object.fromEntries(rows.map((r) => [String(r.c), String(r.t)])),
        times: timeColumns(this.model, spec.name),
      }),
    });
  }

  /** Groups the aggregate requests by (source, time column, period) and runs one scan per slice. */
  private async runScans(requests: Request[]): Promise<void> {
    const groups = new Map<string, Request[]>();
    for (const r of requests) {
      const def = kpiType(r.kpi.type);
      if (def?.evaluation?.kind !== 'aggregate' || !r.kpi.source) continue;
      const time = r.kpi.time ?? this.model.sources.get(r.kpi.source)?.time ?? '';
      // perCustomer KPIs scan alone; the others share a scan per source, time, period and join.
      const plain = {
        fields: r.kpi.fields,
        column: (c: string) => c,
        filter: undefined,
        key: undefined,
        dialect: this.dialect,
      };
      const join =
        (def.evaluation.join ? def.evaluation.join(plain) : '') +
        (def.evaluation.dates ? JSON.stringify(def.evaluation.dates(plain)) : '');
      const key = def.evaluation.perCustomer
        ? `kpi:${r.kpi.name}|${r.period}`
        : `${r.kpi.source}|${time}|${r.period}|${join}`;
      // Unchanged since an earlier run: its values are remembered.
      const known = this.memoKey('scan', r);
      const values = known ? this.options.memo?.get<RequestValues>(known) : undefined;
      if (values) {
        this.results.set(r.key, values);
        continue;
      }
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    for (const group of groups.values()) {
      await this.runScanGroup(group);
      for (const r of group) {
        const key = this.memoKey('scan', r);
        const values = this.results.get(r.key);
        if (key && values) this.options.memo?.set(key, values);
      }
    }
  }

  /**
   * The memo key of a request: the KPI's own definition (not its title or format), its
   * segments' definitions, its period's windows, as_of, and every source it reads (spec,
   * files and their stamps). Undefined without a memo or when a source has no stamp.
   */
  private memoKey(kind: string, r: Request): string | undefined {
    if (!this.options.memo) return undefined;
    const k = r.kpi;
    const names = new Set<string>();
    const addExpr = (text: string | undefined) => {
      const expr = text ? parseExpression(text).expr : null;
      if (expr) for (const s of qualifiedSources(expr)) names.add(s);
    };
    if (k.source) names.add(k.source);
    for (const field of ['cohort', 'revenue', 'spend']) {
      const v = k.fields[field];
      if (typeof v === 'string' && this.model.sources.has(v.split('.')[0])) names.add(v.split('.')[0]);
    }
    addExpr(k.where);
    const segments = r.segments.map((s) => {
      const seg = this.model.segments.get(s);
      if (seg?.by?.includes('.')) names.add(seg.by.split('.')[0]);
      if (seg?.score?.revenue?.includes('.')) names.add(seg.score.revenue.split('.')[0]);
      addExpr(seg?.where);
      return [s, seg ?? null];
    });
    for (const n of [...names]) for (const j of this.joinedSources(n)) names.add(j);
    const sources: unknown[] = [];
    for (const n of [...names].sort()) {
      const ctx = this.sources.get(n);
      if (!ctx?.stamp) return undefined;
      sources.push([
        n,
        ctx.spec,
        ctx.files,
        ctx.format,
        ctx.read,
        ctx.columns,
        ctx.stamp,
        ctx.cached?.readSql ?? null,
        ctx.selectSql,
      ]);
    }
    return EvaluationMemo.key(kind, {
      kpi: [k.type, k.source ?? null, k.time ?? null, k.where ?? null, k.fields],
      segments,
      period: r.period,
      windows: this.windows.get(r.period) ?? [],
      asOf: this.asOf,
      sources,
    });
  }

  private async runScanGroup(group: Request[]): Promise<void> {
    const first = group[0];
    const sourceName = first.kpi.source as string;
    const ctx = this.sources.get(sourceName);
    const windows = this.windows.get(first.period) ?? [];
    const fail = (why: string) => {
      for (const r of group) {
        this.results.set(r.key, null);
        this.failed.set(r.kpi.name, why);
      }
    };
    if (!ctx) return fail(l10n.t("source '{0}' cannot be read", sourceName));
    const time = first.kpi.time ?? ctx.spec.time ?? '';
    const ranges = uniqueRanges(windows);
    const kpis = [...new Map(group.map((r) => [r.kpi.name, r.kpi])).values()];
    const segments = [...new Set(group.flatMap((r) => r.segments))];
    const slices: { key: string; slice: Slice }[] = [{ key: '', slice: { kind: 'whole' } }];
    for (const s of segments) {
      const seg = this.model.segments.get(s);
      const score = this.scores?.lookup(s);
      if (score) slices.push({ key: s, slice: { kind: 'by', segment: s, expr: [], score } });
      else if (seg?.by) slices.push({ key: s, slice: { kind: 'by', segment: s, expr: seg.by.split('.') } });
      else if (seg?.where) {
        const expr = parseExpression(seg.where).expr;
        if (expr) slices.push({ key: s, slice: { kind: 'where', segment: s, expr } });
      }
    }
    // Raw values per KPI: range|slice → value; and the by-values seen in displayed windows.
    const raw = new Map<string, Map<string, number | null>>(kpis.map((k) => [k.name, new Map()]));
    const rawCounts = new Map<string, Map<string, KpiCounts>>(kpis.map((k) => [k.name, new Map()]));
    const seen = new Map<string, (string | null)[]>();
    const displayed = new Set(windows.map((w) => rangeKey(w)));
    // The whole population and the `by` slices share one scan (GROUPING SETS); a `where`
    // slice, and every slice of a per-customer KPI, has its own.
    const perCustomer = (() => {
      const evaluation = kpiType(first.kpi.type)?.evaluation;
      return evaluation?.kind === 'aggregate' && evaluation.perCustomer !== undefined;
    })();
    const batches = perCustomer
      ? slices.map((s) => [s])
      : [
          slices.filter((s) => s.slice.kind !== 'where'),
          ...slices.filter((s) => s.slice.kind === 'where').map((s) => [s]),
        ];
    for (const batch of batches) {
      const scan = new ScanQuery(ctx, this.sources, time, this.dialect);
      let sql: string;
      try {
        const evaluation = kpiType(first.kpi.type)?.evaluation;
        const firstCtx = this.aggregateContext(first.kpi, scan);
        const options =
          evaluation?.kind === 'aggregate'
            ? {
                join: evaluation.join?.(firstCtx),
                dates: evaluation.dates?.(firstCtx),
                perCustomer: evaluation.perCustomer?.(firstCtx),
              }
            : {};
        const aggregates = kpis.flatMap((k, i) => {
          const evaluation = kpiType(k.type)?.evaluation;
          if (evaluation?.kind !== 'aggregate') throw new CompileError(`not an aggregate: ${k.type}`);
          const steps = evaluation.steps?.(this.aggregateContext(k, scan)) ?? [];
          const counts = evaluation.counts?.(this.aggregateContext(k, scan));
          return [
            { alias: `k${i}`, sql: () => evaluation.sql(this.aggregateContext(k, scan)) },
            ...countAggregates(`k${i}`, counts),
            ...steps.flatMap((st, j) => [
              { alias: `k${i}_s${j}`, sql: () => st.sql },
              ...countAggregates(`k${i}_s${j}`, st.counts),
            ]),
          ];
        });
        const bySlices = batch
          .slice(1)
          .map((b) => b.slice)
          .filter((sl): sl is Extract<Slice, { kind: 'by' }> => sl.kind === 'by');
        sql =
          batch.length === 1
            ? scan.build(ranges, batch[0].slice, aggregates, options)
            : scan.buildSets(ranges, bySlices, aggregates, { join: options.join, dates: options.dates });
      } catch (err) {
        if (err instanceof CompileError) return fail(err.message);
        throw err;
      }
      let rows;
      try {
        rows = await this.options.engine.query(sql, [], { signal: this.options.signal });
      } catch (err) {
        if (err instanceof EngineError && err.kind === 'query') {
          const changed = await changedDuringRun(ctx.files, this.started, ctx.states);
          const why = changed ? l10n.t('{0}: run again', changed) : duckdbMessage(err.message);
          this.diag(
            this.check.document.rangeOf(['sources', sourceName, ctx.table ? 'table' : 'file']),
            'error',
            'data-error',
            l10n.t(
              "cannot evaluate KPIs on source '{0}' ({1}): {2}",
              sourceName,
              ctx.table ? (ctx.spec.table ?? '') : path.basename(ctx.files[0]),
              why,
            ),
          );
          return fail(l10n.t("its source '{0}' could not be read", sourceName));
        }
        throw err;
      }
      // The rows of each slice of the batch (a GROUPING SETS row is of the slice whose
      // GROUPING() flag is 0, or of the whole population when none is).
      const rowsOf: SqlRow[][] = batch.map(() => []);
      if (batch.length === 1) rowsOf[0] = rows;
      else {
        for (const row of rows) {
          const i = batch.slice(1).findIndex((_b, j) => Number(row[`__g${j}`]) === 0);
          if (i < 0) rowsOf[0].push(row);
          else rowsOf[i + 1].push({ ...row, __seg: row[`__s${i}`] ?? null });
        }
      }
      batch.forEach(({ key, slice }, i) =>
        this.collectSlice(key, slice, rowsOf[i], ranges, kpis, displayed, raw, rawCounts, seen),
      );
    }
    for (const r of group) {
      const evaluation = kpiType(r.kpi.type)?.evaluation;
      const empty = evaluation?.kind === 'aggregate' ? evaluation.empty : null;
      const slicesOf: SegmentKey[] = [{}];
      for (const s of r.segments) {
        const seg = this.model.segments.get(s);
        if (seg?.by || seg?.score) for (const v of sortSegmentValues(seen.get(s) ?? [])) slicesOf.push({ [s]: v });
        else if (seg?.where) slicesOf.push({ [s]: true });
      }
      const steps = stepNames(r.kpi);
      this.results.set(r.key, {
        values: raw.get(r.kpi.name) ?? new Map(),
        ...(evaluation?.kind === 'aggregate' && evaluation.counts ? { counts: rawCounts.get(r.kpi.name) } : {}),
        slices: slicesOf,
        empty,
        ...(steps.length ? { detail: { kind: 'step' as const, steps } } : {}),
      });
    }
  }

  /** Puts a slice's rows into the KPIs' raw values and counts; notes the `by` values seen in displayed windows. */
  private collectSlice(
    segName: string,
    slice: Slice,
    rows: SqlRow[],
    ranges: DateRange[],
    kpis: KpiSpec[],
    displayed: Set<string>,
    raw: Map<string, Map<string, number | null>>,
    rawCounts: Map<string, Map<string, KpiCounts>>,
    seen: Map<string, (string | null)[]>,
  ): void {
    const values: (string | null)[] = seen.get(segName) ?? [];
    for (const row of rows) {
      const w = ranges[Number(row.__w)];
      const n = Number(row.__n);
      let sk: SegmentKey = {};
      if (slice.kind === 'by') {
        const v = row.__seg === null ? null : String(row.__seg);
        if (v === null && n === 0) continue;
        sk = { [segName]: v };
        if (displayed.has(rangeKey(w)) && !values.includes(v)) values.push(v);
      } else if (slice.kind === 'where') {
        sk = { [segName]: true };
      }
      kpis.forEach((k, i) => {
        const put = (alias: string, suffix: string) => {
          const v = row[alias];
          const key = `${rangeKey(w)}|${sliceKey(sk)}${suffix}`;
          raw.get(k.name)?.set(key, v === null || v === undefined ? null : Number(v));
          const counts = countsOf(row, alias);
          if (counts) rawCounts.get(k.name)?.set(key, counts);
        };
        put(`k${i}`, '');
        stepNames(k).forEach((step, j) => put(`k${i}_s${j}`, detailSuffix({ step })));
      });
    }
    if (slice.kind === 'by') seen.set(segName, values);
  }

  /** cohort_retention: one query per slice (whole, each segment) over cohorts × days. */
  private async runCohort(r: Request): Promise<void> {
    const fail = (why: string) => {
      this.results.set(r.key, null);
      this.failed.set(r.kpi.name, why);
    };
    const f = r.kpi.fields;
    const activity = r.kpi.source ? this.sources.get(r.kpi.source) : undefined;
    const cohort = typeof f.cohort === 'string' ? this.sources.get(f.cohort) : undefined;
    if (!activity || !cohort) return fail(l10n.t('its sources cannot be read'));
    const days = Array.isArray(f.days) ? f.days.filter((d): d is number => typeof d === 'number') : [];
    const windows = this.windows.get(r.period) ?? [];
    const ranges = uniqueRanges(windows);
    const displayed = new Set(windows.map((w) => rangeKey(w)));
    const values = new Map<string, number | null>();
    const counts = new Map<string, KpiCounts>();
    const slices: SegmentKey[] = [{}];
    const jobs: { name: string; slice: CohortQueryInput['slice'] }[] = [{ name: '', slice: { kind: 'whole' } }];
    for (const s of r.segments) {
      const seg = this.model.segments.get(s);
      if (seg?.by) jobs.push({ name: s, slice: { kind: 'by', parts: seg.by.split('.') } });
      else if (seg?.where) {
        const expr = parseExpression(seg.where).expr;
        if (expr) jobs.push({ name: s, slice: { kind: 'where', expr } });
      }
    }
    for (const job of jobs) {
      let rows;
      try {
        const { sql, params } = cohortRetentionSql(
          {
            activity,
            cohort,
            days,
            asOf: this.asOf,
            windows: ranges,
            slice: job.slice,
            time: r.kpi.time ?? activity.spec.time ?? '',
            start: String(f.start),
            window: typeof f.window === 'number' ? f.window : 30,
            where: r.kpi.where ? (parseExpression(r.kpi.where).expr ?? undefined) : undefined,
          },
          this.dialect,
        );
        rows = await this.options.engine.query(sql, params, { signal: this.options.signal });
      } catch (err) {
        if (err instanceof CompileError) return fail(err.message);
        if (err instanceof EngineError && err.kind === 'query') return fail(duckdbMessage(err.message));
        throw err;
      }
      const seen: (string | null)[] = [];
      for (const row of rows) {
        const w = ranges[Number(row.__w)];
        let sk: SegmentKey = {};
        if (job.slice.kind === 'by') {
          const v = row.__seg === null ? null : String(row.__seg);
          sk = { [job.name]: v };
          if (displayed.has(rangeKey(w)) && !seen.includes(v)) seen.push(v);
        } else if (job.slice.kind === 'where') sk = { [job.name]: true };
        const v = row.__v;
        const key = `${rangeKey(w)}|${sliceKey(sk)}${detailSuffix({ day: Number(row.__d) })}`;
        values.set(key, v === null ? null : Number(v));
        counts.set(key, { kind: 'share', n: Number(row.__n ?? 0), x: Number(row.__x ?? 0) });
      }
      if (job.slice.kind === 'by') for (const v of sortSegmentValues(seen)) slices.push({ [job.name]: v });
      else if (job.slice.kind === 'where') slices.push({ [job.name]: true });
    }
    this.results.set(r.key, { values, counts, slices, empty: null, detail: { kind: 'day', days } });
  }

  /** The fits of predictive clv KPIs at their latest period end, by KPI name. */
  private readonly clvModels = new Map<string, ClvModelReport>();

  /** A predictive clv: one summary query, a fit per period end, means per segment (predictiveClv.ts). */
  private async runPredictiveClv(r: Request): Promise<void> {
    const fail = (why: string) => {
      this.results.set(r.key, null);
      this.failed.set(r.kpi.name, why);
    };
    const f = r.kpi.fields;
    const [sourceName, column] = typeof f.revenue === 'string' ? f.revenue.split('.') : [];
    const source = sourceName ? this.sources.get(sourceName) : undefined;
    if (!source || !column) return fail(l10n.t("its source '{0}' cannot be read", sourceName ?? ''));
    const segments: { name: string; slice: SummarySegment }[] = [];
    for (const s of r.segments) {
      const seg = this.model.segments.get(s);
      if (seg?.by) segments.push({ name: s, slice: { kind: 'by', parts: seg.by.split('.') } });
      else if (seg?.where) {
        const expr = parseExpression(seg.where).expr;
        if (expr) segments.push({ name: s, slice: { kind: 'where', expr } });
      }
    }
    const windows = this.windows.get(r.period) ?? [];
    const backtest = f.backtest as { holdout_months?: unknown } | undefined;
    let out;
    try {
      out = await evaluatePredictiveClv({
        engine: this.options.engine,
        dialect: this.dialect,
        signal: this.options.signal,
        kpiName: r.kpi.name,
        source,
        time: source.spec.time ?? '',
        revenue: column,
        windows,
        ranges: uniqueRanges(windows),
        segments,
        horizonMonths: typeof f.horizon_months === 'number' ? f.horizon_months : 12,
        discountRate: typeof f.discount_rate === 'number' ? f.discount_rate : 0,
        holdoutMonths: typeof backtest?.holdout_months === 'number' ? backtest.holdout_months : undefined,
      });
    } catch (err) {
      if (err instanceof CompileError) return fail(err.message);
      if (err instanceof EngineError && err.kind === 'query') return fail(duckdbMessage(err.message));
      throw err;
    }
    for (const n of out.notes)
      this.diag(this.check.document.rangeOf(['kpis', r.kpi.name, n.field]), n.severity, n.code, n.message);
    if (out.model) this.clvModels.set(r.kpi.name, out.model);
    this.options.onCustomerScores?.(r.kpi.name, out.customers);
    this.results.set(r.key, { values: out.values, slices: out.slices, empty: null });
  }

  private aggregateContext(kpi: KpiSpec, scan: ScanQuery): AggregateContext {
    const ctx = kpi.source ? this.sources.get(kpi.source) : undefined;
    return {
      fields: kpi.fields,
      column: (name) => scan.column({ parts: [name], span: { start: 0, end: 0 } }),
      filter: kpi.where ? compileFilter(kpi.where, scan.column, this.dialect) : undefined,
      dialect: this.dialect,
      key: ctx?.spec.key ? scan.column({ parts: [ctx.spec.key], span: { start: 0, end: 0 } }) : undefined,
      keyUnique: ctx?.keyUnique === true,
    };
  }

  /** The rows a KPI skipped in its displayed periods (invalid scores, unweighted kinds), as a warning. */
  private async skippedRows(kpi: KpiSpec, windows: PeriodWindow[]): Promise<SkippedRows | null> {
    const evaluation = kpiType(kpi.type)?.evaluation;
    const ctx = kpi.source ? this.sources.get(kpi.source) : undefined;
    if (evaluation?.kind !== 'aggregate' || !evaluation.invalid || !ctx || windows.length === 0) return null;
    const scan = new ScanQuery(ctx, this.sources, kpi.time ?? ctx.spec.time ?? '', this.dialect);
    const all: DateRange = {
      label: 'all',
      start: windows.map((w) => w.start).sort()[0],
      end: windows
        .map((w) => w.end)
        .sort()
        .reverse()[0],
    };
    let rows;
    let what: string;
    try {
      // Compiled once; the names it uses register their joins on the scan before build().
      const actx = this.aggregateContext(kpi, scan);
      const inv = evaluation.invalid(actx);
      what = inv.what;
      // A column the reader typed as a number has no value that is not one: no scan.
      if (
        inv.column !== undefined &&
        (await numericColumn(this.options.engine, ctx, inv.column, this.dialect, this.options.signal))
      )
        return null;
      const where = andFilter(inv.condition, actx.filter);
      const sql = scan.build([all], { kind: 'whole' }, [
        { alias: 'bad', sql: () => `count(*) FILTER (WHERE ${where})` },
        { alias: 'examples', sql: () => `${this.dialect.distinctList(inv.value)} FILTER (WHERE ${where})` },
      ]);
      rows = await this.options.engine.query(sql, [], { signal: this.options.signal });
    } catch (err) {
      if (err instanceof CompileError || (err instanceof EngineError && err.kind === 'query')) return null;
      throw err;
    }
    const bad = Number(rows[0]?.bad ?? 0);
    if (bad === 0) return null;
    let examples: string[] = [];
    try {
      const parsed: unknown = JSON.parse(String(rows[0]?.examples ?? '[]'));
      if (Array.isArray(parsed)) examples = parsed.map(String);
    } catch {
      examples = [];
    }
    const shown = examples.slice(0, 5).join(', ') + (examples.length > 5 ? ', …' : '');
    const field = typeof kpi.fields.column === 'string' ? 'column' : 'type';
    return {
      field,
      text: shown
        ? l10n.t('{0}..{1}: {2} {3}: {4}', all.start, all.end, bad, what, shown)
        : l10n.t('{0}..{1}: {2} {3}', all.start, all.end, bad, what),
    };
  }

  /** The values of a request: computed by a scan, or derived from its inputs (memoised). */
  private valuesOf(r: Request): RequestValues | null {
    if (this.results.has(r.key)) return this.results.get(r.key) ?? null;
    const def = kpiType(r.kpi.type);
    if (def?.evaluation?.kind !== 'derived' && def?.evaluation?.kind !== 'clv') {
      this.results.set(r.key, null);
      return null;
    }
    const inputs = new Map<string, RequestValues>();
    for (const { name: dep, period } of this.dependencyRequests(r.kpi, r.period)) {
      const d = this.kpiNamed(dep);
      const v = d
        ? this.valuesOf({ key: `${dep}@${period}#${r.segments.join(',')}`, kpi: d, period, segments: r.segments })
        : null;
      if (!v) {
        this.failed.set(
          r.kpi.name,
          this.failed.has(dep)
            ? l10n.t("its input '{0}' could not be evaluated", dep)
            : l10n.t("its input '{0}' is not evaluated", dep),
        );
        this.results.set(r.key, null);
        return null;
      }
      inputs.set(dep, v);
    }
    const expr: Expr | null =
      r.kpi.type === 'formula' && typeof r.kpi.fields.expr === 'string'
        ? parseExpression(r.kpi.fields.expr).expr
        : null;
    const slices = mergeSlices([...inputs.values()].map((v) => v.slices));
    const values = new Map<string, number | null>();
    for (const range of uniqueRanges(this.windows.get(r.period) ?? [])) {
      for (const s of slices) {
        const key = `${rangeKey(range)}|${sliceKey(s)}`;
        const valueOf = (name: string): number | null => {
          const v = inputs.get(name);
          if (!v) return null;
          return v.values.has(key) ? (v.values.get(key) ?? null) : v.empty;
        };
        let value: number | null;
        if (r.kpi.type === 'clv') {
          value = this.clvValue(r.kpi, range, s, valueOf, inputs);
        } else if (r.kpi.type === 'ratio' || r.kpi.type === 'cac') {
          const [numName, denName] =
            r.kpi.type === 'ratio'
              ? [r.kpi.fields.numerator, r.kpi.fields.denominator]
              : [this.spendOf(r.kpi), r.kpi.fields.customers];
          const num = valueOf(String(numName));
          const den = valueOf(String(denName));
          value = num === null || den === null || den === 0 ? null : num / den;
        } else {
          value = expr ? evaluateFormula(expr, valueOf) : null;
        }
        values.set(key, value);
      }
    }
    const result = { values, slices, empty: null };
    this.results.set(r.key, result);
    return result;
  }

  /**
   * clv at the end b of a window: `historical` is the revenue per customer over `months`;
   * `simple` is ARPU (12 months) × lifetime − CAC, the lifetime being `lifetime_years` or
   * 1 / annual churn with annual churn = 1 − (1 − monthly churn at b's month)^12.
   */
  private clvValue(
    kpi: KpiSpec,
    range: DateRange,
    slice: SegmentKey,
    valueOf: (name: string) => number | null,
    inputs: Map<string, RequestValues>,
  ): number | null {
    const f = kpi.fields;
    const months = f.method === 'historical' && typeof f.months === 'number' ? f.months : 12;
    const revenue = valueOf(this.revenueOf(kpi, months) ?? '');
    if (f.method === 'historical' || revenue === null) return revenue;
    let lifetime: number | null;
    if (typeof f.lifetime_years === 'number') lifetime = f.lifetime_years;
    else {
      const churnValues = typeof f.churn === 'string' ? inputs.get(f.churn) : undefined;
      const month = monthOf(range.end);
      const key = `${rangeKey(month)}|${sliceKey(slice)}`;
      const monthly = churnValues?.values.has(key)
        ? (churnValues.values.get(key) ?? null)
        : (churnValues?.empty ?? null);
      const annual = monthly === null ? null : 1 - (1 - monthly) ** 12;
      lifetime = annual === null || annual === 0 ? null : 1 / annual;
    }
    if (lifetime === null) return null;
    const cac = typeof f.cac === 'string' ? valueOf(f.cac) : 0;
    if (cac === null) return null;
    const value = revenue * lifetime - cac;
    return Number.isFinite(value) ? value : null;
  }

  private kpiResult(r: Request, values: RequestValues): KpiResult {
    const k = r.kpi;
    const period = this.model.periods.get(r.period);
    const target = k.target
      ? {
          ...(k.target.min !== undefined ? { min: k.target.min } : {}),
          ...(k.target.max !== undefined ? { max: k.target.max } : {}),
        }
      : null;
    return {
      name: k.name,
      title: k.title,
      type: k.type,
      format: k.format,
      period: r.period,
      target,
      rows: buildRows(this.windows.get(r.period) ?? [], values, target, {
        confidence: k.confidence,
        minSample: k.minSample,
      }),
      ...(k.currency ? { currency: k.currency } : {}),
      ...(k.decimals !== undefined ? { decimals: k.decimals } : {}),
      direction: k.direction,
      ...(k.description ? { description: k.description } : {}),
      ...(k.owner ? { owner: k.owner } : {}),
      ...(k.tags.length > 0 ? { tags: [...k.tags] } : {}),
      segments: r.segments,
      compare: period?.compare ?? 'previous',
      ...(this.clvModels.has(k.name) ? { model: this.clvModels.get(k.name) } : {}),
      ...(values.counts ? { confidence: k.confidence, min_sample: k.minSample } : {}),
    };
  }
}

/** The extra aggregates `<alias>_n`, `<alias>_x` (share) or `<alias>_p`, `<alias>_d` (NPS) of a value's counts. */
function countAggregates(alias: string, counts: CountsSql | undefined): Aggregate[] {
  if (!counts) return [];
  const parts: [string, string][] =
    counts.kind === 'share'
      ? [
          ['n', counts.n],
          ['x', counts.x],
        ]
      : [
          ['n', counts.n],
          ['p', counts.promoters],
          ['d', counts.detractors],
        ];
  return parts.map(([suffix, sql]) => ({ alias: `${alias}_${suffix}`, sql: () => sql }));
}

/** The counts read back from a scan row (none when the KPI has no count aggregates). */
function countsOf(row: Record<string, unknown>, alias: string): KpiCounts | undefined {
  const num = (suffix: string) => Number(row[`${alias}_${suffix}`] ?? 0);
  if (!(`${alias}_n` in row)) return undefined;
  if (`${alias}_x` in row) return { kind: 'share', n: num('n'), x: num('x') };
  return { kind: 'nps', n: num('n'), promoters: num('p'), detractors: num('d') };
}

function compileFilter(where: string, column: NameResolver, dialect: Dialect = duckdbDialect): string {
  const { expr } = parseExpression(where);
  if (!expr) throw new CompileError(l10n.t('the filter does not parse'));
  return exprToSql(expr, column, dialect);
}

function isPredictiveClv(kpi: KpiSpec): boolean {
  return kpi.type === 'clv' && kpi.fields.method === 'predictive';
}

/** Whether a column of a DuckDB source is of a number type (DESCRIBE reads no row); false when unknown. */
async function numericColumn(
  engine: Engine,
  ctx: SourceContext,
  column: string,
  dialect: Dialect,
  signal?: AbortSignal,
): Promise<boolean> {
  if (dialect.name !== 'duckdb') return false;
  const rows = await engine.query(
    `DESCRIBE SELECT ${quoteIdent(resolveColumnName(ctx, column))} FROM (${ctx.selectSql})`,
    [],
    { signal },
  );
  return /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(\d+,\s*\d+\))$/.test(
    String(rows[0]?.column_type ?? ''),
  );
}

/** The KPI names a formula uses. */
function namesIn(expr: Expr): string[] {
  return [
    ...new Set(
      collectNames(expr)
        .filter((n) => n.parts.length === 1)
        .map((n) => n.parts[0]),
    ),
  ];
}

/** The sources a filter joins (`source.column` names). */
function qualifiedSources(expr: Expr): string[] {
  return [
    ...new Set(
      collectNames(expr)
        .filter((n) => n.parts.length === 2)
        .map((n) => n.parts[0]),
    ),
  ];
}

/** A funnel's steps (as text), [] for other KPIs. */
function stepNames(kpi: KpiSpec): string[] {
  return kpi.type === 'funnel' && Array.isArray(kpi.fields.steps) ? kpi.fields.steps.map(String) : [];
}

/** Prefix of the internal period "the month holding the end of each window of P". */
const MONTH_OF = '__month_of:';

function monthOf(date: string): DateRange {
  const start = grainStart(date, 'month');
  return { label: grainLabel(start, 'month'), start, end: grainEnd(date, 'month') };
}

function uniqueRanges(windows: PeriodWindow[]): DateRange[] {
  const out = new Map<string, DateRange>();
  for (const w of windows) {
    out.set(rangeKey(w), { label: w.label, start: w.start, end: w.end });
    if (w.compare) out.set(rangeKey(w.compare), w.compare);
  }
  return [...out.values()];
}

/** Segment values in a stable order: text order, null last. */
function sortSegmentValues(values: (string | null)[]): (string | null)[] {
  return [...values].sort((a, b) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0));
}

function mergeSlices(lists: SegmentKey[][]): SegmentKey[] {
  const out = new Map<string, SegmentKey>();
  for (const list of lists) for (const s of list) out.set(sliceKey(s), s);
  return [...out.values()];
}
