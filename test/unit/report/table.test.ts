// Tests of renderTable: the terminal report's lines, colours, splitting and safety.
import { strict as assert } from 'assert';
import { renderTable } from '../../../src/core/report/render/table';
import type { KpiResult, RunResult } from '../../../src/core/report/resultModel';
import { cohorts, loyalty, nps, npsWithIntervals, revenue } from './sampleResults';

function run(...kpis: KpiResult[]): RunResult {
  return { as_of: '2025-12-31', kpis, diagnostics: [] };
}

describe('report table', () => {
  it('renders the whole sample', () => {
    assert.equal(
      renderTable(loyalty()),
      [
        'Loyalty KPIs — as of 2025-12-31',
        '',
        'Revenue (revenue) — sum · monthly · by channel',
        'Period   All                 web             store',
        '───────  ──────────────────  ──────────────  ─────────',
        '2025-10  100 EUR             60 EUR          40 EUR',
        '2025-11  110 EUR             70 EUR          —',
        '2025-12  123.50 EUR ▲12.3 %  80 EUR ▲14.3 %  43.50 EUR',
        '',
        'Net Promoter Score (nps) — nps · monthly · target ≥ 30',
        'Period   All',
        '───────  ─────────',
        '2025-11  28',
        // An NPS changes in points: 41 − 39.77 = 1.23 → ▲1.2.
        '2025-12  41 ▲1.2 ✓',
        '',
        'Cohort retention (retention_cohorts) — cohort_retention · monthly',
        'Cohort   D30   D60   D90',
        '───────  ────  ────  ────',
        '2025-10  50 %  40 %  35 %',
        '2025-11  45 %  38 %  —',
        '2025-12  41 %  —     —',
        '',
        'Checkout funnel (checkout) — funnel · h1_2025',
        'Period                  All',
        '──────────────────────  ────',
        '2025-01-01..2025-06-30  70 %',
        '',
        'Steps in 2025-01-01..2025-06-30:',
        'Step   All',
        '─────  ─────',
        'visit  100 %',
        'cart   60 %',
        'paid   30 %',
        '',
        'Diagnostics',
        'data/surveys.csv:12:3: warning: 3 responses outside 0..10 skipped [data-invalid-score]',
        '',
      ].join('\n'),
    );
  });

  it('shows ✗ and ▼ for a missed target, and no colour escapes by default', () => {
    const kpi = nps();
    kpi.rows[1] = { ...kpi.rows[1], value: 22, change: -0.2, status: 'missed' };
    const text = renderTable(run(kpi));
    // An NPS falls in points: 22 − 39.77 = −17.77 → ▼17.8.
    assert.ok(text.includes('\n2025-12  22 ▼17.8 ✗\n'));
    assert.ok(!text.includes('\x1b'));
  });

  it("shows a percent KPI's change in percentage points, coloured by direction", () => {
    // Churn 4.0 % → 5.0 %: 0.05 − 0.04 = 0.01 → ▲1 pp (the relative 25 % is not shown); up is bad for churn.
    const churn: KpiResult = {
      name: 'churn',
      title: 'Churn',
      type: 'churn',
      format: 'percent',
      period: 'monthly',
      target: null,
      direction: 'lower_is_better',
      rows: [
        { period: '2025-11', segment: {}, value: 0.04, previous: 0.041, change: -0.0244, status: null },
        { period: '2025-12', segment: {}, value: 0.05, previous: 0.04, change: 0.25, delta: 0.01, status: null },
      ],
    };
    assert.ok(renderTable(run(churn)).includes('\n2025-12  5 % ▲1 pp\n'));
    assert.ok(renderTable(run(churn), { color: true }).includes('5 % \x1b[31m▲1 pp\x1b[39m'));
  });

  it('colours met green, missed red, nulls dim, and the change by direction', () => {
    const text = renderTable(run(nps(), revenue()), { color: true });
    assert.ok(text.includes('41 \x1b[32m▲1.2\x1b[39m \x1b[32m✓\x1b[39m'));
    assert.ok(text.includes('\x1b[2m—\x1b[22m'));
    const missed = nps();
    missed.rows[1] = { ...missed.rows[1], status: 'missed', change: 0.1 };
    missed.direction = 'lower_is_better';
    assert.ok(renderTable(run(missed), { color: true }).includes('41 \x1b[31m▲1.2\x1b[39m \x1b[31m✗\x1b[39m'));
  });

  it('aligns columns by code points (é, ≥, ▲ count one)', () => {
    const kpi = revenue();
    kpi.rows = kpi.rows.map((r) => (r.segment.channel === 'web' ? { ...r, segment: { channel: 'épicerie ≥' } } : r));
    const lines = renderTable(run(kpi)).split('\n');
    assert.deepEqual(lines.slice(3, 8), [
      'Period   All                 épicerie ≥      store',
      '───────  ──────────────────  ──────────────  ─────────',
      '2025-10  100 EUR             60 EUR          40 EUR',
      '2025-11  110 EUR             70 EUR          —',
      '2025-12  123.50 EUR ▲12.3 %  80 EUR ▲14.3 %  43.50 EUR',
    ]);
  });

  it('aligns columns holding wide characters (CJK, emoji) by their terminal width', () => {
    const kpi = revenue();
    kpi.rows = kpi.rows.map((r) =>
      r.segment.channel === 'web'
        ? { ...r, segment: { channel: '東京' } }
        : r.segment.channel === 'store'
          ? { ...r, segment: { channel: '🛒 shop' } }
          : r,
    );
    const lines = renderTable(run(kpi)).split('\n');
    // 東京 takes 4 columns: its header is padded to the widest cell (80 EUR ▲14.3 %, 14) with 10
    // spaces, not 12; 🛒 shop takes 7 columns, padded to 9 (43.50 EUR).
    assert.deepEqual(lines.slice(3, 8), [
      'Period   All                 東京            🛒 shop',
      '───────  ──────────────────  ──────────────  ─────────',
      '2025-10  100 EUR             60 EUR          40 EUR',
      '2025-11  110 EUR             70 EUR          —',
      '2025-12  123.50 EUR ▲12.3 %  80 EUR ▲14.3 %  43.50 EUR',
    ]);
  });

  it('prints one table per segment when the combined table is wider than the terminal', () => {
    const kpi = revenue();
    kpi.segments = ['channel', 'plan'];
    kpi.rows.push({
      period: '2025-12',
      segment: { plan: 'gold' },
      value: 9,
      previous: null,
      change: null,
      status: null,
    });
    const wide = renderTable(run(kpi), { width: 200 }).split('\n');
    assert.equal(wide[3], 'Period   All                 channel=web     channel=store  plan=gold');
    const narrow = renderTable(run(kpi), { width: 60 }).split('\n');
    assert.deepEqual(narrow.slice(3, 17), [
      'by channel:',
      'Period   All                 channel=web     channel=store',
      '───────  ──────────────────  ──────────────  ─────────────',
      '2025-10  100 EUR             60 EUR          40 EUR',
      '2025-11  110 EUR             70 EUR          —',
      '2025-12  123.50 EUR ▲12.3 %  80 EUR ▲14.3 %  43.50 EUR',
      '',
      'by plan:',
      'Period   All                 plan=gold',
      '───────  ──────────────────  ─────────',
      '2025-10  100 EUR',
      '2025-11  110 EUR',
      '2025-12  123.50 EUR ▲12.3 %  9 EUR',
      '',
    ]);
  });

  it('draws one cohort triangle per segment column, whole population first', () => {
    const kpi = cohorts();
    kpi.rows.push({
      period: '2025-12',
      segment: { channel: 'web' },
      value: 0.2,
      previous: null,
      change: null,
      status: null,
      day: 30,
    });
    const text = renderTable(run(kpi));
    assert.ok(text.includes('All:\nCohort   D30   D60   D90\n'));
    // The segment's triangle keeps every day column, even those it has no cell for yet.
    assert.ok(text.includes('\n\nweb:\nCohort   D30   D60  D90\n───────  ────  ───  ───\n2025-12  20 %\n'));
  });

  it('neutralises control characters and cuts long labels', () => {
    const kpi = revenue();
    kpi.title = 'Evil\x1b[2J';
    kpi.rows[1] = { ...kpi.rows[1], segment: { channel: `x\u202e${'y'.repeat(60)}` } };
    const text = renderTable(run(kpi));
    assert.ok(!text.includes('\x1b'));
    assert.ok(!text.includes('\u202e'));
    assert.ok(text.includes('Evil\ufffd[2J (revenue)'));
    assert.ok(text.includes(`x\ufffd${'y'.repeat(29)}…`));
  });

  it('says so when there is nothing to show', () => {
    assert.equal(renderTable(run()), 'KPI report — as of 2025-12-31\n\nNo KPI results.\n');
    const empty: KpiResult = {
      name: 'e',
      title: 'E',
      type: 'count',
      format: 'integer',
      period: 'monthly',
      target: { max: 5 },
      rows: [],
    };
    assert.equal(renderTable(run(empty)).split('\n')[2], 'E (e) — count · monthly · target ≤ 5');
  });

  it('shows the interval and the change test in the latest cell, † below min_sample with n listed', () => {
    const text = renderTable(run(npsWithIntervals()));
    assert.ok(text.includes('2025-11  28 †'), text);
    assert.ok(text.includes('2025-12  41 [33.2 – 48.8] ▲13 sig. ✓'), text);
    assert.ok(
      text.includes(
        '[low – high]: 95 % confidence interval; sig. / n.s.: the change is / is not significant at p < 0.05',
      ),
      text,
    );
    assert.ok(text.includes('† below min_sample 30: 2025-11: n = 12'), text);
    // KPIs without counts have no legend.
    assert.ok(!renderTable(run(nps())).includes('confidence interval'));
  });
});
