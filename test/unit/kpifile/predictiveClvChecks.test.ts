// The checks of a predictive clv's fields: valid with its own fields; fields of the other
// methods ignored (warning), and its own fields on the other methods; a monthly discount rate
// that looks annual; a schema error for a bad back-test; segments of the revenue source only.
import { strict as assert } from 'assert';
import { brief, diagnose, lines } from '../helpers';

// Lines 1–9; the KPI starts at line 10.
const HEAD = [
  'kpilens: 1',
  'sources:',
  '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
  '  customers: { file: data/customers.csv, key: customer_id }',
  'periods:',
  '  monthly: { grain: month, last: 3 }',
  'segments: { channel: { by: channel } }',
  'defaults: { period: monthly }',
  'kpis:',
];
const kpi = (...fields: string[]) =>
  lines(...HEAD, '  value:', '    type: clv', ...fields, '    revenue: orders.amount');

describe('spec: predictive clv checks', () => {
  it('a predictive clv with horizon, discount, back-test and a segment of its source is valid', async () => {
    const d = await diagnose(
      kpi(
        '    method: predictive',
        '    horizon_months: 24',
        '    discount_rate: 0.008',
        '    backtest: { holdout_months: 6 }',
        '    segments: [channel]',
      ),
    );
    assert.deepEqual(brief(d), ['4:3 warning unused-source']);
  });

  it('fields of the other methods are ignored, with a warning at the field', async () => {
    const d = await diagnose(kpi('    method: predictive', '    months: 24', '    churn: x'));
    assert.deepEqual(
      brief(d).filter((x) => !x.includes('unused-source')),
      ['13:5 warning invalid-value', '14:5 warning invalid-value', '14:12 error unknown-kpi'],
    );
    assert.match(
      d.find((x) => x.range.start.line === 13)?.message ?? '',
      /'months' does not apply to method: predictive; KPI 'value' ignores it/,
    );
  });

  it('predictive fields on another method are ignored, with a warning', async () => {
    const d = await diagnose(kpi('    method: historical', '    horizon_months: 24'));
    assert.deepEqual(
      brief(d).filter((x) => !x.includes('unused-source')),
      ['13:5 warning invalid-value'],
    );
    assert.match(d[d.length - 1].message + d[0].message, /'horizon_months' applies to method: predictive only/);
  });

  it('a monthly discount rate above 10 % is probably annual: a warning with the conversion', async () => {
    const d = await diagnose(kpi('    method: predictive', '    discount_rate: 0.12'));
    const w = d.find((x) => x.code === 'invalid-value');
    // (1.12)^12 − 1 = 2.896 → 290 % a year.
    assert.ok(w && w.severity === 'warning' && /0\.12 a month is 290 % a year/.test(w.message), w?.message);
  });

  it('the schema checks the back-test and the ranges', async () => {
    const bad = await diagnose(
      kpi('    method: predictive', '    backtest: { holdout: 6 }', '    discount_rate: -0.1', '    horizon_months: 0'),
    );
    const codes = brief(bad).filter((x) => !x.includes('unused-source'));
    assert.ok(
      codes.some((c) => c.startsWith('13:') && /error (unknown-key|missing-field)/.test(c)),
      codes.join('; '),
    );
    assert.ok(
      codes.some((c) => c.startsWith('14:') && c.endsWith('error invalid-value')),
      codes.join('; '),
    );
    assert.ok(
      codes.some((c) => c.startsWith('15:') && c.endsWith('error invalid-value')),
      codes.join('; '),
    );
  });
});
