// Unit tests of the sample-data generator (scripts/generate-sample-data.ts): determinism, the
// committed samples/data/*.csv being exactly its output, and the invariants the loyalty KPIs
// rely on (orders and answers only while a customer, latest dates, invalid scores present).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  DEFAULT_SAMPLE_OPTIONS,
  SAMPLE_COLUMNS,
  SAMPLE_FILES,
  generateSampleData,
  writeSampleData,
  type SampleData,
  type SampleDataOptions,
} from '../../../scripts/generate-sample-data';

/** out/test/unit/samples → the repository root. */
const REPO_ROOT = path.resolve(__dirname, '../../../..');
const DATA_DIR = path.join(REPO_ROOT, 'samples', 'data');
const FILE_KEYS = Object.keys(SAMPLE_FILES) as (keyof SampleData)[];

interface Table {
  header: string[];
  rows: string[][];
}

/** Splits generated CSV (no quoting, `\n` line ends, trailing newline). */
function parseCsv(text: string): Table {
  assert.ok(text.endsWith('\n'), 'CSV text ends with a newline');
  assert.ok(!text.includes('\r'), 'CSV text has no carriage return');
  const lines = text.slice(0, -1).split('\n');
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((line) => line.split(','));
  for (const row of rows) assert.equal(row.length, header.length, `row with ${row.length} fields: ${row.join(',')}`);
  return { header, rows };
}

function column(table: Table, name: string): number {
  const index = table.header.indexOf(name);
  assert.ok(index >= 0, `column ${name}`);
  return index;
}

function maxOf(values: string[]): string {
  return values.reduce((a, b) => (b > a ? b : a), '');
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const AMOUNT = /^\d+\.\d{2}$/;

/** Checks every invariant of one generated set; returns the parsed tables for more checks. */
function checkInvariants(data: SampleData, options: SampleDataOptions): Record<keyof SampleData, Table> {
  const tables = {
    customers: parseCsv(data.customers),
    orders: parseCsv(data.orders),
    survey: parseCsv(data.survey),
    marketingSpend: parseCsv(data.marketingSpend),
  };
  for (const key of FILE_KEYS) assert.deepEqual(tables[key].header, [...SAMPLE_COLUMNS[key]], `${key} header`);

  const { customers, orders, survey, marketingSpend } = tables;
  assert.equal(customers.rows.length, options.customers);
  const spans = new Map<string, { signup: string; churn: string }>();
  const plans = new Set(['free', 'standard', 'premium', 'enterprise']);
  for (const [id, signup, churn, plan, country, channel] of customers.rows) {
    assert.ok(!spans.has(id), `duplicate customer ${id}`);
    assert.match(signup, ISO_DATE);
    assert.ok(signup <= options.end, `signup ${signup} after end`);
    if (churn !== '') {
      assert.match(churn, ISO_DATE);
      assert.ok(churn > signup, `${id}: churn ${churn} not after signup ${signup}`);
      assert.ok(churn >= options.start && churn <= options.end, `${id}: churn ${churn} outside the data range`);
    }
    assert.ok(plans.has(plan), `plan ${plan}`);
    assert.ok(country.length === 2 && channel.length > 0);
    spans.set(id, { signup, churn });
  }

  /** The customer was a customer on `date`: signup ≤ date < churn, date within [start, end]. */
  const assertActive = (what: string, id: string, date: string): void => {
    const span = spans.get(id);
    assert.ok(span, `${what}: unknown customer ${id}`);
    assert.match(date, ISO_DATE);
    assert.ok(date >= options.start && date <= options.end, `${what}: ${date} outside the data range`);
    assert.ok(date >= span.signup, `${what}: ${date} before signup ${span.signup} of ${id}`);
    if (span.churn !== '') assert.ok(date < span.churn, `${what}: ${date} on or after churn ${span.churn} of ${id}`);
  };

  const orderIds = new Set<string>();
  let previous = '';
  for (const [id, customer, date, amount, channel, status] of orders.rows) {
    assertActive(`order ${id}`, customer, date);
    assert.ok(!orderIds.has(id), `duplicate order ${id}`);
    orderIds.add(id);
    assert.ok(date >= previous, 'orders are sorted by date');
    previous = date;
    assert.match(amount, AMOUNT);
    assert.ok(['web', 'mobile', 'store', 'marketplace'].includes(channel), `channel ${channel}`);
    assert.ok(['paid', 'refunded', 'cancelled'].includes(status), `status ${status}`);
  }
  for (const [id, customer, date, , , ces] of survey.rows) {
    assertActive(`response ${id}`, customer, date);
    assert.match(ces, /^[1-7]$/);
  }
  for (const [month, channel, spend] of marketingSpend.rows) {
    assert.match(month, /^\d{4}-\d{2}-01$/);
    assert.ok(channel.length > 0);
    assert.match(spend, AMOUNT);
  }

  const signups = customers.rows.map((row) => row[column(customers, 'signup_date')]);
  assert.equal(maxOf(signups), options.end, 'latest signup');
  assert.equal(maxOf(orders.rows.map((row) => row[column(orders, 'order_date')])), options.end, 'latest order');
  assert.equal(maxOf(survey.rows.map((row) => row[column(survey, 'responded_at')])), options.end, 'latest answer');
  return tables;
}

describe('samples: generateSampleData', () => {
  const defaults: SampleDataOptions = { ...DEFAULT_SAMPLE_OPTIONS };
  const generated = generateSampleData(defaults);

  it('is deterministic: same options, same text; another seed, other text', () => {
    assert.deepEqual(generateSampleData(defaults), generated);
    const other = generateSampleData({ ...defaults, seed: defaults.seed + 1 });
    for (const key of FILE_KEYS) assert.notEqual(other[key], generated[key], key);
  });

  it('matches the committed samples/data/*.csv (regenerate with `npm run samples`, never edit by hand)', () => {
    for (const key of FILE_KEYS) {
      const file = path.join(DATA_DIR, SAMPLE_FILES[key]);
      const committed = fs.readFileSync(file, 'utf8');
      assert.ok(committed === generated[key], `${file} differs from the generator's output: run \`npm run samples\``);
    }
  });

  it('keeps every invariant with the default options', () => {
    const { orders, customers, marketingSpend } = checkInvariants(generated, defaults);
    assert.ok(orders.rows.length >= 40_000 && orders.rows.length <= 80_000, `${orders.rows.length} orders`);
    assert.ok(Buffer.byteLength(generated.orders) < 4 * 1024 * 1024, 'orders.csv under 4 MB');
    assert.equal(marketingSpend.rows.length, 36 * new Set(marketingSpend.rows.map((row) => row[1])).size);
    const churnDates = customers.rows.map((row) => row[2]).filter((d) => d !== '');
    assert.ok(
      churnDates.some((d) => d.endsWith('-01')),
      'some customers churn on the first day of a month',
    );
    assert.ok(
      churnDates.some((d) => d.endsWith('-31')),
      'some customers churn on the last day of a month',
    );
  });

  it('puts a few invalid NPS and CSAT scores in the survey on purpose', () => {
    const survey = parseCsv(generated.survey);
    const invalid = (name: string, scale: [number, number]): string[] =>
      survey.rows
        .map((row) => row[column(survey, name)])
        .filter((v) => !/^\d+$/.test(v) || Number(v) < scale[0] || Number(v) > scale[1]);
    const badNps = invalid('nps_score', [0, 10]);
    const badCsat = invalid('csat_score', [1, 5]);
    assert.ok(badNps.length > 0 && badNps.length < survey.rows.length * 0.02, `${badNps.length} invalid NPS scores`);
    assert.ok(
      badCsat.length > 0 && badCsat.length < survey.rows.length * 0.02,
      `${badCsat.length} invalid CSAT scores`,
    );
  });

  it('keeps the invariants on a small set with an odd date range', () => {
    const options: SampleDataOptions = { seed: 5, customers: 150, start: '2024-02-15', end: '2024-11-09' };
    checkInvariants(generateSampleData(options), options);
    const single: SampleDataOptions = { seed: 1, customers: 1, start: '2025-12-31', end: '2025-12-31' };
    checkInvariants(generateSampleData(single), single);
  });

  it('rejects invalid options', () => {
    assert.throws(() => generateSampleData({ ...defaults, customers: 0 }), RangeError);
    assert.throws(() => generateSampleData({ ...defaults, start: '2025-02-30' }), RangeError);
    assert.throws(() => generateSampleData({ ...defaults, start: '2026-01-01' }), RangeError);
  });

  it('writeSampleData writes the same text as generateSampleData', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-samples-'));
    try {
      const options: SampleDataOptions = { seed: 3, customers: 400, start: '2024-01-01', end: '2025-06-30' };
      const summaries = writeSampleData(dir, options);
      const expected = generateSampleData(options);
      for (const key of FILE_KEYS) {
        const text = fs.readFileSync(path.join(dir, SAMPLE_FILES[key]), 'utf8');
        assert.equal(text, expected[key], key);
        const summary = summaries.find((s) => s.file === path.join(dir, SAMPLE_FILES[key]));
        assert.ok(summary, `summary of ${key}`);
        assert.equal(summary.bytes, Buffer.byteLength(text));
        assert.equal(summary.rows, text.split('\n').length - 2);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
