// The words every diff report shows, whatever its format: a KPI's change kind, its change
// lines ("churn_rate: end column churn_date → cancelled_at"), the period and figures of a
// before → after row, the definitions' change lines, and the flat list of diagnostics.
import type { DefinitionChange, KpiDiff, SpecDiff, ValueChange } from '../specDiff';
import { changedKpis } from '../specDiff';
import { formatValue } from '../../report/formatValue';
import { stampText } from '../../report/stampText';

/** `changed`, `added`, `removed`, `renamed from revenue`, `affected` (changed only through what it reads), `unchanged`. */
export function kindText(k: KpiDiff): string {
  if (k.kind === 'renamed') return `renamed from ${k.baseName ?? '?'}`;
  return k.kind;
}

/** Every change line of a KPI, its own fields first, then what it reads. */
export function kpiChangeLines(k: KpiDiff): string[] {
  const own = k.kind === 'renamed' ? [`renamed from ${k.baseName ?? '?'}`, ...k.changes] : k.kind === 'added' ? [`added (${k.type})`] : k.kind === 'removed' ? [`removed (${k.type})`] : k.changes;
  return [...own, ...k.indirect];
}

/** `source orders`, `period monthly`, `segment plan`, `file`. */
export function definitionName(d: DefinitionChange): string {
  switch (d.section) {
    case 'sources':
      return `source ${d.name ?? ''}`;
    case 'periods':
      return `period ${d.name ?? ''}`;
    case 'segments':
      return `segment ${d.name ?? ''}`;
    default:
      return 'file';
  }
}

export function definitionLines(d: DefinitionChange): string[] {
  if (d.kind === 'added' || d.kind === 'removed') return [d.kind];
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
  return v.relative !== null && v.relative !== 0 ? `${v.differenceText} (${v.relative >= 0 ? '+' : '−'}${formatValue(Math.abs(v.relative), 'percent')})` : v.differenceText;
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
      out.push({ kpi: k.name, change: kindText(k), detail: '', period: '', before: '', after: '', difference: k.valuesNote ?? (diff.hasErrors ? 'not evaluated' : 'same definition') });
      continue;
    }
    for (const v of k.values) {
      out.push({ kpi: k.name, change: kindText(k), detail: v.detail ?? '', period: periodText(v), before: v.before?.text ?? '—', after: v.after?.text ?? '—', difference: differenceText(v) });
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
    side.diagnostics.map((d) => ({ version, file: diff.file, line: d.range.start.line, column: d.range.start.column, severity: d.severity, message: d.message, code: d.code }));
  const all: FlatDiagnostic[] = [...spec(diff.base, 'base'), ...spec(diff.head, 'head'), ...diff.runDiagnostics.map((d) => ({ ...d }))];
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
  const which = d.version === 'both' ? 'both versions' : `${d.version}: ${d.version === 'base' ? diff.base.label : diff.head.label}`;
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}] (${which})`;
}

/** `base spec 1a2b… · data 9f8e… (3 files) → head spec 3c4d… · data 9f8e… (3 files)`; null before evaluation. */
export function stampsText(diff: SpecDiff): string | null {
  if (!diff.base.stamp || !diff.head.stamp) return null;
  return `base ${stampText(diff.base.stamp)} → head ${stampText(diff.head.stamp)}`;
}

/** `loyalty.kpi.yaml: HEAD~1 → working tree, as of 2025-12-31`. */
export function titleText(diff: SpecDiff): string {
  return `${diff.file}: ${diff.base.label} → ${diff.head.label}${diff.asOf !== undefined ? `, as of ${diff.asOf}` : ''}`;
}
