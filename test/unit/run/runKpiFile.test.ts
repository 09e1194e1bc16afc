// runKpiFile, the one run of a KPI file: the editor's report (what the extension's kpiResults
// hands to the report panel: runKpiFile on the editor's incremental check with the session's
// KpiRunner), Export report (that result rendered) and `kpilens run --format json` carry the
// same stamp and the same diagnostics — the spec's warning and the data's — for one file;
// diagnostics keep their ranges up to the report; the data root is chosen by one rule and a
// KPI test reads the other sources inside the root its file was checked against.
import { strict as assert } from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dataRootOf } from '../../../src/core/data/dataRoot';
import { HeaderCache } from '../../../src/core/data/headerCache';
import { withConnectionChecks } from '../../../src/core/engine/connections/connectionChecks';
import { KpiRunner } from '../../../src/core/engine/kpiRunner';
import { renderResult } from '../../../src/core/report/render';
import type { RunResult } from '../../../src/core/report/resultModel';
import { stampText } from '../../../src/core/report/stampText';
import { ConnectionChoiceError } from '../../../src/core/run/kpiFileEngine';
import { runKpiFile } from '../../../src/core/run/runKpiFile';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { IncrementalChecker } from '../../../src/core/kpifile/incrementalCheck';
import { runKpiTests } from '../../../src/core/testing/runKpiTests';
import { lines, runCli } from '../helpers';

const SPEC = lines(
  'kpilens: 1',
  'as_of: 2025-02-28',
  'sources:',
  '  orders:',
  '    file: data/orders.csv',
  '    time: order_date',
  '    key: customer_id',
  'periods:',
  '  monthly: { grain: month, last: 2 }',
  'kpis:',
  '  revenue:',
  '    type: sum',
  '    source: orders',
  '    column: amount',
  '    period: monthly',
  '    format: currency',
);

// Four orders; the last one's date is not a date, so it is left out (a data warning).
const ORDERS = lines(
  'order_date,customer_id,amount',
  '2025-01-10,c1,10',
  '2025-01-20,c2,20',
  '2025-02-05,c1,30',
  'not-a-date,c3,40',
);

/** The diagnostics every surface must carry, in the report's order: the spec's, then the data's. */
const EXPECTED_DIAGNOSTICS = [
  // `    format: currency` is line 16; its value starts at column 13.
  {
    file: 'shop.kpi.yaml',
    line: 16,
    column: 13,
    severity: 'warning',
    message: "KPI 'revenue' is a currency without 'currency:' (e.g. currency: EUR)",
    code: 'missing-currency',
  },
  // `    time: order_date` is line 6; its value starts at column 11.
  // The typed read names the value and its line in the data file (orders.csv:5), and counts it.
  {
    file: 'shop.kpi.yaml',
    line: 6,
    column: 11,
    severity: 'warning',
    code: 'invalid-values',
    count: 1,
    message:
      "1 value of column 'order_date' in source 'orders' is not a date (YYYY-MM-DD) ('not-a-date' at orders.csv:5): it is read as empty; rows without a date are left out of the KPIs; if the dates are written otherwise, set the source's 'date_format' or 'timestamp_format' (e.g. %d/%m/%Y)",
  },
];

const sha12 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12);

describe('runKpiFile: one run of a KPI file for every surface', function () {
  this.timeout(60000);
  let dir: string;
  let cacheDir: string;
  let file: string;
  let runner: KpiRunner;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-runfile-'));
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-runfile-cache-'));
    fs.mkdirSync(path.join(dir, 'data'));
    fs.writeFileSync(path.join(dir, 'data', 'orders.csv'), ORDERS);
    file = path.join(dir, 'shop.kpi.yaml');
    fs.writeFileSync(file, SPEC);
    runner = new KpiRunner({ cacheDir });
  });
  after(async () => {
    await runner.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  /** The editor's run, as kpiDocuments.ts checks and kpiResults.ts runs a document of workspace folder `dir`. */
  async function editorRun(): Promise<Awaited<ReturnType<typeof runKpiFile>>> {
    const dataRoot = dataRootOf(file, { workspaceFolder: dir });
    const checked = await new IncrementalChecker().check(file, SPEC, {
      data: true,
      headers: new HeaderCache(),
      dataRoot,
    });
    const check = withConnectionChecks(checked, dataRoot);
    return runKpiFile(file, check, { runner, displayPath: 'shop.kpi.yaml' });
  }

  it('the editor report, its export and `kpilens run --format json` carry the same stamp and diagnostics', async () => {
    const editor = await editorRun();
    // Export report renders the editor's last result (exportReport.ts).
    const exported = JSON.parse(renderResult(editor.result, 'json', { file: 'shop.kpi.yaml' })) as RunResult;
    const cli = await runCli(['run', 'shop.kpi.yaml', '--format', 'json'], dir);
    assert.equal(cli.code, 0, cli.err);
    const printed = JSON.parse(cli.out) as RunResult;

    // The stamp by hand: sha256 of the spec's text; of `data/orders.csv<TAB>size<TAB>mtime` for the one data file.
    const st = fs.statSync(path.join(dir, 'data', 'orders.csv'));
    const stamp = {
      spec: sha12(SPEC),
      data: sha12(`data/orders.csv\t${st.size}\t${Math.trunc(st.mtimeMs)}`),
      files: 1,
    };
    assert.deepEqual(editor.result.stamp, stamp);
    assert.deepEqual(exported.stamp, stamp);
    assert.deepEqual(printed.stamp, stamp);

    assert.deepEqual(editor.result.diagnostics, EXPECTED_DIAGNOSTICS);
    assert.deepEqual(exported.diagnostics, EXPECTED_DIAGNOSTICS);
    assert.deepEqual(printed.diagnostics, EXPECTED_DIAGNOSTICS);

    // The figures too: January 10 + 20 = 30; February 30 (the 40 of the undated row is left out).
    for (const r of [editor.result, exported, printed]) {
      assert.deepEqual(
        r.kpis[0].rows.map((row) => [row.period, row.value]),
        [
          ['2025-01', 30],
          ['2025-02', 30],
        ],
      );
    }
    // The HTML export shows the stamp's footer line and both diagnostics.
    const html = renderResult(editor.result, 'html', { file: 'shop.kpi.yaml' });
    assert.ok(html.includes(stampText(stamp)), 'the stamp line is in the HTML export');
    assert.ok(html.includes('[missing-currency]') || html.includes('missing-currency'));
    assert.ok(html.includes('invalid-values'));
  });

  it('keeps the ranges of the diagnostics until the report flattens them; a second run through the memo says the same', async () => {
    const first = await editorRun();
    const at = (d: { range: { startOffset: number; start: { line: number; column: number } } }) => [
      d.range.startOffset,
      d.range.start.line,
      d.range.start.column,
    ];
    // The ranged diagnostics: the spec's (the check's) first, then the data's.
    assert.deepEqual(first.diagnostics.map(at), [
      [SPEC.indexOf('currency\n'), 16, 13],
      [SPEC.indexOf('order_date'), 6, 11],
    ]);
    assert.deepEqual(
      first.dataDiagnostics.map((d) => d.code),
      ['invalid-values'],
    );
    // The memo answers the second run without querying again; the report is the same.
    const second = await editorRun();
    assert.deepEqual(second.result, first.result);
  });

  it('checks a text itself against the data root of the one rule (the CLI folder here), with the same report', async () => {
    const run = await runKpiFile(file, SPEC, { root: { cwd: dir }, displayPath: 'shop.kpi.yaml' });
    assert.equal(run.check.dataRoot, dir);
    assert.deepEqual(run.result.diagnostics, EXPECTED_DIAGNOSTICS);
    assert.equal(run.connection.kind, 'files');
  });

  it('a KPI file with a YAML error: its error alone, no "no dated row in the data" for the sources it broke', async () => {
    // The `}` missing on line 6 breaks the sources: nothing is read, and before, the run added
    // an error saying the data had no dated row.
    const text = lines(
      'kpilens: 1',
      'sources:',
      '  orders: { file: data/orders.csv, time: order_date }',
      'periods:',
      '  monthly: { grain: month, last: 2 }',
      'kpis:',
      '  revenue: { type: sum, source: orders, column: amount, period: monthly',
    );
    const run = await runKpiFile(path.join(dir, 'broken.kpi.yaml'), text, { root: { cwd: dir }, runner });
    assert.deepEqual(
      run.result.diagnostics.map((d) => `${d.severity} ${d.code}`),
      ['error yaml-syntax'],
    );
    // A file whose sources are fine but hold no dated row still says so.
    const empty = path.join(dir, 'data', 'undated.csv');
    fs.writeFileSync(empty, 'order_date,amount\n,10\n');
    const undated = await runKpiFile(
      path.join(dir, 'undated.kpi.yaml'),
      text.replace('data/orders.csv', 'data/undated.csv').replace('period: monthly', 'period: monthly }'),
      { root: { cwd: dir }, runner },
    );
    assert.ok(undated.result.diagnostics.some((d) => d.code === 'no-data'));
  });

  it('a file naming two connections cannot run: a ConnectionChoiceError saying why, no engine started', async () => {
    const text = lines(
      'kpilens: 1',
      'sources:',
      '  a: { table: public.a, connection: one, time: d, key: k }',
      '  b: { table: public.b, connection: two, time: d, key: k }',
      'kpis:',
      '  n: { type: count, source: a }',
      '  m: { type: count, source: b }',
    );
    await assert.rejects(runKpiFile(path.join(dir, 'two.kpi.yaml'), text, { root: { cwd: dir } }), (err: unknown) => {
      assert.ok(err instanceof ConnectionChoiceError);
      assert.equal(err.message, 'the sources name 2 connections (one, two): a KPI file runs on one connection');
      return true;
    });
  });
});

describe('the data root: one rule for the editor, the CLI and the KPI tests', function () {
  this.timeout(60000);
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-root-'));
    fs.mkdirSync(path.join(root, 'kpis'));
    fs.mkdirSync(path.join(root, 'data'));
    // kpis/shop.kpi.yaml reads ../data/customers.csv: inside the workspace folder, outside the file's own folder.
    fs.writeFileSync(
      path.join(root, 'data', 'customers.csv'),
      lines('signup_date,customer_id', '2025-01-03,c1', '2025-01-09,c2', '2025-02-01,c3'),
    );
    fs.writeFileSync(path.join(root, 'data', 'orders.csv'), lines('order_date,customer_id,amount', '2025-01-05,c1,1'));
    fs.writeFileSync(
      path.join(root, 'kpis', 'shop.kpi.yaml'),
      lines(
        'kpilens: 1',
        'as_of: 2025-01-31',
        'sources:',
        '  orders: { file: ../data/orders.csv, time: order_date, key: customer_id }',
        '  customers: { file: ../data/customers.csv, time: signup_date, key: customer_id }',
        'periods:',
        '  jan: { grain: month, last: 1 }',
        'defaults: { period: jan }',
        'kpis:',
        '  revenue: { type: sum, source: orders, column: amount }',
        '  signups: { type: count, source: customers }',
        'tests:',
        '  january:',
        '    data:',
        '      orders:',
        '        - { order_date: 2025-01-02, customer_id: x, amount: 5 }',
        '        - { order_date: 2025-01-30, customer_id: y, amount: 7 }',
        '    expect:',
        // Inline orders: 5 + 7 = 12. The real customers file: c1 and c2 signed up in January = 2.
        '      revenue: { value: 12 }',
        '      signups: { value: 2 }',
      ),
    );
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it("the workspace folder when there is one; else the working folder holding the file; else the file's folder", () => {
    const spec = path.join(root, 'kpis', 'a.kpi.yaml');
    assert.equal(dataRootOf(spec, { workspaceFolder: root }), root);
    assert.equal(dataRootOf(spec, { cwd: root }), root);
    // A working folder that does not hold the file does not count.
    assert.equal(dataRootOf(spec, { cwd: path.join(root, 'data') }), path.join(root, 'kpis'));
    assert.equal(dataRootOf(spec), path.join(root, 'kpis'));
  });

  it("a KPI test reads its file's other sources inside the root the file was checked against (the editor's workspace folder)", async () => {
    const file = path.join(root, 'kpis', 'shop.kpi.yaml');
    const check = await checkKpiFile(file, fs.readFileSync(file, 'utf8'), {
      dataRoot: dataRootOf(file, { workspaceFolder: root }),
    });
    assert.equal(check.dataRoot, root);
    assert.deepEqual(
      check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code),
      [],
    );
    const [outcome] = await runKpiTests(check);
    assert.deepEqual(
      outcome.errors.map((d) => d.code),
      [],
      'no outside-data-root error for the customers file',
    );
    assert.deepEqual(
      outcome.expectations.map((e) => [e.kpi, e.actual, e.passed]),
      [
        ['revenue', 12, true],
        ['signups', 2, true],
      ],
    );
  });

  it('`kpilens test` run from the project folder checks against that folder, as `kpilens run` does', async () => {
    // Not in a git repository: the CLI's folder holds the file, so it is the root; ../data/customers.csv lies inside it.
    const r = await runCli(['test', 'kpis/shop.kpi.yaml'], root);
    assert.equal(r.out, lines('kpis/shop.kpi.yaml', '  ✓ january (2 values)'));
    assert.equal(r.code, 0, r.err);
  });
});
