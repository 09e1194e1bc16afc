// The segments of a KPI without a source of its own slice the rows of the source its fields
// read: a historical or simple clv's revenue source, a cac's spend source. They were checked
// nowhere: a cac segmented by a column its spend source lacks passed `check` and lost its whole
// KPI at run time with the engine's "Binder Error: Referenced column "plan" not found"; a source
// read only through a clv's segment was called unused.
import { strict as assert } from 'assert';
import { brief, diagnose, lines } from '../helpers';

// Lines 1–13; the KPIs start at line 14.
const HEAD = [
  'kpilens: 1',
  'sources:',
  '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
  '  customers: { file: data/customers.csv, time: signup_date, key: customer_id }',
  '  marketing: { file: data/marketing_spend.csv, time: month }',
  'periods:',
  '  monthly: { grain: month, last: 3 }',
  'segments:',
  '  plan: { by: customers.plan }',
  '  own_plan: { by: plan }',
  '  channel: { by: channel }',
  'defaults: { period: monthly }',
  'kpis:',
];
const NEW = '  new: { type: new_customers, source: customers, start: signup_date, end: churn_date }';

describe('spec: segments of a clv or a cac', () => {
  it("a clv's segment of a joined source uses that source: no unused-source warning", async () => {
    for (const method of ['historical', 'simple, lifetime_years: 2']) {
      const d = await diagnose(
        lines(
          ...HEAD,
          `  value: { type: clv, method: ${method}, revenue: orders.amount, segments: [plan, channel] }`,
          NEW,
        ),
      );
      // (marketing, line 5, is for the cac's cases.)
      assert.deepEqual(brief(d), ['5:3 warning unused-source'], method);
    }
  });

  it("a clv's segment by a column its revenue source lacks is an unknown column at check", async () => {
    const d = await diagnose(
      lines(...HEAD, '  value: { type: clv, method: historical, revenue: orders.amount, segments: [own_plan] }', NEW),
    );
    assert.deepEqual(brief(d), ['5:3 warning unused-source', '10:19 error unknown-column']);
    assert.match(
      d[1].message,
      /column 'plan' is not in source 'orders'.*read by segment 'own_plan' \(used by KPI 'value'\)/,
    );
  });

  it("a cac's segment is read on its spend source: a column it lacks, a joined source without a key", async () => {
    const lacking = await diagnose(
      lines(...HEAD, '  cac: { type: cac, spend: marketing.spend, customers: new, segments: [own_plan] }', NEW),
    );
    // (orders, line 3, is for the clv's cases.)
    assert.deepEqual(brief(lacking), ['3:3 warning unused-source', '10:19 error unknown-column']);
    assert.match(lacking[1].message, /column 'plan' is not in source 'marketing'/);
    const joined = await diagnose(
      lines(...HEAD, '  cac: { type: cac, spend: marketing.spend, customers: new, segments: [plan] }', NEW),
    );
    assert.deepEqual(brief(joined), ['3:3 warning unused-source', '14:72 error missing-key']);
    assert.match(joined[1].message, /joins 'customers' to 'marketing', but source 'marketing' has no 'key'/);
    // A column the spend source has, but not the source of its input `new` (the customers), which
    // the segment slices too: at run time that input's query stopped, and every KPI of the
    // customers with it.
    const own = await diagnose(
      lines(...HEAD, '  cac: { type: cac, spend: marketing.spend, customers: new, segments: [channel] }', NEW),
    );
    assert.deepEqual(brief(own), ['3:3 warning unused-source', '11:18 error unknown-column']);
    assert.match(
      own[1].message,
      /column 'channel' is not in source 'customers'.*used by KPI 'cac', on the rows of its input 'new'/,
    );
  });

  it("a ratio's or a formula's segments are read on the sources of their inputs", async () => {
    const inputs = [
      '  revenue: { type: sum, source: orders, column: amount }',
      '  paid: { type: count, source: orders }',
      '  basket: { type: ratio, numerator: revenue, denominator: paid, segments: [channel] }',
      '  twice: { type: formula, expr: basket * 2, segments: [channel, own_plan] }',
    ];
    const d = await diagnose(lines(...HEAD, ...inputs));
    // channel is a column of orders; plan is not (own_plan, through basket's inputs).
    assert.deepEqual(brief(d), [
      '4:3 warning unused-source',
      '5:3 warning unused-source',
      '10:19 error unknown-column',
    ]);
    assert.match(
      d[2].message,
      /column 'plan' is not in source 'orders'.*used by KPI 'twice', on the rows of its input 'revenue'/,
    );
  });

  it("a cohort's segment of another source than its cohort's is unsupported at check (the run left the KPI out)", async () => {
    const d = await diagnose(
      lines(
        'kpilens: 1',
        'sources:',
        '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
        '  customers: { file: data/customers.csv, time: signup_date, key: customer_id }',
        'periods:',
        '  monthly: { grain: month, last: 3 }',
        'segments:',
        '  ordered_via: { by: orders.channel }',
        '  plan: { by: plan }',
        'defaults: { period: monthly }',
        'kpis:',
        '  d30: { type: cohort_retention, source: orders, cohort: customers, start: signup_date, days: [30], segments: [ordered_via, plan] }',
      ),
    );
    assert.deepEqual(brief(d), ['12:112 error unsupported-feature']);
    assert.match(
      d[0].message,
      /KPI 'd30' can be segmented by columns of its cohort source 'customers' only; segment 'ordered_via' reads 'orders'/,
    );
  });
});
