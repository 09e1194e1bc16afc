// `kpilens run --format table`: the terminal report. A header line (title, as of), then per
// KPI a line `Title (name) — type · period · by segments · target ≥ 30` and its grids
// (periods × segment columns, the latest row with `▲3.1 %` and ✓/✗; cohort triangles;
// funnel steps), then the diagnostics as `check` lines. A series too wide for `width` is
// printed as one table per segment. ANSI colours only with `color`; widths in code points.
import type { KpiResult, ResultDiagnostic, RunResult } from '../resultModel';
import { escapeTerminal } from './escape';
import { kpiGrids } from './grids';
import type { Grid, GridCell } from './grids';
import {
  isSmallSample,
  belowMinSampleRows,
  confidenceText,
  formatChange,
  formatKpiValue,
  targetText,
  changeTrend,
} from './kpiText';
import { layoutKpi } from './layout';
import type { KpiLayout } from './layout';
import { displayWidth, truncate } from './textWidth';
import { stampText } from '../stamp';
import * as l10n from '../../l10n/l10n';
import { formatDate, formatPlain } from '../formatValue';
import { belowMinSampleNote, reportHeading } from './reportWords';
import { firstComparisonText, furtherComparisons, significanceMark } from './comparisonText';

export interface TableOptions {
  /** Colour with ANSI escapes: green for a met target or good change, red for missed or bad, dim for nulls. */
  color?: boolean;
  /** The terminal width: a series wider than this is split into one table per segment (default 100). */
  width?: number;
}

type Style = 'bold' | 'dim' | 'green' | 'red' | 'yellow';
interface Span {
  text: string;
  style?: Style;
}
type Cell = Span[];

const ANSI: Record<Style, [string, string]> = {
  bold: ['\x1b[1m', '\x1b[22m'],
  dim: ['\x1b[2m', '\x1b[22m'],
  green: ['\x1b[32m', '\x1b[39m'],
  red: ['\x1b[31m', '\x1b[39m'],
  yellow: ['\x1b[33m', '\x1b[39m'],
};

const DEFAULT_WIDTH = 100;
/** The widest a label (period, segment value, step) may be before it is cut with "…". */
const MAX_LABEL_WIDTH = 32;
const GAP = '  ';
const NULL_TEXT = '—';

/** Data text for the terminal: control characters neutralised, cut to `max` columns. */
function safe(text: string, max = MAX_LABEL_WIDTH): string {
  return truncate(escapeTerminal(text), max);
}

function paint(cell: Cell, color: boolean): string {
  return cell.map((s) => (color && s.style ? `${ANSI[s.style][0]}${s.text}${ANSI[s.style][1]}` : s.text)).join('');
}

function widthOf(cell: Cell): number {
  return cell.reduce((sum, s) => sum + displayWidth(s.text), 0);
}

function valueCell(kpi: KpiResult, cell: GridCell): Cell {
  const row = cell.row;
  if (!row) return [];
  if (row.value === null) return [{ text: NULL_TEXT, style: 'dim' }];
  const flag: Cell = isSmallSample(row) ? [{ text: ' †', style: 'yellow' }] : [];
  // A value from too small a sample is dimmed and marked †.
  const spans: Cell = [
    { text: escapeTerminal(formatKpiValue(kpi, row.value)), style: isSmallSample(row) ? 'dim' : undefined },
  ];
  if (!cell.latest) return [...spans, ...flag];
  if (row.ci_low !== undefined && row.ci_low !== null && row.ci_high !== undefined && row.ci_high !== null) {
    spans.push({
      text: ` [${escapeTerminal(formatKpiValue(kpi, row.ci_low))} – ${escapeTerminal(formatKpiValue(kpi, row.ci_high))}]`,
      style: 'dim',
    });
  }
  const change = formatChange(kpi, row);
  if (change !== null) {
    const trend = changeTrend(kpi, row);
    // A change that is not significant is not coloured as news.
    const style =
      row.significant === false ? undefined : trend === 'good' ? 'green' : trend === 'bad' ? 'red' : undefined;
    spans.push({ text: ' ' }, { text: change, style });
    if (row.significant === true) spans.push({ text: ` ${l10n.t('sig.')}` });
    if (row.significant === false) spans.push({ text: ` ${l10n.t('n.s.')}`, style: 'dim' });
    const first = firstComparisonText(kpi);
    if (first !== null) spans.push({ text: ` ${first}`, style: 'dim' });
  }
  // Further comparisons (`compare: [previous, year_ago]`): `· ▲31 % vs a year ago`.
  for (const c of furtherComparisons(kpi, row)) {
    const style = c.trend === 'good' ? 'green' : c.trend === 'bad' ? 'red' : undefined;
    spans.push(
      { text: ' · ' },
      { text: c.change, style },
      ...(c.significant === null
        ? []
        : [{ text: significanceMark(c.significant), style: c.significant ? undefined : ('dim' as const) }]),
      { text: ` ${c.versus}`, style: 'dim' },
    );
  }
  spans.push(...flag);
  if (row.status === 'met') spans.push({ text: ' ' }, { text: '✓', style: 'green' });
  if (row.status === 'missed') spans.push({ text: ' ' }, { text: '✗', style: 'red' });
  return spans;
}

/** A grid's cells: the header, then one line per row. */
function gridCells(kpi: KpiResult, grid: Grid): Cell[][] {
  const header: Cell[] = [[{ text: grid.corner }], ...grid.columns.map((c) => [{ text: safe(c) }])];
  const body = grid.rows.map((r): Cell[] => [[{ text: safe(r.label) }], ...r.cells.map((c) => valueCell(kpi, c))]);
  return [header, ...body];
}

/** Lines of a table: columns padded to their widest cell (two spaces apart), a rule under the header. */
function tableLines(cells: Cell[][], color: boolean): string[] {
  const count = Math.max(...cells.map((r) => r.length));
  const widths = Array.from({ length: count }, (_, i) => Math.max(...cells.map((r) => (r[i] ? widthOf(r[i]) : 0))));
  const line = (row: Cell[]) =>
    row
      .map((c, i) => paint(c, color) + (i < row.length - 1 ? ' '.repeat(widths[i] - widthOf(c)) : ''))
      .join(GAP)
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join(GAP);
  return [line(cells[0]), color ? paint([{ text: rule, style: 'dim' }], true) : rule, ...cells.slice(1).map(line)];
}

function tableWidth(cells: Cell[][]): number {
  const count = Math.max(...cells.map((r) => r.length));
  let total = GAP.length * (count - 1);
  for (let i = 0; i < count; i++) total += Math.max(...cells.map((r) => (r[i] ? widthOf(r[i]) : 0)));
  return total;
}

function kpiHeader(kpi: KpiResult, layout: KpiLayout, color: boolean): string {
  const parts = [safe(kpi.type, 40), safe(kpi.period, 40)];
  const segments = layout.groups.flatMap((g) => (g.segment === null ? [] : [safe(g.segment)]));
  if (segments.length > 0) parts.push(l10n.t('by {0}', segments.join(', ')));
  const target = targetText(kpi);
  if (target !== null) parts.push(l10n.t('target {0}', escapeTerminal(target)));
  const title = paint([{ text: `${safe(kpi.title, 80)} (${safe(kpi.name, 40)})`, style: 'bold' }], color);
  return `${title} — ${parts.join(' · ')}`;
}

function kpiBlock(kpi: KpiResult, options: TableOptions): string[] {
  const color = options.color ?? false;
  const limit = options.width !== undefined && options.width > 0 ? options.width : DEFAULT_WIDTH;
  const layout = layoutKpi(kpi);
  const lines = [kpiHeader(kpi, layout, color)];
  if (kpi.description) lines.push(paint([{ text: safe(kpi.description, 200), style: 'dim' }], color));
  let grids = kpiGrids(layout);
  const series = grids.find((g) => g.kind === 'series');
  if (series && tableWidth(gridCells(kpi, series)) > limit) grids = kpiGrids(layout, { splitSeries: true });
  if (grids.length === 0) lines.push(paint([{ text: l10n.t('(no rows)'), style: 'dim' }], color));
  grids.forEach((grid, i) => {
    if (i > 0) lines.push('');
    if (grid.caption !== null) lines.push(l10n.t('{0}:', safe(grid.caption)));
    lines.push(...tableLines(gridCells(kpi, grid), color));
  });
  const notes = uncertaintyNotes(kpi);
  if (notes.length > 0) lines.push(...notes.map((n) => paint([{ text: n, style: 'dim' }], color)));
  return lines;
}

/** The legend of intervals and change tests, and the cells below min_sample (at most 6 named). */
function uncertaintyNotes(kpi: KpiResult): string[] {
  if (kpi.confidence === undefined) return [];
  const notes = [
    l10n.t(
      '[low – high]: {0} confidence interval; sig. / n.s.: the change is / is not significant at p < {1}',
      confidenceText(kpi),
      formatPlain(Number((1 - kpi.confidence).toPrecision(6))),
    ),
  ];
  const below = belowMinSampleRows(kpi);
  if (below.length > 0) {
    notes.push(
      belowMinSampleNote(
        kpi,
        below.map((b) => safe(b, 80)),
      ),
    );
  }
  return notes;
}

function diagnosticLine(d: ResultDiagnostic, color: boolean): string {
  const style: Style | undefined = d.severity === 'error' ? 'red' : d.severity === 'warning' ? 'yellow' : undefined;
  const severity = paint([{ text: escapeTerminal(d.severity), style }], color);
  return `${escapeTerminal(d.file)}:${d.line}:${d.column}: ${severity}: ${escapeTerminal(d.message)} [${escapeTerminal(d.code)}]`;
}

/** The run's result as a terminal report, ending with a newline. */
export function renderTable(result: RunResult, options: TableOptions = {}): string {
  const color = options.color ?? false;
  const title = reportHeading(
    result.title !== undefined ? safe(result.title, 80) : l10n.t('KPI report'),
    safe(formatDate(result.as_of)),
  );
  const lines = [paint([{ text: title, style: 'bold' }], color)];
  if (result.kpis.length === 0) lines.push('', l10n.t('No KPI results.'));
  for (const kpi of result.kpis) lines.push('', ...kpiBlock(kpi, options));
  if (result.diagnostics.length > 0) {
    lines.push('', paint([{ text: l10n.t('Diagnostics'), style: 'bold' }], color));
    for (const d of result.diagnostics) lines.push(diagnosticLine(d, color));
  }
  if (result.stamp !== undefined) lines.push('', stampText(result.stamp));
  return `${lines.join('\n')}\n`;
}
