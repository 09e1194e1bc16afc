// The language features behind the editor: the symbol index (definition, references,
// rename across fields, lists, source.column prefixes and expressions), hovers, the
// outline and the one-line latest value of code lenses.
import { strict as assert } from 'assert';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import type { CheckResult } from '../../../src/core/kpifile/checkFile';
import { buildSymbolIndex, findDefinition, findReferences, renameEdits } from '../../../src/core/language/symbols';
import { hoverAt } from '../../../src/core/language/hover';
import { outline } from '../../../src/core/language/outline';
import { describeLatest } from '../../../src/core/language/latestValue';
import type { KpiResult } from '../../../src/core/report/resultModel';
import { lines, SHOP } from '../helpers';

const TEXT = lines(
  'kpilens: 1', //                                                                  line 1
  'sources:',
  '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
  '  customers: { file: data/customers.csv, time: signup_date, key: customer_id, where: "plan != \'test\'" }',
  '  marketing: { file: data/marketing_spend.csv, time: month }', //                   line 5
  'periods:',
  '  monthly: { grain: month, last: 3 }',
  'segments:',
  '  plan: { by: customers.plan }',
  '  pro: { where: "customers.plan = \'pro\'" }', //                                   line 10
  'defaults: { period: monthly, segments: [plan] }',
  'kpis:',
  '  revenue: { type: sum, source: orders, column: amount, target: { min: 10 } }',
  '  orders: { type: count, source: orders, segments: [plan, pro] }',
  '  basket: { type: ratio, numerator: revenue, denominator: orders }', //             line 15
  "  doubled: { type: formula, expr: 'revenue * 2 / orders' }",
  '  newcomers: { type: new_customers, source: customers, start: signup_date }',
  '  cac: { type: cac, spend: marketing.spend, customers: newcomers, segments: [] }', // marketing has no key to join plans
);

/** The offset of the n-th occurrence (0-based) of `needle` in the text, plus `shift`. */
function at(needle: string, n = 0, shift = 1): number {
  let i = -1;
  for (let k = 0; k <= n; k++) i = TEXT.indexOf(needle, i + 1);
  assert.ok(i >= 0, needle);
  return i + shift;
}

const where = (r: { start: { line: number; column: number }; end: { line: number; column: number } }) =>
  `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;

describe('language features', () => {
  let check: CheckResult;
  before(async () => {
    check = await checkKpiFile(path.join(SHOP, 'lang.kpi.yaml'), TEXT);
    assert.deepEqual(
      check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      [],
    );
  });
  const index = () => buildSymbolIndex(check.document, check.model);

  it('go to definition from a ratio field, a formula name, a list item, a source.column prefix and an expression', () => {
    const ix = index();
    assert.equal(where(findDefinition(ix, at('numerator: revenue', 0, 12))!.range), '13:3-13:10');
    assert.equal(where(findDefinition(ix, at("'revenue * 2", 0, 2))!.range), '13:3-13:10');
    assert.equal(findDefinition(ix, at("orders'", 0, 1))?.kind, 'kpi');
    assert.equal(where(findDefinition(ix, at('[plan, pro]', 0, 7))!.range), '10:3-10:6');
    // marketing.spend → the source marketing; customers.plan in a where → the source customers.
    assert.equal(where(findDefinition(ix, at('spend: marketing', 0, 8))!.range), '5:3-5:12');
    assert.equal(where(findDefinition(ix, at("where: \"customers.plan = 'pro'", 0, 9))!.range), '4:3-4:12');
    // The KPI 'orders' and the source 'orders' are two symbols.
    assert.equal(findDefinition(ix, at('source: orders, segments', 0, 9))?.kind, 'source');
  });

  it('find references: every use, exactly the name, with or without the declaration', () => {
    const ix = index();
    // The source customers: its key, the segment's by prefix, the where filter prefix, newcomers' source.
    assert.deepEqual(findReferences(ix, at('  customers:', 0, 3), true).map(where), [
      '4:3-4:12',
      '9:15-9:24',
      '10:18-10:27',
      '17:45-17:54',
    ]);
    // The KPI revenue: the ratio numerator and the formula (inside quotes).
    assert.deepEqual(findReferences(ix, at('  revenue:', 0, 3), false).map(where), ['15:37-15:44', '16:36-16:43']);
    // The segment plan: defaults and the orders KPI list.
    assert.deepEqual(findReferences(ix, at('  plan:', 0, 3), false).map(where), ['11:41-11:45', '14:53-14:57']);
  });

  it('rename changes the declaration and every reference; refuses bad or taken names', () => {
    const ix = index();
    const result = renameEdits(ix, at('  revenue:', 0, 3), 'turnover');
    assert.ok('edits' in result);
    let text = TEXT;
    for (const e of [...result.edits].sort((a, b) => b.range.startOffset - a.range.startOffset)) {
      text = text.slice(0, e.range.startOffset) + e.newText + text.slice(e.range.endOffset);
    }
    assert.match(text, /^ {2}turnover: \{ type: sum/m);
    assert.match(text, /numerator: turnover,/);
    assert.match(text, /expr: 'turnover \* 2 \/ orders'/);
    assert.doesNotMatch(text, /revenue/);
    assert.deepEqual(renameEdits(ix, at('  revenue:', 0, 3), 'Bad Name'), {
      error: "'Bad Name' is not a valid name: lower-case letters, digits and _, starting with a letter",
    });
    assert.deepEqual(renameEdits(ix, at('  revenue:', 0, 3), 'basket'), {
      error: "a kpi named 'basket' already exists",
    });
  });

  it('KPI tests: a rename of a KPI or a source follows into `expect` and `data` keys', async () => {
    const text = lines(
      'kpilens: 1',
      'sources:',
      '  orders: { file: data/orders.csv, time: order_date }',
      'periods:',
      '  monthly: { grain: month, last: 1 }',
      'kpis:',
      '  revenue: { type: sum, source: orders, column: amount, period: monthly }',
      'tests:',
      '  t:',
      '    data: { orders: [] }',
      '    expect: { revenue: 0 }',
    );
    const c = await checkKpiFile(path.join(SHOP, 'tests.kpi.yaml'), text);
    const ix = buildSymbolIndex(c.document, c.model);
    // revenue is declared on line 7; its test expectation is the key on line 11, columns 15–22.
    assert.deepEqual(findReferences(ix, text.indexOf('  revenue:') + 3, false).map(where), ['11:15-11:22']);
    // The source orders: the KPI's source (line 7) and the test's data key (line 10, columns 13–19).
    assert.deepEqual(findReferences(ix, text.indexOf('  orders:') + 3, false).map(where), ['7:33-7:39', '10:13-10:19']);
  });

  it('hover on a share or NPS KPI states its confidence, change test and min_sample', async () => {
    const text = lines(
      'kpilens: 1',
      'sources:',
      '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
      'periods:',
      '  monthly: { grain: month, last: 1 }',
      'defaults: { period: monthly, min_sample: 50 }',
      'kpis:',
      '  again: { type: repurchase_rate, source: orders, confidence: 0.9 }',
    );
    const c = await checkKpiFile(path.join(SHOP, 'hover.kpi.yaml'), text);
    const h = hoverAt(c, buildSymbolIndex(c.document, c.model), text.indexOf('  again:') + 3);
    assert.match(
      h!.markdown,
      /Uncertainty: 90 % interval, change tested at p < 0\.1, min_sample 50 \(n = customers with ≥ 1 row in the period, counted share = those with ≥ 2\.\)/,
    );
  });

  it('hover on a KPI gives its definition in plain words, inputs, period, segments, target and latest value', () => {
    const latest: KpiResult = {
      name: 'revenue',
      title: 'revenue',
      type: 'sum',
      format: 'number',
      period: 'monthly',
      target: { min: 10 },
      compare: 'previous',
      rows: [
        { period: '2025-01', segment: {}, value: 8, previous: null, change: null, status: 'missed' },
        { period: '2025-02', segment: {}, value: 12, previous: 8, change: 0.5, status: 'met' },
      ],
    };
    const h = hoverAt(check, index(), at('numerator: revenue', 0, 12), (name) =>
      name === 'revenue' ? latest : undefined,
    );
    assert.ok(h);
    assert.match(h.markdown, /Sum of the non-null values of `column`/);
    assert.match(h.markdown, /Source: `orders` · column `amount`/);
    assert.match(h.markdown, /Period: `monthly`/);
    assert.match(h.markdown, /Segments: `plan`/);
    assert.match(h.markdown, /Target: ≥ 10/);
    assert.match(h.markdown, /Latest: 12 \(2025-02\) · ▲50 % vs 2025-01 · target ≥ 10 ✓/);
  });

  it('hover on a source lists its columns; on a type its formula; on a field its description', () => {
    const ix = index();
    assert.match(
      hoverAt(check, ix, at('source: orders, column', 0, 9))!.markdown,
      /Columns: `order_id`, `customer_id`, `order_date`, `amount`, `channel`, `status`/,
    );
    assert.match(
      hoverAt(check, ix, at('type: new_customers', 0, 7))!.markdown,
      /customers whose start date falls in the period/,
    );
    assert.match(
      hoverAt(check, ix, at('start: signup_date', 0, 1))!.markdown,
      /\*\*start\*\* \(required\): The column with the date the customer started/,
    );
    assert.match(
      hoverAt(check, ix, at('  monthly:', 0, 3))!.markdown,
      /the last 3 complete months up to as_of; each compared with the one before/,
    );
  });

  it('hover on the new types: the formula of time_between_purchases, the meaning of over', async () => {
    const text = lines(
      'kpilens: 1',
      'sources:',
      '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
      'periods:',
      '  monthly: { grain: month, last: 3 }',
      'kpis:',
      '  cadence: { type: time_between_purchases, source: orders, over: customers }',
    );
    const c = await checkKpiFile(path.join(SHOP, 'hover.kpi.yaml'), text);
    const ix = buildSymbolIndex(c.document, c.model);
    assert.match(
      hoverAt(c, ix, text.indexOf('time_between_purchases') + 2)!.markdown,
      /each customer with ≥ 1 gap in the period counts once, with the median of their gaps/,
    );
    assert.match(hoverAt(c, ix, text.indexOf('over:') + 1)!.markdown, /each customer's median gap counts once/);
  });

  it('hover on method: predictive explains the model and its assumptions', async () => {
    const text = lines(
      'kpilens: 1',
      'sources:',
      '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
      'periods:',
      '  monthly: { grain: month, last: 3 }',
      'kpis:',
      '  value:',
      '    type: clv',
      '    method: predictive',
      '    revenue: orders.amount',
      '    period: monthly',
    );
    const c = await checkKpiFile(path.join(SHOP, 'clv.kpi.yaml'), text);
    const h = hoverAt(c, buildSymbolIndex(c.document, c.model), text.indexOf('predictive') + 2);
    assert.ok(h);
    assert.match(h.markdown, /\*\*non-contractual\*\* purchases/);
    assert.match(h.markdown, /\*\*spend is independent of frequency\*\*.*above 0\.3/);
    assert.equal(where(h.range), '9:13-9:23');
  });

  it('the outline lists each section with its names, KPIs with their type', () => {
    const items = outline(check, index());
    assert.deepEqual(
      items.map((i) => [i.name, i.children.map((c) => c.name)]),
      [
        ['sources', ['orders', 'customers', 'marketing']],
        ['periods', ['monthly']],
        ['segments', ['plan', 'pro']],
        ['kpis', ['revenue', 'orders', 'basket', 'doubled', 'newcomers', 'cac']],
      ],
    );
    assert.equal(items[3].children[2].detail, 'ratio');
    assert.equal(where(items[3].children[0].selectionRange), '13:3-13:10');
  });

  it('the latest value line: percent changes in points, cohorts at their last known day', () => {
    const churn: KpiResult = {
      name: 'churn',
      title: 'Churn',
      type: 'churn',
      format: 'percent',
      period: 'monthly',
      target: { max: 0.05 },
      compare: 'previous',
      rows: [
        { period: '2025-11', segment: {}, value: 0.04, previous: null, change: null, status: 'met' },
        { period: '2025-12', segment: {}, value: 0.052, previous: 0.04, change: 0.3, status: 'missed' },
        { period: '2025-12', segment: { plan: 'pro' }, value: 0.01, previous: 0.04, change: -0.75, status: 'met' },
      ],
    };
    assert.equal(describeLatest(churn), '5.2 % (2025-12) · ▲1.2 pp vs 2025-11 · target ≤ 5 % ✗');
    const cohort: KpiResult = {
      name: 'r',
      title: 'R',
      type: 'cohort_retention',
      format: 'percent',
      period: 'monthly',
      target: null,
      rows: [
        { period: '2025-11', segment: {}, value: 0.6, previous: null, change: null, status: null, day: 30 },
        { period: '2025-12', segment: {}, value: null, previous: null, change: null, status: null, day: 30 },
      ],
    };
    assert.equal(describeLatest(cohort), '60 % (2025-11, D30)');
  });

  it('the latest value line of a share: its interval, the change test and the min_sample flag', () => {
    const csat: KpiResult = {
      name: 'csat',
      title: 'CSAT',
      type: 'csat',
      format: 'percent',
      period: 'monthly',
      target: null,
      compare: 'previous',
      confidence: 0.95,
      min_sample: 30,
      rows: [
        { period: '2025-11', segment: {}, value: 0.5, previous: null, change: null, status: null, n: 40 },
        {
          period: '2025-12',
          segment: {},
          value: 0.75,
          previous: 0.5,
          change: 0.5,
          status: null,
          n: 12,
          ci_low: 0.4677,
          ci_high: 0.9111,
          below_min_sample: true,
          previous_n: 40,
          p_value: 0.13,
          significant: false,
        },
      ],
    };
    assert.equal(
      describeLatest(csat),
      '75 % [46.8 % – 91.1 %] (2025-12) · ▲25 pp vs 2025-11, not significant · n = 12, below 30',
    );
  });

  it('the latest value line of a score: the change in points, the same as the table', () => {
    const nps: KpiResult = {
      name: 'nps',
      title: 'NPS',
      type: 'nps',
      format: 'score',
      period: 'quarterly',
      target: { min: 30 },
      compare: 'year_ago',
      rows: [
        { period: '2024-Q4', segment: {}, value: -12, previous: null, change: null, status: 'missed' },
        { period: '2025-Q4', segment: {}, value: -4.5, previous: -12, change: 0.625, status: 'missed' },
      ],
    };
    // −4.5 − (−12) = 7.5 points (not the relative 62.5 %).
    assert.equal(describeLatest(nps), '-4.5 (2025-Q4) · ▲7.5 vs a year before · target ≥ 30 ✗');
    const revenue: KpiResult = {
      name: 'revenue',
      title: 'Revenue',
      type: 'sum',
      format: 'currency',
      currency: 'EUR',
      period: 'monthly',
      target: null,
      compare: 'previous',
      rows: [
        { period: '2025-11', segment: {}, value: 1000, previous: null, change: null, status: null },
        { period: '2025-12', segment: {}, value: 1250.5, previous: 1000, change: 0.2505, status: null },
      ],
    };
    // A sum: the relative change 250.5 / 1000 = 25.05 % → 25.1 % (rounded half up by toFixed: 25.05 is stored as 25.0500…01).
    assert.equal(describeLatest(revenue), '1,250.50 EUR (2025-12) · ▲25.1 % vs 2025-11');
  });
});
