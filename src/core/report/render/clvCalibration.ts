// A predictive clv's back-test calibration in the reports (the plot lifetimes users know:
// plot_calibration_purchases_vs_holdout_purchases): per calibration frequency bucket, the
// mean predicted and actual purchase days in the holdout. The words and table cells here;
// calibrationHtml draws it for the HTML export's static part (a table and an inline SVG, no
// style attribute, every text escaped); the report view draws the same model with Chart.js.
import * as l10n from '../../l10n/l10n';
import { formatPlain } from '../formatValue';
import type { ClvBacktestReport } from '../resultModel';
import { escapeHtml as esc } from './escape';

export interface CalibrationView {
  caption: string;
  /** `0`, `1`, …, `7+`. */
  labels: string[];
  predicted: number[];
  actual: number[];
  headings: string[];
  rows: string[][];
}

const two = (n: number) => formatPlain(Math.round(n * 100) / 100);

export function calibrationView(title: string, bt: ClvBacktestReport): CalibrationView | null {
  const buckets = bt.calibration ?? [];
  if (buckets.length === 0) return null;
  const labels = buckets.map((b) => (b.or_more ? `${b.frequency}+` : String(b.frequency)));
  return {
    caption: l10n.t(
      '{0}: predicted and actual purchases from {1} to {2}, by purchases before',
      title,
      bt.calibration_end,
      bt.holdout_end,
    ),
    labels,
    predicted: buckets.map((b) => b.predicted),
    actual: buckets.map((b) => b.actual),
    headings: [
      l10n.t('Repeat purchases before {0}', bt.calibration_end),
      l10n.t('Customers'),
      l10n.t('Predicted (mean)'),
      l10n.t('Actual (mean)'),
    ],
    rows: buckets.map((b, i) => [labels[i], String(b.customers), two(b.predicted), two(b.actual)]),
  };
}

const W = 480;
const H = 200;
const L = 40;
const R = 12;
const T = 10;
const B = 28;

export function calibrationHtml(title: string, bt: ClvBacktestReport, id: string): string {
  const view = calibrationView(title, bt);
  if (!view) return '';
  const top = Math.max(0.1, ...view.predicted, ...view.actual) * 1.1;
  const x = (i: number) => L + (W - L - R) * (view.labels.length === 1 ? 0.5 : i / (view.labels.length - 1));
  const y = (v: number) => T + (H - T - B) * (1 - v / top);
  const f = (n: number) => (Math.round(n * 10) / 10).toString();
  const line = (values: number[], cls: string) =>
    `<path class="${cls}" d="${values.map((v, i) => `${i === 0 ? 'M' : 'L'}${f(x(i))} ${f(y(v))}`).join(' ')}"/>`;
  const svg = [
    `<svg class="km" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${esc(id)}-t">`,
    `<title id="${esc(id)}-t">${esc(view.caption)}</title>`,
    `<line class="axis" x1="${L}" x2="${W - R}" y1="${f(y(0))}" y2="${f(y(0))}"/>`,
    ...[0, top / 2, top].map((v) => `<text x="${L - 6}" y="${f(y(v) + 4)}" text-anchor="end">${esc(two(v))}</text>`),
    ...view.labels.map(
      (label, i) => `<text x="${f(x(i))}" y="${H - B + 16}" text-anchor="middle">${esc(label)}</text>`,
    ),
    line(view.actual, 'c0'),
    line(view.predicted, 'c1 predicted'),
    '</svg>',
  ].join('\n');
  const head = `<tr>${view.headings.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr>`;
  const body = view.rows
    .map(
      (r) =>
        `<tr><th scope="row">${esc(r[0])}</th>${r
          .slice(1)
          .map((c) => `<td>${esc(c)}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  return [
    `<figure>${svg}<figcaption class="meta"><span class="swatch c0"></span>${esc(l10n.t('actual'))} <span class="swatch c1"></span>${esc(l10n.t('predicted'))} · ${esc(view.caption)}</figcaption></figure>`,
    `<div class="scroll"><table><caption>${esc(view.caption)}</caption><thead>${head}</thead><tbody>\n${body}\n</tbody></table></div>`,
  ].join('\n');
}
