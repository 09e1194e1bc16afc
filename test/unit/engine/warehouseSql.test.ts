// The compile-only warehouse dialects (BigQuery, Snowflake, Trino): every KPI's SQL of the
// sample, of the e2e showcase and of a spec with the constructs those two lack (a predictive
// and a historical clv, a cohort sliced by a `where` segment) — printed by `kpilens sql
// --dialect …` — is parsed by a maintained parser of that dialect, node-sql-parser 5.4.0
// (pinned devDependency); a parse error fails the test. Where that parser cannot read a
// construct the engine accepts, the statement is parsed with the construct replaced, the
// gap is named with its reference (warehouseParser.ts), and the construct's own shape is
// checked instead. The quoting of text and names: warehouseSqlQuoting.test.ts.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import type { WarehouseDialectName } from '../../../src/core/engine/sql/warehouseDialects';
import { FIXTURES, lines, REPO_ROOT, runCli } from '../helpers';
import { DIALECTS, parse, PARSER_GAPS, statementsOf } from './warehouseParser';

describe('warehouse dialects: the SQL parses in BigQuery, Snowflake and Trino (node-sql-parser)', function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-warehouse-'));
    // The e2e workspace: the sample with the showcase on top (scripts/vscode/run-tests.mjs).
    const showcase = path.join(dir, 'showcase');
    fs.cpSync(path.join(REPO_ROOT, 'samples'), showcase, { recursive: true });
    fs.cpSync(path.join(REPO_ROOT, 'test', 'e2e', 'workspace'), showcase, { recursive: true });
    // What the two lack: predictive and historical clv, a cohort sliced by a `where` segment, filters with values.
    const extra = path.join(dir, 'extra');
    fs.mkdirSync(path.join(extra, 'data'), { recursive: true });
    fs.copyFileSync(path.join(FIXTURES, 'clv', 'data', 'purchases.csv'), path.join(extra, 'data', 'purchases.csv'));
    fs.writeFileSync(
      path.join(extra, 'data', 'customers.csv'),
      'customer_id,signup_date,plan\nc01,2025-01-01,pro\nc02,2025-01-10,free\n',
    );
    fs.writeFileSync(
      path.join(extra, 'extra.kpi.yaml'),
      lines(
        'kpilens: 1',
        'as_of: 2025-06-30',
        'sources:',
        '  orders: { file: data/purchases.csv, time: order_date, key: customer_id, where: "status = \'paid\'" }',
        '  customers: { file: data/customers.csv, time: signup_date, key: customer_id }',
        'periods:',
        '  monthly: { grain: month, last: 2 }',
        'segments:',
        '  channel: { by: channel }',
        '  big: { where: "amount > 20" }',
        '  pro: { where: "plan = \'pro\'" }',
        'kpis:',
        '  clv: { type: clv, method: predictive, revenue: orders.amount, segments: [channel, big], backtest: { holdout_months: 2 }, period: monthly }',
        '  hist: { type: clv, method: historical, months: 6, revenue: orders.amount, segments: [channel], period: monthly }',
        "  retention: { type: cohort_retention, source: orders, cohort: customers, start: signup_date, days: [30, 60], where: \"channel <> 'it''s'\", segments: [pro], period: monthly }",
        "  web: { type: count, source: orders, where: \"channel in ('web', 'a\\\\b') and year(order_date) = 2025\", period: monthly }",
      ),
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const files = () => [
    { name: 'samples/loyalty.kpi.yaml', file: path.join(REPO_ROOT, 'samples', 'loyalty.kpi.yaml') },
    { name: 'the e2e showcase', file: path.join(dir, 'showcase', 'showcase.kpi.yaml') },
    {
      name: 'predictive and historical clv, a cohort by a where segment',
      file: path.join(dir, 'extra', 'extra.kpi.yaml'),
    },
  ];

  for (const d of DIALECTS) {
    it(`${d.title}: every KPI's SQL of the sample, the showcase and the extra spec parses`, async () => {
      const gapsUsed = new Set<string>();
      for (const f of files()) {
        const r = await runCli(['sql', f.file, '--dialect', d.name]);
        assert.equal(r.code, 0, `${f.name}: ${r.err}`);
        const check = await checkKpiFile(f.file, fs.readFileSync(f.file, 'utf8'));
        // One header per KPI, each with its statements.
        assert.equal((r.out.match(/^-- KPI /gm) ?? []).length, check.model.kpis.size, f.name);
        assert.match(
          r.out,
          new RegExp(`^-- KPI \\S+ \\(${d.title}, compiled for as_of \\d{4}-\\d{2}-\\d{2}\\): \\d+ statements?$`, 'm'),
        );
        const statements = statementsOf(r.out);
        assert.ok(statements.length >= check.model.kpis.size, f.name);
        for (const sql of statements) for (const g of parse(sql, d)) gapsUsed.add(g);
        // Nothing of DuckDB's or PostgreSQL's own SQL is left.
        assert.doesNotMatch(
          r.out,
          /GROUP BY ALL|ORDER BY ALL|read_csv|read_parquet|arg_max|arg_min|generate_series|DOUBLE PRECISION|::|\$\d|array_agg\(.*\)\[1\]/,
        );
        if (d.name === 'bigquery') {
          assert.doesNotMatch(r.out, /"|TRY_CAST|FILTER \(WHERE/, 'names in backticks, SAFE_CAST, no FILTER');
          assert.match(r.out, /SAFE_CAST\(`amount` AS FLOAT64\)/);
        }
        if (d.name === 'snowflake') {
          assert.doesNotMatch(r.out, /`|SAFE_CAST|FILTER \(WHERE/);
          assert.match(r.out, /TRY_CAST\(CAST\("amount" AS VARCHAR\) AS DOUBLE\)/);
        }
        if (d.name === 'trino') {
          assert.doesNotMatch(r.out, /`|SAFE_CAST/);
          assert.match(r.out, /TRY_CAST\("amount" AS DOUBLE\)/);
          assert.match(r.out, /FILTER \(WHERE/);
        }
      }
      // The dialect's date and value functions appear where the KPIs need them.
      const extra = (await runCli(['sql', path.join(dir, 'extra', 'extra.kpi.yaml'), '--dialect', d.name])).out;
      const expected: Record<WarehouseDialectName, RegExp[]> = {
        bigquery: [
          /DATE_ADD\(m\.`__s`, INTERVAL days\.`__d` DAY\)/,
          /DATE_DIFF\(max\(`__t`\), min\(`__t`\), DAY\)/,
          /DATE_TRUNC\(`__we`, MONTH\) - INTERVAL 5 MONTH/,
          /LAST_DAY\(`__we`\)/,
          /LOGICAL_OR\(/,
          /MAX_BY\(/,
          /EXTRACT\(YEAR FROM /,
          /'a\\\\b'/,
          /'it\\'s'/,
        ],
        snowflake: [
          /DATEADD\(day, days\."__d", m\."__s"\)/,
          /DATEDIFF\(day, min\("__t"\), max\("__t"\)\)/,
          /DATE_TRUNC\('MONTH', "__we"\) - INTERVAL '5 MONTHS'/,
          /BOOLOR_AGG\(/,
          /MAX_BY\(/,
          /'a\\\\b'/,
          /'it''s'/,
        ],
        trino: [
          /date_add\('day', days\."__d", m\."__s"\)/,
          /date_diff\('day', min\("__t"\), max\("__t"\)\)/,
          /date_trunc\('month', "__we"\) - INTERVAL '5' MONTH/,
          /last_day_of_month\("__we"\)/,
          /bool_or\(/,
          /max_by\(/,
          /CAST\(count\(hits\."__k"\) AS DOUBLE\) \/ count\(\*\)/,
          /'a\\b'/,
          /'it''s'/,
        ],
      };
      for (const re of expected[d.name]) assert.match(extra, re);
      // Every declared gap of this dialect was needed (none is stale).
      assert.deepEqual(
        [...gapsUsed].sort(),
        PARSER_GAPS.filter((g) => g.dialects.includes(d.name))
          .map((g) => g.what)
          .sort(),
      );
    });
  }

  it('a file whose sources are data files compiles them as tables named after the source', async () => {
    const r = await runCli(['sql', 'samples/loyalty.kpi.yaml', '--kpi', 'revenue', '--dialect', 'trino']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /FROM "orders"/);
    assert.match(r.out, /FROM "marketing"/);
  });

  it("an NPS divides as a double in Trino (a DECIMAL(4,1)'s 100.0 kept one decimal: 33.3)", async () => {
    const r = await runCli(['sql', 'samples/loyalty.kpi.yaml', '--kpi', 'nps', '--dialect', 'trino']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /CAST\(100\.0 \* \(count\(\*\) FILTER[^;]*AS DOUBLE\) \/ NULLIF\(count\(\*\) FILTER/);
  });

  it("Snowflake divides as a FLOAT (a NUMBER's division keeps 6 more decimals: an NPS of 300/11 came out 27.2727273)", async () => {
    const r = await runCli([
      'sql',
      'samples/loyalty.kpi.yaml',
      '--kpi',
      'nps',
      'repurchase_rate',
      '--dialect',
      'snowflake',
    ]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /CAST\(100\.0 \* \(count\(CASE WHEN[^;]*AS FLOAT\) \/ NULLIF\(count\(CASE WHEN/);
    assert.match(r.out, /CAST\(count\(CASE WHEN "__c" >= 2 THEN 1 END\) AS FLOAT\) \/ NULLIF\(/);
    assert.doesNotMatch(r.out, /(?<!AS FLOAT\)) \/ /, 'no division of a NUMBER left as it is');
  });

  it("a file with a time zone: each dialect's SQL says at its head that its instants are not placed there", async () => {
    const file = path.join(dir, 'zoned.kpi.yaml');
    fs.writeFileSync(path.join(dir, 'events.csv'), 'customer_id,at\nc1,2025-03-30T08:00:00Z\n');
    fs.writeFileSync(
      file,
      lines(
        'kpilens: 1',
        'as_of: 2025-03-31',
        'timezone: Europe/Paris',
        'sources:',
        '  events: { file: events.csv, time: at, key: customer_id }',
        'periods:',
        '  daily: { grain: day, last: 3 }',
        'kpis:',
        '  dau: { type: active_customers, source: events, period: daily }',
      ),
    );
    for (const d of ['bigquery', 'snowflake', 'trino']) {
      const r = await runCli(['sql', file, '--dialect', d]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /^-- the \w+ SQL does not place source 'events''s instants in time zone Europe\/Paris/m, d);
    }
  });
});
