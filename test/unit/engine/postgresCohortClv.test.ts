// cohort_retention and clv (historical, predictive) evaluated on a real PostgreSQL server
// (the throwaway server of postgresServer.ts) on small tables whose results are worked out
// by hand below; their queries send every value (dates, days, filter text) as $n parameters.
// Skipped, with a message, only when no PostgreSQL binaries are installed.

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { postgresDialect } from '../../../src/core/engine/sql/dialect';
import type { Engine, QueryOptions, SqlRow, SqlValue } from '../../../src/core/engine/backends/engine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import type { CustomerScoreRow } from '../../../src/core/engine/evaluation/predictiveClv';
import { PostgresEngine } from '../../../src/core/engine/backends/postgresEngine';
import { quoteString } from '../../../src/core/engine/sql/sqlText';
import type { RunResult } from '../../../src/core/report/resultModel';
import { FIXTURES, lines } from '../helpers';
import { serverSettings, startPostgresForSuite, type PostgresServer } from './postgresServer';

/** Runs every query on PostgreSQL and keeps each statement with its parameters. */
class ParamRecorder implements Engine {
  readonly calls: { sql: string; params: SqlValue[] }[] = [];
  constructor(private readonly inner: Engine) {}
  query(sql: string, params: SqlValue[] = [], options?: QueryOptions): Promise<SqlRow[]> {
    this.calls.push({ sql, params });
    return this.inner.query(sql, params, options);
  }
  async close(): Promise<void> {
    // The test closes the engine it wraps.
  }
}

describe('cohort_retention and clv on PostgreSQL, on hand-checked tables', function () {
  this.timeout(120_000);
  let server: PostgresServer;
  let pg: PostgresEngine;
  let dir: string;

  before(async function () {
    server = await startPostgresForSuite(this);
    pg = new PostgresEngine(serverSettings(server));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-pg-cohort-'));
  });

  after(async () => {
    await pg?.close();
    server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function evaluate(
    text: string,
    onScores?: (rows: CustomerScoreRow[]) => void,
  ): Promise<{ result: RunResult; recorder: ParamRecorder }> {
    const file = path.join(dir, 'test.kpi.yaml');
    fs.writeFileSync(file, text);
    const check = await checkKpiFile(file, text);
    assert.deepEqual(
      check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      [],
    );
    const recorder = new ParamRecorder(pg);
    const result = await evaluateSpec(check, {
      engine: recorder,
      dialect: postgresDialect,
      onCustomerScores: onScores ? (_k, rows) => onScores(rows) : undefined,
    });
    assert.deepEqual(
      result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      [],
    );
    return { result, recorder };
  }

  it('cohort_retention: own start per customer, both ends of the activity window, right-censored cells, a filter, segments', async () => {
    // Customers (signup, plan):  a 01-01 basic, b 01-15 pro, c 01-31 basic, d 02-20 pro,
    //                            f 03-21 pro, e 03-25 basic.
    // Orders (status paid unless said): a 01-11; b 01-15 (its signup day), 02-05; c 02-01, 03-03;
    // d 03-01 refunded; f 03-31; e 03-26.
    await pg.query('CREATE TABLE public.c_customers (customer_id text, signup_date date, plan text)');
    await pg.query(`INSERT INTO public.c_customers VALUES ('a', '2025-01-01', 'basic'), ('b', '2025-01-15', 'pro'), ('c', '2025-01-31', 'basic'),
      ('d', '2025-02-20', 'pro'), ('f', '2025-03-21', 'pro'), ('e', '2025-03-25', 'basic')`);
    await pg.query('CREATE TABLE public.c_orders (customer_id text, order_date date, status text)');
    await pg.query(`INSERT INTO public.c_orders VALUES ('a', '2025-01-11', 'paid'), ('b', '2025-01-15', 'paid'), ('b', '2025-02-05', 'paid'),
      ('c', '2025-02-01', 'paid'), ('c', '2025-03-03', 'paid'), ('d', '2025-03-01', 'refunded'), ('f', '2025-03-31', 'paid'), ('e', '2025-03-26', 'paid')`);
    const { result, recorder } = await evaluate(
      lines(
        'kpilens: 1',
        'as_of: 2025-03-31',
        'sources:',
        '  orders: { table: public.c_orders, connection: pg, time: order_date, key: customer_id }',
        '  customers: { table: public.c_customers, connection: pg, time: signup_date, key: customer_id }',
        'periods:',
        '  monthly: { grain: month, from: 2025-01-01, to: 2025-03-31 }',
        'segments:',
        '  plan: { by: plan }',
        'kpis:',
        '  retention:',
        '    type: cohort_retention',
        '    source: orders',
        '    cohort: customers',
        '    start: signup_date',
        '    days: [10, 30]',
        '    window: 10',
        '    where: "status = \'paid\'"',
        '    period: monthly',
        '    segments: [plan]',
      ),
    );
    const k = result.kpis.find((x) => x.name === 'retention');
    assert.ok(k);
    const cell = (period: string, day: number, segment: Record<string, string> = {}) => {
      const row = k.rows.find(
        (x) => x.period === period && x.day === day && JSON.stringify(x.segment) === JSON.stringify(segment),
      );
      return row ? [row.value === null ? null : Math.round(row.value * 1e6) / 1e6, row.n ?? null] : undefined;
    };
    // Day N counts activity in [start + N − 9, start + N] (window 10).
    // January cohort {a, b, c}, all observable at D10 and D30 (c: 01-31 + 30 = 03-02 ≤ 03-31).
    //  D10: a 01-11 = start + 10 (the window's last day) ✓; b's 01-15 is its start day (day 0) ✗;
    //       c 02-01 = start + 1 (the window's first day) ✓  → 2/3.
    //  D30: a ✗; b 02-05 = start + 21 = the first day of [start + 21, start + 30] ✓;
    //       c 03-03 = start + 31, one day after the window ✗  → 1/3.
    assert.deepEqual(cell('2025-01', 10), [0.666667, 3]);
    assert.deepEqual(cell('2025-01', 30), [0.333333, 3]);
    // February cohort {d}: observable at D10 (03-02) and D30 (03-22); its only order is refunded → 0/1.
    assert.deepEqual(cell('2025-02', 10), [0, 1]);
    assert.deepEqual(cell('2025-02', 30), [0, 1]);
    // March cohort {f, e}: D10 — f's start + 10 = 03-31 = as_of is observable, its 03-31 order ✓;
    // e's start + 10 = 04-04 is after as_of (censored) → 1/1. D30: both censored → no value.
    assert.deepEqual(cell('2025-03', 10), [1, 1]);
    assert.deepEqual(cell('2025-03', 30)?.[0], null);
    // By plan: January basic {a, c}: D10 2/2, D30 0/2; pro {b}: D10 0/1, D30 1/1.
    assert.deepEqual(
      [cell('2025-01', 10, { plan: 'basic' }), cell('2025-01', 30, { plan: 'basic' })],
      [
        [1, 2],
        [0, 2],
      ],
    );
    assert.deepEqual(
      [cell('2025-01', 10, { plan: 'pro' }), cell('2025-01', 30, { plan: 'pro' })],
      [
        [0, 1],
        [1, 1],
      ],
    );
    // March pro {f}: D10 1/1.
    assert.deepEqual(cell('2025-03', 10, { plan: 'pro' }), [1, 1]);
    // The cohort queries carry their values as parameters: no date, day count or filter text in the SQL.
    const cohortCalls = recorder.calls.filter((c) => c.sql.includes('cells AS'));
    assert.ok(cohortCalls.length >= 2, 'the whole population and the plan slice');
    for (const c of cohortCalls) {
      assert.doesNotMatch(c.sql, /DATE '|'paid'|2025-/);
      assert.ok(
        c.params.includes('paid') && c.params.includes('2025-03-31') && c.params.includes(10) && c.params.includes(9),
        JSON.stringify(c.params),
      );
      assert.match(c.sql, /CAST\(\$1 AS /);
    }
  });

  it('clv: the predictive customer summary (hand-checked in predictiveClv.test.ts) and the historical value', async () => {
    await pg.query(
      'CREATE TABLE public.purchases (order_id text, customer_id text, order_date date, amount numeric(12,2), channel text, status text)',
    );
    await pg.query(
      `COPY public.purchases FROM ${quoteString(server.stage(path.join(FIXTURES, 'clv', 'data', 'purchases.csv')))} WITH (FORMAT csv, HEADER true)`,
    );
    let scores: CustomerScoreRow[] = [];
    const { result, recorder } = await evaluate(
      lines(
        'kpilens: 1',
        'as_of: 2025-06-30',
        'sources:',
        '  orders: { table: public.purchases, connection: pg, time: order_date, key: customer_id, where: "status = \'paid\'" }',
        'periods:',
        '  monthly: { grain: month, last: 2 }',
        'segments:',
        '  channel: { by: channel }',
        'kpis:',
        '  clv:',
        '    type: clv',
        '    method: predictive',
        '    revenue: orders.amount',
        '    segments: [channel]',
        '    backtest: { holdout_months: 2 }',
        '    period: monthly',
        '  hist:',
        '    type: clv',
        '    method: historical',
        '    months: 6',
        '    revenue: orders.amount',
        '    period: monthly',
      ),
      (rows) => (scores = rows),
    );
    // The paid rows of purchases.csv (c03's 06-15 row is refunded; c13 buys on 07-02, after
    // as_of; one row has no customer). Per customer at 2025-06-30, over purchase days (a day's
    // value the sum of its rows): frequency = days − 1, recency and T in days, monetary = the
    // mean of the days after the first:
    //  c01 01-05 (10), 02-10 (20 + 5), 05-20 (30): 2, 135, 176, (25 + 30)/2 = 27.5
    //  c08 02-14 (33), 06-30 (44) — its last purchase on as_of itself: 1, 136, 136, 44
    //  c12 02-20, 02-21: 1, 1, 130, 26     c06 (5 days): 4, 150, 179, (9 + 7 + 11 + 10)/4 = 9.25
    //  one-time buyers: frequency, recency and monetary 0; T = days from their purchase to 06-30.
    assert.deepEqual(
      scores.map((s) => `${s.customer} ${s.frequency} ${s.recency} ${s.T} ${s.monetary}`),
      [
        'c01 2 135 176 27.5',
        'c02 0 0 171 0',
        'c03 2 59 149 16.5',
        'c04 1 17 119 60',
        'c05 0 0 81 0',
        'c06 4 150 179 9.25',
        'c07 0 0 56 0',
        'c08 1 136 136 44',
        'c09 0 0 166 0',
        'c10 2 61 112 77.5',
        'c11 0 0 10 0',
        'c12 1 1 130 26',
      ],
    );
    const clv = result.kpis.find((k) => k.name === 'clv');
    assert.ok(clv?.model);
    // The latest row's channel: c08 bought in store on 02-14 and on the web on 06-30 → web.
    // store = c01 (05-20), c03 (04-01), c11; mobile = c06, c09, c12; web = the other 6.
    assert.deepEqual(
      clv.model.segments.map((s) => `${JSON.stringify(s.segment)} ${s.customers}`),
      ['{} 12', '{"channel":"mobile"} 3', '{"channel":"store"} 3', '{"channel":"web"} 6'],
    );
    // Back-test: calibration up to 04-30 (c01–c06, c08–c10, c12: 10 customers); purchase days in
    // (04-30, 06-30]: c01 05-20, c06 06-01, c08 06-30, c10 05-10 = 4 (c03's 06-15 is refunded).
    assert.equal(clv.model.backtest?.customers, 10);
    assert.equal(clv.model.backtest?.actual, 4);
    // Historical, 6 months: June = 01-01..06-30, paid revenue per paying customer:
    //  c01 65, c02 40, c03 48, c04 110, c05 12, c06 45, c07 22, c08 77, c09 5, c10 225, c11 19, c12 51
    //  = 719 over 12 customers = 59.91666…; the row without a customer (10) is nobody's.
    // May = 12-01..05-31: c06 35 (not its 06-01), c08 33 (not its 06-30), no c11:
    //  65 + 40 + 48 + 110 + 12 + 35 + 22 + 33 + 5 + 225 + 51 = 646 over 11 = 58.7272…
    const hist = result.kpis.find((k) => k.name === 'hist');
    const value = (period: string) =>
      hist?.rows.find((r) => r.period === period && Object.keys(r.segment).length === 0)?.value ?? NaN;
    assert.ok(Math.abs(value('2025-06') - 719 / 12) < 1e-9, String(value('2025-06')));
    assert.ok(Math.abs(value('2025-05') - 646 / 11) < 1e-9, String(value('2025-05')));
    // The summary query carries the cutoffs and the filter text as parameters: the period ends
    // 04-30 (the compared month of May), 05-31, 06-30, the back-test's calibration end 04-30
    // and holdout end 06-30, and 'paid'.
    const summary = recorder.calls.find((c) => c.sql.includes('summary AS'));
    assert.ok(summary);
    assert.doesNotMatch(summary.sql, /DATE '|'paid'|2025-/);
    assert.deepEqual(summary.params.filter((p) => typeof p === 'string').sort(), [
      '2025-04-30',
      '2025-04-30',
      '2025-05-31',
      '2025-06-30',
      '2025-06-30',
      'paid',
    ]);
  });
});
