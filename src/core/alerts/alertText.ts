// The alerts of `kpilens alert` in words: per file, sections (targets missed, significant
// changes, stale sources) of plain lines, then the markdown summary printed on stdout. The
// webhook bodies (webhookBody.ts) are built from the same sections. Texts in the display
// language; names and values from the KPI file are escaped where markdown would read them.
import type { Alert, AlertKind, FileAlerts } from './alerts';
import { alertCounts } from './alerts';
import * as l10n from '../l10n/l10n';

export interface AlertSection {
  title: string;
  lines: string[];
}

export interface FileSections {
  /** `shop.kpi.yaml · as of 2026-03-10`. */
  heading: string;
  sections: AlertSection[];
  /** One line when the file has nothing to report, or failed. */
  note?: string;
}

/** The report's title: `KPI Lens: 3 alerts` / `KPI Lens: no alert`. */
export function alertTitle(files: readonly FileAlerts[]): string {
  const { alerts, failures, errors } = alertCounts(files);
  let head =
    alerts === 0
      ? l10n.t('KPI Lens: no alert')
      : alerts === 1
        ? l10n.t('KPI Lens: 1 alert')
        : l10n.t('KPI Lens: {0} alerts', alerts);
  if (errors > 0) head = errors === 1 ? l10n.t('{0}, 1 error', head) : l10n.t('{0}, {1} errors', head, errors);
  if (failures === 0) return head;
  return failures === 1
    ? l10n.t('{0}, 1 file not evaluated', head)
    : l10n.t('{0}, {1} files not evaluated', head, failures);
}

function sectionTitle(kind: AlertKind): string {
  switch (kind) {
    case 'target':
      return l10n.t('Targets missed');
    case 'change':
      return l10n.t('Significant changes');
    case 'stale':
      return l10n.t('Stale sources');
  }
}

function alertLine(a: Alert): string {
  if (a.kind === 'stale') return `${a.severity === 'error' ? '✗' : '⚠'} ${a.text}`;
  const line = `${a.title} (${a.name}): ${a.text}`;
  if (a.kind === 'target') return `✗ ${line}`;
  return a.trend === 'bad'
    ? `⚠ ${l10n.t('{0} — worse', line)}`
    : a.trend === 'good'
      ? `✓ ${l10n.t('{0} — better', line)}`
      : line;
}

export function fileSections(f: FileAlerts): FileSections {
  const heading = f.asOf ? l10n.t('{0} · as of {1}', f.file, f.asOf) : f.file;
  if (f.failure !== undefined) return { heading, sections: [], note: `✗ ${l10n.t('not evaluated: {0}', f.failure)}` };
  const sections: AlertSection[] = [];
  // What the run could not evaluate comes first: a KPI missing from the summary is no good news.
  if (f.errors?.length) sections.push({ title: l10n.t('Not evaluated'), lines: f.errors.map((e) => `✗ ${e}`) });
  for (const kind of ['target', 'change', 'stale'] as const) {
    const lines = f.alerts.filter((a) => a.kind === kind).map(alertLine);
    if (lines.length) sections.push({ title: sectionTitle(kind), lines });
  }
  if (sections.length === 0)
    return {
      heading,
      sections,
      note: f.kpis === 1 ? l10n.t('No alert (1 KPI checked).') : l10n.t('No alert ({0} KPIs checked).', f.kpis),
    };
  return { heading, sections };
}

/**
 * Text made literal in markdown: `*`, backticks, brackets, `<`, `>`, `|`, `~` and backslashes
 * escaped, `_` only at a word's edge (GitHub reads `churn_rate` as it is). Lines start with a
 * symbol or a word of ours, so `#`, `+` and `-` never begin one.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*[\]<>|~]/g, '\\$&').replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_');
}

/** The markdown summary of `kpilens alert`. */
export function alertMarkdown(files: readonly FileAlerts[]): string {
  const out = [`# ${escapeMarkdown(alertTitle(files))}`, ''];
  for (const f of files) {
    const s = fileSections(f);
    out.push(`## ${escapeMarkdown(s.heading)}`, '');
    if (s.note) out.push(escapeMarkdown(s.note), '');
    for (const section of s.sections) {
      out.push(`### ${escapeMarkdown(section.title)}`, '');
      for (const line of section.lines) out.push(`- ${escapeMarkdown(line)}`);
      out.push('');
    }
  }
  return out.join('\n');
}
