// Valid files give no diagnostic at all: the reference example on the shipped sample data,
// and a file using every KPI type, every period form and every segment kind. Also keeps
// schemas/kpi.schema.json equal to the schema built from the KPI type registry.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { buildSchema } from '../../../src/core/kpifile/buildSchema';
import { KPI_TYPE_NAMES } from '../../../src/core/kpis/registry';
import { brief, diagnose, lines, REPO_ROOT } from '../helpers';

const EVERY_TYPE = lines(
  'kpilens: 1',
  'title: Every type',
  'as_of: 2025-03-31',
  'timezone: Europe/Paris',
  'x-team: loyalty',
  'sources:',
  '  orders: { file: data/orders.csv, time: order_date, key: customer_id, where: "status = \'paid\'", columns: { amount: number } }',
  '  customers: { file: data/customers.csv, time: signup_date, key: customer_id }',
  '  survey: { file: data/survey.csv, time: responded_at, key: customer_id }',
  '  marketing: { file: data/marketing_spend.csv, time: month }',
  '  events: { file: data/events.ndjson, time: event_time, key: customer_id }',
  '  tickets: { file: data/tickets.json, format: json, time: ticket_date, key: customer_id }',
  '  visits: { file: data/visits.tsv, time: visit_date, key: customer_id }',
  'periods:',
  '  monthly: { grain: month, last: 12, compare: previous }',
  '  weekly: { grain: week, last: 8 }',
  '  daily: { grain: day, last: 30, partial: true }',
  '  h1_2025: { from: 2025-01-01, to: 2025-06-30 }',
  '  q_2025: { grain: quarter, from: 2025-01-01, to: 2025-12-31, compare: year_ago }',
  '  yearly: { grain: year, last: 2, compare: none }',
  'segments:',
  '  channel: { by: channel }',
  '  plan: { by: customers.plan, title: Plan }',
  '  enterprise: { where: "customers.plan = \'enterprise\'" }',
  "  big: { where: 'amount >= 100 and channel in (''web'', ''store'')' }",
  'defaults: { period: monthly, format: number, currency: EUR }',
  'kpis:',
  '  orders: { type: count, source: orders, segments: [channel, plan, enterprise, big] }',
  '  buyers: { type: count_distinct, source: orders, column: customer_id, period: weekly }',
  '  revenue: { type: sum, source: orders, column: amount, format: currency, target: { min: 100, max: 100000 } }',
  '  basket_avg: { type: avg, source: orders, column: amount, period: h1_2025 }',
  '  smallest: { type: min, source: orders, column: amount, period: q_2025 }',
  '  largest: { type: max, source: orders, column: amount, period: yearly, time: order_date }',
  '  basket: { type: ratio, numerator: revenue, denominator: orders, segments: [channel] }',
  '  per_buyer: { type: formula, expr: "round(revenue / coalesce(buyers, 1), 2)", period: weekly }',
  '  nps: { type: nps, source: survey, column: nps_score, format: score, target: { min: 30 } }',
  '  csat: { type: csat, source: survey, column: csat_score, scale: 5, satisfied_min: 4, format: percent }',
  '  effort: { type: ces, source: tickets, column: ces_score, scale: 7, direction: lower_is_better }',
  '  churn: { type: churn, source: customers, start: signup_date, end: churn_date, format: percent, segments: [plan] }',
  '  retention: { type: retention_rate, source: customers, start: signup_date, end: churn_date }',
  '  base: { type: customers, source: customers, start: signup_date, end: churn_date }',
  '  newcomers: { type: new_customers, source: customers, start: signup_date }',
  '  mau: { type: active_customers, source: visits, window: 30, period: daily }',
  '  repurchase: { type: repurchase_rate, source: orders }',
  '  cohorts: { type: cohort_retention, source: orders, cohort: customers, start: signup_date, days: [30, 60, 90], window: 30 }',
  '  lifetime: { type: survival, source: customers, start: signup_date, end: churn_date, at: [30, 90, 365] }',
  '  engagement: { type: engagement, source: events, column: event_type, weights: { purchase: 5, visit: 1 } }',
  '  funnel: { type: funnel, source: events, column: event_type, steps: [visit, purchase] }',
  '  cac: { type: cac, spend: marketing.spend, customers: newcomers }',
  '  clv_hist: { type: clv, method: historical, revenue: orders.amount, months: 24 }',
  '  clv: { type: clv, method: simple, revenue: orders.amount, churn: churn, cac: cac }',
  '  clv_fixed: { type: clv, method: simple, revenue: orders.amount, lifetime_years: 5, owner: growth, tags: [value] }',
  '  median_basket: { type: percentile, source: orders, column: amount, p: 50 }',
  '  cadence: { type: time_between_purchases, source: orders, p: 90, over: customers }',
  '  nrr: { type: net_revenue_retention, source: orders, column: amount }',
  '  grr: { type: gross_revenue_retention, source: orders, column: amount }',
  '  mrr_growth: { type: mrr_growth, source: orders, column: amount }',
);

describe('valid KPI files', () => {
  it('the sample loyalty.kpi.yaml validates on the shipped sample data with no diagnostic', async () => {
    const file = path.join(REPO_ROOT, 'samples', 'loyalty.kpi.yaml');
    const result = await checkKpiFile(file, fs.readFileSync(file, 'utf8'));
    assert.deepEqual(brief(result.diagnostics), []);
    assert.equal(result.model.kpis.size, 11);
    assert.deepEqual(result.sources.get('orders')?.columns, [
      'order_id',
      'customer_id',
      'order_date',
      'amount',
      'channel',
      'status',
    ]);
  });

  it('samples/loyalty.kpi.yaml is the reference example, unchanged', function () {
    const reference = path.join(REPO_ROOT, '..', 'shared', 'spec', 'examples', 'loyalty.kpi.yaml');
    if (!fs.existsSync(reference)) this.skip();
    assert.equal(
      fs.readFileSync(path.join(REPO_ROOT, 'samples', 'loyalty.kpi.yaml'), 'utf8'),
      fs.readFileSync(reference, 'utf8'),
    );
  });

  for (const doc of ['DSL.md', 'KPIS.md']) {
    it(`docs/${doc} holds the contract as shared, line for line and in order (the repo copy may add to it)`, function () {
      const reference = path.join(REPO_ROOT, '..', 'shared', 'spec', doc);
      if (!fs.existsSync(reference)) this.skip();
      const ours = fs.readFileSync(path.join(REPO_ROOT, 'docs', doc), 'utf8').split('\n');
      let at = 0;
      for (const line of fs.readFileSync(reference, 'utf8').split('\n')) {
        while (at < ours.length && ours[at] !== line) at++;
        assert.ok(at < ours.length, `docs/${doc} lacks (or reorders) the shared line: ${line}`);
        at++;
      }
    });
  }

  it('a file with every KPI type, period form and segment kind is valid', async () => {
    assert.deepEqual(brief(await diagnose(EVERY_TYPE)), []);
    const used = new Set([...EVERY_TYPE.matchAll(/type: ([a-z_]+)/g)].map((m) => m[1]));
    assert.deepEqual(
      KPI_TYPE_NAMES.filter((t) => !used.has(t)),
      [],
    );
  });

  it('applies defaults in the model: period, currency, format', async () => {
    const r = await checkKpiFile(path.join(REPO_ROOT, 'test', 'fixtures', 'shop', 'x.kpi.yaml'), EVERY_TYPE, {
      data: false,
    });
    const revenue = r.model.kpis.get('revenue');
    assert.equal(revenue?.period, 'monthly');
    assert.equal(revenue?.currency, 'EUR');
    assert.equal(revenue?.format, 'currency');
    assert.equal(r.model.kpis.get('orders')?.format, 'number');
    assert.equal(r.model.kpis.get('buyers')?.period, 'weekly');
    assert.deepEqual(r.model.periods.get('q_2025'), {
      name: 'q_2025',
      title: undefined,
      grain: 'quarter',
      last: undefined,
      partial: false,
      from: '2025-01-01',
      to: '2025-12-31',
      compare: 'year_ago',
    });
  });

  it('schemas/kpi.schema.json is the schema built from the KPI types (run `npm run schema`)', () => {
    const onDisk = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'kpi.schema.json'), 'utf8')) as unknown;
    assert.deepEqual(onDisk, buildSchema());
  });

  it('the schema is draft-07 and describes every KPI type with its formula', () => {
    const schema = buildSchema() as { $schema: string; definitions: Record<string, { description?: string }> };
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    for (const t of KPI_TYPE_NAMES) assert.ok((schema.definitions[`kpi_${t}`].description ?? '').length > 40, t);
    assert.match(schema.definitions.kpi_churn.description ?? '', /lost \/ S/);
  });
});
