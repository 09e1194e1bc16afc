// The words every diff report shows, whatever its format: a KPI's change kind, its change
// lines ("churn_rate: end column churn_date → cancelled_at"), the period and figures of a
// before → after row, the definitions' change lines, and the flat list of diagnostics.
import type { DefinitionChange, KpiDiff, SpecDiff, ValueChange } from '../specDiff';
import { changedKpis } from '../specDiff';
import { formatValue } from '../../report/formatValue';
import { stampText } from '../../report/stampText';
import * as l10n from '../../l10n/l10n';

/** `changed`, `added`, `removed`, `renamed from revenue`, `affected` (changed only through what it reads), `unchanged`. */
export function kindText(k: KpiDiff): string {
  switch (k.kind) {
    case 'renamed':
      return l10n.t('renamed from {0}', k.baseName ?? '?');
    case 'changed':
      return l10n.t('changed');
    case 'added':
      return l10n.t('added');
    case 'removed':
      return l10n.t('removed');
    case 'affected':
      return l10n.t('affected');
    case 'unchanged':
      return l10n.t('unchanged');
  }
}

/** Every change line of a KPI, its own fields first, then what it reads. */
export function kpiChangeLines(k: KpiDiff): string[] {
  const own =
    k.kind === 'renamed'
      ? [l10n.t('renamed from {0}', k.baseName ?? '?'), ...k.changes]
      : k.kind === 'added'
        ? [l10n.t('added ({0})', k.type)]
        : k.kind === 'removed'
          ? [l10n.t('removed ({0})', k.type)]
          : k.changes;
  return [...own, ...k.indirect];
}

/** `source orders`, `period monthly`, `segment plan`, `file`. */
export function definitionName(d: DefinitionChange): string {
  switch (d.section) {
    case 'sources':
      return l10n.t('source {0}', d.name ?? '');
    case 'periods':
      return l10n.t('period {0}', d.name ?? '');
    case 'segments':
      return l10n.t('segment {0}', d.name ?? '');
    default:
      return l10n.t('file');
  }
}

export function definitionLines(d: DefinitionChange): string[] {
  if (d.kind === 'added') return [l10n.t('added')];
  if (d.kind === 'removed') return [l10n.t('removed')];
  return d.changes;
}

/** `2025-12`, or `2025-12 → 2025-Q4` when the period changed, `—` when neither side has one. */
export function periodText(v: ValueChange): string {
  const a = v.before?.period;
  const b = v.after?.period;
  if (a !== undefined && b !== undefined && a !== b) return `${a} → ${b}`;
  return b ?? a ?? '—';
}

/** `+12 EUR (+6.3 %)`, `+0.9 pp`, `±0 EUR`, `—`. */
export function differenceText(v: ValueChange): string {
  if (v.differenceText === null) return '—';
  return v.relative !== null && v.relative !== 0
    ? `${v.differenceText} (${v.relative >= 0 ? '+' : '−'}${formatValue(Math.abs(v.relative), 'percent')})`
    : v.differenceText;
}

/** `3 KPIs unchanged.` */
export function unchangedText(count: number): string {
  return count === 1 ? l10n.t('1 KPI unchanged.') : l10n.t('{0} KPIs unchanged.', count);
}

/** The headings of the figures' columns: KPI, Change, [Figure,] Period, Before, After, Difference. */
export function valueHeadings(withDetail: boolean): string[] {
  return [
    l10n.t('KPI'),
    l10n.t('Change'),
    ...(withDetail ? [l10n.t('Figure')] : []),
    l10n.t('Period'),
    l10n.t('Before'),
    l10n.t('After'),
    l10n.t('Difference'),
  ];
}

export interface ValueLine {
  kpi: string;
  change: string;
  detail: string;
  period: string;
  before: string;
  after: string;
  difference: string;
}

/** One line per compared figure of the changed KPIs (a KPI without figures gets one line with its note). */
export function valueLines(diff: SpecDiff): ValueLine[] {
  const out: ValueLine[] = [];
  for (const k of changedKpis(diff)) {
    if (!k.values || k.values.length === 0) {
      out.push({
        kpi: k.name,
        change: kindText(k),
        detail: '',
        period: '',
        before: '',
        after: '',
        difference: k.valuesNote ?? (diff.hasErrors ? l10n.t('not evaluated') : l10n.t('same definition')),
      });
      continue;
    }
    for (const v of k.values) {
      out.push({
        kpi: k.name,
        change: kindText(k),
        detail: v.detail ?? '',
        period: periodText(v),
        before: v.before?.text ?? '—',
        after: v.after?.text ?? '—',
        difference: differenceText(v),
      });
    }
  }
  return out;
}

export interface FlatDiagnostic {
  version: string;
  file: string;
  line: number;
  column: number;
  severity: string;
  message: string;
  code: string;
}

/**
 * The spec diagnostics of both versions, then the problems found while evaluating; a problem
 * both versions have at the same place (same line, column, message and code) is listed once,
 * as `version: 'both'`.
 */
export function diffDiagnostics(diff: SpecDiff): FlatDiagnostic[] {
  const spec = (side: SpecDiff['base'], version: string) =>
    side.diagnostics.map((d) => ({
      version,
      file: diff.file,
      line: d.range.start.line,
      column: d.range.start.column,
      severity: d.severity,
      message: d.message,
      code: d.code,
    }));
  const all: FlatDiagnostic[] = [
    ...spec(diff.base, 'base'),
    ...spec(diff.head, 'head'),
    ...diff.runDiagnostics.map((d) => ({ ...d })),
  ];
  const key = (d: FlatDiagnostic) => JSON.stringify([d.file, d.line, d.column, d.severity, d.message, d.code]);
  const headKeys = new Set(all.filter((d) => d.version === 'head').map(key));
  const baseKeys = new Set(all.filter((d) => d.version === 'base').map(key));
  const out: FlatDiagnostic[] = [];
  for (const d of all) {
    const k = key(d);
    if (d.version === 'base' && headKeys.has(k)) out.push({ ...d, version: 'both' });
    else if (!(d.version === 'head' && baseKeys.has(k))) out.push(d);
  }
  return out;
}

/** A diagnostic line with its version: `… [code] (base: HEAD~1)`, `(head: working tree)`, `(both versions)`. */
export function diagnosticText(diff: SpecDiff, d: FlatDiagnostic): string {
  const which =
    d.version === 'both'
      ? l10n.t('both versions')
      : d.version === 'base'
        ? l10n.t('base: {0}', diff.base.label)
        : l10n.t('head: {0}', diff.head.label);
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}] (${which})`;
}

/** `base spec 1a2b… · data 9f8e… (3 files) → head spec 3c4d… · data 9f8e… (3 files)`; null before evaluation. */
export function stampsText(diff: SpecDiff): string | null {
  if (!diff.base.stamp || !diff.head.stamp) return null;
  return l10n.t('base {0} → head {1}', stampText(diff.base.stamp), stampText(diff.head.stamp));
}

/** `loyalty.kpi.yaml: HEAD~1 → working tree, as of 2025-12-31`. */
export function titleText(diff: SpecDiff): string {
  return diff.asOf !== undefined
    ? l10n.t('{0}: {1} → {2}, as of {3}', diff.file, diff.base.label, diff.head.label, diff.asOf)
    : l10n.t('{0}: {1} → {2}', diff.file, diff.base.label, diff.head.label);
}
