// Tests of the report view's model (src/core/report/dashboard) and of its message protocol:
// what each KPI card shows — headline, change and its colour by direction, target status,
// trend lines, the latest period broken down by the chosen segment (largest first), cohort
// heatmap shares, funnel steps, tables — which cards the filters keep and in which order, and
// that saved state and messages from the other side are checked before use.
import { strict as assert } from 'assert';
import { formatAxisValue, horizontalTickLimit } from '../../../src/core/report/dashboard/axisValue';
import { kpiCard } from '../../../src/core/report/dashboard/kpiCard';
import { defaultViewState, sanitizeViewState } from '../../../src/core/report/dashboard/viewState';
import { filterChoices, targetSummary, visibleKpis } from '../../../src/core/report/dashboard/visibleKpis';
import type { KpiResult, RunResult } from '../../../src/core/report/resultModel';
import { parseHostMessage, parsePersistedState, parseViewMessage } from '../../../src/core/report/viewProtocol';
import { cohorts, funnel, loyalty, nps, revenue } from './sampleResults';

function tagged(): RunResult {
  const r = revenue();
  r.owner = 'Finance';
  r.tags = ['value'];
  const n = nps();
  n.owner = 'Customer care';
  n.tags = ['satisfaction'];
  const c = cohorts();
  c.owner = 'Retention squad';
  c.tags = ['retention', 'satisfaction'];
  return { as_of: '2025-12-31', kpis: [r, n, c, funnel()], diagnostics: [] };
}

describe('report view: a KPI card', () => {
  it('headline: the latest whole-population value, its change, the colour by direction and the target', () => {
    const card = kpiCard(nps());
    // Without counts (n) there is no interval, no significance and no small-sample flag.
    assert.deepEqual(card.headline, {
      value: 41,
      text: '41',
      label: '2025-12',
      change: 0.031,
      changeText: '▲1.2',
      trend: 'good',
      versus: 'vs previous period',
      interval: null,
      significance: null,
      significant: null,
      smallSample: null,
    });
    assert.deepEqual(card.target, { text: '≥ 30', status: 'met' });
    assert.equal(card.meta, 'nps · nps · monthly');
    const lower = nps();
    lower.direction = 'lower_is_better';
    assert.equal(kpiCard(lower).headline?.trend, 'bad', 'a rise is bad news when lower is better');
  });

  it('trend: one line for the whole population and one per value of the segment, aligned on the periods', () => {
    const card = kpiCard(revenue());
    assert.equal(card.segment, 'channel');
    assert.deepEqual(card.trend, {
      periods: ['2025-10', '2025-11', '2025-12'],
      lines: [
        { id: '', label: 'All', whole: true, values: [100, 110, 123.5], small: [false, false, false] },
        { id: '[["channel","web"]]', label: 'web', whole: false, values: [60, 70, 80], small: [false, false, false] },
        // No row for store in 2025-11 → null (a gap, not a zero).
        {
          id: '[["channel","store"]]',
          label: 'store',
          whole: false,
          values: [40, null, 43.5],
          small: [false, false, false],
        },
      ],
      band: null,
      omitted: 0,
    });
    const capped = kpiCard(revenue(), undefined, { maxLines: 1 });
    assert.deepEqual(
      capped.trend?.lines.map((l) => l.label),
      ['All', 'web'],
    );
    assert.equal(capped.trend?.omitted, 1);
  });

  it('breakdown: the latest period by the chosen segment, largest first, formatted', () => {
    assert.deepEqual(kpiCard(revenue()).breakdown, {
      segment: 'channel',
      period: '2025-12',
      bars: [
        { label: 'web', value: 80, text: '80 EUR', status: null },
        { label: 'store', value: 43.5, text: '43.50 EUR', status: null },
      ],
    });
    assert.equal(kpiCard(nps()).breakdown, null, 'no segment, no breakdown');
  });

  it('a segment the KPI does not have falls back to its first one', () => {
    assert.equal(kpiCard(revenue(), 'plan').segment, 'channel');
    assert.deepEqual(kpiCard(nps(), 'plan').segments, []);
    assert.equal(kpiCard(nps(), 'plan').segment, null);
  });

  it('cohort heatmap: shares of 1 for a percent KPI, censored cells empty, no trend or table', () => {
    const card = kpiCard(cohorts());
    assert.equal(card.trend, null);
    assert.deepEqual(card.tables, []);
    assert.equal(card.cohorts.length, 1);
    const map = card.cohorts[0];
    assert.deepEqual(map.days, ['D30', 'D60', 'D90']);
    assert.deepEqual(
      map.rows.map((r) => r.label),
      ['2025-10', '2025-11', '2025-12'],
    );
    assert.deepEqual(map.rows[1].cells, [
      { value: 0.45, text: '45 %', share: 0.45, smallSample: null },
      { value: 0.38, text: '38 %', share: 0.38, smallSample: null },
      { value: null, text: '—', share: null, smallSample: null },
    ]);
    // The headline of a cohort KPI is the latest cohort's first day, with no change.
    assert.deepEqual(card.headline, {
      value: 0.41,
      text: '41 %',
      label: 'D30, cohort 2025-12',
      change: null,
      changeText: null,
      trend: null,
      versus: null,
      interval: null,
      significance: null,
      significant: null,
      smallSample: null,
    });
  });

  it('cohort heatmap of a non-percent KPI: shares of the triangle maximum', () => {
    const kpi = cohorts();
    kpi.format = 'number';
    // Largest cell 0.5 → shares 0.45/0.5 = 0.9, 0.38/0.5 = 0.76.
    const shares = kpiCard(kpi).cohorts[0].rows[1].cells.map((c) => c.share);
    assert.deepEqual(
      shares.map((s) => (s === null ? null : Number(s.toFixed(6)))),
      [0.9, 0.76, null],
    );
  });

  it('funnel: the steps of the latest period with their shares', () => {
    const card = kpiCard(funnel());
    assert.deepEqual(card.funnel, {
      period: '2025-01-01..2025-06-30',
      steps: [
        { label: 'visit', value: 1, text: '100 %', status: null },
        { label: 'cart', value: 0.6, text: '60 %', status: null },
        { label: 'paid', value: 0.3, text: '30 %', status: null },
      ],
    });
    // The funnel's own value (abandonment 70 %) is its headline.
    assert.equal(card.headline?.text, '70 %');
  });

  it('tables behind the charts: one per segment with the whole population first; the latest row carries change and status', () => {
    const card = kpiCard(nps());
    assert.equal(card.tables.length, 1);
    assert.deepEqual(card.tables[0].rows[1], {
      label: '2025-12',
      cells: [
        {
          text: '41',
          changeText: '▲1.2',
          trend: 'good',
          status: 'met',
          smallSample: null,
          significance: null,
          interval: null,
        },
      ],
    });
    assert.deepEqual(card.tables[0].rows[0].cells[0], {
      text: '28',
      changeText: null,
      trend: null,
      status: null,
      smallSample: null,
      significance: null,
      interval: null,
    });
    const rev = kpiCard(revenue());
    assert.deepEqual(
      rev.tables.map((t) => t.columns),
      [['All', 'web', 'store']],
    );
  });
});

describe('report view: filters and order', () => {
  it('offers the tags and owners of the result, sorted', () => {
    assert.deepEqual(filterChoices(tagged()), {
      tags: ['retention', 'satisfaction', 'value'],
      owners: ['Customer care', 'Finance', 'Retention squad'],
    });
    assert.deepEqual(filterChoices(loyalty()), { tags: [], owners: [] });
  });

  it('search matches every word in the name or title, case-insensitively; tag and owner filter exactly', () => {
    const names = (patch: Partial<ReturnType<typeof defaultViewState>>) =>
      visibleKpis(tagged(), { ...defaultViewState(), ...patch }).map((k) => k.name);
    assert.deepEqual(names({}), ['revenue', 'nps', 'retention_cohorts', 'checkout']);
    assert.deepEqual(names({ search: 'PROMOTER net' }), ['nps']);
    assert.deepEqual(names({ search: 'retention' }), ['retention_cohorts']);
    assert.deepEqual(names({ tag: 'satisfaction' }), ['nps', 'retention_cohorts']);
    assert.deepEqual(names({ owner: 'Finance' }), ['revenue']);
    assert.deepEqual(names({ tag: 'satisfaction', owner: 'Finance' }), []);
  });

  it('sorts by title, by largest change (none last) and by target status (missed first), the file order breaking ties', () => {
    const order = (sort: 'name' | 'change' | 'status') =>
      visibleKpis(tagged(), { ...defaultViewState(), sort }).map((k) => k.name);
    assert.deepEqual(order('name'), ['checkout', 'retention_cohorts', 'nps', 'revenue']);
    // |change|: revenue 0.1227, nps 0.031; cohorts and funnel have none.
    assert.deepEqual(order('change'), ['revenue', 'nps', 'retention_cohorts', 'checkout']);
    const missed = nps();
    missed.name = 'nps_missed';
    missed.rows[1] = { ...missed.rows[1], status: 'missed' };
    const result: RunResult = { as_of: 'x', kpis: [revenue(), nps(), missed], diagnostics: [] };
    assert.deepEqual(
      visibleKpis(result, { ...defaultViewState(), sort: 'status' }).map((k) => k.name),
      ['nps_missed', 'nps', 'revenue'],
    );
    assert.deepEqual(targetSummary(result.kpis), { met: 1, missed: 1 });
  });
});

describe('report view: state and messages are checked', () => {
  it('a saved state keeps its valid fields and drops the rest', () => {
    assert.deepEqual(sanitizeViewState(null), defaultViewState());
    assert.deepEqual(
      sanitizeViewState({ search: 'nps', tag: 7, sort: 'evil', segments: { nps: 'plan', x: 3 }, scrollY: -5 }),
      {
        ...defaultViewState(),
        search: 'nps',
        segments: { nps: 'plan' },
      },
    );
    assert.equal(sanitizeViewState({ search: 'x'.repeat(5000) }).search.length, 200);
    assert.deepEqual(parsePersistedState({ uri: 'file:///w/a.kpi.yaml', sort: 'status', scrollY: 120.6 }), {
      ...defaultViewState(),
      sort: 'status',
      scrollY: 121,
      uri: 'file:///w/a.kpi.yaml',
    });
  });

  it('messages from the view: only the known shapes pass', () => {
    assert.deepEqual(parseViewMessage({ type: 'reveal', kpi: 'nps' }), { type: 'reveal', kpi: 'nps' });
    assert.deepEqual(parseViewMessage({ type: 'rendered', cards: 3, asOf: '2025-12-31', comparison: null }), {
      type: 'rendered',
      cards: 3,
      asOf: '2025-12-31',
      comparison: null,
    });
    assert.deepEqual(parseViewMessage({ type: 'ready', extra: '<script>' }), { type: 'ready' });
    for (const bad of [
      null,
      'ready',
      { type: 'reveal' },
      { type: 'reveal', kpi: '' },
      { type: 'rendered', cards: -1, asOf: 'x', comparison: null },
      { type: 'rendered', cards: 1.5, asOf: 'x', comparison: null },
      { type: 'exec', command: 'rm' },
    ]) {
      assert.equal(parseViewMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('messages from the host: a report needs as_of, kpis and diagnostics', () => {
    const result = loyalty();
    assert.deepEqual(parseHostMessage({ type: 'report', payload: { file: 'a.kpi.yaml', result } }), {
      type: 'report',
      payload: { file: 'a.kpi.yaml', result },
    });
    assert.equal(parseHostMessage({ type: 'report', payload: { file: 'a', result: { kpis: [] } } }), undefined);
    assert.equal(parseHostMessage({ type: 'report', payload: { file: 'a', uri: 3, result } }), undefined);
    assert.deepEqual(parseHostMessage({ type: 'running', running: true }), { type: 'running', running: true });
    assert.equal(parseHostMessage({ type: 'running', running: 'yes' }), undefined);
  });

  it("messages from the host: the language first, then an export's payload may carry it too", () => {
    assert.deepEqual(parseHostMessage({ type: 'locale', locale: 'en' }), { type: 'locale', locale: 'en' });
    assert.deepEqual(parseHostMessage({ type: 'locale', locale: 'fr-FR', l10n: { 'Run again': 'Recalculer' } }), {
      type: 'locale',
      locale: 'fr-FR',
      l10n: { 'Run again': 'Recalculer' },
    });
    for (const bad of [
      { type: 'locale' },
      { type: 'locale', locale: 'fr"><script>' },
      { type: 'locale', locale: 'fr', l10n: { a: 3 } },
      { type: 'locale', locale: 'fr', l10n: ['x'] },
    ]) {
      assert.equal(parseHostMessage(bad), undefined, JSON.stringify(bad));
    }
    const result = loyalty();
    assert.deepEqual(
      parseHostMessage({ type: 'report', payload: { file: 'a', result, locale: 'fr', l10n: { All: 'Ensemble' } } }),
      { type: 'report', payload: { file: 'a', result, locale: 'fr', l10n: { All: 'Ensemble' } } },
    );
    assert.equal(parseHostMessage({ type: 'report', payload: { file: 'a', result, locale: 42 } }), undefined);
    assert.equal(
      parseHostMessage({ type: 'report', payload: { file: 'a', result, locale: 'fr', l10n: 'x' } }),
      undefined,
    );
  });
});

describe('report view: axis ticks', () => {
  it('are short and keep the unit', () => {
    const kpi = (format: string, currency?: string): Pick<KpiResult, 'format' | 'currency'> => ({ format, currency });
    assert.equal(formatAxisValue(kpi('currency', 'EUR'), 250000), '250K EUR');
    assert.equal(formatAxisValue(kpi('number'), 1_200_000), '1.2M');
    assert.equal(formatAxisValue(kpi('percent'), 0.45), '45 %');
    assert.equal(formatAxisValue(kpi('percent'), 0.055), '5.5 %');
    assert.equal(formatAxisValue(kpi('days'), 3), '3 d');
    assert.equal(formatAxisValue(kpi('score'), null), '');
  });

  it('are as many on a horizontal axis as their labels fit, not one every 40 px', () => {
    // A bar chart of a card at a 1280 px window: ~520 px of axis, labels such as `100K EUR` (8
    // characters × 7 px + 16 px apart = 72 px each): floor(520 / 72) = 7 ticks, where Chart.js
    // alone would put ceil(520 / 40) = 13 and the labels would run into each other.
    assert.equal(horizontalTickLimit(520, 8), 7);
    // A narrow card (300 px): floor(300 / 72) = 4.
    assert.equal(horizontalTickLimit(300, 8), 4);
    // Short labels (`40 %`, 4 × 7 + 16 = 44 px) on a wide axis: capped at Chart.js's 11.
    assert.equal(horizontalTickLimit(1000, 4), 11);
    // Never fewer than both ends, even with no width known yet.
    assert.equal(horizontalTickLimit(60, 8), 2);
    assert.equal(horizontalTickLimit(0, 8), 2);
  });
});
