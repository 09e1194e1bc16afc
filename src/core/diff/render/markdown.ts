// `kpilens diff --format md`: the diff as GitHub-flavoured Markdown for a pull-request comment
// or a CI step summary — a heading, the figures' table, the change lines as bullets, the
// diagnostics and the stamps. Every text goes through escapeMarkdown.
import { escapeMarkdown } from '../../report/render/escape';
import type { SpecDiff } from '../specDiff';
import { changedKpis } from '../specDiff';
import {
  definitionLines,
  definitionName,
  diagnosticText,
  diffDiagnostics,
  kpiChangeLines,
  stampsText,
  unchangedText,
  valueHeadings,
  valueLines,
} from './diffText';
import * as l10n from '../../l10n/l10n';
import { whyLines } from './whyText';
import { gateLines } from './gateText';
import { mermaidGraph } from './mermaid';
import { rowCells, rowCountsText, rowHeadings, rowLine, topMovers } from './rowsText';
import type { RowLine } from './rowsText';

function rowTable(rows: RowLine[], withKpi: boolean): string[] {
  const withDetail = rows.some((r) => r.detail !== '');
  const align = [
    ...(withKpi ? ['---'] : []),
    '---',
    ...(withDetail ? ['---'] : []),
    '---',
    '---:',
    '---:',
    '---:',
    '---',
  ];
  return [
    `| ${rowHeadings(withKpi, withDetail).map(md).join(' | ')} |`,
    `|${align.join('|')}|`,
    ...rows.map((r) => `| ${rowCells(r, withKpi, withDetail).map(md).join(' | ')} |`),
  ];
}

/** The top movers, then every moved row per KPI in a collapsed <details> block. */
function movedRowsMarkdown(diff: SpecDiff): string[] {
  const counts = rowCountsText(diff);
  if (counts === null) return [];
  const out: string[] = [];
  const top = topMovers(diff);
  if (top.length > 0) out.push(`### ${l10n.t('Top movers')}`, '', ...rowTable(top, true), '');
  out.push(md(counts), '');
  const kpis = changedKpis(diff).filter((k) => (k.rows?.length ?? 0) > 0);
  if (kpis.length === 0) return out;
  out.push('<details>', `<summary>${md(l10n.t('Every moved row'))}</summary>`, '');
  for (const k of kpis) {
    const note =
      (k.unchangedRows ?? 0) > 0 ? ` (${l10n.t('unchanged rows not listed: {0}', k.unchangedRows ?? 0)})` : '';
    out.push(
      `#### ${md(k.name)}${md(note)}`,
      '',
      ...rowTable(
        (k.rows ?? []).map((r) => rowLine(k, r)),
        false,
      ),
      '',
    );
  }
  out.push('</details>', '');
  return out;
}

const md = escapeMarkdown;

export function renderDiffMarkdown(diff: SpecDiff): string {
  const versions =
    diff.asOf !== undefined
      ? l10n.t('{0} → {1} · as of {2}', md(diff.base.label), md(diff.head.label), md(diff.asOf))
      : `${md(diff.base.label)} → ${md(diff.head.label)}`;
  const lines = [`## ${l10n.t('KPI diff — {0}', md(diff.file))}`, '', versions, ''];
  const changed = changedKpis(diff);
  if (changed.length === 0 && diff.definitions.length === 0)
    lines.push(`*${l10n.t('No change in the KPI definitions.')}*`, '');
  const values = valueLines(diff);
  if (values.length > 0) {
    const withDetail = values.some((v) => v.detail !== '');
    lines.push(
      `| ${valueHeadings(withDetail).map(md).join(' | ')} |`,
      `|---|---|${withDetail ? '---|' : ''}---|---:|---:|---:|`,
      ...values.map(
        (v) =>
          `| ${md(v.kpi)} | ${md(v.change)} |${withDetail ? ` ${md(v.detail)} |` : ''} ${md(v.period)} | ${md(v.before)} | ${md(v.after)} | ${md(v.difference)} |`,
      ),
      '',
    );
  }
  lines.push(...movedRowsMarkdown(diff));
  const why = whyLines(changed);
  if (why.length > 0)
    lines.push(
      `### ${l10n.t('Why it moved')}`,
      '',
      ...why.map(([name, text]) => `- ${l10n.t('{0}: {1}', `**${md(name)}**`, md(text))}`),
      '',
    );
  const sql = changed.filter((k) => k.sqlDiff !== undefined);
  if (sql.length > 0) {
    lines.push(`### ${l10n.t('Changed SQL')}`, '');
    for (const k of sql) {
      const fence = '`'.repeat(Math.max(3, ...[...(k.sqlDiff ?? '').matchAll(/`+/g)].map((m) => m[0].length + 1)));
      lines.push(
        '<details>',
        `<summary>${md(k.name)}</summary>`,
        '',
        `${fence}diff`,
        (k.sqlDiff ?? '').replace(/\n$/, ''),
        fence,
        '',
        '</details>',
        '',
      );
    }
  }
  const bullets = [
    ...changed.flatMap((k) => kpiChangeLines(k).map((c) => `- ${l10n.t('{0}: {1}', `**${md(k.name)}**`, md(c))}`)),
    ...diff.definitions.flatMap((d) =>
      definitionLines(d).map((c) => `- ${l10n.t('{0}: {1}', `**${md(definitionName(d))}**`, md(c))}`),
    ),
  ];
  if (bullets.length > 0) lines.push(`### ${l10n.t('What changed')}`, '', ...bullets, '');
  const graph = mermaidGraph(diff);
  if (graph.length > 0)
    lines.push(`### ${l10n.t('Affected KPIs and their inputs')}`, '', '```mermaid', ...graph, '```', '');
  const unchanged = diff.kpis.length - changed.length;
  if (unchanged > 0) lines.push(unchangedText(unchanged), '');
  if (diff.gates)
    lines.push(
      `### ${l10n.t('Gates')}`,
      '',
      ...gateLines(diff.gates).map((g, i) => (i === 0 ? `**${md(g)}**` : `- ${md(g)}`)),
      '',
    );
  const diagnostics = diffDiagnostics(diff);
  if (diagnostics.length > 0)
    lines.push(`### ${l10n.t('Diagnostics')}`, '', ...diagnostics.map((d) => `- ${md(diagnosticText(diff, d))}`), '');
  const stamps = stampsText(diff);
  if (stamps !== null) lines.push(`<sub>${md(stamps)}</sub>`, '');
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
