// What the phases of an evaluation share (evaluate.ts runs them in order): the checked file,
// the options, the prepared sources, each period's windows, each request's values or failure,
// the diagnostics so far; and the request, the unit every phase works on.
import type { OneProfile } from '../sources/profile';
import type { ScoreSegments } from './scoreSegments';
import type { CheckResult } from '../../kpifile/checkFile';
import type { Diagnostic } from '../../kpifile/diagnostic';
import type { KpiSpec, SpecModel } from '../../kpifile/model';
import type { ClvModelReport, SegmentKey, SurvivalReport } from '../../report/resultModel';
import { duckdbDialect, type Dialect } from '../sql/dialect';
import type { SourceContext } from '../sources/sourceContext';
import type { SqlRow } from '../backends/engine';
import type { EvaluateOptions } from './evaluateOptions';
import type { PeriodWindow } from './periods';
import type { SlicedValues } from './rows';

/** Values of one KPI request: by window range and segment slice. */
export type RequestValues = SlicedValues;

export const rangeKey = (r: { start: string; end: string }) => `${r.start}..${r.end}`;
export const sliceKey = (s: SegmentKey) => JSON.stringify(s);

/** One KPI over one period and its segments: what a phase computes values for. */
export interface Request {
  key: string;
  kpi: KpiSpec;
  period: string;
  segments: string[];
}

/** The state of one evaluation, passed to each phase. */
export class EvaluationState {
  readonly model: SpecModel;
  readonly diagnostics: Diagnostic[] = [];
  readonly sources = new Map<string, SourceContext>();
  /** Sources already profiled during the preparation (dataProfile.ts profileAhead). */
  readonly profiled = new Map<SourceContext, OneProfile>();
  readonly windows = new Map<string, PeriodWindow[]>();
  readonly results = new Map<string, RequestValues | null>();
  readonly failed = new Map<string, string>();
  asOf = '';
  readonly dialect: Dialect;

  /** When the run started: a data file modified after it changed during the run. */
  readonly started = Date.now();

  /** KPIs the evaluation creates itself: the spend of a cac given as source.column. */
  readonly synthetic = new Map<string, KpiSpec>();

  /** The fits of predictive clv KPIs at their latest period end, by KPI name. */
  readonly clvModels = new Map<string, ClvModelReport>();

  /** The Kaplan–Meier curves of survival KPIs at their latest period end, by KPI name. */
  readonly survivalReports = new Map<string, SurvivalReport>();
  /**
   * The skipped-rows scans of this run by their SQL (skippedRows.ts): KPIs asking the same one
   * (churn, retention and customers of one source) share its answer.
   */
  readonly skippedScans = new Map<string, Promise<SqlRow[]>>();
  /** The score segments' tables (scoreSegments.ts), made once the windows are known. */
  scores?: ScoreSegments;

  constructor(
    readonly check: CheckResult,
    readonly options: EvaluateOptions,
  ) {
    this.model = check.model;
    this.dialect = options.dialect ?? duckdbDialect;
  }

  diag(range: Diagnostic['range'], severity: Diagnostic['severity'], code: Diagnostic['code'], message: string): void {
    this.diagnostics.push({ file: this.model.file, range, severity, code, message });
  }

  kpiNamed(name: string): KpiSpec | undefined {
    return this.model.kpis.get(name) ?? this.synthetic.get(name);
  }
}
