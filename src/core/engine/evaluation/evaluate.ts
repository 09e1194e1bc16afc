// Evaluates a checked KPI file on its data with an engine: `Evaluation.run` is the list of its
// phases, one file each — plan the requests, prepare the sources, check the filters against
// the columns' types, profile the data (as_of),
// check the sources' data tests and freshness,
// resolve the periods' windows, compute the score segments, run the shared scans, the cohorts and the predictive CLVs,
// warn of skipped rows, and assemble the rows of docs/DSL.md's result (value, previous,
// change, status) for every period × (whole population and each segment value).
import type { CheckResult } from '../../kpifile/checkFile';
import type { RunResult } from '../../report/resultModel';
import { runCohorts } from './cohorts';
import { inEngineSession } from './engineSession';
import { markUniqueKeys, profileData } from './dataProfile';
import type { EvaluateOptions } from './evaluateOptions';
import { EvaluationState } from './evaluationState';
import { checkExpressionTypes } from './expressionTypes';
import { checkMeasureColumns } from './measureColumnTypes';
import { warnUnmatchedKeys } from './unmatchedKeysPhase';
import { runPredictiveClvs } from './predictiveClvRun';
import { planRequests } from './requests';
import { kpiResults, result } from './runResult';
import { runScans } from './scans';
import { runSurvivals } from './survivalRun';
import { prepareScoreSegments } from './scoreSegments';
import { reportSkippedRows } from './skippedRows';
import { prepareSources } from './sourcePreparation';
import { resolveWindows } from './windowRanges';
import { runSourceChecksPhase } from './sourceChecksPhase';

export type { EvaluateOptions } from './evaluateOptions';
export type { RequestValues } from './evaluationState';
export { rangeKey, sliceKey } from './evaluationState';

export async function evaluateSpec(check: CheckResult, options: EvaluateOptions): Promise<RunResult> {
  return inEngineSession(check.model, options, async (inSession) => {
    const evaluation = new Evaluation(check, inSession);
    try {
      return await evaluation.run();
    } finally {
      await evaluation.st.scores?.drop();
    }
  });
}

class Evaluation {
  readonly st: EvaluationState;

  constructor(check: CheckResult, options: EvaluateOptions) {
    this.st = new EvaluationState(check, options);
  }

  async run(): Promise<RunResult> {
    const st = this.st;
    const { requests: planned, topRequests } = planRequests(st);
    const all = [...planned.values()];
    await prepareSources(st, all);
    // A request whose filter does not fit its columns is not run; its source still dates the run.
    // …nor a KPI adding up or comparing a column the data holds as dates.
    const requests = checkMeasureColumns(st, checkExpressionTypes(st, all));
    const prepared = new Set(st.sources.keys());
    const { asOf, dataStart } = await profileData(st, all);
    await runSourceChecksPhase(st, prepared);
    if (st.options.sourceChecksOnly) return result(st, asOf ?? '', []);
    if (!asOf) return result(st, '', []);
    resolveWindows(st, requests, asOf, dataStart);
    st.asOf = asOf;
    await markUniqueKeys(st, requests);
    await prepareScoreSegments(st, requests);
    await runScans(st, requests);
    await runCohorts(st, requests);
    await runSurvivals(st, requests);
    await runPredictiveClvs(st, requests);
    await reportSkippedRows(st, topRequests);
    const kpis = kpiResults(st, topRequests);
    await warnUnmatchedKeys(st, requests, kpis);
    return result(st, asOf, kpis);
  }
}
