// The bench's baseline (issue 21): what a skilled analyst writes by hand for the numbers of
// bench.kpi.yaml, with DuckDB through @duckdb/node-api in a process of its own. Each CSV is
// loaded ONCE into an in-memory table with explicit types, then a handful of plain queries
// (GROUP BY, GROUPING SETS, date_trunc, FILTER) compute every KPI: one scan of the purchases
// for sums and counts, one per-customer-month table for active customers and repurchase, one
// of the survey, one cross join months × customers for churn / retention / new customers
// (customer_id is unique in customers.csv: count(*) is exact), and one per-customer hit table
// for the 30/60-day cohorts. Run as `node expert.js DATA_DIR`; prints one JSON line: the rows
// (kpi, period label, segment, day, value, previous) as `kpilens run` shows them, the
// milliseconds of the load and of each query, and the process's peak RSS.
import * as path from 'path';
import { performance } from 'perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';

/** kpi, period label, segment ('' or name=value), day (cohorts) or null, value, previous. */
export type ExpertRow = [
  kpi: string,
  period: string,
  segment: string,
  day: number | null,
  value: number | null,
  previous: number | null,
];

type Values = Map<string, number | null>;

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

function loadSql(dir: string): string[] {
  const csv = (file: string, columns: Record<string, string>) =>
    `read_csv(${sqlString(path.join(dir, file))}, header = true, columns = {${Object.entries(columns)
      .map(([k, v]) => `${sqlString(k)}: ${sqlString(v)}`)
      .join(', ')}})`;
  return [
    `CREATE TABLE purchases AS SELECT * FROM ${csv('orders.csv', { order_id: 'VARCHAR', customer_id: 'VARCHAR', order_date: 'DATE', amount: 'DOUBLE', channel: 'VARCHAR', status: 'VARCHAR' })}`,
    `CREATE TABLE customers AS SELECT * FROM ${csv('customers.csv', { customer_id: 'VARCHAR', signup_date: 'DATE', churn_date: 'DATE', plan: 'VARCHAR', country: 'VARCHAR', acquisition_channel: 'VARCHAR' })}`,
    // Scores as DOUBLE: the file holds a few invalid answers ('7.5', '', '11', '-1').
    `CREATE TABLE survey AS SELECT * FROM ${csv('survey.csv', { response_id: 'VARCHAR', customer_id: 'VARCHAR', responded_at: 'DATE', nps_score: 'DOUBLE', csat_score: 'DOUBLE', ces_score: 'DOUBLE' })}`,
  ];
}

/** YYYY-MM-DD of the first day of the month `k` months after the month of `day`. */
function monthStart(day: string, k: number): string {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + k);
  return d.toISOString().slice(0, 10);
}

export function expertQueries(asOf: string): Record<string, string> {
  // The 12 months ending with as_of's month (as_of is a month's last day) and the one before.
  const first = monthStart(asOf, -12);
  const last = asOf;
  const months = `months AS (SELECT CAST(a AS DATE) AS a, last_day(a) AS b FROM range(DATE '${first}', DATE '${monthStart(asOf, 1)}', INTERVAL 1 MONTH) t(a))`;
  const seg = (name: string) => `CASE WHEN GROUPING(${name}) = 0 THEN '${name}=' || coalesce(${name}, '∅') ELSE '' END`;
  const label = `strftime(m, '%Y-%m')`;
  const quarters = `CAST(date_trunc('quarter', DATE '${asOf}') - INTERVAL 21 MONTH AS DATE)`;
  return {
    // One scan of the purchases: revenue and paid purchases by month, channel and plan.
    sales: `SELECT ${label} AS period, CASE WHEN GROUPING(channel) = 0 THEN 'channel=' || coalesce(channel, '∅') WHEN GROUPING(plan) = 0 THEN 'plan=' || coalesce(plan, '∅') ELSE '' END AS seg,
        sum(amount) FILTER (WHERE status = 'paid') AS revenue, count(*) FILTER (WHERE status = 'paid') AS paid_purchases
      FROM (SELECT date_trunc('month', order_date) AS m, p.channel, c.plan, p.amount, p.status FROM purchases p LEFT JOIN customers c USING (customer_id) WHERE order_date BETWEEN DATE '${first}' AND DATE '${last}')
      GROUP BY GROUPING SETS ((m), (m, channel), (m, plan))`,
    // Per customer and month: active customers and the repurchase rate.
    buyers: `SELECT ${label} AS period, '' AS seg, count(*) AS active_customers, count(*) FILTER (WHERE n >= 2) / count(*) AS repurchase_rate
      FROM (SELECT date_trunc('month', order_date) AS m, customer_id, count(*) AS n FROM purchases WHERE customer_id IS NOT NULL AND order_date BETWEEN DATE '${first}' AND DATE '${last}' GROUP BY ALL)
      GROUP BY m`,
    // NPS by quarter (the 4 displayed and the 4 a year before) and plan; CSAT by month.
    nps: `SELECT strftime(q, '%Y') || '-Q' || CAST(quarter(q) AS VARCHAR) AS period, ${seg('plan')} AS seg,
        100.0 * (count(*) FILTER (WHERE x >= 9) - count(*) FILTER (WHERE x <= 6)) / count(*) AS nps
      FROM (SELECT date_trunc('quarter', responded_at) AS q, nps_score AS x, c.plan FROM survey s LEFT JOIN customers c USING (customer_id)
        WHERE responded_at BETWEEN ${quarters} AND DATE '${last}' AND nps_score = floor(nps_score) AND nps_score BETWEEN 0 AND 10)
      GROUP BY GROUPING SETS ((q), (q, plan))`,
    csat: `SELECT strftime(date_trunc('month', responded_at), '%Y-%m') AS period, '' AS seg, count(*) FILTER (WHERE csat_score >= 4) / count(*) AS csat
      FROM survey WHERE responded_at BETWEEN DATE '${first}' AND DATE '${last}' AND csat_score = floor(csat_score) AND csat_score BETWEEN 1 AND 5
      GROUP BY 1`,
    // Months × customers: S, lost, E, N and new customers (customer_id is unique).
    base: `WITH ${months}
      SELECT strftime(a, '%Y-%m') AS period, ${seg('plan')} AS seg,
        count(*) FILTER (WHERE signup_date < a AND churn_date BETWEEN a AND b) / count(*) FILTER (WHERE signup_date < a AND (churn_date IS NULL OR churn_date >= a)) AS churn_rate,
        (count(*) FILTER (WHERE signup_date <= b AND (churn_date IS NULL OR churn_date > b)) - count(*) FILTER (WHERE signup_date BETWEEN a AND b AND (churn_date IS NULL OR churn_date > b)))
          / count(*) FILTER (WHERE signup_date < a AND (churn_date IS NULL OR churn_date >= a)) AS retention_rate,
        count(*) FILTER (WHERE signup_date BETWEEN a AND b) AS new_customers
      FROM months CROSS JOIN customers GROUP BY GROUPING SETS ((a), (a, plan))`,
    // Monthly signup cohorts: the share with a purchase in days 1–30 and 31–60 after signup,
    // among those whose day 30 / 60 is not after as_of.
    cohorts: `WITH coh AS (SELECT customer_id, signup_date AS s FROM customers WHERE signup_date BETWEEN DATE '${first}' AND DATE '${last}'),
      hit AS (SELECT customer_id, bool_or(order_date - s BETWEEN 1 AND 30) AS h30, bool_or(order_date - s BETWEEN 31 AND 60) AS h60
        FROM purchases JOIN coh USING (customer_id) WHERE order_date BETWEEN s + 1 AND s + 60 GROUP BY 1)
      SELECT strftime(date_trunc('month', s), '%Y-%m') AS period, '' AS seg, d,
        count(*) FILTER (WHERE CASE d WHEN 30 THEN h30 ELSE h60 END) / count(*) AS cohort_30_60
      FROM coh LEFT JOIN hit USING (customer_id) CROSS JOIN (VALUES (30), (60)) days(d)
      WHERE s + d <= DATE '${asOf}' GROUP BY ALL`,
  };
}

async function rowsOf(con: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await con.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

/** The result rows from the queries' values, as kpilens shows them. */
export function expertRows(asOf: string, values: Values, segmentsSeen: Map<string, Set<string>>): ExpertRow[] {
  const out: ExpertRow[] = [];
  const months = Array.from({ length: 12 }, (_x, i) => monthStart(asOf, i - 11).slice(0, 7));
  const previousMonth = (m: string) => monthStart(`${m}-01`, -1).slice(0, 7);
  const get = (kpi: string, period: string, seg: string, day: number | null, empty: number | null) => {
    const key = `${kpi}|${period}|${seg}|${day ?? ''}`;
    return values.has(key) ? (values.get(key) ?? null) : empty;
  };
  const monthly = (
    kpi: string,
    segments: string[],
    empty: number | null,
    derive?: (period: string, seg: string) => number | null,
  ) => {
    const segs = ['', ...segments.flatMap((s) => [...(segmentsSeen.get(`${kpi}|${s}`) ?? [])].sort(segmentOrder))];
    for (const m of months) {
      for (const s of segs) {
        const v = derive ? derive(m, s) : get(kpi, m, s, null, empty);
        const p = derive ? derive(previousMonth(m), s) : get(kpi, previousMonth(m), s, null, empty);
        out.push([kpi, m, s, null, v, p]);
      }
    }
  };
  const div = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);
  monthly('revenue', ['channel', 'plan'], 0);
  monthly('paid_purchases', ['channel'], 0);
  // The ratio's slices are those of its inputs over the channel segment.
  segmentsSeen.set('average_basket|channel', segmentsSeen.get('revenue|channel') ?? new Set());
  monthly('average_basket', ['channel'], null, (m, s) =>
    div(get('revenue', m, s, null, 0), get('paid_purchases', m, s, null, 0)),
  );
  monthly('active_customers', [], 0);
  monthly('revenue_per_active', [], null, (m) =>
    div(get('revenue', m, '', null, 0), get('active_customers', m, '', null, 0)),
  );
  monthly('repurchase_rate', [], null);
  const quarter = asOf.slice(0, 4);
  const plans = [...(segmentsSeen.get('nps|plan') ?? [])].sort(segmentOrder);
  for (const q of [1, 2, 3, 4]) {
    for (const s of ['', ...plans])
      out.push([
        'nps',
        `${quarter}-Q${q}`,
        s,
        null,
        get('nps', `${quarter}-Q${q}`, s, null, null),
        get('nps', `${Number(quarter) - 1}-Q${q}`, s, null, null),
      ]);
  }
  monthly('csat', [], null);
  monthly('churn_rate', ['plan'], null);
  monthly('retention_rate', [], null);
  monthly('new_customers', [], 0);
  for (const m of months)
    for (const d of [30, 60])
      out.push([
        'cohort_30_60',
        m,
        '',
        d,
        get('cohort_30_60', m, '', d, null),
        get('cohort_30_60', previousMonth(m), '', d, null),
      ]);
  return out;
}

/** Segment values in kpilens's order: text order, the missing value (∅) last. */
function segmentOrder(a: string, b: string): number {
  const na = a.endsWith('=∅');
  const nb = b.endsWith('=∅');
  if (na !== nb) return na ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  const t0 = performance.now();
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  const timings: Record<string, number> = {};
  let t = performance.now();
  for (const sql of loadSql(dir)) await con.run(sql);
  timings.load = performance.now() - t;
  t = performance.now();
  const [dates] = await rowsOf(
    con,
    `SELECT CAST(greatest((SELECT max(order_date) FROM purchases), (SELECT max(signup_date) FROM customers), (SELECT max(responded_at) FROM survey)) AS VARCHAR) AS as_of`,
  );
  const asOf = String(dates.as_of);
  if (new Date(Date.parse(`${monthStart(asOf, 1)}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10) !== asOf) {
    throw new Error(`as_of ${asOf} is not the last day of a month: this script assumes it is`);
  }
  timings.as_of = performance.now() - t;
  const values: Values = new Map();
  const segmentsSeen = new Map<string, Set<string>>();
  const displayedFrom = monthStart(asOf, -11).slice(0, 7);
  for (const [name, sql] of Object.entries(expertQueries(asOf))) {
    t = performance.now();
    const rows = await rowsOf(con, sql);
    timings[name] = performance.now() - t;
    for (const r of rows) {
      const period = String(r.period);
      const seg = String(r.seg);
      const day = r.d === undefined ? null : Number(r.d);
      for (const [k, v] of Object.entries(r)) {
        if (k === 'period' || k === 'seg' || k === 'd') continue;
        values.set(`${k}|${period}|${seg}|${day ?? ''}`, v === null ? null : Number(v));
        // A segment value shown by kpilens: seen in a displayed period (quarters: the last year).
        const displayed = period.includes('-Q') ? period.startsWith(asOf.slice(0, 4)) : period >= displayedFrom;
        if (seg && displayed) {
          const key = `${k}|${seg.split('=')[0]}`;
          segmentsSeen.set(key, (segmentsSeen.get(key) ?? new Set()).add(seg));
        }
      }
    }
  }
  const rows = expertRows(asOf, values, segmentsSeen);
  con.closeSync();
  instance.closeSync();
  process.stdout.write(
    JSON.stringify({
      asOf,
      rows,
      timings,
      totalMs: performance.now() - t0,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
    }) + '\n',
  );
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`expert SQL failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
