// The semantic comparison in words, without data: changed sources, periods, segments and
// file settings; which KPIs they affect; reformatted expressions are no change; a reference
// to a renamed KPI is no change; presentation changes (title, format, target) do not make
// the KPIs that read a KPI "affected"; the period time options. The before → after figures:
// compareValues.test.ts; the core entry point and the reports' diagnostics: diffKpiFile.test.ts.
import { strict as assert } from 'assert';
import { compareSpecs } from '../../../src/core/diff/compareSpecs';
import { YamlDocument } from '../../../src/core/kpifile/yamlDocument';
import { buildModel } from '../../../src/core/kpifile/model';
import type { SpecModel } from '../../../src/core/kpifile/model';
import { lines } from '../helpers';

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
