// `kpilens diff --format md`: the diff as GitHub-flavoured Markdown for a pull-request comment
// or a CI step summary — a heading, the figures' table, the change lines as bullets, the
// diagnostics and the stamps. Every text goes through escapeMarkdown.
import { escapeMarkdown } from '../../report/render/escape';
import type { SpecDiff } from '../specDiff';
import { changedKpis } from '../specDiff';
import { definitionLines, definitionName, diagnosticText, diffDiagnostics, kpiChangeLines, stampsText, valueLines } from './diffText';

const md = escapeMarkdown;

export function renderDiffMarkdown(diff: SpecDiff): string {
  const lines = [`## KPI diff — ${md(diff.file)}`, '', `${md(diff.base.label)} → ${md(diff.head.label)}${diff.asOf !== undefined ? ` · as of ${md(diff.asOf)}` : ''}`, ''];
  const changed = changedKpis(diff);
  if (changed.length === 0 && diff.definitions.length === 0) lines.push('*No change in the KPI definitions.*', '');
  const values = valueLines(diff);
  if (values.length > 0) {
    const withDetail = values.some((v) => v.detail !== '');
    lines.push(
      `| KPI | Change |${withDetail ? ' Figure |' : ''} Period | Before | After | Difference |`,
      `|---|---|${withDetail ? '---|' : ''}---|---:|---:|---:|`,
      ...values.map((v) => `| ${md(v.kpi)} | ${md(v.change)} |${withDetail ? ` ${md(v.detail)} |` : ''} ${md(v.period)} | ${md(v.before)} | ${md(v.after)} | ${md(v.difference)} |`),
      '',
    );
  }
  const bullets = [
    ...changed.flatMap((k) => kpiChangeLines(k).map((c) => `- **${md(k.name)}**: ${md(c)}`)),
    ...diff.definitions.flatMap((d) => definitionLines(d).map((c) => `- **${md(definitionName(d))}**: ${md(c)}`)),
  ];
  if (bullets.length > 0) lines.push('### What changed', '', ...bullets, '');
  const unchanged = diff.kpis.length - changed.length;
  if (unchanged > 0) lines.push(`${unchanged} KPI${unchanged === 1 ? '' : 's'} unchanged.`, '');
  const diagnostics = diffDiagnostics(diff);
  if (diagnostics.length > 0) lines.push('### Diagnostics', '', ...diagnostics.map((d) => `- ${md(diagnosticText(diff, d))}`), '');
  const stamps = stampsText(diff);
  if (stamps !== null) lines.push(`<sub>${md(stamps)}</sub>`, '');
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
