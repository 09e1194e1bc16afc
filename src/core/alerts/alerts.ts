// What `kpilens alert` reports for one run of a KPI file: on the latest period of each KPI's
// whole population, a missed target and a significant change (only those the statistics flag:
// `significant: true`, shares and NPS — a move the test calls noise, or a KPI without a test,
// is not an alert), and the sources whose freshness failed (warning or error). Pure: the run
// and the source checks' outcomes in, the alerts out; alertText.ts and webhookBody.ts word them.
import type { RunResult } from '../report/resultModel';
import type { SourceCheckOutcome } from '../testing/sourceChecks';
import { latestRow, describeLatest } from '../language/latestValue';
import { changeTrend } from '../report/render/kpiText';

export type AlertKind = 'target' | 'change' | 'stale';

export interface Alert {
  kind: AlertKind;
  /** The KPI's name, or the source's for a stale source. */
  name: string;
  /** The KPI's title (a stale source: its name). */
  title: string;
  /** The period of the row (KPIs). */
  period?: string;
  /** The KPI's latest value in one line (value, change, significance, target), or the freshness message. */
  text: string;
  /** A significant change: good or bad news for the KPI's direction. */
  trend?: 'good' | 'bad' | 'flat';
  severity?: 'error' | 'warning';
}

export interface FileAlerts {
  /** The KPI file as shown (relative path). */
  file: string;
  asOf: string;
  kpis: number;
  alerts: Alert[];
  /** The file could not be checked or evaluated: why (no alerts then). */
  failure?: string;
  /** The run's errors (a KPI not evaluated, a source that could not be read): its other KPIs alert as usual. */
  errors?: string[];
}

export function alertsOf(result: RunResult, outcomes: readonly SourceCheckOutcome[]): Alert[] {
  const out: Alert[] = [];
  for (const kpi of result.kpis) {
    const latest = latestRow(kpi);
    if (!latest || latest.row.day !== undefined) continue;
    const { row } = latest;
    const text = describeLatest(kpi);
    if (row.status === 'missed')
      out.push({ kind: 'target', name: kpi.name, title: kpi.title, period: row.period, text });
    if (row.significant === true)
      out.push({
        kind: 'change',
        name: kpi.name,
        title: kpi.title,
        period: row.period,
        text,
        trend: changeTrend(kpi, row) ?? 'flat',
      });
  }
  for (const o of outcomes) {
    if (o.label !== 'freshness' || o.passed || !o.diagnostic) continue;
    out.push({
      kind: 'stale',
      name: o.source,
      title: o.source,
      text: o.diagnostic.message,
      severity: o.diagnostic.severity === 'error' ? 'error' : 'warning',
    });
  }
  return out;
}

/** How many alerts in all, and how many files failed. */
export function alertCounts(files: readonly FileAlerts[]): { alerts: number; failures: number; errors: number } {
  return {
    alerts: files.reduce((n, f) => n + f.alerts.length, 0),
    failures: files.filter((f) => f.failure !== undefined).length,
    errors: files.reduce((n, f) => n + (f.errors?.length ?? 0), 0),
  };
}
