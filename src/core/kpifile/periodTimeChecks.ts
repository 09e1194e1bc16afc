// The checks of a period's time options that the schema cannot express: a rolling `window`
// needs a grain; a KPI with windows of its own (cohort_retention, a predictive clv) cannot take a
// period that widens its grains.
import type { DiagnosticCode } from './codes';
import type { Severity } from './diagnostic';
import type { PeriodSpec, SpecModel } from './model';
import type { YamlDocument, YamlPath } from './yamlDocument';
import { evaluationOf } from '../kpis/kpiRules';
import * as l10n from '../l10n/l10n';

/** Where the checks report (semanticChecks.ts's Checker). */
export interface PeriodCheckReporter {
  readonly doc: YamlDocument;
  at(path: YamlPath, code: DiagnosticCode, message: string, severity?: Severity, part?: 'key' | 'value'): void;
}

/** The option that widens a period's grains (`window`, `to_date`), if any. */
export function periodSpanKey(p: PeriodSpec): 'window' | 'to_date' | undefined {
  return p.window !== undefined ? 'window' : p.toDate !== undefined ? 'to_date' : undefined;
}

const GRAIN_RANK = { day: 0, week: 1, month: 2, quarter: 3, year: 4 } as const;

/** The time options of one period. */
export function checkPeriodTime(p: PeriodSpec, out: PeriodCheckReporter): void {
  const path = ['periods', p.name];
  const span = periodSpanKey(p);
  // A grain written but not valid (`grain: monht`) is told once, at its value.
  if (span && p.grain === undefined && out.doc.node([...path, 'grain']) === undefined)
    out.at(
      [...path, span],
      'period-conflict',
      l10n.t(
        "period '{0}' has '{1}' but no 'grain': the window is computed at each grain's end, add e.g. 'grain: month'",
        p.name,
        span,
      ),
    );
  if (p.window !== undefined && p.toDate !== undefined)
    out.at(
      [...path, 'to_date'],
      'period-conflict',
      l10n.t("period '{0}' has both 'window' and 'to_date': a grain counts one or the other", p.name),
    );
  else if (p.toDate && p.grain && GRAIN_RANK[p.toDate] <= GRAIN_RANK[p.grain])
    out.at(
      [...path, 'to_date'],
      'period-conflict',
      l10n.t(
        "period '{0}' has 'to_date: {1}' on a '{2}' grain: to-date values need a longer span than the grain, e.g. 'to_date: year'",
        p.name,
        p.toDate,
        p.grain,
      ),
    );
}

/** KPIs with windows of their own (cohorts, a predictive clv) on a period that widens its grains. */
export function checkKpiPeriodTimes(model: SpecModel, out: PeriodCheckReporter): void {
  for (const kpi of model.kpis.values()) {
    const period = kpi.period ? model.periods.get(kpi.period) : undefined;
    const span = period ? periodSpanKey(period) : undefined;
    const kind = evaluationOf(kpi)?.kind;
    if (!period || !span || (kind !== 'cohort' && kind !== 'predictive-clv')) continue;
    const own = out.doc.node(['kpis', kpi.name, 'period']) !== undefined;
    out.at(
      own ? ['kpis', kpi.name, 'period'] : ['kpis', kpi.name, 'type'],
      'period-conflict',
      l10n.t(
        "KPI '{0}' ({1}) has windows of its own and cannot use period '{2}', whose '{3}' widens each grain: give it a period without '{3}'",
        kpi.name,
        kpi.type,
        period.name,
        span,
      ),
    );
  }
}
