// Sources' data tests and freshness (issue 24 item 7) on the real DuckDB engine and a real
// PostgreSQL: every count below is worked out by hand from the rows written here, with the
// data file's lines (line 1 is the header).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { PostgresEngine } from '../../../src/core/engine/backends/postgresEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import type { Engine } from '../../../src/core/engine/backends/engine';
import { postgresDialect } from '../../../src/core/engine/sql/dialect';
import type { SourceCheckOutcome } from '../../../src/core/testing/sourceChecks';
import { lines } from '../helpers';
import { serverSettings, startPostgresForSuite, type PostgresServer } from './postgresServer';

// customers.csv — customer_id: c1 once, c2 on lines 3 and 4, c3 on lines 6, 7, 8, empty on
// line 5. unique: 2 values (c2, c3) on 2 + 3 = 5 rows; the empty key is not compared.
// not_null: 1 of 7 rows (line 5). segment accepted [gold, silver, bronze]: line 7 is empty
// (passes), line 8 'platinum' fails: 1 row.
const CUSTOMERS: string[][] = [
  ['c1', '2026-01-05', 'gold'],
  ['c2', '2026-01-10', 'silver'],
  ['c2', '2026-02-01', 'silver'],
  ['', '2026-02-03', 'gold'],
  ['c3', '2026-02-10', 'bronze'],
  ['c3', '2026-02-11', ''],
  ['c3', '2026-02-12', 'platinum'],
];
// responses.csv — score range 0..10: 11 (line 4) and -1 (line 6) fail, the empty score of
// line 5 passes: 2 rows; in byte order '-1' before '11'. customer_id → customers: c9 (lines 4
// and 6) and c8 (line 7) are not customers, line 5's empty key is not looked up: 3 rows,
// 2 values. Latest answered_at: 2026-03-10.
const RESPONSES: string[][] = [
  ['r1', 'c1', '2026-03-01', '9'],
  ['r2', 'c2', '2026-03-02', '10'],
  ['r3', 'c9', '2026-03-03', '11'],
  ['r4', '', '2026-03-04', ''],
  ['r5', 'c9', '2026-03-05', '-1'],
  ['r6', 'c8', '2026-03-10', '7'],
];

function spec(source: (name: string) => string[], extra: string[] = []): string {
  return lines(
    'kpilens: 1',
    ...extra,
    'sources:',
    '  customers:',
    ...source('customers'),
    '    time: signup_date',
    '    key: customer_id',
    '    tests:',
    '      - unique: customer_id',
    '      - not_null: customer_id',
    '      - accepted_values: { column: segment, values: [gold, silver, bronze] }',
    '  responses:',
    ...source('responses'),
    '    time: answered_at',
    '    key: customer_id',
    '    freshness: { warn_after: 2d, error_after: 7d }',
    '    tests:',
    '      - range: { column: score, min: 0, max: 10 }',
    '      - relationship: { column: customer_id, to: customers }',
    '        severity: warning',
    '      - unique: response_id',
  );
}

const csvSource = (name: string) => [`    file: ${name}.csv`];

async function checks(engine: Engine, dir: string, text: string, now: string, pg = false) {
  let outcomes: SourceCheckOutcome[] = [];
  const check = await checkKpiFile(path.join(dir, 'checks.kpi.yaml'), text);
  assert.deepEqual(
    check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    [],
  );
  const result = await evaluateSpec(check, {
    engine,
    now,
    sourceChecksOnly: true,
    onSourceChecks: (o) => (outcomes = o),
    ...(pg ? { dialect: postgresDialect } : {}),
  });
  return { outcomes, result };
}

const brief = (outcomes: SourceCheckOutcome[]) =>
  outcomes.map((o) =>
    o.diagnostic
      ? `${o.source} ${o.label}: ${o.diagnostic.range.start.line}:${o.diagnostic.range.start.column} ${o.diagnostic.severity} ${o.diagnostic.code} ${o.diagnostic.count ?? ''} ${o.diagnostic.message}`
      : `${o.source} ${o.label}: ${o.passed ? 'passed' : 'skipped'}`,
  );

describe('sources: data tests and freshness', function () {
  this.timeout(120000);
  let dir: string;
  let engine: DuckDbEngine;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-srcchecks-'));
    const csv = (header: string, rows: string[][]) => lines(header, ...rows.map((r) => r.join(',')));
    fs.writeFileSync(path.join(dir, 'customers.csv'), csv('customer_id,signup_date,segment', CUSTOMERS));
    fs.writeFileSync(path.join(dir, 'responses.csv'), csv('response_id,customer_id,answered_at,score', RESPONSES));
    engine = new DuckDbEngine({ allowedDirectories: [dir] });
  });
  after(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // Lines of the spec: customers' tests on 8, 9, 10 (column 9, the test's key); responses'
  // freshness on 15 (warn_after at column 18, error_after at 34), its tests on 17, 18, 20.
  const EXPECTED_FAILURES = [
    "customers unique customer_id: 8:9 error not-unique 5 source 'customers': 2 values of 'customer_id' are on several rows (5 rows in all), e.g. 'c2' on 2 rows (customers.csv:3, :4), 'c3' on 3 rows (customers.csv:6, :7, :8)",
    "customers not_null customer_id: 9:9 error null-values 1 source 'customers': 1 of 7 rows has no 'customer_id' (customers.csv:5)",
    "customers accepted_values segment: 10:9 error not-accepted 1 source 'customers': 1 row has a value of 'segment' that is not accepted ('gold', 'silver', 'bronze'): 'platinum' (customers.csv:8)",
  ];
  const RESPONSES_TESTS = [
    "responses range score 0..10: 17:9 error out-of-range 2 source 'responses': 2 rows have a value of 'score' outside 0..10 or not a number, e.g. '-1' (responses.csv:6), '11' (responses.csv:4)",
    "responses relationship customer_id → customers: 18:9 warning missing-reference 3 source 'responses': 3 rows have a value of 'customer_id' not found in 'customers.customer_id' (2 values), e.g. 'c8' (responses.csv:7), 'c9' on 2 rows (responses.csv:4, :6)",
    'responses unique response_id: passed',
  ];

  it('counts failing rows with examples at their lines; exactly warn_after old passes', async () => {
    // Latest answered_at 2026-03-10, today 2026-03-12: 2 days = warn_after, not more: fresh.
    const { outcomes, result } = await checks(engine, dir, spec(csvSource), '2026-03-12');
    assert.deepEqual(brief(outcomes), [...EXPECTED_FAILURES, ...RESPONSES_TESTS, 'responses freshness: passed']);
    // The run's diagnostics carry them (with their counts): what the editor and `kpilens run` show.
    assert.deepEqual(
      result.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.count}`),
      [
        '8:9 not-unique 5',
        '9:9 null-values 1',
        '10:9 not-accepted 1',
        '17:9 out-of-range 2',
        '18:9 missing-reference 3',
      ],
    );
  });

  it('freshness: one day past warn_after warns, exactly error_after still only warns, one more day is an error', async () => {
    const fresh = async (now: string) => brief((await checks(engine, dir, spec(csvSource), now)).outcomes).at(-1);
    // 2026-03-13 − 2026-03-10 = 3 days > 2: a warning at warn_after (line 15, column 18).
    assert.equal(
      await fresh('2026-03-13'),
      "responses freshness: 15:18 warning stale-source  source 'responses' is stale: its latest 'answered_at' is 2026-03-10, 3 days before 2026-03-13 (more than warn_after: 2 days)",
    );
    // 2026-03-17: 7 days = error_after, not more: still the warning.
    assert.match((await fresh('2026-03-17')) ?? '', /15:18 warning stale-source .* 7 days before 2026-03-17/);
    // 2026-03-18: 8 days > 7: an error at error_after (column 34).
    assert.equal(
      await fresh('2026-03-18'),
      "responses freshness: 15:34 error stale-source  source 'responses' is stale: its latest 'answered_at' is 2026-03-10, 8 days before 2026-03-18 (more than error_after: 7 days)",
    );
  });

  it("freshness counts days in the spec's timezone, for the data and for --now", async () => {
    // 2026-03-10T23:30:00Z is March 10 in UTC, March 11 00:30 in Paris (UTC+1 until March 29).
    // --now 2026-03-13T12:00:00Z is March 13 in both: UTC 13 − 10 = 3 days > 2 (warning);
    // Paris 13 − 11 = 2 days (fresh). Asia/Tokyo: the data on March 11 (08:30), now March 13
    // (21:00): 2 days, fresh.
    fs.writeFileSync(
      path.join(dir, 'events.csv'),
      lines('at,id', '2026-03-01T10:00:00Z,e1', '2026-03-10T23:30:00Z,e2'),
    );
    const text = (tz: string) =>
      lines(
        'kpilens: 1',
        `timezone: ${tz}`,
        'sources:',
        '  events:',
        '    file: events.csv',
        '    time: at',
        '    freshness: { warn_after: 2d }',
      );
    const verdict = async (tz: string) =>
      brief((await checks(engine, dir, text(tz), '2026-03-13T12:00:00Z')).outcomes).join('\n');
    assert.equal(
      await verdict('UTC'),
      "events freshness: 7:18 warning stale-source  source 'events' is stale: its latest 'at' is 2026-03-10, 3 days before 2026-03-13 (more than warn_after: 2 days)",
    );
    assert.equal(await verdict('Europe/Paris'), 'events freshness: passed');
    assert.equal(await verdict('Asia/Tokyo'), 'events freshness: passed');
  });

  it('numbers in accepted_values compare as numbers; a value that is not a number fails range and accepted_values', async () => {
    // scores.csv: 9 (line 2), n/a (line 3), 10.0 (line 4), empty (line 5). The column is read as
    // text ('n/a'). accepted [0, 5, 10]: 10.0 = 10 passes, the empty value passes; 9 and n/a
    // fail: 2 rows, in byte order '9' then 'n/a'. range 0..10: only n/a fails (not a number).
    fs.writeFileSync(path.join(dir, 'scores.csv'), lines('id,score', '1,9', '2,n/a', '3,10.0', '4,'));
    const text = lines(
      'kpilens: 1',
      'sources:',
      '  scores:',
      '    file: scores.csv',
      '    tests:',
      '      - accepted_values: { column: score, values: [0, 5, 10] }',
      '      - range: { column: score, min: 0, max: 10 }',
    );
    const { outcomes } = await checks(engine, dir, text, '2026-03-13');
    assert.deepEqual(brief(outcomes), [
      "scores accepted_values score: 6:9 error not-accepted 2 source 'scores': 2 rows have a value of 'score' that is not accepted ('0', '5', '10'), e.g. '9' (scores.csv:2), 'n/a' (scores.csv:3)",
      "scores range score 0..10: 7:9 error out-of-range 1 source 'scores': 1 row has a value of 'score' outside 0..10 or not a number: 'n/a' (scores.csv:3)",
    ]);
  });

  it('an empty source passes its row tests and fails its freshness (no dated row)', async () => {
    fs.writeFileSync(path.join(dir, 'empty.csv'), 'id,at\n');
    const text = lines(
      'kpilens: 1',
      'sources:',
      '  empty:',
      '    file: empty.csv',
      '    time: at',
      '    columns: { at: date }',
      '    freshness: { warn_after: 1d, error_after: 3d }',
      '    tests:',
      '      - unique: id',
      '      - not_null: id',
      '      - range: { column: id, min: 0 }',
    );
    const { outcomes } = await checks(engine, dir, text, '2026-03-13');
    assert.deepEqual(brief(outcomes), [
      'empty unique id: passed',
      'empty not_null id: passed',
      'empty range id 0..: passed',
      "empty freshness: 7:5 error stale-source  source 'empty' has no dated row in 'at': its freshness cannot be told",
    ]);
  });

  it('a run reports the checks with the KPIs (the editor and kpilens run)', async () => {
    const text = spec(csvSource, []).replace(
      'sources:',
      lines(
        'periods:',
        '  m: { grain: month, last: 1 }',
        'kpis:',
        '  answers: { type: count, source: responses, period: m }',
        'sources:',
      ).trimEnd(),
    );
    const check = await checkKpiFile(path.join(dir, 'run.kpi.yaml'), text);
    const result = await evaluateSpec(check, { engine, now: '2026-03-12' });
    // as_of 2026-03-10 (the data's latest date): March is not complete, February has no answer.
    assert.deepEqual(
      result.kpis.map((k) => k.name),
      ['answers'],
    );
    assert.deepEqual(
      result.diagnostics.map((d) => d.code),
      ['not-unique', 'null-values', 'not-accepted', 'out-of-range', 'missing-reference'],
    );
  });

  describe('PostgreSQL gives the same counts', () => {
    let server: PostgresServer;
    let pg: PostgresEngine;
    before(async function () {
      server = await startPostgresForSuite(this);
      pg = new PostgresEngine(serverSettings(server));
      await pg.query('CREATE TABLE public.customers (customer_id text, signup_date date, segment text)');
      await pg.query(
        'CREATE TABLE public.responses (response_id text, customer_id text, answered_at date, score integer)',
      );
      const cell = (v: string) => (v === '' ? null : v);
      for (const r of CUSTOMERS) await pg.query('INSERT INTO public.customers VALUES ($1, $2, $3)', r.map(cell));
      for (const r of RESPONSES)
        await pg.query('INSERT INTO public.responses VALUES ($1, $2, $3, $4::integer)', r.map(cell));
    });
    after(async () => {
      await pg?.close();
      server?.stop();
    });

    it('the same outcomes as DuckDB, without file lines (tables have none)', async () => {
      const tableSource = (name: string) => [`    table: public.${name}`, '    connection: pg'];
      const { outcomes } = await checks(pg, dir, spec(tableSource), '2026-03-13', true);
      // The table sources take one line more each (table + connection): tests on 9, 10, 11 and 19, 20, 22, freshness on 17.
      const noLines = (s: string) => s.replace(/ \((customers|responses)\.csv:[^)]*\)/g, '');
      assert.deepEqual(brief(outcomes), [
        ...EXPECTED_FAILURES.map(noLines).map((s) => s.replace(/: (8|9|10):9 /, (_m, l) => `: ${Number(l) + 1}:9 `)),
        ...RESPONSES_TESTS.map(noLines).map((s) => s.replace(/: (17|18):9 /, (_m, l) => `: ${Number(l) + 2}:9 `)),
        "responses freshness: 17:18 warning stale-source  source 'responses' is stale: its latest 'answered_at' is 2026-03-10, 3 days before 2026-03-13 (more than warn_after: 2 days)",
      ]);
    });
  });
});
