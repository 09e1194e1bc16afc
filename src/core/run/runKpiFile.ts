// runKpiFile: the one way to run a KPI file, from its text (or a CheckResult the caller
// already has) to a finished report. In order: the check (against the data root of
// data/dataRoot.ts's one rule), the engine and dialect from the sources' connection
// (kpiFileEngine.ts: DuckDB on the readable folders of engine/backends/allowedDirectories.ts, or
// PostgreSQL), the table sources' column checks on that connection (engine/connections/tableColumns.ts),
// the evaluation, then the report: the spec's diagnostics first, then the data's, and the
// stamp (report/stamp.ts). Diagnostics keep their ranges in the KPI file until the report
// flattens them (report/resultDiagnostic.ts). `kpilens run`/`sql`/`test`, the editor's runs,
// its Export report and its Test Explorer all go through here.
import * as path from 'path';
import { dataRootOf, type DataRootContext } from '../data/dataRoot';
import type { HeaderCache } from '../data/headerCache';
import type { Dialect } from '../engine/sql/dialect';
import { duckdbDialect } from '../engine/sql/dialect';
import type { Engine } from '../engine/backends/engine';
import { evaluateSpec, type EvaluateOptions } from '../engine/evaluation/evaluate';
import { withTableColumnChecks } from '../engine/connections/tableColumns';
import { resultDiagnostic } from '../report/resultDiagnostic';
import type { RunResult } from '../report/resultModel';
import { stampOf } from '../report/stamp';
import { checkKpiFile, type CheckResult } from '../kpifile/checkFile';
import type { Diagnostic } from '../kpifile/diagnostic';
import {
  kpiFileConnection,
  openKpiFileEngine,
  type KpiFileEngine,
  type KpiFileEngineOptions,
  type RunnableConnection,
} from './kpiFileEngine';

export interface RunKpiFileOptions extends KpiFileEngineOptions {
  /** Only these KPIs (and their inputs); default all. */
  kpis?: string[];
  asOf?: string;
  signal?: AbortSignal;
  /** How the report names the KPI file (default: its path). */
  displayPath?: string;
  /** Where the file is opened from, for the data root of a text checked here (see data/dataRoot.ts). */
  root?: DataRootContext;
  headers?: HeaderCache;
  /** An engine the caller holds, used as it is instead of the connection's (the KPI tests' engine on their inline rows), in `dialect` (default DuckDB). */
  engine?: Engine;
  dialect?: Dialect;
  /** Wraps the engine for this run (e.g. a RecordingEngine). */
  wrap?: (engine: Engine) => Engine;
  /** false: with a runner, query everything again (default true). */
  useMemo?: boolean;
  onCustomerScores?: EvaluateOptions['onCustomerScores'];
  /** Sources' freshness and data tests (testing/sourceChecks.ts): the run's date, the outcomes, only them. */
  now?: string;
  onSourceChecks?: EvaluateOptions['onSourceChecks'];
  sourceChecksOnly?: boolean;
  /** Every score segment's values per customer (`kpilens customers`). */
  scoreListing?: EvaluateOptions['scoreListing'];
}

export interface KpiFileRun {
  /** The check the run used: the file's, with its table sources' unknown columns added. */
  check: CheckResult;
  /** Where it ran (the caller's engine counts as files). */
  connection: RunnableConnection;
  /** The report: every diagnostic below flattened (spec first, then data), and the stamp. */
  result: RunResult;
  /** The report's diagnostics with their ranges: `check.diagnostics`, then `dataDiagnostics`. */
  diagnostics: Diagnostic[];
  /** What the evaluation found in the data. */
  dataDiagnostics: Diagnostic[];
}

/** Checks (when given a text) and runs a KPI file; engine failures (EngineError) and ConnectionChoiceError are thrown. */
export async function runKpiFile(
  file: string,
  input: string | CheckResult,
  options: RunKpiFileOptions = {},
): Promise<KpiFileRun> {
  const check =
    typeof input === 'string'
      ? await checkKpiFile(path.resolve(file), input, {
          dataRoot: dataRootOf(file, options.root),
          ...(options.headers ? { headers: options.headers } : {}),
        })
      : input;
  let opened: KpiFileEngine;
  if (options.engine)
    opened = {
      connection: { kind: 'files' },
      engine: options.engine,
      dialect: options.dialect ?? duckdbDialect,
      close: () => Promise.resolve(),
    };
  else opened = openKpiFileEngine(check, await kpiFileConnection(check, options), options, options.useMemo !== false);
  const { connection, engine, dialect, cache, memo } = opened;
  let checked = check;
  let dataDiagnostics: Diagnostic[] = [];
  let evaluated: RunResult;
  try {
    // A table's columns are known on its connection only: checked now (unknown-column errors join the spec's).
    if (connection.kind === 'postgres') checked = await withTableColumnChecks(check, engine, options.signal);
    evaluated = await evaluateSpec(checked, {
      engine: options.wrap ? options.wrap(engine) : engine,
      // A wrapper sees the KPIs' queries; the sources are read by the engine itself (as `kpilens sql` lists them).
      ...(options.wrap ? { readEngine: engine } : {}),
      dialect,
      kpis: options.kpis,
      asOf: options.asOf,
      signal: options.signal,
      displayPath: options.displayPath,
      ...(cache ? { cache } : {}),
      ...(memo ? { memo } : {}),
      ...(options.onCustomerScores ? { onCustomerScores: options.onCustomerScores } : {}),
      now: options.now,
      onSourceChecks: options.onSourceChecks,
      sourceChecksOnly: options.sourceChecksOnly,
      ...(options.scoreListing ? { scoreListing: options.scoreListing } : {}),
      onDiagnostics: (found) => (dataDiagnostics = [...found]),
    });
  } finally {
    await opened.close();
  }
  const diagnostics = [...checked.diagnostics, ...dataDiagnostics];
  const shown = options.displayPath ?? checked.model.file;
  const result: RunResult = {
    ...evaluated,
    diagnostics: diagnostics.map((d) => resultDiagnostic(d, shown)),
    stamp: await stampOf(check),
  };
  return { check: checked, connection, result, diagnostics, dataDiagnostics };
}
