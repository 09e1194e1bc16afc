// `kpilens run --format html` and the editor's Export: one self-contained HTML file that opens
// offline. It holds the report webview's own bundle (script and stylesheet inlined) and the
// run's result in a JSON data island, so the page shows the same dashboard as the editor's
// report view; and, for readers without scripts, the same figures as static HTML — per KPI a
// card with the latest value, the change (green when it is good news for the KPI's
// direction), the target status and its tables (<caption>, <th scope>), cohort cells
// heat-coloured — which the script hides. No external resource; a strict
// Content-Security-Policy that allows exactly the inlined script and styles by their SHA-256.
// Every data text goes through escapeHtml (static part) or DOM text nodes (dashboard).
import { createHash } from 'crypto';
import { APP_ELEMENT_ID, DATA_ISLAND_ID, STATIC_ELEMENT_ID } from '../viewProtocol';
import type { ReportPayload } from '../viewProtocol';
import { viewLocale } from '../viewProtocol';
import type { ViewLocale } from '../viewProtocol';
import type { L10nBundle } from '../../l10n/l10n';
import type { KpiResult, ResultDiagnostic, ResultRow, RunResult } from '../resultModel';
import { escapeHtml } from './escape';
import { gridCaption, heatShare, kpiGrids } from './grids';
import type { Grid, GridCell } from './grids';
import {
  belowMinSampleText,
  compareText,
  formatChange,
  formatKpiValue,
  headlineOf,
  intervalText,
  significanceText,
  targetText,
  changeTrend,
} from './kpiText';
import { layoutKpi } from './layout';
import type { KpiLayout } from './layout';
import { loadReportAssets } from './reportAssets';
import type { ReportAssets } from './reportAssets';
import { stampText } from '../stamp';
import * as l10n from '../../l10n/l10n';
import { formatDate } from '../formatValue';
import { reportHeading } from './reportWords';
import { firstComparisonText, furtherComparisons, significanceMark } from './comparisonText';
import { SURVIVAL_STYLE, survivalHtml } from './survivalSvg';
import { calibrationHtml } from './clvCalibration';

const esc = escapeHtml;

/** The heat colour of cohort cells (a blue that reads on light and dark backgrounds). */
const HEAT_RGB = '56, 132, 244';
/** Cohort cells are coloured in steps of 5 % opacity up to 75 %: classes heat-0 … heat-15 (no style attributes, which the CSP forbids). */
const HEAT_STEPS = 15;
const HEAT_STYLE = Array.from(
  { length: HEAT_STEPS },
  (_, i) => `.heat-${i + 1} { background-color: rgba(${HEAT_RGB}, ${((i + 1) * 0.05).toFixed(2)}); }`,
).join('\n');

export interface HtmlOptions {
  /** The webview bundle to inline; default: the built one (dist/webview); null: the static report only. */
  assets?: ReportAssets | null;
  /** The KPI file the report comes from, as the header shows it. */
  file?: string;
}

/** `'sha256-…'`: a CSP source that allows exactly this inline script or style. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The page's Content-Security-Policy: nothing loads; only these inline styles and scripts run. */
export function htmlCsp(styles: string[], scripts: string[]): string {
  return [
    "default-src 'none'",
    `style-src ${styles.map(cspHash).join(' ')}`,
    ...(scripts.length > 0 ? [`script-src ${scripts.map(cspHash).join(' ')}`] : []),
    'img-src data:',
  ].join('; ');
}

/** Text safe inside <script>…</script>: no `</script` or `<!--` can end or bend the element. */
function scriptText(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** JSON safe inside a <script type="application/json"> element (no `<`, no line separators raw). */
export function jsonIsland(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --card: #f6f8fa; --border: #d1d9e0; --good: #1a7f37; --bad: #cf222e; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --card: #151b23; --border: #3d444d; --good: #3fb950; --bad: #f85149; }
}
* { box-sizing: border-box; }
body { margin: 0; padding: 24px; background: var(--bg); color: var(--fg); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header, main, footer { max-width: 1100px; margin: 0 auto; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
h2 { font-size: 1.2em; margin: 0; }
.asof, .meta, .null { color: var(--muted); }
.kpi { background: var(--card); border: 1px solid var(--border); border-radius: 8px; padding: 16px; margin: 16px 0; }
.meta { margin: 2px 0 8px; font-size: 0.9em; }
.description { margin: 0 0 8px; }
.headline { margin: 8px 0 12px; }
.headline .value { font-size: 1.8em; font-weight: 600; margin-right: 8px; }
.good, .met { color: var(--good); }
.bad, .missed { color: var(--bad); }
.scroll { overflow-x: auto; margin: 8px 0; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border-bottom: 1px solid var(--border); padding: 4px 10px; white-space: nowrap; }
thead th { text-align: right; }
thead th:first-child, tbody th { text-align: left; }
td { text-align: right; }
ul.diagnostics { padding-left: 20px; }
.error { color: var(--bad); }
.small-sample { color: var(--muted); font-style: italic; }
td.small-sample { outline: 1px dashed var(--muted); outline-offset: -3px; }
.ci, .significance { color: var(--muted); font-size: 0.9em; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
`;

function changeSpan(kpi: KpiResult, row: ResultRow): string {
  const text = formatChange(kpi, row);
  if (text === null) return '';
  // A change that is not significant is not coloured as news.
  const trend = row.significant === false ? 'flat' : changeTrend(kpi, row);
  return `<span class="change ${trend ?? 'flat'}">${esc(text)}</span>`;
}

function statusSpan(status: string | null): string {
  if (status === 'met') return `<span class="met" title="${esc(l10n.t('target met'))}">✓</span>`;
  if (status === 'missed') return `<span class="missed" title="${esc(l10n.t('target missed'))}">✗</span>`;
  return '';
}

/** A cohort cell's heat class: its share of 1 for a percent KPI, else of the grid's largest value, in HEAT_STEPS steps. */
function heatClass(value: number | null, max: number, percent: boolean): string {
  const share = heatShare(value, max, percent);
  const step = share === null ? 0 : Math.round(share * HEAT_STEPS);
  return step > 0 ? `heat-${step}` : '';
}

function cellHtml(kpi: KpiResult, grid: Grid, cell: GridCell, max: number): string {
  const row = cell.row;
  if (!row) return '<td></td>';
  // Below min_sample: muted (AA contrast, no heat fill), with "n = 12, below 30" as its title (and † for readers without hover).
  const below = belowMinSampleText(kpi, row);
  const heatName = grid.kind === 'cohort' && below === null ? heatClass(row.value, max, kpi.format === 'percent') : '';
  const flag = below !== null ? ` title="${esc(below)}"` : '';
  if (row.value === null) return '<td class="null">—</td>';
  const parts = [esc(formatKpiValue(kpi, row.value))];
  if (cell.latest) {
    const interval = intervalText(kpi, row);
    if (interval !== null)
      parts.push(
        `<span class="ci" title="${esc(interval)}">[${esc(formatKpiValue(kpi, row.ci_low ?? null))} – ${esc(formatKpiValue(kpi, row.ci_high ?? null))}]</span>`,
      );
    const change = changeSpan(kpi, row);
    if (change) parts.push(change);
    const significance = significanceText(row);
    if (significance !== null)
      parts.push(
        `<span class="significance" title="${esc(significance)}">${esc(row.significant ? l10n.t('sig.') : l10n.t('n.s.'))}</span>`,
      );
    // With several comparisons, each says what it compares with (the first one too).
    const first = change ? firstComparisonText(kpi) : null;
    if (first !== null) parts.push(`<span class="meta">${esc(first)}</span>`);
    for (const c of furtherComparisons(kpi, row))
      parts.push(
        `<span class="change ${c.trend ?? 'flat'}" title="${esc(c.versus)}">${esc(`${c.change}${significanceMark(c.significant)} ${c.versus}`)}</span>`,
      );
    const status = statusSpan(row.status);
    if (status) parts.push(status);
  }
  if (below !== null) parts.push('†');
  const classes = [heatName, below !== null ? 'small-sample' : ''].filter((c) => c !== '').join(' ');
  return `<td${classes ? ` class="${classes}"` : ''}${flag}>${parts.join(' ')}</td>`;
}

function gridHtml(kpi: KpiResult, grid: Grid): string {
  const values = grid.rows
    .flatMap((r) => r.cells.map((c) => c.row?.value ?? null))
    .filter((v): v is number => v !== null && Number.isFinite(v));
  const max = values.length > 0 ? Math.max(...values) : 0;
  const head = `<tr><th scope="col">${esc(grid.corner)}</th>${grid.columns.map((c) => `<th scope="col">${esc(c)}</th>`).join('')}</tr>`;
  const body = grid.rows
    .map(
      (r) => `<tr><th scope="row">${esc(r.label)}</th>${r.cells.map((c) => cellHtml(kpi, grid, c, max)).join('')}</tr>`,
    )
    .join('\n');
  return [
    '<div class="scroll"><table>',
    `<caption>${esc(gridCaption(kpi.title, grid))}</caption>`,
    `<thead>${head}</thead>`,
    `<tbody>\n${body}\n</tbody>`,
    '</table></div>',
  ].join('\n');
}

function headlineHtml(kpi: KpiResult, layout: KpiLayout): string {
  const headline = headlineOf(layout);
  const parts: string[] = [];
  if (headline) {
    parts.push(`<span class="value">${esc(formatKpiValue(kpi, headline.row.value))}</span>`);
    // The period first, so the change reads "▲22.5 % vs previous period" on its own.
    parts.push(`<span class="meta">${esc(headline.label)}</span>`);
    if (headline.row.day === undefined) {
      const change = changeSpan(kpi, headline.row);
      const versus = compareText(kpi);
      if (change) parts.push(`${change}${versus !== null ? ` <span class="meta">${esc(versus)}</span>` : ''}`);
      const significance = significanceText(headline.row);
      if (significance !== null) parts.push(`<span class="significance">${esc(significance)}</span>`);
      // Further comparisons (`compare: [previous, year_ago]`), each with its own colour.
      for (const c of furtherComparisons(kpi, headline.row))
        parts.push(
          `<span class="change ${c.trend ?? 'flat'}">${esc(c.change)}</span> <span class="meta">${esc(c.versus)}</span>` +
            (c.significance !== null ? ` <span class="significance">${esc(c.significance)}</span>` : ''),
        );
    }
    const interval = intervalText(kpi, headline.row);
    if (interval !== null) parts.push(`<span class="ci">${esc(interval)}</span>`);
    const below = belowMinSampleText(kpi, headline.row);
    if (below !== null) parts.push(`<span class="small-sample">⚠ ${esc(below)}</span>`);
  }
  const target = targetText(kpi);
  if (target !== null) {
    const status = headline?.row.status ?? null;
    const words =
      status === 'met'
        ? l10n.t('✓ target met: {0}', target)
        : status === 'missed'
          ? l10n.t('✗ target missed: {0}', target)
          : l10n.t('target {0}', target);
    parts.push(`<span class="target${status ? ` ${status}` : ''}">${esc(words)}</span>`);
  }
  return parts.length > 0 ? `<p class="headline">${parts.join(' ')}</p>` : '';
}

function kpiHtml(kpi: KpiResult, index: number): string {
  const layout = layoutKpi(kpi);
  const segments = layout.groups.flatMap((g) => (g.segment === null ? [] : [g.segment]));
  const meta = [
    kpi.name,
    kpi.type,
    kpi.period,
    ...(segments.length > 0 ? [l10n.t('by {0}', segments.join(', '))] : []),
  ].join(' · ');
  const grids = kpiGrids(layout);
  const id = `kpi-${index + 1}`;
  return [
    `<section class="kpi" aria-labelledby="${id}">`,
    `<h2 id="${id}">${esc(kpi.title)}</h2>`,
    `<p class="meta">${esc(meta)}</p>`,
    kpi.description ? `<p class="description">${esc(kpi.description)}</p>` : '',
    headlineHtml(kpi, layout),
    kpi.survival ? survivalHtml(kpi.survival, kpi.title, `${id}-km`) : '',
    kpi.model?.backtest ? calibrationHtml(kpi.title, kpi.model.backtest, `${id}-cal`) : '',
    ...(grids.length > 0 ? grids.map((g) => gridHtml(kpi, g)) : [`<p class="null">${esc(l10n.t('No rows.'))}</p>`]),
    '</section>',
  ]
    .filter((l) => l !== '')
    .join('\n');
}

function diagnosticHtml(d: ResultDiagnostic): string {
  return `<li class="${esc(d.severity)}"><code>${esc(`${d.file}:${d.line}:${d.column}`)}</code>: ${esc(d.severity)}: ${esc(d.message)} <code>[${esc(d.code)}]</code></li>`;
}

/** The view's locale for an export: the translations of the texts the view shows (all of them when the build did not list those). */
function exportLocale(assets: ReportAssets): ViewLocale {
  const { locale, l10n: bundle } = viewLocale();
  if (locale === undefined || bundle === undefined) return {};
  if (assets.l10nKeys === undefined) return { locale, l10n: bundle };
  const needed: L10nBundle = {};
  for (const key of assets.l10nKeys) if (bundle[key] !== undefined) needed[key] = bundle[key];
  return { locale, l10n: needed };
}

/** The run's result as one self-contained HTML document, ending with a newline. */
export function renderHtml(result: RunResult, options: HtmlOptions = {}): string {
  const assets = options.assets === undefined ? loadReportAssets() : options.assets;
  const title = result.title ?? l10n.t('KPI report');
  const asOf = formatDate(result.as_of);
  // "As of {0}" around the <time> element: the sentence is translated whole, the element put in its place.
  const [asOfBefore, asOfAfter] = l10n.t('As of {0}', '\u0000').split('\u0000');
  const style = `${STYLE}${HEAT_STYLE}${SURVIVAL_STYLE}\n`;
  const styles = assets ? [style, assets.style] : [style];
  const script = assets ? scriptText(assets.script) : undefined;
  const lines = [
    '<!DOCTYPE html>',
    `<html lang="${esc(l10n.displayLocale())}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${htmlCsp(styles, script !== undefined ? [script] : [])}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${esc(reportHeading(title, asOf))}</title>`,
    ...styles.map((s) => `<style>${s}</style>`),
    '</head>',
    '<body>',
    ...(assets ? [`<div id="${APP_ELEMENT_ID}"></div>`] : []),
    `<div id="${STATIC_ELEMENT_ID}">`,
    '<header>',
    `<h1>${esc(title)}</h1>`,
    `<p class="asof">${options.file ? `<code>${esc(options.file)}</code> · ` : ''}${esc(asOfBefore)}<time datetime="${esc(result.as_of)}">${esc(asOf)}</time>${esc(asOfAfter ?? '')}</p>`,
    '</header>',
    '<main>',
    ...(result.kpis.length > 0 ? result.kpis.map(kpiHtml) : [`<p class="null">${esc(l10n.t('No KPI results.'))}</p>`]),
    '</main>',
  ];
  if (result.diagnostics.length > 0) {
    lines.push(
      '<footer>',
      `<h2>${esc(l10n.t('Diagnostics'))}</h2>`,
      '<ul class="diagnostics">',
      ...result.diagnostics.map(diagnosticHtml),
      '</ul>',
      '</footer>',
    );
  }
  if (result.stamp !== undefined) lines.push(`<footer><p class="stamp">${esc(stampText(result.stamp))}</p></footer>`);
  lines.push('</div>');
  if (assets && script !== undefined) {
    // Not in English: the view takes the display locale and its translations from the island too.
    const payload: ReportPayload = { file: options.file ?? '', result, ...exportLocale(assets) };
    lines.push(
      `<script type="application/json" id="${DATA_ISLAND_ID}">${jsonIsland(payload)}</script>`,
      `<script>${script}</script>`,
    );
  }
  lines.push('</body>', '</html>');
  return `${lines.join('\n')}\n`;
}
