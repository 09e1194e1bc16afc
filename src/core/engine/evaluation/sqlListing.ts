// The SQL each KPI of a checked file runs, as `kpilens sql` prints it and the editor's "Show
// SQL" shows it: every KPI is evaluated on its own through a RecordingEngine, so the listing
// is exactly what ran (in the engine's dialect), not a reconstruction. One block per KPI:
//
//   -- KPI revenue (DuckDB): 5 statements
//   SELECT …;
//
import type { CheckResult } from '../../kpifile/checkFile';
import type { ResultDiagnostic } from '../../report/resultModel';
import type { Dialect } from '../sql/dialect';
import type { Engine } from '../backends/engine';
import { evaluateSpec } from './evaluate';
import { RecordingEngine } from '../backends/recordingEngine';
import { StatementReplay } from '../backends/statementReplay';
import type { PreparedTextSources } from './sourcePreparation';
import * as l10n from '../../l10n/l10n';
import { oneLine } from '../../util/quote';

export interface KpiSqlBlock {
  kpi: string;
  /** The statements the engine ran for this KPI, in order (without the final `;`). */
  statements: string[];
  /** The block as printed: a `-- KPI …` header line, then each statement ending with `;` and a blank line. */
  text: string;
  /** Errors the evaluation of this KPI reported (a missing table, an unsupported type…). */
  errors: ResultDiagnostic[];
}

export interface SqlListingOptions {
  engine: Engine;
  dialect: Dialect;
  /** The KPIs to list (default: every KPI of the file, in file order). */
  kpis?: readonly string[];
  /** How the spec file is named in the errors (default: its path). */
  displayPath?: string;
  signal?: AbortSignal;
  /** Evaluate at this date instead of the file's as_of (kpilens diff --sql: both versions at one date). */
  asOf?: string;
  /** Where the listing keeps the answers its KPIs share (default: its own); a test counts what it answered. */
  replay?: StatementReplay;
}

/** The header line of a KPI's block: `-- KPI revenue (DuckDB): 5 statements` (`how`: the dialect's title, or more). */
function kpiSqlHeader(kpi: string, how: string, count: number): string {
  const statements = count === 1 ? l10n.t('1 statement') : l10n.t('{0} statements', count);
  return `-- ${l10n.t('KPI {0} ({1}): {2}', kpi, how, statements)}\n`;
}

/** A KPI's block: its header, each statement ending with `;` and a blank line, and its errors. */
export function kpiSqlBlock(
  kpi: string,
  how: string,
  statements: readonly string[],
  diagnostics: readonly ResultDiagnostic[],
): KpiSqlBlock {
  // What the SQL does not do (a compiled dialect's limits) heads it, as comments.
  const caveats = diagnostics
    .filter((d) => d.severity === 'warning' && d.code === 'unsupported-feature')
    .map((d) => `-- ${oneLine(d.message)}\n`)
    .join('');
  const text = kpiSqlHeader(kpi, how, statements.length) + caveats + statements.map((sql) => `${sql};\n\n`).join('');
  return { kpi, statements: [...statements], text, errors: diagnostics.filter((d) => d.severity === 'error') };
}

/**
 * Evaluates each KPI alone on a recording engine and yields its block, one KPI at a time. What
 * the KPIs share is run once (statementReplay.ts): the sources' text reads and a statement an
 * earlier KPI already ran (the as_of queries, key checks, inputs' scans) — each block still
 * lists it, as the KPI runs it.
 */
export async function* kpiSqlListing(check: CheckResult, options: SqlListingOptions): AsyncGenerator<KpiSqlBlock> {
  const names = options.kpis?.length ? options.kpis : [...check.model.kpis.keys()];
  const replay = options.replay ?? new StatementReplay();
  const preparedTextSources: PreparedTextSources = new Map();
  for (const kpi of names) {
    const recorder = new RecordingEngine(options.engine, [], replay);
    const result = await evaluateSpec(check, {
      engine: recorder,
      readEngine: options.engine,
      preparedTextSources,
      kpis: [kpi],
      dialect: options.dialect,
      ...(options.displayPath !== undefined ? { displayPath: options.displayPath } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.asOf !== undefined ? { asOf: options.asOf } : {}),
    });
    yield kpiSqlBlock(kpi, options.dialect.title, recorder.statements, result.diagnostics);
  }
}

/** The whole listing of a file as one text (what `kpilens sql FILE` prints on stdout). */
export async function sqlListingText(check: CheckResult, options: SqlListingOptions): Promise<string> {
  let text = '';
  for await (const block of kpiSqlListing(check, options)) text += block.text;
  return text;
}
