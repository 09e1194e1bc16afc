// What KPI Lens assumes when it reads each source of a file (`kpilens check --explain`): for a
// CSV/TSV file the dialect (delimiter, decimal, thousands, quote, header, skipped lines,
// encoding, date and timestamp formats — each declared or assumed) and every column's type
// with where it comes from (declared, kept as text as an identifier, a time column, or
// inferred from the values and checked on every row); for a Parquet/JSON file how its texts
// write numbers and dates, and every column as the file holds it and as the KPIs read it
// (fileColumnReads.ts). The sources are read as a run reads them (through the columnar cache
// when given), so the explanation is exactly what a run uses.
import { csvDelimiter } from '../../data/headerReaders';
import { formatOf } from '../../data/dataFiles';
import type { CheckResult } from '../../kpifile/checkFile';
import type { ColumnarCache } from '../cache/columnarCache';
import type { CsvDialect, ReadColumn } from './csvDialect';
import { dateFieldColumns, identifierColumns, prepareCsvSource, segmentColumns, timeColumns } from './csvSource';
import type { Engine } from '../backends/engine';
import { typeName } from './csvDialect';
import { readFailureMessage } from './csvReadProblems';
import { describeFileColumns, fileColumnReads, textDialectOf, type ColumnRead } from './fileColumnReads';
import { readFunctionSql } from './sourceRelation';
import { convertSourceFiles } from './sourceConversion';
import { EngineError } from '../backends/engine';
import * as l10n from '../../l10n/l10n';

export interface SourceExplanation {
  source: string;
  files: string[];
  format: string;
  dialect?: CsvDialect;
  /** Which dialect keys the source declares… */
  declared: string[];
  /** …and which the values told (a CSV's decimal and thousands: csvNumberFormat.ts). */
  found?: string[];
  columns: ReadColumn[];
  /** A Parquet/JSON source: each column as the file holds it (DuckDB's type) and how it is read, when otherwise. */
  fileColumns?: { name: string; stored: string; read?: ColumnRead }[];
  rows?: number;
  /** The file's time zone (instants are placed in it). */
  timezone?: string;
  error?: string;
}

export async function explainSources(
  check: CheckResult,
  engine: Engine,
  cache?: ColumnarCache,
  signal?: AbortSignal,
): Promise<SourceExplanation[]> {
  const out: SourceExplanation[] = [];
  for (const [name, spec] of check.model.sources) {
    const found = check.sources.get(name);
    if (!found?.columns || found.files.length === 0) continue;
    const format = formatOf(found.files[0], spec.format);
    if (format === 'parquet' || format === 'json' || format === 'ndjson') {
      out.push(await explainFileSource(check, name, found.files, format, engine, cache, signal));
      continue;
    }
    if (format !== 'csv' && format !== 'tsv') continue;
    const read: { delimiter?: string; encoding?: string } = { ...(spec.encoding ? { encoding: spec.encoding } : {}) };
    // A text DuckDB cannot read itself (a transcoded encoding, a file that is not UTF-8) is read
    // from its UTF-8 copy, as a run reads it (sourcePreparation.ts).
    const converted = await convertSourceFiles(spec, found.files, format, cache?.dir, check.document, signal);
    const conversionError = converted?.diagnostics.find((d) => d.severity === 'error');
    if (converted && !converted.files) {
      out.push({
        source: name,
        files: found.files,
        format,
        declared: [],
        columns: [],
        error: conversionError?.message,
      });
      continue;
    }
    const files = converted?.files ?? found.files;
    if (converted) delete read.encoding;
    if (format === 'csv')
      read.delimiter = spec.csv.delimiter ?? (await csvDelimiter(files[0], spec.csv.skip ?? 0).catch(() => ','));
    const ctx = await prepareCsvSource(
      { spec, files, format, columns: found.columns, read },
      {
        engine,
        cache,
        signal,
        timezone: check.model.timezone ?? 'UTC',
        identifiers: identifierColumns(check.model, name),
        segmentColumns: segmentColumns(check.model, name),
        times: timeColumns(check.model, name),
        dates: dateFieldColumns(check.model, name),
      },
    );
    const declared = Object.keys(spec.csv).concat(spec.encoding ? ['encoding'] : []);
    out.push({
      source: name,
      files: found.files,
      format,
      declared,
      ...(ctx.csv
        ? {
            // The encoding the text was converted from (the copy read is UTF-8).
            dialect: { ...ctx.csv.dialect, ...(converted?.encoding ? { encoding: converted.encoding } : {}) },
            columns: ctx.csv.columns,
            rows: ctx.csv.report.rows,
            ...(ctx.csv.report.numberFormat
              ? {
                  found: (['decimal', 'thousands'] as const).filter(
                    (k) => ctx.csv?.report.numberFormat?.[k] !== undefined,
                  ),
                }
              : {}),
          }
        : { columns: [] }),
      ...(ctx.readError !== undefined ? { error: await readFailureMessage(ctx.readError, found.files[0]) } : {}),
    });
  }
  return out;
}

/** A Parquet/JSON source's explanation: its columns as DESCRIBE finds them and the reads a run applies. */
async function explainFileSource(
  check: CheckResult,
  name: string,
  files: string[],
  format: 'parquet' | 'json' | 'ndjson',
  engine: Engine,
  cache?: ColumnarCache,
  signal?: AbortSignal,
): Promise<SourceExplanation> {
  const spec = check.model.sources.get(name);
  const base = { source: name, files, format, declared: Object.keys(spec?.csv ?? {}), columns: [] };
  if (!spec) return base;
  try {
    const cached = cache ? await cache.relation(engine, files, format, {}, signal) : undefined;
    const raw = cached?.readSql ?? readFunctionSql(files, format, {});
    const types = await describeFileColumns(engine, raw, signal);
    const timezone = check.model.timezone ?? 'UTC';
    const reads = fileColumnReads(
      types,
      spec,
      timeColumns(check.model, name),
      dateFieldColumns(check.model, name),
      timezone,
    );
    const [counted] = await engine.query(`SELECT count(*) AS n FROM ${raw}`, [], { signal });
    return {
      ...base,
      timezone,
      dialect: textDialectOf(spec),
      fileColumns: Object.entries(types).map(([column, stored]) => {
        const read = reads.find((r) => r.name === column);
        return { name: column, stored, ...(read ? { read } : {}) };
      }),
      rows: Number(counted?.n ?? 0),
    };
  } catch (err) {
    if (err instanceof EngineError && err.kind === 'query')
      return { ...base, error: await readFailureMessage(err.message, files[0]) };
    throw err;
  }
}

/** How a Parquet/JSON column is read, in words: as the file holds it, or converted (and why). */
function fileColumnText(c: NonNullable<SourceExplanation['fileColumns']>[number], timezone: string): string {
  const { read } = c;
  if (!read) return `  - ${c.name}: ${c.stored} (${l10n.t('as the file holds it')})`;
  if (!read.type) return `  - ${c.name}: ${c.stored} (${l10n.t('an instant, placed in {0}', timezone)})`;
  if (!read.origin)
    return `  - ${c.name}: ${typeName(read.type)} (${l10n.t('mixed values in the file, read as text')})`;
  const held = /^(VARCHAR|JSON)$/.test(c.stored) ? l10n.t('text in the file') : l10n.t('{0} in the file', c.stored);
  return `  - ${c.name}: ${typeName(read.type)} (${originWords(read.origin)}; ${held})`;
}

function show(value: string): string {
  return JSON.stringify(value);
}

/** The explanation as lines of text for people. */
export function explanationText(list: SourceExplanation[]): string[] {
  const lines: string[] = [];
  for (const e of list) {
    lines.push(
      l10n.t(
        "source '{0}' ({1}, {2}):",
        e.source,
        e.format,
        e.files.length === 1 ? l10n.t('1 file') : l10n.t('{0} files', e.files.length),
      ),
    );
    if (e.error) {
      lines.push(`  ${l10n.t('cannot be read: {0}', e.error)}`);
      continue;
    }
    const d = e.dialect;
    if (!d) continue;
    const how = (key: string) =>
      e.declared.includes(key)
        ? l10n.t('declared')
        : e.found?.includes(key)
          ? l10n.t('found in the values')
          : l10n.t('assumed');
    if (e.fileColumns) {
      lines.push(
        `  ${l10n.t('texts: decimal {0} ({1}), thousands {2} ({3}), dates {4} ({5}), timestamps {6} ({7})', show(d.decimal ?? '.'), how('decimal'), d.thousands ? show(d.thousands) : l10n.t('none'), how('thousands'), d.dateFormat ?? l10n.t('ISO (2025-12-31)'), how('date_format'), d.timestampFormat ?? l10n.t('ISO (2025-12-31 14:05:00, optional offset)'), how('timestamp_format'))}`,
      );
      if (e.rows !== undefined) lines.push(`  ${l10n.t('{0} rows', e.rows)}`);
      for (const c of e.fileColumns) lines.push(fileColumnText(c, e.timezone ?? 'UTC'));
      continue;
    }
    lines.push(
      `  ${l10n.t('delimiter {0} ({1})', show(d.delimiter === '\t' ? '\\t' : d.delimiter), e.declared.includes('delimiter') ? l10n.t('declared') : l10n.t('told from the header line'))}`,
    );
    lines.push(
      `  ${l10n.t('decimal {0} ({1}), thousands {2} ({3}), quote {4} ({5})', show(d.decimal ?? '.'), how('decimal'), d.thousands ? show(d.thousands) : l10n.t('none'), how('thousands'), show(d.quote ?? '"'), how('quote'))}`,
    );
    lines.push(
      `  ${l10n.t('header {0} ({1}), {2} skipped lines ({3}), encoding {4} ({5})', d.header === false ? l10n.t('no') : l10n.t('yes'), how('header'), d.skip ?? 0, how('skip'), d.encoding ?? 'utf-8', how('encoding'))}`,
    );
    lines.push(
      `  ${l10n.t('dates {0} ({1}), timestamps {2} ({3})', d.dateFormat ?? l10n.t('ISO (2025-12-31)'), how('date_format'), d.timestampFormat ?? l10n.t('ISO (2025-12-31 14:05:00, optional offset)'), how('timestamp_format'))}`,
    );
    if (e.rows !== undefined) lines.push(`  ${l10n.t('{0} rows', e.rows)}`);
    for (const c of e.columns) lines.push(`  - ${c.name}: ${typeName(c.type)} (${originWords(c.origin)})`);
  }
  return lines;
}

function originWords(origin: ReadColumn['origin']): string {
  switch (origin) {
    case 'declared':
      return l10n.t('declared');
    case 'identifier':
      return l10n.t('text: a key or segment column');
    case 'time':
      return l10n.t('a time column');
    case 'date':
      return l10n.t("a KPI's date column");
    case 'inferred':
      return l10n.t('inferred, checked on every row');
  }
}
