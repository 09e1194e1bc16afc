// The semantic comparison in words, without data: changed sources, periods, segments and
// file settings; which KPIs they affect; reformatted expressions are no change; a reference
// to a renamed KPI is no change; presentation changes (title, format, target) do not make
// the KPIs that read a KPI "affected". And the before → after figures of cohorts and funnels.
import { strict as assert } from 'assert';
import frenchBundle from '../../../l10n/bundle.l10n.fr.json';
import { useLocale } from '../../../src/core/l10n/l10n';
import * as path from 'path';
import { compareSpecs } from '../../../src/core/diff/compareSpecs';
import { compareValues, latestValues } from '../../../src/core/diff/compareValues';
import { diffKpiFile } from '../../../src/core/diff/diffKpiFile';
import { diagnosticText, diffDiagnostics } from '../../../src/core/diff/render/diffText';
import type { SpecDiff } from '../../../src/core/diff/specDiff';
import type { KpiResult } from '../../../src/core/report/resultModel';
import { YamlDocument } from '../../../src/core/kpifile/yamlDocument';
import { buildModel } from '../../../src/core/kpifile/model';
import type { SpecModel } from '../../../src/core/kpifile/model';
import { lines, SHOP } from '../helpers';

function model(text: string): SpecModel {
  return buildModel('x.kpi.yaml', new YamlDocument('x.kpi.yaml', text).value);
}

const BASE = lines(
  'kpilens: 1',
  'as_of: 2025-12-31',
  'sources:',
  '  orders: { file: data/orders.csv, time: order_date, key: customer_id, columns: { amount: number } }',
  '  customers: { file: data/customers.csv, time: signup_date, key: customer_id }',
  'periods:',
  '  monthly: { grain: month, last: 12 }',
  'segments:',
  '  channel: { by: channel }',
  '  plan: { by: customers.plan }',
  'defaults: { period: monthly }',
  'kpis:',
  '  revenue: { type: sum, source: orders, column: amount, where: "status=\'paid\'" }',
  '  orders: { type: count, source: orders, segments: [channel] }',
  '  basket: { type: ratio, numerator: revenue, denominator: orders }',
  '  total: { type: formula, expr: revenue + orders }',
  '  signups: { type: count, source: customers }',
  '  by_plan: { type: count, source: orders, segments: [plan] }',
);

describe('compareSpecs: definitions in words', () => {
  it('source, period, segment and file changes, and the KPIs they affect', () => {
    const head = BASE.replace('as_of: 2025-12-31', 'as_of: 2026-01-31')
      .replace(
        'key: customer_id, columns: { amount: number } }',
        'key: customer_id, where: "country = \'FR\'", columns: { amount: integer } }',
      )
      .replace('last: 12', 'last: 6, compare: year_ago')
      .replace('by: customers.plan', 'by: customers.tier');
    const c = compareSpecs(model(BASE), model(head));
    assert.deepEqual(
      c.definitions.map((d) => [d.section, d.name ?? '', d.kind, d.changes]),
      [
        ['file', '', 'changed', ['as_of 2025-12-31 → 2026-01-31']],
        ['sources', 'orders', 'changed', ["filter added: country = 'FR'", 'column amount type number → integer']],
        ['periods', 'monthly', 'changed', ['last 12 → 6', 'compare previous → year_ago']],
        ['segments', 'plan', 'changed', ['by customers.plan → customers.tier']],
      ],
    );
    const byName = new Map(c.kpis.map((k) => [k.name, k]));
    // Every KPI reads the monthly period; orders-based ones also the source's filter.
    assert.equal(byName.get('revenue')?.kind, 'affected');
    assert.deepEqual(byName.get('revenue')?.indirect, [
      "source orders: filter added: country = 'FR'",
      'source orders: column amount type number → integer',
      'period monthly: last 12 → 6',
      'period monthly: compare previous → year_ago',
    ]);
    // signups reads customers (unchanged) but the changed period.
    assert.deepEqual(byName.get('signups')?.indirect, [
      'period monthly: last 12 → 6',
      'period monthly: compare previous → year_ago',
    ]);
    // by_plan: its segment joins customers and changed its column.
    assert.ok(byName.get('by_plan')?.indirect.includes('segment plan: by customers.plan → customers.tier'));
    // Derived KPIs: through their inputs, transitively (formula over names).
    assert.ok(byName.get('basket')?.indirect.includes('input KPI revenue changed'));
    assert.ok(byName.get('total')?.indirect.includes('input KPI orders changed'));
  });

  it('a reformatted filter or formula is no change; a rewritten one is', () => {
    const head = BASE.replace('where: "status=\'paid\'"', 'where: "status = \'paid\'"').replace(
      'expr: revenue + orders',
      'expr: (revenue) + orders',
    );
    const same = compareSpecs(model(BASE), model(head));
    assert.ok(
      same.kpis.every((k) => k.kind === 'unchanged'),
      JSON.stringify(same.kpis),
    );
    const other = compareSpecs(
      model(BASE),
      model(BASE.replace('where: "status=\'paid\'"', "where: \"status in ('paid', 'shipped')\"")),
    );
    assert.deepEqual(other.kpis.find((k) => k.name === 'revenue')?.changes, [
      "filter status='paid' → status in ('paid', 'shipped')",
    ]);
  });

  it('a renamed KPI: its readers follow the new name without a change', () => {
    const head = BASE.replace('  revenue: {', '  sales: {')
      .replace('numerator: revenue', 'numerator: sales')
      .replace('expr: revenue + orders', 'expr: sales + orders');
    const c = compareSpecs(model(BASE), model(head));
    const sales = c.kpis.find((k) => k.name === 'sales');
    assert.deepEqual([sales?.kind, sales?.baseName, sales?.changes], ['renamed', 'revenue', []]);
    assert.equal(c.kpis.find((k) => k.name === 'basket')?.kind, 'unchanged');
    // A formula's text changed (revenue → sales): reported, since expressions are compared as written.
    assert.deepEqual(c.kpis.find((k) => k.name === 'total')?.changes, ['expr revenue + orders → sales + orders']);
    assert.ok(!c.kpis.some((k) => k.kind === 'removed' || k.kind === 'added'));
  });

  it('a renamed KPI with another definition is removed + added; segments and presentation in words', () => {
    const head = BASE.replace(
      '  orders: { type: count, source: orders, segments: [channel] }',
      '  orders: { type: count, source: orders, segments: [plan], title: Orders, format: number, target: { min: 10 } }',
    );
    const c = compareSpecs(model(BASE), model(head));
    const orders = c.kpis.find((k) => k.name === 'orders');
    assert.deepEqual(orders?.changes, [
      'segments added: plan',
      'segments removed: channel',
      'format integer → number',
      'target added: {min: 10}',
      'title orders → Orders',
    ]);
    // basket reads orders, whose segments changed: its value may move (segments change the rows).
    assert.ok(c.kpis.find((k) => k.name === 'basket')?.indirect.includes('input KPI orders changed'));
    const onlyLooks = compareSpecs(
      model(BASE),
      model(
        BASE.replace(
          'where: "status=\'paid\'" }',
          'where: "status=\'paid\'", title: Sales, format: currency, currency: EUR }',
        ),
      ),
    );
    assert.equal(onlyLooks.kpis.find((k) => k.name === 'revenue')?.kind, 'changed');
    // Only the presentation of revenue changed: basket and total are not affected.
    assert.equal(onlyLooks.kpis.find((k) => k.name === 'basket')?.kind, 'unchanged');
    const renamedAndChanged = compareSpecs(
      model(BASE),
      model(
        BASE.replace(
          '  signups: { type: count, source: customers }',
          '  members: { type: count, source: customers, where: "plan = \'pro\'" }',
        ),
      ),
    );
    assert.deepEqual(
      renamedAndChanged.kpis.filter((k) => k.kind !== 'unchanged').map((k) => [k.name, k.kind]),
      [
        ['members', 'added'],
        ['signups', 'removed'],
      ],
    );
  });

  it('confidence and min_sample of a share are changes in words that leave the values alone; other types ignore them', () => {
    const base =
      BASE.replace('defaults: { period: monthly }', 'defaults: { period: monthly, min_sample: 30 }') +
      '  again: { type: repurchase_rate, source: orders }\n';
    const head = base
      .replace('min_sample: 30 }', 'min_sample: 100 }')
      .replace('type: repurchase_rate, source: orders }', 'type: repurchase_rate, source: orders, confidence: 0.9 }');
    const c = compareSpecs(model(base), model(head));
    assert.deepEqual(c.kpis.find((k) => k.name === 'again')?.changes, ['confidence 0.95 → 0.9', 'min_sample 30 → 100']);
    // A count has no interval: the new default is no change of it.
    assert.equal(c.kpis.find((k) => k.name === 'orders')?.kind, 'unchanged');
  });
});

const cohort = (rows: [string, number, number | null][]): KpiResult => ({
  name: 'r',
  title: 'R',
  type: 'cohort_retention',
  format: 'percent',
  period: 'monthly',
  target: null,
  rows: rows.map(([period, day, value]) => ({
    period,
    day,
    segment: {},
    value,
    previous: null,
    change: null,
    status: null,
  })),
});

describe('compareValues: figures of cohorts, funnels and formats', () => {
  it('a retention day compares the latest cohort that has a value', () => {
    // D30 of cohort 2025-11 is 0.5 (2025-12 too young: null); D60 only 2025-10 has one.
    const before = cohort([
      ['2025-10', 30, 0.4],
      ['2025-10', 60, 0.3],
      ['2025-11', 30, 0.5],
      ['2025-11', 60, null],
      ['2025-12', 30, null],
      ['2025-12', 60, null],
    ]);
    const after = cohort([
      ['2025-10', 30, 0.45],
      ['2025-10', 60, 0.25],
      ['2025-11', 30, 0.6],
      ['2025-11', 60, null],
      ['2025-12', 30, null],
      ['2025-12', 60, null],
    ]);
    assert.deepEqual(
      [...latestValues(before)].map(([k, v]) => [k, v.period, v.value]),
      [
        ['D30', '2025-11', 0.5],
        ['D60', '2025-10', 0.3],
      ],
    );
    const changes = compareValues(before, after);
    // D30: 0.6 − 0.5 = +0.1 → +10 pp; D60: 0.25 − 0.3 = −0.05 → −5 pp; percents have no relative change.
    assert.deepEqual(
      changes.map((c) => [c.detail, c.differenceText, c.relative]),
      [
        ['D30', '+10 pp', null],
        ['D60', '−5 pp', null],
      ],
    );
  });

  it('in French a difference of percents is in points too (U+00A0, decimal comma)', () => {
    // D30: 0.625 − 0.5 = +0.125 → +12.5 points → "+12,5 pt"; D60: 0.25 − 0.3 = −0.05 → "−5 pt".
    const before = cohort([
      ['2025-11', 30, 0.5],
      ['2025-11', 60, 0.3],
    ]);
    const after = cohort([
      ['2025-11', 30, 0.625],
      ['2025-11', 60, 0.25],
    ]);
    useLocale('fr', frenchBundle);
    try {
      assert.deepEqual(
        compareValues(before, after).map((c) => c.differenceText),
        ['+12,5\u00a0pt', '−5\u00a0pt'],
      );
    } finally {
      useLocale('en', undefined);
    }
    assert.deepEqual(
      compareValues(before, after).map((c) => c.differenceText),
      ['+12.5 pp', '−5 pp'],
    );
  });

  it('a funnel compares its value and each step; a segment row is never compared', () => {
    const funnel: KpiResult = {
      name: 'f',
      title: 'F',
      type: 'funnel',
      format: 'percent',
      period: 'monthly',
      target: null,
      rows: [
        { period: '2025-12', segment: {}, value: 0.75, previous: null, change: null, status: null },
        { period: '2025-12', segment: {}, step: 'cart', value: 0.5, previous: null, change: null, status: null },
        { period: '2025-12', segment: { channel: 'web' }, value: 0.9, previous: null, change: null, status: null },
      ],
    };
    assert.deepEqual(
      [...latestValues(funnel)].map(([k, v]) => [k, v.value]),
      [
        ['', 0.75],
        ['step cart', 0.5],
      ],
    );
  });

  it('relative change: for amounts only, never over a zero before', () => {
    const sum = (value: number | null): KpiResult => ({
      name: 's',
      title: 'S',
      type: 'sum',
      format: 'currency',
      currency: 'EUR',
      period: 'monthly',
      target: null,
      rows: [{ period: '2025-12', segment: {}, value, previous: null, change: null, status: null }],
    });
    // 0 → 50: difference +50 EUR, no relative change (division by zero).
    assert.deepEqual(
      compareValues(sum(0), sum(50)).map((c) => [c.difference, c.differenceText, c.relative]),
      [[50, '+50 EUR', null]],
    );
    // 200 → 150: −50 EUR, −50 / 200 = −0.25.
    assert.deepEqual(
      compareValues(sum(200), sum(150)).map((c) => [c.differenceText, c.relative]),
      [['−50 EUR', -0.25]],
    );
    // A null side: no difference.
    assert.deepEqual(
      compareValues(sum(null), sum(150)).map((c) => [c.difference, c.differenceText]),
      [[null, null]],
    );
  });
});

describe('compareSpecs: period time options (issue 24)', () => {
  it('a rolling window added, changed, removed', () => {
    const changes = (a: string, b: string) =>
      compareSpecs(model(BASE.replace('last: 12 }', a)), model(BASE.replace('last: 12 }', b))).definitions.map(
        (d) => d.changes,
      );
    assert.deepEqual(changes('last: 12 }', 'last: 12, window: 90d }'), [['window added: 90d']]);
    assert.deepEqual(changes('last: 12, window: 90d }', 'last: 12, window: 13w }'), [['window 90d → 13w']]);
    assert.deepEqual(changes('last: 12, window: 3m }', 'last: 12 }'), [['window removed (was 3m)']]);
    assert.deepEqual(changes('last: 12 }', 'last: 12, calendar: 4-4-5, week_start: sunday, fiscal_year_start: 2 }'), [
      ['week_start added: sunday', 'fiscal_year_start added: 2', 'calendar added: 4-4-5'],
    ]);
    assert.deepEqual(changes('last: 12, to_date: year }', 'last: 12, to_date: quarter }'), [
      ['to_date year → quarter'],
    ]);
    assert.deepEqual(changes('last: 12 }', 'last: 12, compare: [previous, year_ago] }'), [
      ['compare previous → [previous, year_ago]'],
    ]);
    assert.deepEqual(changes('last: 12, compare: [previous] }', 'last: 12, compare: [previous, year_ago] }'), [
      ['compare [previous] → [previous, year_ago]'],
    ]);
  });
});

describe('diffKpiFile: the core entry point', () => {
  it('compares without evaluating when asked, and reports errors of either version without evaluating', async () => {
    const file = path.join(SHOP, 'diff.kpi.yaml');
    const text = lines(
      'kpilens: 1',
      'sources:',
      '  orders: { file: data/orders.csv, time: order_date }',
      'periods:',
      '  monthly: { grain: month, last: 3 }',
      'kpis:',
      '  n: { type: count, source: orders, period: monthly }',
    );
    const words = await diffKpiFile(file, text, text.replace('type: count', 'type: count, where: "amount > 10"'), {
      evaluate: false,
    });
    assert.equal(words.hasErrors, false);
    assert.deepEqual(
      words.kpis.map((k) => [k.name, k.kind, k.changes, k.values]),
      [['n', 'changed', ['filter added: amount > 10'], undefined]],
    );
    assert.equal(words.asOf, undefined);
    const broken = await diffKpiFile(file, text.replace('type: count', 'type: cuont'), text, { baseLabel: 'main' });
    assert.equal(broken.hasErrors, true);
    assert.equal(broken.base.label, 'main');
    assert.deepEqual(
      broken.base.diagnostics.map((d) => d.code),
      ['unknown-kpi-type'],
    );
    assert.deepEqual(broken.head.diagnostics, []);
    assert.ok(broken.kpis.every((k) => k.values === undefined));
  });
});

describe('compareValues: floating-point noise', () => {
  it('a difference within 1e-9 of the values is 0, a real one is kept', () => {
    const clv = (value: number): KpiResult => ({
      name: 'c',
      title: 'C',
      type: 'clv',
      format: 'currency',
      currency: 'EUR',
      period: 'monthly',
      target: null,
      rows: [{ period: '2025-12', segment: {}, value, previous: null, change: null, status: null }],
    });
    // 1213.64 + 2e-13: the same sum added in another order.
    assert.deepEqual(
      compareValues(clv(1213.64), clv(1213.64 + 2e-13)).map((c) => [c.difference, c.differenceText, c.relative]),
      [[0, '±0 EUR', 0]],
    );
    // One cent is a change: 1213.65 − 1213.64 = 0.01 (within float precision).
    const [cent] = compareValues(clv(1213.64), clv(1213.65));
    assert.ok(Math.abs((cent.difference ?? 0) - 0.01) < 1e-9);
    assert.equal(cent.differenceText, '+0.01 EUR');
  });
});

describe('diff reports: diagnostics of both versions', () => {
  it('a problem both versions have is listed once; the others say their version', () => {
    const warning = (line: number, message: string) => ({
      file: 'x.kpi.yaml',
      line,
      column: 3,
      severity: 'warning',
      message,
      code: 'invalid-values',
    });
    const diff: SpecDiff = {
      file: 'x.kpi.yaml',
      base: { label: 'main', diagnostics: [] },
      head: { label: 'working tree', diagnostics: [] },
      kpis: [],
      definitions: [],
      hasErrors: false,
      runDiagnostics: [
        { version: 'base', ...warning(5, 'same') },
        { version: 'base', ...warning(9, 'old only') },
        { version: 'head', ...warning(5, 'same') },
        { version: 'head', ...warning(7, 'new only') },
      ],
    };
    assert.deepEqual(
      diffDiagnostics(diff).map((d) => diagnosticText(diff, d)),
      [
        'x.kpi.yaml:5:3: warning: same [invalid-values] (both versions)',
        'x.kpi.yaml:9:3: warning: old only [invalid-values] (base: main)',
        'x.kpi.yaml:7:3: warning: new only [invalid-values] (head: working tree)',
      ],
    );
  });
});
