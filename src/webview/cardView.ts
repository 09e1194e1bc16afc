// One KPI card in the DOM: title (a button revealing the definition when a host listens),
// meta line, headline with change arrow and target badge, segment switch, charts and the
// tables behind them, cohort heatmaps. Reads only the card model (core/report/dashboard).
import type { Chart } from 'chart.js';
import type { CardTable, CohortHeatmap, KpiCard } from '../core/report/dashboard/kpiCard';
import type { KpiResult } from '../core/report/resultModel';
import { formatKpiValue } from '../core/report/render/kpiText';
import { formatAxisValue } from '../core/report/dashboard/axisValue';
import { barsHeight, drawBreakdown, drawFunnel, drawTrend } from './charts';
import { drawSurvival } from './survivalChart';
import { drawCalibration } from './calibrationChart';
import { h, scrollBox, select } from './dom';
import type { ChartTheme } from './theme';
import * as l10n from '../core/l10n/l10n';

export interface CardActions {
  /** Present when a host can reveal the KPI's definition. */
  reveal?: (kpi: string) => void;
  chooseSegment: (kpi: string, segment: string) => void;
  /** Present in the editor when the file has score segments: lists the customers of one of their values. */
  /** Links under a score segment's bars; `at`: the date the customers are scored at. */
  customers?: { segments: readonly string[]; at?: string; list: (segment: string, value: string) => void };
}

export interface CardView {
  element: HTMLElement;
  /** Draws the charts: call once the element is in the document. */
  draw(theme: ChartTheme): Chart[];
}

function statusBadge(status: string | null, text: string): HTMLElement {
  const words =
    status === 'met'
      ? l10n.t('✓ target met: {0}', text)
      : status === 'missed'
        ? l10n.t('✗ target missed: {0}', text)
        : l10n.t('target {0}', text);
  return h(
    'span',
    { class: `kl-target${status ? ` kl-${status}` : ''}`, attrs: { 'data-status': status ?? 'none' } },
    words,
  );
}

function tableView(table: CardTable): HTMLElement {
  return h(
    'div',
    scrollBox(table.caption),
    h(
      'table',
      { class: 'kl-table' },
      h('caption', {}, table.caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { attrs: { scope: 'col' } }, table.corner),
          ...table.columns.map((c) => h('th', { attrs: { scope: 'col' } }, c)),
        ),
      ),
      h(
        'tbody',
        {},
        ...table.rows.map((r) =>
          h(
            'tr',
            {},
            h('th', { attrs: { scope: 'row' } }, r.label),
            ...r.cells.map((c) =>
              h(
                'td',
                // Below min_sample: greyed, "n = 12, below 30" as its title, † for readers without hover.
                {
                  class: [c.text === '—' ? 'kl-null' : '', c.smallSample ? 'kl-small-sample' : '']
                    .filter((x) => x)
                    .join(' '),
                  attrs: c.smallSample ? { title: c.smallSample } : {},
                },
                c.text,
                c.interval ? h('span', { class: 'kl-ci' }, ` ${c.interval}`) : null,
                c.changeText ? h('span', { class: `kl-change kl-${c.trend ?? 'flat'}` }, ` ${c.changeText}`) : null,
                c.significance
                  ? h(
                      'span',
                      { class: 'kl-significance', attrs: { title: c.significance.text } },
                      ` ${c.significance.short}`,
                    )
                  : null,
                c.smallSample ? ' †' : null,
                c.status === 'met'
                  ? h('span', { class: 'kl-met', attrs: { title: l10n.t('target met') } }, ' ✓')
                  : null,
                c.status === 'missed'
                  ? h('span', { class: 'kl-missed', attrs: { title: l10n.t('target missed') } }, ' ✗')
                  : null,
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

/** `Retention by cohort and day`, or for a survival KPI `Lifetime: survival at each day, by period end`. */
function heatmapTitle(card: KpiCard): string {
  return card.survival
    ? l10n.t('{0}: survival at each day, by period end', card.title)
    : l10n.t('{0} by cohort and day', card.title);
}

function heatmapView(card: KpiCard, map: CohortHeatmap): HTMLElement {
  const table = h(
    'table',
    { class: 'kl-table kl-heatmap' },
    h('caption', {}, `${heatmapTitle(card)} — ${map.caption}`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { attrs: { scope: 'col' } }, card.survival ? l10n.t('Period end') : l10n.t('Cohort')),
        ...map.days.map((d) => h('th', { attrs: { scope: 'col' } }, d)),
      ),
    ),
    h(
      'tbody',
      {},
      ...map.rows.map((r) =>
        h(
          'tr',
          {},
          h('th', { attrs: { scope: 'row' } }, r.label),
          ...r.cells.map((c) => {
            const td = h(
              'td',
              {
                class: [c.value === null ? 'kl-null' : '', c.smallSample ? 'kl-small-sample' : '']
                  .filter((x) => x)
                  .join(' '),
                attrs: c.smallSample ? { title: c.smallSample } : {},
              },
              c.value === null ? '' : c.text,
              c.smallSample ? ' †' : null,
            );
            // CSSOM, not a style attribute: allowed by the strict CSP.
            // Below min_sample: no heat fill (see .kl-small-sample), so its text keeps the contrast of the card.
            if (c.share !== null && !c.smallSample) {
              // At most 60 % of the heat colour, and the text in --kl-heat-fg: WCAG AA on every fill.
              td.style.backgroundColor = `color-mix(in srgb, var(--kl-heat) ${Math.round(c.share * 60)}%, transparent)`;
              td.classList.add('kl-heat');
            }
            return td;
          }),
        ),
      ),
    ),
  );
  return h('div', scrollBox(`${heatmapTitle(card)} — ${map.caption}`), table);
}

function chartBox(label: string, height: number): { box: HTMLElement; canvas: HTMLCanvasElement } {
  const canvas = h('canvas', { attrs: { role: 'img', 'aria-label': label } });
  const box = h('div', { class: 'kl-chart' }, canvas);
  box.style.height = `${height}px`;
  return { box, canvas };
}

export function cardView(kpi: KpiResult, card: KpiCard, actions: CardActions): CardView {
  const format = (v: number | null) => formatKpiValue(kpi, v);
  const formats = { full: format, axis: (v: number | null) => formatAxisValue(kpi, v) };
  const titleId = `kl-title-${card.name}`;
  const title = actions.reveal
    ? h(
        'button',
        {
          class: 'kl-reveal',
          attrs: { type: 'button', title: l10n.t('Show the definition in the editor') },
          on: { click: () => actions.reveal?.(card.name) },
        },
        card.title,
      )
    : card.title;
  const headline = card.headline;
  const section = h(
    'section',
    { class: 'kl-card', attrs: { 'aria-labelledby': titleId, 'data-kpi': card.name } },
    h('h2', { class: 'kl-card-title', attrs: { id: titleId } }, title),
    h(
      'p',
      { class: 'kl-meta' },
      card.meta,
      card.owner ? ` · ${l10n.t('owner {0}', card.owner)}` : '',
      ...card.tags.map((t) => h('span', { class: 'kl-tag' }, t)),
    ),
    card.description ? h('p', { class: 'kl-description' }, card.description) : null,
    h(
      'p',
      { class: 'kl-headline' },
      headline
        ? h(
            'span',
            {
              class: `kl-value${headline.smallSample ? ' kl-small-sample' : ''}`,
              attrs: {
                'data-value': headline.value === null ? '' : String(headline.value),
                ...(headline.smallSample ? { title: headline.smallSample } : {}),
              },
            },
            headline.text,
          )
        : h('span', { class: 'kl-value kl-null' }, '—'),
      headline?.interval ? h('span', { class: 'kl-ci' }, headline.interval) : null,
      headline ? h('span', { class: 'kl-period' }, headline.label) : null,
      headline?.changeText
        ? h(
            'span',
            { class: `kl-change kl-${headline.trend ?? 'flat'}`, attrs: { 'data-trend': headline.trend ?? 'flat' } },
            headline.changeText,
          )
        : null,
      headline?.versus && headline.changeText ? h('span', { class: 'kl-period' }, headline.versus) : null,
      headline?.significance && headline.changeText
        ? h(
            'span',
            { class: 'kl-significance', attrs: { 'data-significant': String(headline.significant) } },
            headline.significance,
          )
        : null,
      ...(headline?.more ?? []).flatMap((m) => [
        h(
          'span',
          { class: `kl-change kl-${m.trend ?? 'flat'}`, attrs: { 'data-trend': m.trend ?? 'flat' } },
          m.changeText,
        ),
        h('span', { class: 'kl-period' }, m.versus),
        m.significance
          ? h(
              'span',
              { class: 'kl-significance', attrs: { 'data-significant': String(m.significant) } },
              m.significance,
            )
          : null,
      ]),
      headline?.smallSample ? h('span', { class: 'kl-small-sample-note' }, `⚠ ${headline.smallSample}`) : null,
      card.target ? statusBadge(card.target.status, card.target.text) : null,
    ),
  );
  if (card.segments.length > 1 && card.segment !== null) {
    section.appendChild(
      h(
        'div',
        { class: 'kl-card-tools' },
        select(
          l10n.t('Break down by'),
          card.segments.map((s) => [s, s]),
          card.segment,
          (s) => actions.chooseSegment(card.name, s),
        ),
      ),
    );
  }
  const pending: Array<(theme: ChartTheme) => Chart> = [];
  const charts = h('div', { class: 'kl-charts' });
  if (card.trend) {
    const trend = card.trend;
    const described = card.segment
      ? l10n.t('{0} by period, whole population and by {1}', card.title, card.segment)
      : l10n.t('{0} by period', card.title);
    const { box, canvas } = chartBox(
      trend.yearAgo ? l10n.t('{0}, with the line {1}', described, trend.yearAgo.label) : described,
      200,
    );
    charts.appendChild(
      h(
        'figure',
        { class: 'kl-figure' },
        box,
        trend.omitted > 0
          ? h(
              'figcaption',
              { class: 'kl-period' },
              l10n.t('{0} more value(s) of {1} in the table', trend.omitted, card.segment ?? ''),
            )
          : null,
      ),
    );
    const targets = [
      ...(kpi.target?.min !== undefined
        ? [{ label: l10n.t('target {0}', `≥ ${format(kpi.target.min)}`), value: kpi.target.min }]
        : []),
      ...(kpi.target?.max !== undefined
        ? [{ label: l10n.t('target {0}', `≤ ${format(kpi.target.max)}`), value: kpi.target.max }]
        : []),
    ];
    pending.push((theme) => drawTrend(canvas, trend, theme, formats, targets));
  }
  if (card.breakdown) {
    const breakdown = card.breakdown;
    const { box, canvas } = chartBox(
      l10n.t('{0} in {1} by {2}', card.title, breakdown.period, breakdown.segment),
      barsHeight(breakdown.bars.length),
    );
    charts.appendChild(
      h(
        'figure',
        { class: 'kl-figure' },
        box,
        h('figcaption', { class: 'kl-period' }, l10n.t('{0} by {1}', breakdown.period, breakdown.segment)),
        ...(actions.customers?.segments.includes(breakdown.segment)
          ? [customerLinks(breakdown, actions.customers.list, actions.customers.at)]
          : []),
      ),
    );
    pending.push((theme) => drawBreakdown(canvas, breakdown, theme, formats));
  }
  if (card.funnel) {
    const funnel = card.funnel;
    const { box, canvas } = chartBox(
      l10n.t('{0}: steps in {1}', card.title, funnel.period),
      barsHeight(funnel.steps.length),
    );
    charts.appendChild(
      h(
        'figure',
        { class: 'kl-figure' },
        box,
        h('figcaption', { class: 'kl-period' }, l10n.t('Steps in {0}', funnel.period)),
      ),
    );
    pending.push((theme) => drawFunnel(canvas, funnel, theme, formats));
  }
  if (card.survival) {
    const survival = card.survival;
    const { box, canvas } = chartBox(survival.caption, 260);
    charts.appendChild(
      h('figure', { class: 'kl-figure' }, box, h('figcaption', { class: 'kl-period' }, survival.caption)),
    );
    charts.appendChild(h('ul', { class: 'kl-meta' }, ...survival.notes.map((n) => h('li', {}, n))));
    pending.push((theme) => drawSurvival(canvas, survival, theme));
  }
  if (card.calibration) {
    const calibration = card.calibration;
    const { box, canvas } = chartBox(calibration.caption, 220);
    charts.appendChild(
      h('figure', { class: 'kl-figure' }, box, h('figcaption', { class: 'kl-period' }, calibration.caption)),
    );
    pending.push((theme) => drawCalibration(canvas, calibration, theme));
  }
  if (charts.childNodes.length > 0) section.appendChild(charts);
  if (card.cohorts.length > 0) {
    section.classList.add('kl-wide');
    section.appendChild(h('div', { class: 'kl-heatmaps' }, ...card.cohorts.map((map) => heatmapView(card, map))));
  }
  if (card.tables.length > 0) {
    section.appendChild(
      h(
        'details',
        { class: 'kl-tables' },
        h('summary', {}, card.tables.length > 1 ? l10n.t('Tables ({0})', card.tables.length) : l10n.t('Table')),
        ...card.tables.map(tableView),
      ),
    );
  }
  if (!card.headline && !card.trend && card.cohorts.length === 0 && !card.funnel && !card.survival)
    section.appendChild(h('p', { class: 'kl-null' }, l10n.t('No rows.')));
  return { element: section, draw: (theme) => pending.map((draw) => draw(theme)) };
}

/** Under a score segment's bars: one link per value, listing its customers (`KPI Lens: List customers`). */
function customerLinks(
  breakdown: { segment: string; bars: { label: string }[] },
  list: (segment: string, value: string) => void,
  at?: string,
): HTMLElement {
  const values = breakdown.bars.map((b) => b.label).filter((v) => v !== '(null)');
  return h(
    'p',
    { class: 'kl-period kl-customers' },
    at ? l10n.t('List customers at {0}:', at) : l10n.t('List customers:'),
    ...values.flatMap((v) => [
      ' ',
      h(
        'button',
        {
          class: 'kl-link',
          attrs: { type: 'button', title: l10n.t('List the customers of {0} = {1}', breakdown.segment, v) },
          on: { click: () => list(breakdown.segment, v) },
        },
        v,
      ),
    ]),
  );
}
