// A survival KPI in the HTML export's static part: each segment's Kaplan–Meier curve at the
// latest period end as a step line in an inline SVG (no script, no style attribute: colours by
// class from the page's stylesheet, SURVIVAL_STYLE), a dashed line at S = 50 %, and the median
// lifetimes in words under it. Every text goes through escapeHtml; numbers are ours.
import * as l10n from '../../l10n/l10n';
import { formatPercentFigure } from '../formatValue';
import type { SurvivalReport } from '../resultModel';
import { escapeHtml as esc } from './escape';
import { medianText, stepPoints, survivalCountsText, survivalSegmentLabel } from './survivalText';

const WIDTH = 640;
const HEIGHT = 260;
const LEFT = 48;
const RIGHT = 16;
const TOP = 12;
const BOTTOM = 32;
/** How many curves get their own colour (the next ones reuse them). */
const COLOURS = 6;

/** The stylesheet of the curves (added to the page's hashed <style>). */
export const SURVIVAL_STYLE = `
.km { max-width: 100%; height: auto; }
.km .axis { stroke: var(--border); stroke-width: 1; }
.km .half { stroke: var(--muted); stroke-dasharray: 4 4; stroke-width: 1; }
.km text { fill: var(--muted); font-size: 11px; }
.km path { fill: none; stroke-width: 2; }
.km .c0 { stroke: #3884f4; } .km .c1 { stroke: #e8590c; } .km .c2 { stroke: #2f9e44; }
.km .c3 { stroke: #ae3ec9; } .km .c4 { stroke: #c92a2a; } .km .c5 { stroke: #868e96; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
.swatch.c0 { background: #3884f4; } .swatch.c1 { background: #e8590c; } .swatch.c2 { background: #2f9e44; }
.swatch.c3 { background: #ae3ec9; } .swatch.c4 { background: #c92a2a; } .swatch.c5 { background: #868e96; }
ul.km-legend { list-style: none; padding-left: 0; }
.km .predicted { stroke-dasharray: 6 4; }
`;

/** A round step for the time axis: 1, 2, 5 × 10^k, about 5 ticks. */
function tickStep(max: number): number {
  const raw = Math.max(1, max / 5);
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
}

const fixed = (n: number) => (Math.round(n * 10) / 10).toString();

export function survivalHtml(report: SurvivalReport, title: string, id: string): string {
  const maxT = Math.max(1, ...report.segments.flatMap((s) => s.curve.map((p) => p.t)));
  const x = (t: number) => LEFT + ((WIDTH - LEFT - RIGHT) * t) / maxT;
  const y = (s: number) => TOP + (HEIGHT - TOP - BOTTOM) * (1 - s);
  const caption = l10n.t('{0}: survival curve at {1}', title, report.at);
  const parts: string[] = [
    `<figure><svg class="km" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${esc(id)}-t">`,
    `<title id="${esc(id)}-t">${esc(caption)}</title>`,
  ];
  for (const s of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(
      `<line class="${s === 0.5 ? 'half' : 'axis'}" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${fixed(y(s))}" y2="${fixed(y(s))}"/>`,
      `<text x="${LEFT - 6}" y="${fixed(y(s) + 4)}" text-anchor="end">${esc(formatPercentFigure(s * 100))}</text>`,
    );
  }
  const step = tickStep(maxT);
  for (let t = 0; t <= maxT; t += step)
    parts.push(`<text x="${fixed(x(t))}" y="${HEIGHT - BOTTOM + 16}" text-anchor="middle">${t}</text>`);
  parts.push(
    `<text x="${WIDTH - RIGHT}" y="${HEIGHT - 2}" text-anchor="end">${esc(l10n.t('days since start'))}</text>`,
  );
  report.segments.forEach((seg, i) => {
    const points = stepPoints(seg);
    if (points.length < 2) return;
    const d = points.map((p, j) => `${j === 0 ? 'M' : 'L'}${fixed(x(p.t))} ${fixed(y(p.s))}`).join(' ');
    parts.push(
      `<path class="c${i % COLOURS}" d="${d}"><title>${esc(survivalSegmentLabel(seg.segment))}</title></path>`,
    );
  });
  parts.push('</svg>', `<figcaption class="meta">${esc(caption)}</figcaption></figure>`);
  const legend = report.segments.map(
    (seg, i) =>
      `<li><span class="swatch c${i % COLOURS}"></span><strong>${esc(survivalSegmentLabel(seg.segment))}</strong>: ${esc(medianText(report, seg))} · <span class="meta">${esc(survivalCountsText(report, seg))}</span></li>`,
  );
  parts.push(`<ul class="km-legend">${legend.join('\n')}</ul>`);
  return parts.join('\n');
}
