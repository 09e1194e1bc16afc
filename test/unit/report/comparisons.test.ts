// Several comparisons (`compare: [previous, year_ago]`) on every human surface: the table, the
// markdown, the HTML, the report view's card, the code lens line (English and French), and
// the JSON (machine format) unchanged but for the additive `comparisons`.
// Revenue 2025-02 = 160: previous (2025-01) 80 → ▲100 %; a year ago (2024-02) 5 → ▲3,100 %.
// A percent KPI: 0.30 vs 0.25 (previous, ▲5 pp) and 0.40 (a year ago, ▼10 pp).
import { strict as assert } from 'assert';
import frenchBundle from '../../../l10n/bundle.l10n.fr.json';
import { useLocale } from '../../../src/core/l10n/l10n';
import { renderResult } from '../../../src/core/report/render';
import { kpiCard } from '../../../src/core/report/dashboard/kpiCard';
import { describeLatest } from '../../../src/core/language/latestValue';
import type { KpiResult, RunResult } from '../../../src/core/report/resultModel';

function revenue(): KpiResult {
  return {
    name: 'revenue',
    title: 'Revenue',
    type: 'sum',
    format: 'number',
    period: 'both',
    target: null,
    compare: 'previous',
    comparisons: ['previous', 'year_ago'],
    rows: [
      {
        period: '2025-02',
        segment: {},
        value: 160,
        previous: 80,
        change: 1,
        delta: 80,
        status: null,
        comparisons: {
          previous: { previous: 80, change: 1, delta: 80 },
          year_ago: { previous: 5, change: 31, delta: 155 },
        },
      },
    ],
  };
}

function share(): KpiResult {
  return {
    name: 'repeat',
    title: 'Repeat rate',
    type: 'repurchase_rate',
    format: 'percent',
    period: 'both',
    target: null,
    compare: 'previous',
    comparisons: ['previous', 'year_ago'],
    rows: [
      {
        period: '2025-02',
        segment: {},
        value: 0.3,
        previous: 0.25,
        change: 0.2,
        delta: 0.05,
        status: null,
        comparisons: {
          previous: { previous: 0.25, change: 0.2, delta: 0.05 },
          year_ago: { previous: 0.4, change: -0.25, delta: -0.1 },
        },
      },
    ],
  };
}

const result = (kpis: KpiResult[]): RunResult => ({ as_of: '2025-02-28', kpis, diagnostics: [] });

describe('several comparisons on every surface', () => {
  it('table: the latest cell shows both, each labelled', () => {
    const text = renderResult(result([revenue()]), 'table', { color: false });
    assert.match(text, /160 ▲100 % vs previous period · ▲3,100 % vs a year ago/);
  });

  it('markdown: the summary line and the latest cell', () => {
    const text = renderResult(result([share()]), 'md');
    assert.match(text, /Latest \(2025-02\): \*\*30 %\*\* ▲5 pp vs previous period · ▼10 pp vs a year ago/);
    assert.match(text, /\| 30 % ▲5 pp vs previous period · ▼10 pp vs a year ago \|/);
  });

  it('HTML: the headline and the latest cell carry the further comparison, coloured by its direction', () => {
    const html = renderResult(result([share()]), 'html');
    assert.match(html, /<span class="change bad">▼10 pp<\/span> <span class="meta">vs a year ago<\/span>/);
    assert.match(html, /<span class="change bad" title="vs a year ago">▼10 pp vs a year ago<\/span>/);
  });

  it('HTML: the latest cell labels its first comparison too, and each change test is shown', () => {
    // Before, the cell read `▲5 pp n.s. ▼10 pp vs a year ago`: the first change had no label, and
    // the second one's test was in the JSON only.
    const tested = share();
    tested.rows[0].significant = false;
    tested.rows[0].p_value = 0.4;
    tested.rows[0].comparisons = {
      previous: { previous: 0.25, change: 0.2, delta: 0.05, p_value: 0.4, significant: false },
      year_ago: { previous: 0.4, change: -0.25, delta: -0.1, p_value: 0.01, significant: true },
    };
    const cell = /<td[^>]*>30 %.*?<\/td>/.exec(renderResult(result([tested]), 'html'))?.[0] ?? '';
    assert.match(
      cell,
      /▲5 pp<\/span> <span class="significance"[^>]*>n\.s\.<\/span> <span class="meta">vs previous period<\/span>/,
    );
    assert.match(cell, /<span class="change bad" title="vs a year ago">▼10 pp sig\. vs a year ago<\/span>/);
    // The same test marks in the markdown and the table.
    assert.match(
      renderResult(result([tested]), 'md'),
      /\| 30 % ▲5 pp n\.s\. vs previous period · ▼10 pp sig\. vs a year ago \|/,
    );
    assert.match(
      renderResult(result([tested]), 'table', { color: false }),
      /▲5 pp n\.s\. vs previous period · ▼10 pp sig\. vs a year ago/,
    );
    assert.equal(
      describeLatest(tested),
      '30 % (2025-02) · ▲5 pp vs the previous period, not significant · ▼10 pp vs a year ago, significant',
    );
  });

  it('report view card and HTML headline: each further comparison with its change test', () => {
    // Before, the card and the HTML report's headline showed `▼10 pp vs a year ago` without its
    // test, which the table, the markdown and the HTML cell carried.
    const tested = share();
    tested.rows[0].comparisons = {
      previous: { previous: 0.25, change: 0.2, delta: 0.05, p_value: 0.4, significant: false },
      year_ago: { previous: 0.4, change: -0.25, delta: -0.1, p_value: 0.0123, significant: true },
    };
    assert.deepEqual(kpiCard(tested).headline?.more, [
      {
        changeText: '▼10 pp',
        versus: 'vs a year ago',
        trend: 'bad',
        significance: 'significant (p = 0.012)',
        significant: true,
      },
    ]);
    assert.match(
      renderResult(result([tested]), 'html'),
      /<span class="change bad">▼10 pp<\/span> <span class="meta">vs a year ago<\/span> <span class="significance">significant \(p = 0\.012\)<\/span>/,
    );
  });

  it('report view card: the headline lists the further comparisons', () => {
    const card = kpiCard(revenue());
    assert.equal(card.headline?.changeText, '▲100 %');
    assert.deepEqual(card.headline?.more, [
      { changeText: '▲3,100 %', versus: 'vs a year ago', trend: 'good', significance: null, significant: null },
    ]);
    // Without a list, no `more`.
    const one = revenue();
    delete one.comparisons;
    delete one.rows[0].comparisons;
    assert.equal(kpiCard(one).headline?.more, undefined);
  });

  it('code lens: both changes, in English and in French', () => {
    assert.equal(describeLatest(revenue()), '160 (2025-02) · ▲100 % vs the previous period · ▲3,100 % vs a year ago');
    useLocale('fr', frenchBundle);
    try {
      const S = '\u00A0';
      assert.equal(
        describeLatest(share()),
        `30${S}% (2025-02) · ▲5${S}pt vs la période précédente · ▼10${S}pt vs un an plus tôt`,
      );
    } finally {
      useLocale('en', undefined);
    }
  });

  it('report view trend: the whole population a year before, as a line of its own', () => {
    // Two months: 2025-01 = 80 (a year before, 2024-01: 4), 2025-02 = 160 (2024-02: 5).
    const two = revenue();
    two.rows.unshift({
      period: '2025-01',
      segment: {},
      value: 80,
      previous: 70,
      change: 80 / 70 - 1,
      delta: 10,
      status: null,
      comparisons: {
        previous: { previous: 70, change: 80 / 70 - 1, delta: 10 },
        year_ago: { previous: 4, change: 19, delta: 76 },
      },
    });
    const trend = kpiCard(two).trend;
    assert.deepEqual(trend?.periods, ['2025-01', '2025-02']);
    assert.deepEqual(trend?.yearAgo, { label: 'All, a year before', values: [4, 5] });
    // `compare: year_ago` alone: the rows' previous is the value a year before (70 and 80 here).
    const single = revenue();
    single.rows = two.rows.map(({ comparisons: _c, ...row }) => row);
    delete single.comparisons;
    single.compare = 'year_ago';
    assert.deepEqual(kpiCard(single).trend?.yearAgo?.values, [70, 80]);
    // `compare: previous` alone: no such line (the previous period is the line itself, one step back).
    single.compare = 'previous';
    assert.equal(kpiCard(single).trend?.yearAgo, undefined);
  });

  it('JSON: `comparisons` on the row, the rest as before', () => {
    const json = JSON.parse(renderResult(result([revenue()]), 'json')) as RunResult;
    assert.deepEqual(json.kpis[0].rows[0].comparisons, revenue().rows[0].comparisons);
    assert.equal(json.kpis[0].rows[0].previous, 80);
  });
});
