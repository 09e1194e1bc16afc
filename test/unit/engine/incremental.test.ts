// Incremental re-evaluation (EvaluationMemo through KpiRunner, as in the editor): a second
// run of an unchanged file sends no query; editing one KPI queries only that KPI, and the
// KPIs computed from it (ratio, formula) change with it while the others keep their values;
// a changed data file is read again. Queries are counted with a wrapping engine.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import type { Engine } from '../../../src/core/engine/backends/engine';
import { KpiRunner } from '../../../src/core/engine/kpiRunner';
import { RecordingEngine } from '../../../src/core/engine/backends/recordingEngine';
import type { RunResult } from '../../../src/core/report/resultModel';
import { FIXTURES, lines } from '../helpers';

// test/fixtures/engine/data/orders.csv in January 2025 (see evaluate.test.ts):
//   order 2: c1 20 web paid, order 3: c2 30 store paid, order 4: c3 40 web refunded.
const spec = (revenueWhere: string) =>
  lines(
    'kpilens: 1',
    'as_of: 2025-01-31',
    'sources:',
    '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
    '  customers: { file: data/customers.csv, time: signup_date, key: customer_id }',
    'periods:',
    '  jan: { grain: month, last: 1 }',
    'segments:',
    '  channel: { by: channel }',
    'defaults: { period: jan }',
    'kpis:',
    `  revenue: { type: sum, source: orders, column: amount${revenueWhere}, segments: [channel] }`,
    '  orders: { type: count, source: orders }',
    '  basket: { type: ratio, numerator: revenue, denominator: orders }',
    '  double: { type: formula, expr: "revenue * 2" }',
    '  new_customers: { type: new_customers, source: customers, start: signup_date, end: churn_date }',
  );

const value = (r: RunResult, name: string) => r.kpis.find((k) => k.name === name)?.rows[0].value;

describe('engine: incremental re-evaluation', function () {
  this.timeout(60000);
  let dir: string;
  let runner: KpiRunner;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-incr-'));
    fs.cpSync(path.join(FIXTURES, 'engine', 'data'), path.join(dir, 'data'), { recursive: true });
    runner = new KpiRunner({ cacheDir: path.join(dir, 'cache') });
  });
  afterEach(async () => {
    await runner.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function run(text: string): Promise<{ result: RunResult; sql: string[] }> {
    const check = await checkKpiFile(path.join(dir, 'test.kpi.yaml'), text);
    let recorder: RecordingEngine | undefined;
    const result = await runner.run(check, { wrap: (engine: Engine) => (recorder = new RecordingEngine(engine)) });
    return { result, sql: recorder?.statements ?? [] };
  }

  it('re-runs nothing when nothing changed, and only the edited KPI after an edit', async () => {
    const first = await run(spec(''));
    assert.ok(first.sql.length > 0);
    assert.equal(value(first.result, 'revenue'), 90); // 20 + 30 + 40
    assert.equal(value(first.result, 'orders'), 3);
    assert.equal(value(first.result, 'basket'), 30); // 90 / 3
    assert.equal(value(first.result, 'double'), 180); // 90 × 2

    const same = await run(spec(''));
    assert.deepEqual(same.sql, [], 'an unchanged file sends no query');
    assert.deepEqual(same.result, first.result);

    const edited = await run(spec(`, where: "status = 'paid'"`));
    // One scan of revenue (whole population and channel together) and the type of its
    // amounts (a number column: no scan for non-numeric amounts); nothing else.
    assert.equal(edited.sql.length, 2);
    assert.ok(edited.sql[0].includes("'paid'"), 'only the edited KPI is queried');
    assert.match(edited.sql[1], /^DESCRIBE SELECT "amount" FROM/);
    assert.equal(value(edited.result, 'revenue'), 50); // 20 + 30, order 4 is refunded
    assert.equal(value(edited.result, 'basket'), 50 / 3); // its dependent: 50 / 3 orders
    assert.equal(value(edited.result, 'double'), 100); // 50 × 2
    assert.equal(value(edited.result, 'orders'), 3, 'kept');
    const web = edited.result.kpis.find((k) => k.name === 'revenue')?.rows.find((r) => r.segment.channel === 'web');
    assert.equal(web?.value, 20); // order 2; order 4 (web, 40) is refunded
  });

  it('a title change or a moved KPI queries nothing; a changed data file is read again', async () => {
    await run(spec(''));
    const retitled = await run(
      spec('').replace('  orders: { type: count', '  orders: { title: Number of orders, type: count'),
    );
    assert.deepEqual(retitled.sql, []);
    assert.equal(retitled.result.kpis.find((k) => k.name === 'orders')?.title, 'Number of orders');

    const orders = path.join(dir, 'data', 'orders.csv');
    fs.appendFileSync(orders, '8,c1,2025-01-20,100,web,paid\n');
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(orders, later, later);
    const changed = await run(spec(''));
    assert.ok(
      changed.sql.some((s) => s.includes('COPY')),
      'orders copied again',
    );
    assert.ok(
      changed.sql.every((s) => !s.includes('signup_date')),
      'customers (new_customers, its profile) not read again',
    );
    assert.equal(value(changed.result, 'revenue'), 190); // 90 + 100
    assert.equal(value(changed.result, 'orders'), 4);
    assert.equal(value(changed.result, 'basket'), 47.5); // 190 / 4
  });
});
