// `kpilens run --format md`: a GitHub-flavoured Markdown report for a pull-request comment
// or a CI step summary. `## Title — as of DATE`; per KPI `### Title`, a one-line summary
// (latest value, change with its arrow, target with ✅/❌) and its tables (periods × segment
// columns, cohort triangles, funnel steps); diagnostics as a bullet list. Every data text
// goes through escapeMarkdown, so a value cannot break a table or inject HTML or a link.
import type { KpiResult, ResultDiagnostic, RunResult } from '../resultModel';
import { escapeMarkdown } from './escape';
import { kpiGrids } from './grids';
import type { Grid, GridCell } from './grids';
import {
  isSmallSample,
  belowMinSampleRows,
  belowMinSampleText,
  compareText,
  formatChange,
  formatKpiValue,
  headlineOf,
  intervalText,
  significanceText,
  targetText,
} from './kpiText';
import { layoutKpi } from './layout';
import type { KpiLayout } from './layout';
import { stampText } from '../stamp';
import * as l10n from '../../l10n/l10n';
import { formatDate } from '../formatValue';
import { belowMinSampleNote, reportHeading } from './reportWords';
import { firstComparisonText, furtherComparisonsText } from './comparisonText';

const md = escapeMarkdown;

function statusMark(status: string | null): string {
  return status === 'met' ? ' ✅' : status === 'missed' ? ' ❌' : '';
}

function cellText(kpi: KpiResult, cell: GridCell): string {
  const row = cell.row;
  if (!row) return '';
  const parts = [md(formatKpiValue(kpi, row.value))];
  if (cell.latest && row.value !== null) {
    if (row.ci_low !== undefined && row.ci_low !== null && row.ci_high !== undefined && row.ci_high !== null) {
      parts.push(`[${md(formatKpiValue(kpi, row.ci_low))} – ${md(formatKpiValue(kpi, row.ci_high))}]`);
    }
    const change = formatChange(kpi, row);
    const first = firstComparisonText(kpi);
    if (change !== null)
      parts.push(
        change +
          (row.significant === true ? ` ${l10n.t('sig.')}` : row.significant === false ? ` ${l10n.t('n.s.')}` : '') +
          (first !== null ? ` ${first}` : ''),
      );
    const further = furtherComparisonsText(kpi, row);
    if (further !== null) parts.push(`· ${md(further)}`);
  }
  // A value from too small a sample: † (listed under the table).
  return parts.join(' ') + (cell.latest ? statusMark(row.status) : '') + (isSmallSample(row) ? ' †' : '');
}

function tableLine(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function gridLines(kpi: KpiResult, grid: Grid): string[] {
  const lines: string[] = [];
  if (grid.caption !== null) lines.push(`**${md(grid.caption)}**`, '');
  lines.push(
    tableLine([grid.corner, ...grid.columns.map(md)]),
    `|---|${grid.columns.map(() => '---:|').join('')}`,
    ...grid.rows.map((r) => tableLine([md(r.label), ...r.cells.map((c) => cellText(kpi, c))])),
  );
  return lines;
}

/** `Latest (2025-12): **120 EUR** ▲20 % vs previous period · target ≥ 100 EUR ✅` */
function summaryLine(kpi: KpiResult, layout: KpiLayout): string | null {
  const parts: string[] = [];
  const headline = headlineOf(layout);
  if (headline) {
    let text = l10n.t('Latest ({0}): {1}', md(headline.label), `**${md(formatKpiValue(kpi, headline.row.value))}**`);
    const change = formatChange(kpi, headline.row);
    const versus = compareText(kpi);
    if (change !== null && headline.row.day === undefined) text += ` ${change}${versus !== null ? ` ${versus}` : ''}`;
    const further = headline.row.day === undefined ? furtherComparisonsText(kpi, headline.row) : null;
    if (further !== null) text += ` · ${md(further)}`;
    const significance = significanceText(headline.row);
    if (significance !== null) text += `, ${significance}`;
    const interval = intervalText(kpi, headline.row);
    if (interval !== null) text += ` · ${md(interval)}`;
    const below = belowMinSampleText(kpi, headline.row);
    if (below !== null) text += ` · ⚠️ ${below}`;
    parts.push(text);
  }
  const target = targetText(kpi);
  if (target !== null)
    parts.push(`${l10n.t('target {0}', md(target))}${headline ? statusMark(headline.row.status) : ''}`);
  return parts.length > 0 ? parts.join(' · ') : null;
}

function kpiLines(kpi: KpiResult): string[] {
  const layout = layoutKpi(kpi);
  const lines = [`### ${md(kpi.title)}`, ''];
  const segments = layout.groups.flatMap((g) => (g.segment === null ? [] : [md(g.segment)]));
  lines.push(
    `${md(kpi.name)} · ${md(kpi.type)} · ${md(kpi.period)}${segments.length > 0 ? ` · ${l10n.t('by {0}', segments.join(', '))}` : ''}`,
    '',
  );
  if (kpi.description) lines.push(`*${md(kpi.description)}*`, '');
  const summary = summaryLine(kpi, layout);
  if (summary !== null) lines.push(summary, '');
  const grids = kpiGrids(layout);
  if (grids.length === 0) lines.push(`*${l10n.t('No rows.')}*`, '');
  for (const grid of grids) lines.push(...gridLines(kpi, grid), '');
  const below = belowMinSampleRows(kpi);
  if (below.length > 0) {
    lines.push(belowMinSampleNote(kpi, below.map(md)), '');
  }
  return lines;
}

function diagnosticLine(d: ResultDiagnostic): string {
  const icon = d.severity === 'error' ? '❌' : d.severity === 'warning' ? '⚠️' : 'ℹ️';
  return `- ${icon} ${md(`${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`)}`;
}

/** The run's result as Markdown, ending with a newline. */
export function renderMarkdown(result: RunResult): string {
  const lines = [`## ${reportHeading(md(result.title ?? l10n.t('KPI report')), md(formatDate(result.as_of)))}`, ''];
  if (result.kpis.length === 0) lines.push(`*${l10n.t('No KPI results.')}*`, '');
  for (const kpi of result.kpis) lines.push(...kpiLines(kpi));
  if (result.diagnostics.length > 0) {
    lines.push(`### ${l10n.t('Diagnostics')}`, '');
    for (const d of result.diagnostics) lines.push(diagnosticLine(d));
    lines.push('');
  }
  if (result.stamp !== undefined) lines.push(`<sub>${md(stampText(result.stamp))}</sub>`, '');
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
