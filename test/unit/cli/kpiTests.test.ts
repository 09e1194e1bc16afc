// `kpilens test`: the KPI tests of the sample pass; the failing fixture
// (test/fixtures/kpi-tests/failing.kpi.yaml) is reported at the expectation's line with
// expected vs actual, exit 1; inline rows are CSV-quoted; unknown sources and KPIs in a
// test are spec errors at their key.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { runKpiTests } from '../../../src/core/testing/runKpiTests';
import { csvCell, inlineRowsCsv } from '../../../src/core/testing/inlineCsv';
import { brief, diagnose, FIXTURES, lines, REPO_ROOT } from '../helpers';

async function run(args: string[], cwd = REPO_ROOT): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t), cwd };
  const code = await main(args, io);
  return { code, out, err };
}

describe('kpilens test', function () {
  this.timeout(60000);

  it('the sample KPI tests pass (exit 0)', async () => {
    const r = await run(['test', 'samples']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.equal(
      r.out,
      lines('samples/loyalty-tests.kpi.yaml', '  ✓ survey_scores (2 values)', '  ✓ churn_in_a_month (3 values)'),
    );
    assert.equal(r.err, '2 tests: 2 passed, 0 failed\n');
  });

  it('a failing expectation is reported at its line with expected vs actual (exit 1)', async () => {
    const r = await run(['test', 'test/fixtures/kpi-tests/failing.kpi.yaml']);
    assert.equal(r.code, 1);
    // fails: 10, 9, 2 → 2 promoters, 1 detractor of 3: 100 × (2 − 1)/3 = 33.33…, expected 40.
    // `nps: 40` is line 30; its value starts at column 12.
    assert.equal(
      r.out,
      lines(
        'test/fixtures/kpi-tests/failing.kpi.yaml',
        '  ✓ passes (2 values)',
        '  ✗ fails',
        '      test/fixtures/kpi-tests/failing.kpi.yaml:30:12: nps (2025-03, whole population): expected 40, actual 33.33333333 (off by -6.666666667)',
      ),
    );
    assert.equal(r.err, '2 tests: 1 passed, 1 failed\n');
  });

  it('a file whose sources are tables: its tests run on their inline rows (no connection needed)', async () => {
    // Before: "source 'n' reads table 'analytics.orders' on connection 'shop': evaluate the
    // file on that connection (a file cannot mix data files and tables)".
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-table-tests-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'kpilens.connections.yaml'),
        lines('connections:', '  shop: { dialect: postgres, host: 127.0.0.1, port: 9, database: shop, user: kp }'),
      );
      fs.writeFileSync(
        path.join(dir, 't.kpi.yaml'),
        lines(
          'kpilens: 1',
          'sources:',
          '  n: { table: analytics.orders, connection: shop, time: day, key: customer_id }',
          'periods:',
          '  monthly: { grain: month, last: 1 }',
          'defaults: { period: monthly }',
          'kpis:',
          '  s: { type: sum, source: n, column: amount }',
          'tests:',
          '  inline:',
          '    as_of: 2025-03-31',
          '    data:',
          '      n:',
          '        - { customer_id: A, day: 2025-03-05, amount: 10 }',
          '        - { customer_id: B, day: 2025-03-06, amount: 5 }',
          '    expect:',
          '      s: { value: 15 }',
        ),
      );
      const r = await run(['test', 't.kpi.yaml'], dir);
      assert.equal(r.code, 0, r.out + r.err);
      assert.equal(r.out, lines('t.kpi.yaml', '  ✓ inline (1 value)'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--test runs only the named tests', async () => {
    const r = await run(['test', 'test/fixtures/kpi-tests/failing.kpi.yaml', '--test', 'passes']);
    assert.equal(r.code, 0, r.out);
    assert.equal(r.err, '1 test: 1 passed, 0 failed\n');
  });

  it('no tests: a note, exit 0; a missing path: usage error, exit 2', async () => {
    const none = await run(['test', 'samples/loyalty.kpi.yaml']);
    assert.equal(none.code, 0);
    assert.match(none.err, /no KPI tests found/);
    assert.equal((await run(['test', 'no/such/dir'])).code, 2);
  });

  it('the runner: a missing period, a wrong n and a column the rows lack', async () => {
    const file = path.join(FIXTURES, 'kpi-tests', 'spec.kpi.yaml');
    const text = lines(
      'kpilens: 1',
      'sources:',
      '  survey: { file: data/survey.csv, time: answered_on }',
      'periods:',
      '  monthly: { grain: month, last: 1 }',
      'defaults: { period: monthly }',
      'kpis:',
      '  nps: { type: nps, source: survey, column: score }',
      'tests:',
      '  wrong:',
      '    as_of: 2025-03-31',
      '    data:',
      '      survey: [{ answered_on: 2025-03-01, score: 10 }]',
      '    expect:',
      '      nps: [{ period: 2024-01, value: 100 }, { value: 100, n: 2 }]',
      '  no_column:',
      '    as_of: 2025-03-31',
      '    data:',
      '      survey: [{ answered_on: 2025-03-01, points: 10 }]',
      '    expect: { nps: 100 }',
      '  hostile_cells:',
      '    as_of: 2025-03-31',
      '    data:',
      '      survey:',
      '        - { answered_on: 2025-03-01, score: 10, note: "1,2" }',
      `        - { answered_on: 2025-03-01, score: 0, note: "x'); DROP TABLE t; --" }`,
      `        - { answered_on: 2025-03-02, score: 9, note: 'say "hi"' }`,
      '    expect:',
      '      nps: { value: 33.333333, tolerance: 0.000001, n: 3 }',
    );
    const check = await checkKpiFile(file, text);
    assert.deepEqual(
      check.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    const [wrong, noColumn, hostile] = await runKpiTests(check);
    // Text with commas, quotes and SQL stays data: 2 promoters (10, 9), 1 detractor (0) of 3 → 100 × 1/3.
    assert.equal(hostile.passed, true, JSON.stringify(hostile));
    assert.equal(wrong.passed, false);
    assert.deepEqual(
      wrong.expectations.map((e) => `${e.range.start.line}:${e.range.start.column} ${e.passed} ${e.message}`),
      [
        "15:13 false nps (2024-01, whole population): no row for period '2024-01' (the KPI's periods are '2025-03')",
        '15:46 false nps (2025-03, whole population): expected n = 2, actual n = 1',
      ],
    );
    assert.equal(noColumn.passed, false);
    // The KPI's `column: score` (line 8) is not in the test's rows.
    assert.deepEqual(
      noColumn.errors.map((d) => `${d.range.start.line} ${d.code}`),
      ['8 unknown-column'],
    );
  });

  it('a test whose as_of is not a real date fails without running, at its as_of', async () => {
    const text = lines(
      'kpilens: 1',
      'sources:',
      '  survey: { file: data/survey.csv, time: answered_on }',
      'periods:',
      '  monthly: { grain: month, last: 1 }',
      'kpis:',
      '  nps: { type: nps, source: survey, column: score, period: monthly }',
      'tests:',
      '  t:',
      '    as_of: 2025-02-30',
      '    data: { survey: [{ answered_on: 2025-02-01, score: 10 }] }',
      '    expect: { nps: 100 }',
    );
    const check = await checkKpiFile(path.join(FIXTURES, 'kpi-tests', 'spec.kpi.yaml'), text);
    assert.deepEqual(brief(check.diagnostics), ['10:12 error invalid-date']);
    const [t] = await runKpiTests(check);
    assert.equal(t.passed, false);
    assert.deepEqual(
      t.errors.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code}`),
      ['10:12 invalid-date'],
    );
    assert.equal(
      t.expectations[0].message,
      'nps (latest period, whole population): not evaluated: the test has errors (see above)',
    );
  });

  it('unknown sources and KPIs in tests are spec errors with a did-you-mean', async () => {
    const diags = await diagnose(
      lines(
        'kpilens: 1',
        'sources:',
        '  orders: { file: data/orders.csv, time: order_date }',
        'periods:',
        '  monthly: { grain: month, last: 1 }',
        'kpis:',
        '  revenue: { type: sum, source: orders, column: amount, period: monthly }',
        'tests:',
        '  t:',
        '    data: { order: [] }',
        '    expect: { revenu: 1 }',
      ),
    );
    assert.deepEqual(brief(diags.filter((d) => d.code.startsWith('unknown-'))), [
      '10:13 error unknown-source',
      '11:15 error unknown-kpi',
    ]);
    assert.match(diags.find((d) => d.code === 'unknown-kpi')?.message ?? '', /did you mean 'revenue'/);
  });

  it('inline cells are CSV-quoted, never pasted into SQL', () => {
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell("x'); DROP TABLE t; --"), "x'); DROP TABLE t; --");
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(true), 'true');
    assert.equal(inlineRowsCsv([{ a: 1 }, { b: 'x\ny' }]), 'a,b\n1,\n,"x\ny"\n');
    assert.equal(inlineRowsCsv([], ['id', 'date']), 'id,date\n');
  });
});
