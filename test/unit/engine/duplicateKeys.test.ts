// A dimension source with a key on several rows, joined by a segment (`by: customers.plan`) or
// giving cohorts: nothing fans out (each customer counts once), the documented row wins (the
// latest by `time`, an empty value skipped; without `time` the smallest), and a warning counts
// the keys with examples at file:line.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { lines } from '../helpers';

// C1 is on lines 2 (basic, 2025-01-01) and 4 (premium, 2025-03-01): latest = premium.
// C3 is on lines 5 (premium) and 6 (empty plan), both 2025-02-10: the empty one is skipped.
const CUSTOMERS = lines(
  'customer_id,signup_date,plan',
  'C1,2025-01-01,basic',
  'C2,2025-01-05,basic',
  'C1,2025-03-01,premium',
  'C3,2025-02-10,premium',
  'C3,2025-02-10,',
);
const ORDERS = lines(
  'order_id,customer_id,order_date,amount',
  '1,C1,2025-03-05,10',
  '2,C1,2025-03-10,20',
  '3,C2,2025-03-12,5',
  '4,C3,2025-03-20,7',
);

function spec(customers: string, extra: string[] = []): string {
  return lines(
    'kpilens: 1',
    'as_of: 2025-03-31',
    'sources:',
    '  orders: { file: orders.csv, time: order_date, key: customer_id }',
    '  customers:',
    `    file: ${customers}`,
    '    time: signup_date',
    '    key: customer_id',
    'periods:',
    '  march: { grain: month, last: 1, compare: none }',
    'segments:',
    '  plan: { by: customers.plan }',
    'defaults: { period: march }',
    'kpis:',
    '  revenue: { type: sum, source: orders, column: amount, segments: [plan] }',
    ...extra,
  );
}

describe('engine: duplicate keys in a joined dimension source', function () {
  this.timeout(60000);
  let dir: string;
  let engine: DuckDbEngine;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-dupkeys-'));
    fs.writeFileSync(path.join(dir, 'customers.csv'), CUSTOMERS);
    fs.writeFileSync(path.join(dir, 'orders.csv'), ORDERS);
    // The same customers without duplicates: no warning.
    fs.writeFileSync(
      path.join(dir, 'unique.csv'),
      lines('customer_id,signup_date,plan', 'C1,2025-03-01,premium', 'C2,2025-01-05,basic', 'C3,2025-02-10,premium'),
    );
    // Without a time column, the smallest plan wins: C1 basic < premium.
    fs.writeFileSync(
      path.join(dir, 'undated.csv'),
      lines('customer_id,plan', 'C1,premium', 'C2,basic', 'C1,basic', 'C3,premium'),
    );
    engine = new DuckDbEngine({ allowedDirectories: [dir] });
  });
  after(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('no fan-out: each order counts once, in the plan of the latest customer row; a warning with file:line', async () => {
    const check = await checkKpiFile(path.join(dir, 'a.kpi.yaml'), spec('customers.csv'));
    assert.deepEqual(check.diagnostics, []);
    const r = await evaluateSpec(check, { engine });
    const rows = Object.fromEntries(r.kpis[0].rows.map((row) => [JSON.stringify(row.segment), row.value]));
    // All: 10 + 20 + 5 + 7 = 42 (a fanned-out join would give 10·2 + 20·2 + 5 + 7·2 = 79).
    // premium: C1 (latest row premium) 10 + 20, C3 (its empty-plan row skipped) 7 = 37; basic: C2 = 5.
    assert.deepEqual(rows, { '{}': 42, '{"plan":"premium"}': 37, '{"plan":"basic"}': 5 });
    assert.deepEqual(
      r.diagnostics.map((d) => [d.line, d.code, d.message]),
      [
        [
          8,
          'duplicate-keys',
          "2 values of 'customer_id' are on several rows of source 'customers' (4 rows in all; e.g. 'C1' (customers.csv:2, :4), 'C3' (customers.csv:5, :6)): each customer counts once: a joined column takes its value on the row with the latest 'signup_date', a cohort starts at the earliest start date",
        ],
      ],
    );
  });

  it('rows tied on the latest time: the greatest value wins, whatever order the rows are read in', async () => {
    // C1 has two rows dated 2025-03-01 (basic, premium): 'premium' is the greater text. Read in
    // either order (the copy's row order is not the file's), C1 is premium; before, the first
    // row read won.
    const tied = ['C1,2025-03-01,basic', 'C1,2025-03-01,premium'];
    const values: Record<string, number | null>[] = [];
    for (const [name, rows] of [
      ['tied.csv', tied],
      ['tied-reversed.csv', [...tied].reverse()],
    ] as const) {
      fs.writeFileSync(
        path.join(dir, name),
        lines('customer_id,signup_date,plan', ...rows, 'C2,2025-01-05,basic', 'C3,2025-02-10,premium'),
      );
      const check = await checkKpiFile(path.join(dir, `${name}.kpi.yaml`), spec(name));
      const r = await evaluateSpec(check, { engine });
      values.push(Object.fromEntries(r.kpis[0].rows.map((row) => [JSON.stringify(row.segment), row.value])));
    }
    // premium: C1 10 + 20, C3 7 = 37; basic: C2 5.
    for (const v of values) assert.deepEqual(v, { '{}': 42, '{"plan":"premium"}': 37, '{"plan":"basic"}': 5 });
  });

  it('without a time column the smallest value wins (C1: basic), and the rule says so', async () => {
    const text = spec('undated.csv').replace('    time: signup_date\n', '');
    const check = await checkKpiFile(path.join(dir, 'b.kpi.yaml'), text);
    const r = await evaluateSpec(check, { engine });
    const rows = Object.fromEntries(r.kpis[0].rows.map((row) => [JSON.stringify(row.segment), row.value]));
    // basic: C1 (min('premium', 'basic') = 'basic') 10 + 20, C2 5 = 35; premium: C3 7.
    assert.deepEqual(rows, { '{}': 42, '{"plan":"basic"}': 35, '{"plan":"premium"}': 7 });
    const d = r.diagnostics.find((x) => x.code === 'duplicate-keys');
    assert.equal(
      d?.message,
      "1 value of 'customer_id' is on 2 rows of source 'customers' ('C1' (undated.csv:2, :4)): each customer counts once: a joined column takes its smallest value, a cohort starts at the earliest start date",
    );
  });

  it('a cohort whose customer has two rows on its earliest start takes the smaller segment, in either order', async () => {
    // C1 starts on 2025-03-01 on two rows (premium, basic): its cohort segment is 'basic', the
    // smaller text, read in either order; it buys on 03-05, within 30 days: basic 100 %.
    const cohort = [
      '  retention: { type: cohort_retention, source: orders, cohort: customers, start: signup_date, days: [30], period: march, segments: [plan] }',
    ];
    const tied = ['C1,2025-03-01,premium', 'C1,2025-03-01,basic'];
    for (const [name, rows] of [
      ['cohort-tied.csv', tied],
      ['cohort-tied-reversed.csv', [...tied].reverse()],
    ] as const) {
      fs.writeFileSync(path.join(dir, name), lines('customer_id,signup_date,plan', ...rows, 'C2,2025-01-05,basic'));
      const text = spec(name, cohort).replace(
        '  revenue: { type: sum, source: orders, column: amount, segments: [plan] }\n',
        '',
      );
      const r = await evaluateSpec(await checkKpiFile(path.join(dir, `${name}.kpi.yaml`), text), { engine });
      const got = r.kpis[0].rows.map((row) => [JSON.stringify(row.segment), row.value]);
      assert.deepEqual(got, [
        ['{}', 1],
        ['{"plan":"basic"}', 1],
      ]);
    }
  });

  it('a cohort source with duplicates is warned about too; unique keys give no warning', async () => {
    const cohort = [
      '  retention: { type: cohort_retention, source: orders, cohort: customers, start: signup_date, days: [30], period: march }',
    ];
    const withCohort = spec('customers.csv', cohort)
      .replace('  revenue: { type: sum, source: orders, column: amount, segments: [plan] }\n', '')
      .replace('segments:\n  plan: { by: customers.plan }\n', '');
    const r = await evaluateSpec(await checkKpiFile(path.join(dir, 'c.kpi.yaml'), withCohort), { engine });
    assert.deepEqual(
      r.diagnostics.filter((d) => d.code === 'duplicate-keys').map((d) => d.line),
      [8],
    );
    const unique = await evaluateSpec(await checkKpiFile(path.join(dir, 'd.kpi.yaml'), spec('unique.csv')), { engine });
    assert.deepEqual(unique.diagnostics, []);
  });
});
