// `kpilens sql`: the SQL each KPI runs, recorded while it really runs (DuckDB on the sample's
// files here; PostgreSQL in engine/postgresSample.test.ts), and wrong usage.
import { strict as assert } from 'assert';
import { runCli } from '../helpers';

describe('kpilens sql', () => {
  it("prints, per KPI, the statements DuckDB ran: the profile of each source and the KPI's scan", async () => {
    const r = await runCli(['sql', 'samples/loyalty.kpi.yaml', '--kpi', 'orders']);
    assert.equal(r.code, 0, r.err);
    // 4 sources profiled (orders, customers, survey, marketing_spend) + 1 scan of orders = 5.
    assert.match(r.out, /^-- KPI orders \(DuckDB\): 5 statements\n/);
    assert.equal((r.out.match(/^SELECT CAST\(min\(d\) AS VARCHAR\)/gm) ?? []).length, 4);
    assert.match(r.out, /GROUP BY GROUPING SETS \(\("__w"\), \("__w", "__s0"\)\)\nORDER BY ALL;/);
  });

  it('a dialect the file does not run on is an error that says why (exit 1); an unknown dialect is wrong usage (exit 2)', async () => {
    const pg = await runCli(['sql', 'samples/loyalty.kpi.yaml', '--kpi', 'orders', '--dialect', 'postgres']);
    assert.equal(pg.code, 1);
    assert.match(
      pg.err,
      /runs on DuckDB \(its sources are data files\): --dialect postgres prints the SQL of files whose sources are tables on a PostgreSQL connection/,
    );
    const bad = await runCli(['sql', 'samples/loyalty.kpi.yaml', '--dialect', 'oracle']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /unknown dialect 'oracle': use duckdb, postgres, bigquery, snowflake or trino/);
    const kpi = await runCli(['sql', 'samples/loyalty.kpi.yaml', '--kpi', 'revenu']);
    assert.equal(kpi.code, 2);
    assert.match(kpi.err, /--kpi 'revenu' is not a KPI of samples\/loyalty\.kpi\.yaml; did you mean 'revenue'\?/);
  });
});
