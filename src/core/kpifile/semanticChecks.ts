// The checks a schema cannot express: names that must refer to something declared (with
// did-you-mean), KPI dependency cycles, target and period consistency, real dates and time
// zones, expressions, and the list of every column reference for the data checks.
// The checks run in order, one file per part of the file: fileChecks.ts (as_of, timezone,
// periods, segments, defaults, tests), sourceChecks.ts, kpiChecks.ts (each KPI, then the rules
// its type declares), kpiCycles.ts, then the sources' data tests (sourceTestsChecks.ts);
// checker.ts holds what they share.
import type { Diagnostic, Range } from './diagnostic';
import type { SpecModel } from './model';
import type { YamlDocument } from './yamlDocument';
import { Checker } from './checker';
import { checkDefaults, checkPeriods, checkSegmentDefinitions, checkTests, checkTop } from './fileChecks';
import { checkKpi } from './kpiChecks';
import { checkCycles } from './kpiCycles';
import { checkSources, checkUnusedSources } from './sourceChecks';
import { checkSourceTests } from './sourceTestsChecks';
import { checkKpiPeriodTimes } from './periodTimeChecks';

/** A column that some part of the file reads from a source; checked against the data file. */
export interface ColumnRef {
  source: string;
  column: string;
  range: Range;
  /** Who reads it, for the message: "KPI 'nps'", "segment 'channel' (KPI 'revenue')". */
  usedBy: string;
  /** Named inside an expression (a fix then quotes a name that is not bare: "Montant TTC"). */
  inExpression?: true;
  /** The source part of a name written `source.column` in an expression (its fix keeps it). */
  qualifier?: string;
}

export interface SemanticResult {
  diagnostics: Diagnostic[];
  columnRefs: ColumnRef[];
  /** Sources some KPI reads (directly, through a cohort, a join or source.column). */
  usedSources: Set<string>;
}

export function checkSemantics(doc: YamlDocument, model: SpecModel): SemanticResult {
  const c = new Checker(doc, model);
  checkTop(c);
  checkPeriods(c);
  checkKpiPeriodTimes(c.model, c);
  checkSegmentDefinitions(c);
  checkDefaults(c);
  checkSources(c);
  for (const kpi of model.kpis.values()) checkKpi(c, kpi);
  checkCycles(c);
  checkUnusedSources(c);
  checkTests(c);
  const result = c.result();
  // Sources' data tests and freshness (sourceTestsChecks.ts); a tested source counts as used.
  const tests = checkSourceTests(doc, model);
  const tested = new Set([...tests.testedSources].map((s) => doc.rangeOf(['sources', s], 'key').startOffset));
  return {
    ...result,
    diagnostics: [
      ...result.diagnostics.filter((d) => d.code !== 'unused-source' || !tested.has(d.range.startOffset)),
      ...tests.diagnostics,
    ],
    columnRefs: [...result.columnRefs, ...tests.columnRefs],
  };
}
