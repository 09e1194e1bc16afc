// The options of one evaluation (evaluate.ts's evaluateSpec): the engine, as_of and KPI
// overrides, the cache and memo kept across runs, and the callbacks the CLI and editor use.
import type { ScoreSegmentsInput } from './scoreSegments';
import type { Diagnostic } from '../../kpifile/diagnostic';
import type { Engine } from '../backends/engine';
import type { Dialect } from '../sql/dialect';
import type { SourceContext } from '../sources/sourceContext';
import type { ColumnarCache } from '../cache/columnarCache';
import type { EvaluationMemo } from '../cache/evaluationMemo';
import type { CustomerScoreRow } from './predictiveClv';
import type { SourceCheckOutcome } from '../../testing/sourceChecks';
import type { PreparedTextSources } from './sourcePreparation';

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
  /** CSV sources a SQL listing already read for an earlier KPI (sqlListing.ts): read once per listing. */
  preparedTextSources?: PreparedTextSources;
  /** Receives the first and last dates of the data the profile found. */
  onDataDates?: (dates: { first?: string; last?: string }) => void;
  /** Receives the run's diagnostics with their ranges in the KPI file (the result's are flattened to line/column). */
  onDiagnostics?: (diagnostics: readonly Diagnostic[]) => void;
  /** Receives the readable sources as the run reads them (kpilens diff explains moves with them). */
  onSources?: (sources: ReadonlyMap<string, SourceContext>) => void;
  /** The run's date for sources' freshness (YYYY-MM-DD or an instant; default the clock): testing/sourceChecks.ts. */
  now?: string;
  /** Receives the outcomes of the sources' data tests and freshness. */
  onSourceChecks?: (outcomes: SourceCheckOutcome[]) => void;
  /** Stop after the sources' checks (kpilens test, check --data): no KPI is evaluated. */
  sourceChecksOnly?: boolean;
  /** Every score segment's values per customer at some period ends (`kpilens customers`). */
  scoreListing?: ScoreSegmentsInput['listing'];
}
