// Tests of the sources of a run read side by side (sourcePreparation.ts on DuckDbEngine's
// lanes), on small files whose numbers are counted by hand below: the numbers and the
// diagnostics are those of one source after the other, in the same order; two sources of the
// same file typed alike share one copy; two typed otherwise keep a copy each.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { ColumnarCache } from '../../../src/core/engine/cache/columnarCache';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import type { Engine, QueryOptions, SqlRow, SqlValue } from '../../../src/core/engine/backends/engine';
import { RecordingEngine } from '../../../src/core/engine/backends/recordingEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import type { RunResult } from '../../../src/core/report/resultModel';
import { lines } from '../helpers';

// orders.csv: line 4 has an amount that is not a number (N/A), line 6 one field too many.
// January, paid, readable amounts: 10.50 + 20.25 = 30.75; purchases in January: lines 2–5 = 4.
const ORDERS = lines(
  'order_id,customer_id,order_date,amount,status',
  '1,c1,2025-01-05,10.50,paid',
  '2,c2,2025-01-10,20.25,paid',
  '3,c1,2025-01-20,N/A,paid',
  '4,c3,2025-01-31,5,refunded',
  '5,c2,2025-01-15,7.25,paid,extra',
  '6,c3,2024-12-31,100,paid',
);
// customers.csv: c3 signed up in January (1 new customer); c4's signup date is not a date (line 5).
const CUSTOMERS = lines(
  'customer_id,signup_date,churn_date,plan',
  'c1,2024-06-01,,pro',
  'c2,2024-07-01,2025-01-20,free',
  'c3,2025-01-10,,pro',
  'c4,someday,,free',
);
// survey.csv: scores 10, 6, 9 in January (2 promoters, 1 detractor of 3: NPS 100 × 1/3);
// line 5's score is not an integer.
const SURVEY = lines(
  'customer_id,responded_at,nps',
  'c1,2025-01-03,10',
  'c2,2025-01-04,6',
  'c3,2025-01-05,9',
  'c1,2025-01-06,eleven',
);

function spec(paidOrders: string): string {
  return lines(
    'kpilens: 1',
    'as_of: 2025-01-31',
    'sources:',
    '  orders: { file: data/orders.csv, time: order_date, key: customer_id, columns: { amount: number } }',
    `  paid_orders: ${paidOrders}`,
    '  customers: { file: data/customers.csv, time: signup_date, key: customer_id }',
    '  survey: { file: data/survey.csv, time: responded_at, key: customer_id, columns: { nps: integer } }',
    'periods:',
    '  jan: { grain: month, last: 1 }',
    'defaults: { period: jan }',
    'kpis:',
    '  revenue: { type: sum, source: orders, column: amount, where: "status = \'paid\'" }',
    '  purchases: { type: count, source: orders }',
    '  paid_revenue: { type: sum, source: paid_orders, column: amount }',
    '  new_customers: { type: new_customers, source: customers, start: signup_date, end: churn_date }',
    '  nps: { type: nps, source: survey, column: nps }',
  );
}
/** The paid orders typed like `orders` (one copy of orders.csv), or otherwise (two copies). */
const TYPED_ALIKE =
  '{ file: data/orders.csv, time: order_date, key: customer_id, columns: { amount: number }, where: "status = \'paid\'" }';
const TYPED_OTHERWISE =
  '{ file: data/orders.csv, time: order_date, key: customer_id, columns: { amount: number, status: string }, where: "status = \'paid\'" }';

/** DuckDbEngine seen through a recorder that keeps its lanes: the statements, and how many sessions ran at once. */
class LaneRecorder implements Engine {
  readonly statements: string[] = [];
  /** The statements run outside any session (on the first lane, after the sources are read). */
  readonly outside: string[] = [];
  active = 0;
  mostAtOnce = 0;
  constructor(private readonly inner: DuckDbEngine) {}
  get lanes(): number {
    return this.inner.lanes;
  }
  query(sql: string, params?: SqlValue[], options?: QueryOptions): Promise<SqlRow[]> {
    this.statements.push(sql);
    this.outside.push(sql);
    return this.inner.query(sql, params, options);
  }
  session<T>(work: (engine: Engine) => Promise<T>): Promise<T> {
    return this.inner.session(async (pinned) => {
      this.active++;
      this.mostAtOnce = Math.max(this.mostAtOnce, this.active);
      const recorded: Engine = {
        query: (sql, params, options) => {
          this.statements.push(sql);
          return pinned.query(sql, params, options);
        },
        session: (inner) => inner(recorded),
        close: () => Promise.resolve(),
      };
      try {
        return await work(recorded);
      } finally {
        this.active--;
      }
    });
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

const valueOf = (result: RunResult, kpi: string) => result.kpis.find((k) => k.name === kpi)?.rows[0]?.value;

describe('engine: the sources of a run read side by side', function () {
  this.timeout(60_000);
  let dir: string;
  let cacheDir: string;
  let engine: DuckDbEngine;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-lanes-'));
    fs.mkdirSync(path.join(dir, 'data'));
    fs.writeFileSync(path.join(dir, 'data', 'orders.csv'), ORDERS);
    fs.writeFileSync(path.join(dir, 'data', 'customers.csv'), CUSTOMERS);
    fs.writeFileSync(path.join(dir, 'data', 'survey.csv'), SURVEY);
    cacheDir = path.join(dir, '.kpilens', 'cache');
    engine = new DuckDbEngine({ allowedDirectories: [dir, path.join(dir, 'data'), cacheDir] });
  });
  afterEach(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function run(text: string, through: Engine, cache?: ColumnarCache): Promise<RunResult> {
    const check = await checkKpiFile(path.join(dir, 'test.kpi.yaml'), text);
    return evaluateSpec(check, { engine: through, ...(cache ? { cache } : {}) });
  }
  const copies = (sql: string[], file: string) => sql.filter((s) => s.startsWith('COPY') && s.includes(file)).length;
  const entries = () => fs.readdirSync(cacheDir).filter((f) => f.endsWith('.parquet')).length;

  function assertNumbers(result: RunResult): void {
    assert.equal(valueOf(result, 'revenue'), 30.75);
    assert.equal(valueOf(result, 'purchases'), 4);
    assert.equal(valueOf(result, 'paid_revenue'), 30.75);
    assert.equal(valueOf(result, 'new_customers'), 1);
    const nps = valueOf(result, 'nps');
    assert.ok(typeof nps === 'number' && Math.abs(nps - 100 / 3) < 1e-9, `nps ${String(nps)}`);
  }
  const told = (result: RunResult) => result.diagnostics.map((d) => `${d.code} ${d.message}`);

  for (const cached of [false, true]) {
    it(`gives the numbers and the diagnostics of one source after the other, in the same order${cached ? ' (through the columnar cache)' : ''}`, async () => {
      const lanes = new LaneRecorder(engine);
      const side = await run(spec(TYPED_OTHERWISE), lanes, cached ? new ColumnarCache({ dir: cacheDir }) : undefined);
      assert.ok(lanes.mostAtOnce >= 2, `sessions at once: ${lanes.mostAtOnce}`);
      const inTurn = await run(
        spec(TYPED_OTHERWISE),
        new RecordingEngine(engine), // no lanes: one source after the other
        cached ? new ColumnarCache({ dir: path.join(dir, '.kpilens', 'other') }) : undefined,
      );
      assertNumbers(side);
      assertNumbers(inTurn);
      assert.deepEqual(told(side), told(inTurn));
      const text = told(side).join('\n');
      for (const expected of [/orders\.csv:4/, /orders\.csv:6/, /N\/A/, /someday/, /eleven/])
        assert.match(text, expected);
    });
  }

  it("profiles each source from its copy and checks the customers' key in the source's lane, once, as soon as it is read", async () => {
    const lanes = new LaneRecorder(engine);
    assertNumbers(await run(spec(TYPED_OTHERWISE), lanes, new ColumnarCache({ dir: cacheDir })));
    const profiles = (sql: string[]) => sql.filter((s) => s.startsWith('SELECT CAST(min(d) AS VARCHAR) AS mn'));
    const keyChecks = (sql: string[]) => sql.filter((s) => s.includes('= count(DISTINCT'));
    // orders, paid_orders, customers, survey: their dates' range is what each copy's writer
    // counted (no query); the key of customers is checked (new_customers counts on it).
    assert.equal(profiles(lanes.statements).length, 0);
    assert.equal(keyChecks(lanes.statements).length, 1);
    assert.match(keyChecks(lanes.statements)[0], /"signup_date", "churn_date", "plan"/);
    assert.deepEqual([...profiles(lanes.outside), ...keyChecks(lanes.outside)], [], 'none after the sources are read');
  });

  it("a run of the sources' checks only profiles them in their lanes but checks no customer key", async () => {
    const lanes = new LaneRecorder(engine);
    const check = await checkKpiFile(path.join(dir, 'test.kpi.yaml'), spec(TYPED_ALIKE));
    await evaluateSpec(check, { engine: lanes, sourceChecksOnly: true });
    assert.ok(lanes.mostAtOnce >= 2, `sessions at once: ${lanes.mostAtOnce}`);
    assert.equal(lanes.statements.filter((s) => s.startsWith('SELECT CAST(min(d) AS VARCHAR) AS mn')).length, 4);
    assert.deepEqual(
      lanes.statements.filter((s) => s.includes('= count(DISTINCT')),
      [],
      'the key check belongs to the KPIs',
    );
  });

  it('two sources of one file typed alike share one copy, written once while both are read', async () => {
    const lanes = new LaneRecorder(engine);
    const result = await run(spec(TYPED_ALIKE), lanes, new ColumnarCache({ dir: cacheDir }));
    assert.ok(lanes.mostAtOnce >= 2, `sessions at once: ${lanes.mostAtOnce}`);
    assertNumbers(result);
    assert.equal(copies(lanes.statements, 'orders.csv'), 1, 'orders.csv copied once');
    assert.equal(entries(), 3, 'orders, customers, survey');
  });

  it('two sources of one file typed otherwise keep a copy each, in the run that wrote them and the next', async () => {
    const cache = new ColumnarCache({ dir: cacheDir });
    const first = new LaneRecorder(engine);
    assertNumbers(await run(spec(TYPED_OTHERWISE), first, cache));
    assert.equal(copies(first.statements, 'orders.csv'), 2);
    assert.equal(entries(), 4, 'two copies of orders.csv, customers, survey');
    const next = new LaneRecorder(engine);
    assertNumbers(await run(spec(TYPED_OTHERWISE), next, new ColumnarCache({ dir: cacheDir })));
    assert.equal(copies(next.statements, '.csv'), 0, 'every source read from its copy');
    assert.equal(entries(), 4);
  });
});
