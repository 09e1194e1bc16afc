// Benchmark (b): the numbers of the sample KPI file computed by hand-written DuckDB SQL,
// one query per KPI (plus one for as_of), in a child process running @duckdb/node-api like
// the engine's. Run as `node handSql.js DATA_DIR`; prints one JSON line: the cells
// (kpi, period label, segment, day, value) and the milliseconds of each query.
// The SQL is written as an analyst would: straight from the CSV files, grouped by month
// or quarter, for the 12 displayed months and the compared month (4 quarters + year ago).
import * as path from 'path';
import { performance } from 'perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';

type Cell = [kpi: string, label: string, segment: string, day: number | null, value: number | null];

function csv(dir: string, file: string): string {
  // The same reader options as the engine (header, errors skipped, sample size), so that
  // both read the same rows with the same types.
  return `read_csv('${path.join(dir, file).replace(/'/g, "''")}', header = true, ignore_errors = true, sample_size = 20480)`;
}

export function handQueries(dir: string, asOf: string): Record<string, string> {
  const O = csv(dir, 'orders.csv');
  const C = csv(dir, 'customers.csv');
  const S = csv(dir, 'survey.csv');
  const M = csv(dir, 'marketing_spend.csv');
  // 13 months: the 12 displayed and the one before (compare: previous).
  const months = `months AS (SELECT CAST(date_trunc('month', DATE '${asOf}') - to_months(k) AS DATE) AS a, last_day(CAST(date_trunc('month', DATE '${asOf}') - to_months(k) AS DATE)) AS b FROM range(0, 13) t(k))`;
  const first = `CAST(date_trunc('month', DATE '${asOf}') - INTERVAL 12 MONTH AS DATE)`;
  const label = (d: string) => `strftime(${d}, '%Y-%m')`;
  const seg = (name: string, col: string) => `CASE WHEN GROUPING(${col}) = 0 THEN '${name}=' || coalesce(CAST(${col} AS VARCHAR), '∅') ELSE '' END`;
  const ordersIn = `(SELECT * FROM ${O} WHERE TRY_CAST(order_date AS DATE) BETWEEN ${first} AND last_day(DATE '${asOf}'))`;
  return {
    revenue: `SELECT 'revenue' AS kpi, ${label('m')} AS label, CASE WHEN GROUPING(channel) = 0 THEN 'channel=' || coalesce(channel, '∅') WHEN GROUPING(plan) = 0 THEN 'plan=' || coalesce(plan, '∅') ELSE '' END AS seg, NULL AS day, sum(TRY_CAST(amount AS DOUBLE)) AS v
      FROM (SELECT date_trunc('month', TRY_CAST(o.order_date AS DATE)) AS m, o.channel, c.plan, o.amount FROM ${ordersIn} o LEFT JOIN ${C} c ON CAST(o.customer_id AS VARCHAR) = CAST(c.customer_id AS VARCHAR))
      GROUP BY GROUPING SETS ((m), (m, channel), (m, plan))`,
    orders: `SELECT 'orders', ${label('m')}, ${seg('channel', 'channel')}, NULL, count(*)
      FROM (SELECT date_trunc('month', TRY_CAST(order_date AS DATE)) AS m, channel FROM ${ordersIn}) GROUP BY GROUPING SETS ((m), (m, channel))`,
    average_basket: `SELECT 'average_basket', ${label('m')}, ${seg('channel', 'channel')}, NULL, sum(TRY_CAST(amount AS DOUBLE)) / count(*)
      FROM (SELECT date_trunc('month', TRY_CAST(order_date AS DATE)) AS m, channel, amount FROM ${ordersIn}) GROUP BY GROUPING SETS ((m), (m, channel))`,
    repurchase_rate: `SELECT 'repurchase_rate', ${label('m')}, '', NULL, count(*) FILTER (WHERE n >= 2) / count(*)
      FROM (SELECT date_trunc('month', TRY_CAST(order_date AS DATE)) AS m, customer_id, count(*) AS n FROM ${ordersIn} WHERE customer_id IS NOT NULL GROUP BY ALL) GROUP BY m`,
    nps: `WITH q AS (SELECT CAST(date_trunc('quarter', DATE '${asOf}') - to_months(3 * k) AS DATE) AS a FROM range(0, 8) t(k)),
      s AS (SELECT date_trunc('quarter', TRY_CAST(responded_at AS DATE)) AS q, TRY_CAST(nps_score AS DOUBLE) AS x, customer_id FROM ${S}),
      v AS (SELECT s.q, s.x, c.plan FROM s LEFT JOIN ${C} c ON CAST(s.customer_id AS VARCHAR) = CAST(c.customer_id AS VARCHAR) WHERE s.q IN (SELECT a FROM q) AND x = floor(x) AND x BETWEEN 0 AND 10)
      SELECT 'nps', strftime(q, '%Y') || '-Q' || CAST(quarter(q) AS VARCHAR), ${seg('plan', 'plan')}, NULL, 100.0 * (count(*) FILTER (WHERE x >= 9) - count(*) FILTER (WHERE x <= 6)) / count(*)
      FROM v GROUP BY GROUPING SETS ((q), (q, plan))`,
    csat: `SELECT 'csat', ${label('m')}, '', NULL, count(*) FILTER (WHERE x >= 4) / count(*)
      FROM (SELECT date_trunc('month', TRY_CAST(responded_at AS DATE)) AS m, TRY_CAST(csat_score AS DOUBLE) AS x FROM ${S} WHERE TRY_CAST(responded_at AS DATE) BETWEEN ${first} AND last_day(DATE '${asOf}'))
      WHERE x = floor(x) AND x BETWEEN 1 AND 5 GROUP BY m`,
    churn_rate: `WITH ${months}, c AS (SELECT TRY_CAST(signup_date AS DATE) AS s, TRY_CAST(churn_date AS DATE) AS e, plan FROM ${C})
      SELECT 'churn_rate', ${label('a')}, ${seg('plan', 'plan')}, NULL, count(*) FILTER (WHERE e BETWEEN a AND b) / count(*)
      FROM months JOIN c ON c.s < months.a AND (c.e IS NULL OR c.e >= months.a) GROUP BY GROUPING SETS ((a), (a, plan))`,
    new_customers: `SELECT 'new_customers', ${label('m')}, '', NULL, count(*)
      FROM (SELECT date_trunc('month', TRY_CAST(signup_date AS DATE)) AS m FROM ${C} WHERE TRY_CAST(signup_date AS DATE) BETWEEN ${first} AND last_day(DATE '${asOf}')) GROUP BY m`,
    retention_30_60_90: `WITH c AS (SELECT CAST(customer_id AS VARCHAR) AS k, TRY_CAST(signup_date AS DATE) AS s FROM ${C} WHERE TRY_CAST(signup_date AS DATE) BETWEEN ${first} AND last_day(DATE '${asOf}')),
      d(n) AS (VALUES (30), (60), (90)),
      cells AS (SELECT c.k, c.s, d.n FROM c CROSS JOIN d WHERE c.s + d.n <= DATE '${asOf}'),
      o AS (SELECT DISTINCT CAST(customer_id AS VARCHAR) AS k, TRY_CAST(order_date AS DATE) AS t FROM ${O} WHERE customer_id IS NOT NULL),
      hit AS (SELECT DISTINCT cells.k, cells.n FROM cells JOIN o ON o.k = cells.k AND o.t BETWEEN cells.s + (cells.n - 29) AND cells.s + cells.n)
      SELECT 'retention_30_60_90', ${label("date_trunc('month', cells.s)")}, '', cells.n, count(hit.k) / count(*)
      FROM cells LEFT JOIN hit ON hit.k = cells.k AND hit.n = cells.n GROUP BY ALL`,
    cac: `WITH sp AS (SELECT date_trunc('month', TRY_CAST(month AS DATE)) AS m, sum(TRY_CAST(spend AS DOUBLE)) AS spend FROM ${M} GROUP BY 1),
      nc AS (SELECT date_trunc('month', TRY_CAST(signup_date AS DATE)) AS m, count(*) AS n FROM ${C} GROUP BY 1)
      SELECT 'cac', ${label('sp.m')}, '', NULL, sp.spend / nc.n FROM sp JOIN nc USING (m) WHERE sp.m BETWEEN ${first} AND DATE '${asOf}'`,
    // ARPU over the 12 months ending at b × 1 / annual churn (from the month's churn) − CAC.
    clv: `WITH ${months},
      o AS (SELECT TRY_CAST(order_date AS DATE) AS t, customer_id, TRY_CAST(amount AS DOUBLE) AS amount FROM ${O}),
      arpu AS (SELECT a, sum(amount) / count(DISTINCT customer_id) AS arpu FROM months JOIN o ON o.t BETWEEN CAST(a - INTERVAL 11 MONTH AS DATE) AND b GROUP BY a),
      c AS (SELECT TRY_CAST(signup_date AS DATE) AS s, TRY_CAST(churn_date AS DATE) AS e FROM ${C}),
      churn AS (SELECT a, count(*) FILTER (WHERE e BETWEEN a AND b) / count(*) AS monthly, count(*) FILTER (WHERE FALSE) AS z FROM months JOIN c ON c.s < a AND (c.e IS NULL OR c.e >= a) GROUP BY a),
      newc AS (SELECT a, count(*) AS n FROM months JOIN c ON c.s BETWEEN a AND b GROUP BY a),
      sp AS (SELECT a, sum(TRY_CAST(spend AS DOUBLE)) AS spend FROM months JOIN ${M} m ON TRY_CAST(m.month AS DATE) BETWEEN a AND b GROUP BY a)
      SELECT 'clv', ${label('arpu.a')}, '', NULL, arpu.arpu / (1 - power(1 - churn.monthly, 12)) - sp.spend / newc.n
      FROM arpu JOIN churn USING (a) JOIN newc USING (a) JOIN sp USING (a)`,
  };
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  const t0 = performance.now();
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  const timings: Record<string, number> = {};
  let t = performance.now();
  const asOfRows = (await con.runAndReadAll(`SELECT CAST(greatest(
      (SELECT max(TRY_CAST(order_date AS DATE)) FROM ${csv(dir, 'orders.csv')}),
      (SELECT max(TRY_CAST(signup_date AS DATE)) FROM ${csv(dir, 'customers.csv')}),
      (SELECT max(TRY_CAST(responded_at AS DATE)) FROM ${csv(dir, 'survey.csv')}),
      (SELECT max(TRY_CAST(month AS DATE)) FROM ${csv(dir, 'marketing_spend.csv')})) AS VARCHAR)`)).getRows();
  const asOf = String(asOfRows[0][0]);
  timings.as_of = performance.now() - t;
  const cells: Cell[] = [];
  for (const [kpi, sql] of Object.entries(handQueries(dir, asOf))) {
    t = performance.now();
    const rows = (await con.runAndReadAll(sql)).getRows();
    timings[kpi] = performance.now() - t;
    for (const r of rows) cells.push([String(r[0]), String(r[1]), String(r[2]), r[3] === null ? null : Number(r[3]), r[4] === null ? null : Number(r[4])]);
  }
  con.closeSync();
  instance.closeSync();
  process.stdout.write(JSON.stringify({ asOf, cells, timings, totalMs: performance.now() - t0, maxRssBytes: process.resourceUsage().maxRSS * 1024 }) + '\n');
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`hand SQL failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
