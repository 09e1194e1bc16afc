// "Compare with…" in the report view: the KPI file against its version at a git ref — each
// changed KPI's latest figure before → after with the difference, what changed in words (its
// own fields, then what it reads), the shared definitions that changed, and the problems of
// either version; then the top movers across every row, why they moved and the gates'
// verdict (core/diff/render/comparisonModel.ts). Words and figures come from the core's
// diff text helpers, as in `kpilens diff`.
import type { SpecDiff } from '../core/diff/specDiff';
import { changedKpis } from '../core/diff/specDiff';
import {
  definitionLines,
  definitionName,
  diagnosticText,
  diffDiagnostics,
  kpiChangeLines,
  stampsText,
  titleText,
  valueLines,
} from '../core/diff/render/diffText';
import { h, scrollBox } from './dom';
import { comparisonModel } from '../core/diff/render/comparisonModel';
import * as l10n from '../core/l10n/l10n';

export interface ComparisonView {
  element: HTMLElement;
  /** How many before → after lines it shows. */
  lines: number;
}

export function comparisonView(diff: SpecDiff, close: () => void): ComparisonView {
  const lines = diff.hasErrors ? [] : valueLines(diff);
  const changed = changedKpis(diff);
  const section = h(
    'section',
    { class: 'kl-comparison', attrs: { 'aria-labelledby': 'kl-comparison-title' } },
    h(
      'div',
      { class: 'kl-comparison-head' },
      h('h2', { attrs: { id: 'kl-comparison-title' } }, l10n.t('Compared with {0}', diff.base.label)),
      h(
        'button',
        { class: 'kl-button kl-secondary', attrs: { type: 'button' }, on: { click: close } },
        l10n.t('Close comparison'),
      ),
    ),
    h('p', { class: 'kl-meta' }, titleText(diff)),
  );
  if (diff.hasErrors)
    section.appendChild(
      h(
        'p',
        { class: 'kl-error' },
        l10n.t('A version has errors, so nothing was evaluated: fix them to see the numbers.'),
      ),
    );
  if (changed.length === 0 && diff.definitions.length === 0)
    section.appendChild(h('p', { class: 'kl-empty' }, l10n.t('No KPI changed.')));
  if (lines.length > 0) {
    // The Figure column (a retention day, a funnel step) only when some line has one.
    const figures = lines.some((l) => l.detail !== '');
    const headers = [
      l10n.t('KPI'),
      l10n.t('Change'),
      ...(figures ? [l10n.t('Figure')] : []),
      l10n.t('Period'),
      l10n.t('Before'),
      l10n.t('After'),
      l10n.t('Difference'),
    ];
    section.appendChild(
      h(
        'div',
        scrollBox(l10n.t('Latest figures before → after')),
        h(
          'table',
          { class: 'kl-table kl-comparison-table' },
          h('caption', {}, l10n.t('Latest figures before → after')),
          h('thead', {}, h('tr', {}, ...headers.map((c) => h('th', { attrs: { scope: 'col' } }, c)))),
          h(
            'tbody',
            {},
            ...lines.map((l) =>
              h(
                'tr',
                { attrs: { 'data-kpi': l.kpi } },
                h('th', { attrs: { scope: 'row' } }, l.kpi),
                h('td', { class: 'kl-left' }, l.change),
                figures ? h('td', { class: 'kl-left' }, l.detail) : null,
                h('td', { class: 'kl-left' }, l.period),
                h('td', {}, l.before),
                h('td', {}, l.after),
                h('td', { class: 'kl-difference' }, l.difference),
              ),
            ),
          ),
        ),
      ),
    );
  }
  const model = comparisonModel(diff);
  if (model.movers.rows.length > 0) {
    section.appendChild(
      h(
        'div',
        { class: 'kl-scroll' },
        h(
          'table',
          { class: 'kl-table kl-comparison-table kl-movers' },
          h('caption', {}, l10n.t('Top movers')),
          h('thead', {}, h('tr', {}, ...model.movers.headings.map((c) => h('th', { attrs: { scope: 'col' } }, c)))),
          h(
            'tbody',
            {},
            ...model.movers.rows.map((cells) =>
              h(
                'tr',
                { attrs: { 'data-kpi': cells[0] } },
                h('th', { attrs: { scope: 'row' } }, cells[0]),
                ...cells.slice(1).map((c) => h('td', {}, c)),
              ),
            ),
          ),
        ),
      ),
    );
  }
  if (model.counts !== null) section.appendChild(h('p', { class: 'kl-meta' }, model.counts));
  if (model.why.length > 0) {
    section.appendChild(h('h3', {}, l10n.t('Why it moved')));
    section.appendChild(
      h(
        'ul',
        { class: 'kl-why' },
        ...model.why.map(([name, text]) => h('li', {}, h('code', {}, name), l10n.t(': {0}', text))),
      ),
    );
  }
  if (model.gates.length > 0) {
    section.appendChild(h('h3', {}, l10n.t('Gates')));
    section.appendChild(
      h('p', { class: model.gatesFailed ? 'kl-error' : 'kl-meta', attrs: { role: 'status' } }, model.gates[0]),
    );
    if (model.gates.length > 1)
      section.appendChild(h('ul', { class: 'kl-gates' }, ...model.gates.slice(1).map((g) => h('li', {}, g))));
  }
  const words = [
    ...changed.map((k) => ({ name: k.name, lines: kpiChangeLines(k) })),
    ...diff.definitions.map((d) => ({ name: definitionName(d), lines: definitionLines(d) })),
  ].filter((w) => w.lines.length > 0);
  if (words.length > 0) {
    section.appendChild(h('h3', {}, l10n.t('What changed')));
    section.appendChild(
      h(
        'ul',
        { class: 'kl-changes' },
        ...words.map((w) => h('li', {}, h('code', {}, w.name), l10n.t(': {0}', w.lines.join('; ')))),
      ),
    );
  }
  const problems = diffDiagnostics(diff);
  if (problems.length > 0) section.appendChild(h('h3', {}, l10n.t('Problems')));
  if (problems.length > 0)
    section.appendChild(
      h(
        'ul',
        { class: 'kl-diagnostics' },
        ...problems.map((d) => h('li', { class: `kl-${d.severity}` }, diagnosticText(diff, d))),
      ),
    );
  const stamps = stampsText(diff);
  if (stamps !== null) section.appendChild(h('p', { class: 'kl-stamp' }, stamps));
  return { element: section, lines: lines.length };
}
