// `kpilens diff --format table`: the terminal report of a diff — a title line, a table of
// the changed KPIs' figures (KPI, change, period, before, after, difference), the change
// lines in words, the unchanged count, the diagnostics and the stamps.
import { escapeTerminal } from '../../report/render/escape';
import { displayWidth } from '../../report/render/textWidth';
import type { SpecDiff } from '../specDiff';
import { changedKpis } from '../specDiff';
import {
  definitionLines,
  definitionName,
  diagnosticText,
  diffDiagnostics,
  kpiChangeLines,
  stampsText,
  titleText,
  unchangedText,
  valueHeadings,
  valueLines,
} from './diffText';
import * as l10n from '../../l10n/l10n';
import { whyLines } from './whyText';
import { gateLines } from './gateText';
import { rowCells, rowCountsText, rowHeadings, topMovers } from './rowsText';

function pad(text: string, width: number, right = false): string {
  const gap = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? gap + text : text + gap;
}

function table(header: string[], rows: string[][], rightAligned: Set<number>): string[] {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c, widths[i], rightAligned.has(i)))
      .join('  ')
      .replace(/\s+$/, '');
  return [line(header), ...rows.map(line)];
}

export function renderDiffTable(diff: SpecDiff): string {
  const t = escapeTerminal;
  const lines = [l10n.t('KPI diff — {0}', t(titleText(diff)))];
  const changed = changedKpis(diff);
  if (changed.length === 0 && diff.definitions.length === 0)
    lines.push('', l10n.t('No change in the KPI definitions.'));
  const values = valueLines(diff);
  if (values.length > 0) {
    const withDetail = values.some((v) => v.detail !== '');
    const header = valueHeadings(withDetail);
    const rows = values.map((v) => [
      t(v.kpi),
      t(v.change),
      ...(withDetail ? [t(v.detail)] : []),
      t(v.period),
      t(v.before),
      t(v.after),
      t(v.difference),
    ]);
    const before = withDetail ? 4 : 3;
    lines.push('', ...table(header, rows, new Set([before, before + 1, before + 2])));
  }
  const top = topMovers(diff);
  if (top.length > 0) {
    const withDetail = top.some((r) => r.detail !== '');
    const rows = top.map((r) => rowCells(r, true, withDetail).map(t));
    const first = withDetail ? 4 : 3;
    lines.push(
      '',
      l10n.t('Top movers'),
      ...table(rowHeadings(true, withDetail), rows, new Set([first, first + 1, first + 2])),
    );
  }
  const counts = rowCountsText(diff);
  if (counts !== null) lines.push('', t(counts));
  const why = whyLines(changed);
  if (why.length > 0)
    lines.push('', l10n.t('Why it moved'), ...why.map(([name, text]) => `  ${l10n.t('{0}: {1}', t(name), t(text))}`));
  const changeLines = [
    ...changed.flatMap((k) => kpiChangeLines(k).map((c) => `  ${l10n.t('{0}: {1}', t(k.name), t(c))}`)),
    ...diff.definitions.flatMap((d) =>
      definitionLines(d).map((c) => `  ${l10n.t('{0}: {1}', t(definitionName(d)), t(c))}`),
    ),
  ];
  if (changeLines.length > 0) lines.push('', l10n.t('Changes'), ...changeLines);
  const unchanged = diff.kpis.length - changed.length;
  if (unchanged > 0) lines.push('', unchangedText(unchanged));
  for (const k of changed)
    if (k.sqlDiff !== undefined)
      lines.push(
        '',
        l10n.t('Changed SQL of {0}', t(k.name)),
        ...k.sqlDiff
          .replace(/\n$/, '')
          .split('\n')
          .map((l) => t(l.replace(/\t/g, ' '))),
      );
  if (diff.gates) lines.push('', ...gateLines(diff.gates).map((g, i) => (i === 0 ? t(g) : `  ${t(g)}`)));
  const diagnostics = diffDiagnostics(diff);
  if (diagnostics.length > 0)
    lines.push('', l10n.t('Diagnostics'), ...diagnostics.map((d) => t(diagnosticText(diff, d))));
  const stamps = stampsText(diff);
  if (stamps !== null) lines.push('', stamps);
  return `${lines.join('\n')}\n`;
}
