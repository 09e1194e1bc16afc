// The expert baseline of the wide-export benchmark (wideExport.ts, issue 21): what an analyst
// types for a 60-column export nobody wants to type the columns of — DuckDB's own detection
// (`CREATE TABLE … AS SELECT * FROM read_csv(file)`), then one GROUP BY for the three KPIs of
// wide.kpi.yaml over the four months the report shows and compares. Run as
// `node wideExpert.js FILE AS_OF`; prints one JSON line: the rows as compareRows.ts reads them,
// the milliseconds of the load and of the query.
import { performance } from 'perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import type { ExpertRow } from './expert';

/** YYYY-MM of the month `k` months after the month of `day` (YYYY-MM-DD). */
function monthOf(day: string, k: number): string {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + k);
  return d.toISOString().slice(0, 7);
}

async function main(): Promise<void> {
  const [file, asOf] = process.argv.slice(2);
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  let t = performance.now();
  await con.run(`CREATE TABLE export AS SELECT * FROM read_csv('${file.replace(/'/g, "''")}')`);
  const load = performance.now() - t;
  t = performance.now();
  // The 3 months ending with as_of's month and the one before (each month's previous).
  const first = `${monthOf(asOf, -3)}-01`;
  const reader = await con.runAndReadAll(
    `SELECT strftime(date_trunc('month', date2), '%Y-%m') AS m, sum(amount1) AS total, count(*) AS lines, ` +
      `coalesce(sum(amount6) FILTER (WHERE label3 = 'a'), 0) AS total_a ` +
      `FROM export WHERE date2 BETWEEN DATE '${first}' AND DATE '${asOf}' GROUP BY 1`,
  );
  const query = performance.now() - t;
  const byMonth = new Map(
    reader.getRowObjectsJS().map((r) => [String(r.m), [Number(r.total), Number(r.lines), Number(r.total_a)]]),
  );
  const rows: ExpertRow[] = [];
  ['total', 'lines', 'total_a'].forEach((kpi, i) => {
    for (const k of [-2, -1, 0]) {
      const value = byMonth.get(monthOf(asOf, k))?.[i] ?? 0;
      const previous = byMonth.get(monthOf(asOf, k - 1))?.[i] ?? 0;
      rows.push([kpi, monthOf(asOf, k), '', null, value, previous]);
    }
  });
  process.stdout.write(`${JSON.stringify({ asOf, rows, timings: { load, query } })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
