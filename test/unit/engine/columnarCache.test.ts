// The columnar cache (src/core/engine/cache/columnarCache.ts) on real files with the real engine:
// the first run writes one Parquet copy per CSV source and later runs read it (no COPY);
// a changed file is copied again and its old entry removed; the least recently used
// entries are evicted beyond the size bound; a half-written entry (crash) is never used;
// and the numbers and diagnostics (malformed rows included) are those of a run without it.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { ColumnarCache } from '../../../src/core/engine/cache/columnarCache';
import type { CachedRelation } from '../../../src/core/engine/cache/columnarCache';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { FIXTURES, lines, REPO_ROOT } from '../helpers';
import { copiesIn, recordedRun } from './recordedRun';

// orders.csv of test/fixtures/engine (see evaluate.test.ts): January 2025 has the orders
// 2 (20), 3 (30) and 4 (40): revenue 20 + 30 + 40 = 90, 3 orders.
const SPEC = lines(
  'kpilens: 1',
  'as_of: 2025-01-31',
  'sources:',
  '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
  '  customers: { file: data/customers.csv, time: signup_date, key: customer_id }',
  'periods:',
  '  jan: { grain: month, last: 1 }',
  'segments:',
  '  plan: { by: customers.plan }',
  'defaults: { period: jan }',
  'kpis:',
  '  revenue: { type: sum, source: orders, column: amount, segments: [plan] }',
  '  orders: { type: count, source: orders }',
  '  basket: { type: ratio, numerator: revenue, denominator: orders }',
  '  churn: { type: churn, source: customers, start: signup_date, end: churn_date }',
);

/**
 * Deep equality, numbers within 1e-9 relative: DuckDB's parallel sums of doubles may
 * differ in the last bits from one run to the next, with or without the cache.
 */
function assertSame(actual: unknown, expected: unknown, where = 'result'): void {
  if (typeof actual === 'number' && typeof expected === 'number') {
    assert.ok(
      Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)),
      `${where}: ${actual} ≠ ${expected}`,
    );
  } else if (Array.isArray(actual) && Array.isArray(expected)) {
    assert.equal(actual.length, expected.length, `${where}: length`);
    actual.forEach((v, i) => assertSame(v, expected[i], `${where}[${i}]`));
  } else if (typeof actual === 'object' && actual !== null && typeof expected === 'object' && expected !== null) {
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${where}: keys`);
    for (const [k, v] of Object.entries(actual))
      assertSame(v, (expected as Record<string, unknown>)[k], `${where}.${k}`);
  } else {
    assert.equal(actual, expected, where);
  }
}

describe('engine: columnar cache', function () {
  this.timeout(60000);
  let dir: string;
  let cacheDir: string;
  let engine: DuckDbEngine;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-cache-'));
    fs.cpSync(path.join(FIXTURES, 'engine', 'data'), path.join(dir, 'data'), { recursive: true });
    cacheDir = path.join(dir, '.kpilens', 'cache');
    // The engine may read the data and read/write the cache folder, nothing else.
    engine = new DuckDbEngine({ allowedDirectories: [dir, path.join(dir, 'data'), cacheDir, path.join(dir, 'probe')] });
  });
  afterEach(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = (text: string, cache?: ColumnarCache) => recordedRun(dir, engine, text, cache);
  const copies = copiesIn;
  const entries = () => fs.readdirSync(cacheDir).filter((f) => f.endsWith('.parquet')).length;

  it('copies each CSV source once, then reads the copies; the numbers are those without the cache', async () => {
    const cache = new ColumnarCache({ dir: cacheDir });
    const plain = await run(SPEC);
    const first = await run(SPEC, cache);
    assert.equal(copies(first.sql), 2, 'orders and customers copied');
    assert.equal(entries(), 2);
    assert.equal(fs.readFileSync(path.join(cacheDir, '.gitignore'), 'utf8').split('\n').includes('*'), true);
    const second = await run(SPEC, cache);
    assert.equal(copies(second.sql), 0, 'nothing copied again');
    assert.ok(
      second.sql.every((s) => !s.includes('read_csv')),
      'no text read',
    );
    assert.ok(second.sql.some((s) => s.includes('read_parquet')));
    const revenue = second.result.kpis.find((k) => k.name === 'revenue');
    assert.equal(revenue?.rows[0].value, 90); // 20 + 30 + 40
    assertSame(first.result, plain.result);
    assertSame(second.result, plain.result);
  });

  it('remembers each source profile (first and last dates, rows) with the copy: a later run reads no row for it', async () => {
    const plain = await run(SPEC);
    await run(SPEC, new ColumnarCache({ dir: cacheDir }));
    // Another cache instance (another process): the profile comes from the entries' metadata.
    const later = await run(SPEC, new ColumnarCache({ dir: cacheDir }));
    const profiles = (sql: string[]) => sql.filter((s) => s.includes('AS mn, CAST(max(d) AS VARCHAR) AS mx')).length;
    assert.equal(profiles(plain.sql), 2, 'orders and customers profiled without the cache');
    assert.equal(profiles(later.sql), 0);
    // The same as_of (the last date of the data), numbers and diagnostics.
    assertSame(later.result, plain.result);
  });

  it('a changed file is copied again, its old entry removed, and the new numbers used', async () => {
    const cache = new ColumnarCache({ dir: cacheDir });
    await run(SPEC, cache);
    const orders = path.join(dir, 'data', 'orders.csv');
    fs.appendFileSync(orders, '8,c1,2025-01-20,100,web,paid\n');
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(orders, later, later);
    const again = await run(SPEC, cache);
    assert.equal(copies(again.sql), 1, 'only orders copied again');
    assert.equal(entries(), 2, 'the old copy of orders is gone');
    assert.equal(again.result.kpis.find((k) => k.name === 'revenue')?.rows[0].value, 190); // 90 + 100
    assert.equal(again.result.kpis.find((k) => k.name === 'orders')?.rows[0].value, 4); // 3 + 1
  });

  it('a file edited in place with its size and modification time put back is copied again', async () => {
    // `touch -r`, `cp -p` or an export tool writing fixed times: the same size and modification
    // time, another content. Before, the cache kept serving the old copy's numbers.
    const cache = new ColumnarCache({ dir: cacheDir });
    const orders = path.join(dir, 'data', 'orders.csv');
    // A whole second, which the file system keeps exactly.
    fs.utimesSync(orders, 1_750_000_000, 1_750_000_000);
    const before = fs.statSync(orders);
    const first = await run(SPEC, cache);
    assert.equal(first.result.kpis.find((k) => k.name === 'revenue')?.rows[0].value, 90);
    const text = fs.readFileSync(orders, 'utf8');
    // One amount of the same length: 20 becomes 50 (revenue 90 → 120).
    const edited = text.replace(/,20,/, ',50,');
    assert.notEqual(edited, text);
    assert.equal(edited.length, text.length);
    fs.writeFileSync(orders, edited);
    fs.utimesSync(orders, 1_750_000_000, 1_750_000_000);
    assert.equal(fs.statSync(orders).mtimeMs, before.mtimeMs);
    assert.equal(fs.statSync(orders).size, before.size);
    const again = await run(SPEC, cache);
    assert.equal(copies(again.sql), 1, 'orders copied again');
    assert.equal(again.result.kpis.find((k) => k.name === 'revenue')?.rows[0].value, 120);
  });

  it('evicts the least recently used entries beyond the size bound', async () => {
    const big = new ColumnarCache({ dir: cacheDir });
    const file = (name: string) => [path.join(dir, 'data', name)];
    const a = await big.relation(engine, file('orders.csv'), 'csv', { delimiter: ',' });
    const b = await big.relation(engine, file('customers.csv'), 'csv', { delimiter: ',' });
    assert.ok(a?.created && b?.created);
    const size = (r: CachedRelation | undefined) => fs.statSync(/'(.*)'/.exec(r?.readSql ?? '')?.[1] ?? '').size;
    // Use orders again (more recent than customers), then add survey with room for two entries.
    const past = new Date(Date.now() - 60_000);
    for (const f of fs.readdirSync(cacheDir).filter((n) => n.endsWith('.json')))
      fs.utimesSync(path.join(cacheDir, f), past, past);
    assert.equal((await big.relation(engine, file('orders.csv'), 'csv', { delimiter: ',' }))?.created, false);
    // The size survey's copy will have: made once in another folder.
    const probe = await new ColumnarCache({ dir: path.join(dir, 'probe') }).relation(
      engine,
      file('survey.csv'),
      'csv',
      { delimiter: ',' },
    );
    const bounded = new ColumnarCache({
      dir: cacheDir,
      maxBytes: size(a) + size(probe) + Math.min(size(a), size(b), size(probe)) - 1,
    });
    const c = await bounded.relation(engine, file('survey.csv'), 'csv', { delimiter: ',' });
    assert.ok(c?.created);
    const left = fs
      .readdirSync(cacheDir)
      .filter((n) => n.endsWith('.parquet'))
      .map((n) => path.join(cacheDir, n))
      .sort();
    const kept = [a, c].map((r) => /'(.*)'/.exec(r?.readSql ?? '')?.[1]).sort();
    assert.deepEqual(left, kept, 'customers (least recently used) evicted; orders and survey kept');
  });

  it('a half-written entry (crash before the metadata) is never used', async () => {
    const cache = new ColumnarCache({ dir: cacheDir });
    const files = [path.join(dir, 'data', 'orders.csv')];
    const first = await cache.relation(engine, files, 'csv', { delimiter: ',' });
    const parquet = /'(.*)'/.exec(first?.readSql ?? '')?.[1] ?? '';
    // The crash: the metadata was not written and the data file is garbage.
    fs.rmSync(parquet.replace(/\.parquet$/, '.json'));
    fs.writeFileSync(parquet, 'not a parquet file');
    fs.writeFileSync(path.join(cacheDir, 'abc.123.456.tmp.parquet'), 'half');
    const again = await cache.relation(engine, files, 'csv', { delimiter: ',' });
    assert.equal(again?.created, true, 'copied again');
    const rows = await engine.query(`SELECT sum(amount) AS s FROM ${again?.readSql ?? ''}`);
    assert.equal(rows[0].s, 215); // 5 + 10 + 20 + 30 + 40 + 50 + 60 (order 5 has no amount)
  });

  it('a cache folder that cannot be created means no cache, not a failed run', async () => {
    // A file where the folder should be: mkdir fails.
    const blocked = path.join(dir, 'blocked');
    fs.writeFileSync(blocked, 'not a folder');
    const cache = new ColumnarCache({ dir: path.join(blocked, 'cache') });
    const { result, sql } = await run(SPEC, cache);
    assert.equal(copies(sql), 0);
    assert.equal(result.kpis.find((k) => k.name === 'revenue')?.rows[0].value, 90); // 20 + 30 + 40, read directly
  });

  it('malformed rows and the other data diagnostics are the same with the cache', async () => {
    const bad = path.join(dir, 'bad');
    fs.cpSync(path.join(FIXTURES, 'bad'), bad, { recursive: true });
    const spec = lines(
      'kpilens: 1',
      'as_of: 2025-01-31',
      'sources:',
      '  ragged: { file: data/ragged.csv, time: order_date }',
      '  latin1: { file: data/latin1.csv, time: order_date }',
      '  wrongtype: { file: data/wrongtype.csv, time: order_date }',
      '  header: { file: data/header.csv, time: order_date }',
      'periods:',
      '  jan: { grain: month, last: 1 }',
      'defaults: { period: jan }',
      'kpis:',
      '  d: { type: sum, source: ragged, column: amount }',
      '  e: { type: count, source: latin1 }',
      '  f: { type: sum, source: wrongtype, column: amount }',
      '  c: { type: sum, source: header, column: amount }',
    );
    const badEngine = new DuckDbEngine({ allowedDirectories: [bad, path.join(bad, 'data'), path.join(bad, 'cache')] });
    try {
      const check = await checkKpiFile(path.join(bad, 'bad.kpi.yaml'), spec);
      const cache = new ColumnarCache({ dir: path.join(bad, 'cache') });
      const plain = await evaluateSpec(check, { engine: badEngine });
      const cached = await evaluateSpec(check, { engine: badEngine, cache });
      const again = await evaluateSpec(check, { engine: badEngine, cache });
      assert.ok(plain.diagnostics.some((d) => /1 malformed row of source 'ragged'/.test(d.message)));
      assert.deepEqual(cached, plain);
      assert.deepEqual(again, plain);
    } finally {
      await badEngine.close();
    }
  });

  it('every engine fixture file gives the same report with and without the cache', async () => {
    const spec = lines(
      'kpilens: 1',
      'as_of: 2025-03-31',
      'sources:',
      '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
      '  customers: { file: data/customers.csv, time: signup_date, key: customer_id }',
      '  survey: { file: data/survey.csv, time: responded_at, key: customer_id }',
      '  events: { file: data/events.csv, time: event_date, key: customer_id }',
      '  funnel: { file: data/funnel_events.csv, time: event_date, key: customer_id }',
      '  marketing: { file: data/marketing.csv, time: month }',
      '  subscriptions: { file: data/subscriptions.csv, time: start, key: customer_id }',
      '  cohort_customers: { file: data/cohort_customers.csv, time: signup_date, key: customer_id }',
      '  cohort_orders: { file: data/cohort_orders.csv, time: order_date, key: customer_id }',
      'periods:',
      '  monthly: { grain: month, last: 3 }',
      'segments:',
      '  channel: { by: channel }',
      '  plan: { by: customers.plan }',
      'defaults: { period: monthly }',
      'kpis:',
      '  revenue: { type: sum, source: orders, column: amount, segments: [channel, plan] }',
      '  buyers: { type: active_customers, source: orders }',
      '  repeat: { type: repurchase_rate, source: orders }',
      '  nps: { type: nps, source: survey, column: nps_score }',
      '  csat: { type: csat, source: survey, column: csat_score }',
      '  ces: { type: ces, source: survey, column: ces_score }',
      '  engagement: { type: engagement, source: events, column: kind, weights: { login: 1, purchase: 5 } }',
      '  funnel: { type: funnel, source: funnel, column: step, steps: [visit, cart, buy] }',
      '  churn: { type: churn, source: subscriptions, start: start, end: end }',
      '  new: { type: new_customers, source: customers, start: signup_date, end: churn_date }',
      '  cac: { type: cac, spend: marketing.spend, customers: new }',
      '  retention: { type: cohort_retention, source: cohort_orders, cohort: cohort_customers, start: signup_date, days: [30, 60] }',
      '  clv: { type: clv, method: historical, revenue: orders.amount, months: 12 }',
    );
    const check = await checkKpiFile(path.join(dir, 'test.kpi.yaml'), spec);
    assert.deepEqual(
      check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      [],
      'the spec of the test is valid',
    );
    const cache = new ColumnarCache({ dir: cacheDir });
    const plain = await evaluateSpec(check, { engine });
    const first = await evaluateSpec(check, { engine, cache });
    const second = await evaluateSpec(check, { engine, cache });
    assert.equal(first.kpis.length, 13);
    assertSame(first, plain);
    assertSame(second, plain);
    assert.equal(entries(), 9, 'one copy per source');
  });

  it('the sample gives the same report with and without the cache', async () => {
    const sample = path.join(dir, 'sample');
    fs.cpSync(path.join(REPO_ROOT, 'samples'), sample, { recursive: true });
    const sampleEngine = new DuckDbEngine({
      allowedDirectories: [sample, path.join(sample, 'data'), path.join(sample, 'cache')],
    });
    try {
      const file = path.join(sample, 'loyalty.kpi.yaml');
      const check = await checkKpiFile(file, fs.readFileSync(file, 'utf8'));
      const cache = new ColumnarCache({ dir: path.join(sample, 'cache') });
      const plain = await evaluateSpec(check, { engine: sampleEngine });
      await evaluateSpec(check, { engine: sampleEngine, cache });
      const cached = await evaluateSpec(check, { engine: sampleEngine, cache });
      assertSame(cached, plain);
    } finally {
      await sampleEngine.close();
    }
  });
});
