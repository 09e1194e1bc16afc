// The report view: a header (title, KPI file, as-of date, run again), a toolbar (search, tag,
// owner, sort), a summary (KPIs shown, targets met and missed), the KPI cards, the report's
// diagnostics (the spec's and the data's) and its stamp. Keeps its state (filters, chosen segments, scroll) through the host so it
// survives hide/show and reloads, and re-renders in place when a new result arrives.
import type { Chart } from 'chart.js';
import { kpiCard } from '../core/report/dashboard/kpiCard';
import { sortLabel, SORT_ORDERS } from '../core/report/dashboard/viewState';
import type { SortOrder } from '../core/report/dashboard/viewState';
import { filterChoices, targetSummary, visibleKpis } from '../core/report/dashboard/visibleKpis';
import type { HostMessage, PersistedViewState, ReportPayload } from '../core/report/viewProtocol';
import type { SpecDiff } from '../core/diff/specDiff';
import { stampText } from '../core/report/stampText';
import { cardView } from './cardView';
import { comparisonView } from './comparisonView';
import { append, clear, h, select } from './dom';
import type { ViewHost } from './host';
import { readTheme, watchTheme } from './theme';
import * as l10n from '../core/l10n/l10n';
import { formatDate } from '../core/report/formatValue';

export class ReportApp {
  private state: PersistedViewState;
  private payload: ReportPayload | undefined;
  private charts: Chart[] = [];
  private cardViews: ReturnType<typeof cardView>[] = [];
  private running = false;
  private failure: string | undefined;
  private readonly header = h('header', { class: 'kl-header' });
  private readonly toolbar = h('div', { class: 'kl-toolbar', attrs: { role: 'search' } });
  private readonly summary = h('p', { class: 'kl-summary', attrs: { 'aria-live': 'polite' } });
  private readonly comparison = h('div', { class: 'kl-comparison-slot' });
  private diff: SpecDiff | undefined;
  private comparisonLines: number | null = null;
  private readonly cards = h('main', { class: 'kl-cards' });
  private readonly footer = h('footer', { class: 'kl-footer' });
  private readonly search = h('input', { class: 'kl-search', attrs: { type: 'search' } });
  private scrollTimer: number | undefined;
  private restoredScroll = false;

  constructor(
    root: HTMLElement,
    private readonly host: ViewHost,
  ) {
    this.state = host.state();
    this.search.value = this.state.search;
    this.labelSearch();
    this.search.addEventListener('input', () => this.update({ search: this.search.value }));
    append(root, this.header, this.comparison, this.toolbar, this.summary, this.cards, this.footer);
    window.addEventListener('scroll', () => {
      window.clearTimeout(this.scrollTimer);
      this.scrollTimer = window.setTimeout(() => this.save({ scrollY: window.scrollY }), 150);
    });
    watchTheme(() => this.drawCards());
    host.onMessage((m) => this.receive(m));
    this.renderAll();
  }

  show(payload: ReportPayload): void {
    this.payload = payload;
    if (payload.uri !== undefined && payload.uri !== this.state.uri) this.save({ uri: payload.uri });
    this.failure = undefined;
    this.renderAll();
  }

  /** Shows the view in a display language (the host's first message, or an exported page's island). */
  useLocale(locale: string, bundle: l10n.L10nBundle | undefined): void {
    l10n.useLocale(locale, bundle);
    document.documentElement.lang = l10n.displayLocale();
    this.labelSearch();
    this.renderAll();
    this.renderComparison();
  }

  private labelSearch(): void {
    this.search.placeholder = l10n.t('Search KPIs');
    this.search.setAttribute('aria-label', l10n.t('Search KPIs by name or title'));
  }

  private receive(message: HostMessage): void {
    switch (message.type) {
      case 'locale':
        this.useLocale(message.locale, message.l10n);
        break;
      case 'report':
        this.running = false;
        this.show(message.payload);
        break;
      case 'running':
        this.running = message.running;
        this.renderHeader();
        break;
      case 'failed':
        this.running = false;
        this.failure = message.message;
        this.renderHeader();
        break;
      case 'comparison':
        this.diff = message.diff;
        this.renderComparison();
        this.postRendered();
        window.scrollTo(0, 0);
        break;
    }
  }

  private save(patch: Partial<PersistedViewState>): void {
    this.state = { ...this.state, ...patch };
    this.host.saveState(this.state);
  }

  private update(patch: Partial<PersistedViewState>): void {
    this.save(patch);
    this.renderCards();
  }

  private renderComparison(): void {
    clear(this.comparison);
    this.comparisonLines = null;
    if (!this.diff) return;
    const view = comparisonView(this.diff, () => {
      this.diff = undefined;
      this.renderComparison();
      this.postRendered();
    });
    this.comparison.appendChild(view.element);
    this.comparisonLines = view.lines;
  }

  private postRendered(): void {
    this.host.post({
      type: 'rendered',
      cards: this.cardViews.length,
      asOf: this.payload?.result.as_of ?? '',
      comparison: this.comparisonLines,
    });
  }

  private renderAll(): void {
    this.renderHeader();
    this.renderToolbar();
    this.renderCards();
    this.renderFooter();
  }

  private renderHeader(): void {
    clear(this.header);
    const result = this.payload?.result;
    append(
      this.header,
      h('h1', {}, result?.title ?? l10n.t('KPI report')),
      h(
        'p',
        { class: 'kl-asof' },
        this.payload ? h('span', { class: 'kl-file' }, this.payload.file) : l10n.t('No report yet.'),
        ...(result ? this.asOf(result.as_of) : []),
      ),
    );
    if (this.host.interactive) {
      const run = h(
        'button',
        { class: 'kl-button', attrs: { type: 'button' }, on: { click: () => this.host.post({ type: 'run' }) } },
        this.running ? l10n.t('Evaluating…') : this.payload ? l10n.t('Run again') : l10n.t('Run report'),
      );
      run.disabled = this.running;
      this.header.appendChild(h('div', { class: 'kl-actions' }, run));
    }
    if (this.running)
      this.header.appendChild(
        h('div', { class: 'kl-progress', attrs: { role: 'progressbar', 'aria-label': l10n.t('Evaluating') } }),
      );
    if (this.failure) this.header.appendChild(h('p', { class: 'kl-error', attrs: { role: 'alert' } }, this.failure));
  }

  /** ` · as of <time>2025-12-31</time>` (fr ` · au <time>31 décembre 2025</time>`): the sentence translated whole around the element. */
  private asOf(date: string): Array<string | HTMLElement> {
    const [before, after] = l10n.t(' · as of {0}', '\u0000').split('\u0000');
    return [before, h('time', { attrs: { datetime: date } }, formatDate(date)), after ?? ''];
  }

  private renderToolbar(): void {
    clear(this.toolbar);
    if (!this.payload) return;
    const choices = filterChoices(this.payload.result);
    this.toolbar.appendChild(
      h('label', { class: 'kl-field' }, h('span', { class: 'kl-field-label' }, l10n.t('Search')), this.search),
    );
    if (choices.tags.length > 0) {
      if (this.state.tag !== '' && !choices.tags.includes(this.state.tag)) this.save({ tag: '' });
      this.toolbar.appendChild(
        select(
          l10n.t('Tag'),
          [['', l10n.t('All tags')], ...choices.tags.map((t): [string, string] => [t, t])],
          this.state.tag,
          (tag) => this.update({ tag }),
        ),
      );
    }
    if (choices.owners.length > 0) {
      if (this.state.owner !== '' && !choices.owners.includes(this.state.owner)) this.save({ owner: '' });
      this.toolbar.appendChild(
        select(
          l10n.t('Owner'),
          [['', l10n.t('All owners')], ...choices.owners.map((o): [string, string] => [o, o])],
          this.state.owner,
          (owner) => this.update({ owner }),
        ),
      );
    }
    this.toolbar.appendChild(
      select(
        l10n.t('Sort'),
        SORT_ORDERS.map((s): [string, string] => [s, sortLabel(s)]),
        this.state.sort,
        (sort) => this.update({ sort: sort as SortOrder }),
      ),
    );
  }

  private renderCards(): void {
    for (const c of this.charts) c.destroy();
    this.charts = [];
    clear(this.cards);
    clear(this.summary);
    if (!this.payload) {
      this.cards.appendChild(
        h(
          'p',
          { class: 'kl-empty' },
          this.host.interactive ? l10n.t('Run a KPI file to see its report.') : l10n.t('This report holds no data.'),
        ),
      );
      return;
    }
    const { result } = this.payload;
    const shown = visibleKpis(result, this.state);
    const { met, missed } = targetSummary(shown);
    append(
      this.summary,
      result.kpis.length === 1
        ? l10n.t('{0} of 1 KPI', shown.length)
        : l10n.t('{0} of {1} KPIs', shown.length, result.kpis.length),
      met > 0
        ? h('span', { class: 'kl-met' }, ` · ${met === 1 ? l10n.t('1 on target') : l10n.t('{0} on target', met)}`)
        : null,
      missed > 0
        ? h(
            'span',
            { class: 'kl-missed' },
            ` · ${missed === 1 ? l10n.t('1 off target') : l10n.t('{0} off target', missed)}`,
          )
        : null,
    );
    if (shown.length === 0)
      this.cards.appendChild(
        h(
          'p',
          { class: 'kl-empty' },
          result.kpis.length === 0 ? l10n.t('No KPI results.') : l10n.t('No KPI matches the filters.'),
        ),
      );
    const views = shown.map((kpi) =>
      cardView(kpi, kpiCard(kpi, this.state.segments[kpi.name]), {
        reveal: this.host.interactive ? (name) => this.host.post({ type: 'reveal', kpi: name }) : undefined,
        chooseSegment: (name, segment) => this.update({ segments: { ...this.state.segments, [name]: segment } }),
        ...(this.host.interactive && this.payload?.scoreSegments?.length
          ? {
              customers: {
                segments: this.payload.scoreSegments,
                ...(this.payload.customersAt ? { at: this.payload.customersAt } : {}),
                list: (segment: string, value: string) => this.host.post({ type: 'listCustomers', segment, value }),
              },
            }
          : {}),
      }),
    );
    for (const v of views) this.cards.appendChild(v.element);
    this.cardViews = views;
    this.drawCards();
    if (!this.restoredScroll && this.state.scrollY > 0) {
      this.restoredScroll = true;
      window.scrollTo(0, this.state.scrollY);
    }
    this.postRendered();
  }

  private drawCards(): void {
    for (const c of this.charts) c.destroy();
    const theme = readTheme();
    this.charts = this.cardViews.flatMap((v) => v.draw(theme));
  }

  private renderFooter(): void {
    clear(this.footer);
    const stamp = this.payload?.result.stamp;
    if (stamp) this.footer.appendChild(h('p', { class: 'kl-stamp' }, stampText(stamp)));
    const diagnostics = this.payload?.result.diagnostics ?? [];
    if (diagnostics.length === 0) return;
    append(
      this.footer,
      h('h2', {}, l10n.t('Diagnostics ({0})', diagnostics.length)),
      h(
        'ul',
        { class: 'kl-diagnostics' },
        ...diagnostics.map((d) =>
          h(
            'li',
            { class: `kl-${d.severity}` },
            h('code', {}, `${d.file}:${d.line}:${d.column}`),
            ` ${d.severity}: ${d.message} `,
            h('code', {}, `[${d.code}]`),
          ),
        ),
      ),
    );
  }
}
