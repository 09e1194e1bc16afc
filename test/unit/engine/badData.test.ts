// Bad data never stops a run: a missing file, an empty file, a header-only file, a ragged
// CSV row, a non-UTF-8 file and text in a numeric or date column each give a clear
// diagnostic at the source, and the other KPIs still evaluate. Killing the engine in the
// middle of a run gives the caller a clear error, and the next run works.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { EngineError } from '../../../src/core/engine/backends/engine';
import type { Engine } from '../../../src/core/engine/backends/engine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { FIXTURES, lines, REPO_ROOT } from '../helpers';

const DIR = path.join(FIXTURES, 'bad');

const SPEC = lines(
  'kpilens: 1',
  'as_of: 2025-01-31',
  'sources:',
  '  missing: { file: data/missing.csv, time: order_date }',
  '  empty: { file: data/empty.csv, time: order_date }',
  '  header: { file: data/header.csv, time: order_date }',
  '  ragged: { file: data/ragged.csv, time: order_date }',
  '  latin1: { file: data/latin1.csv, time: order_date }',
  '  wrongtype: { file: data/wrongtype.csv, time: order_date }',
  '  good: { file: data/good.csv, time: order_date }',
  'periods:',
  '  jan: { grain: month, last: 1 }',
  'defaults: { period: jan }',
  'kpis:',
  '  a: { type: count, source: missing }',
  '  b: { type: count, source: empty }',
  '  c: { type: sum, source: header, column: amount }',
  '  d: { type: sum, source: ragged, column: amount }',
  '  e: { type: count, source: latin1 }',
  '  f: { type: sum, source: wrongtype, column: amount }',
  '  g: { type: sum, source: good, column: amount }',
);

describe('engine: bad data files', function () {
  this.timeout(60000);
  let engine: DuckDbEngine;
  before(() => {
    engine = new DuckDbEngine({ allowedDirectories: [DIR, path.join(DIR, 'data')] });
  });
  after(() => engine.close());

  it('each problem is a diagnostic at its source and every other KPI still evaluates', async () => {
    const check = await checkKpiFile(path.join(DIR, 'bad.kpi.yaml'), SPEC);
    // Found by the check: the missing and the empty file (line 4 and 5, at the file name).
    assert.deepEqual(
      check.diagnostics
        .filter((d) => d.severity === 'error')
        .map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code}`),
      ['4:20 missing-file', '5:18 unreadable-file'],
    );
    const r = await evaluateSpec(check, { engine });
    // a and b cannot run (their files); the others do.
    assert.deepEqual(
      r.kpis.map((k) => [k.name, k.rows[0].value]),
      [
        ['c', 0], // header only: no row, a sum of nothing is 0
        ['d', 40], // the ragged row (20) is left out: 10 + 30
        ['e', 1],
        ['f', 10], // 'abc' is not a number; the row dated 'not-a-date' is not in January
        ['g', 10],
      ],
    );
    assert.deepEqual(
      r.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`),
      [
        '15:3 error not-evaluated',
        '16:3 error not-evaluated',
        '8:19 warning not-utf8',
        '6:19 warning no-data',
        '7:19 warning invalid-values',
        '9:48 warning invalid-values',
        '20:46 warning invalid-values',
      ],
    );
    // The KPIs of the sources with errors (a missing file, an unknown format) say why they are not evaluated.
    for (const d of r.diagnostics.filter((x) => x.code === 'not-evaluated'))
      assert.match(d.message, /^KPI '[a-z]+' could not be evaluated: its source '[a-z]+' has errors$/);
    const messages = r.diagnostics.filter((d) => d.code !== 'not-evaluated').map((d) => d.message);
    // ragged.csv: line 3 is "2,c1,2025-01-06,20,extra" (5 fields for 4 columns).
    assert.match(messages[2], /1 malformed row of source 'ragged' .* is left out: ragged\.csv:3 \(too many fields\)$/);
    // Told first (the file is converted before it is read), and read as windows-1252.
    assert.match(messages[0], /'latin1\.csv' is not UTF-8 .* it is read as windows-1252.* encoding: latin-1/);
    // wrongtype.csv: line 4 is "3,c1,not-a-date,5" (header = line 1).
    assert.match(
      messages[3],
      /1 value of column 'order_date' in source 'wrongtype' is not a date .*\('not-a-date' at wrongtype\.csv:4\): it is read as empty; rows without a date are left out of the KPIs/,
    );
    assert.match(
      messages[4],
      /KPI 'f', 2025-01-01\.\.2025-01-31: 1 row\(s\) skipped, 'amount' is not a number: 'abc' at wrongtype\.csv:3$/,
    );
  });

  it('with encoding: latin-1 the file reads without a warning', async () => {
    const check = await checkKpiFile(
      path.join(DIR, 'bad.kpi.yaml'),
      lines(
        'kpilens: 1',
        'as_of: 2025-01-31',
        'sources:',
        '  latin1: { file: data/latin1.csv, time: order_date, encoding: latin-1 }',
        'periods:',
        '  jan: { grain: month, last: 1 }',
        'kpis:',
        '  e: { type: count, source: latin1, period: jan, where: "label = \'café\'" }',
      ),
    );
    const r = await evaluateSpec(check, { engine });
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.kpis[0].rows[0].value, 1);
  });

  it('killing the engine mid-run: the caller gets a clear error, stays alive, and runs again', async () => {
    const file = path.join(REPO_ROOT, 'samples', 'loyalty.kpi.yaml');
    const check = await checkKpiFile(file, fs.readFileSync(file, 'utf8'));
    const own = new DuckDbEngine({
      allowedDirectories: [path.join(REPO_ROOT, 'samples'), path.join(REPO_ROOT, 'samples', 'data')],
    });
    try {
      // An engine that kills the DuckDB child right after sending the run's third query.
      let sent = 0;
      const killing: Engine = {
        query: (sql, params, options) => {
          const result = own.query(sql, params, options);
          if (++sent === 3 && own.pid !== undefined) process.kill(own.pid, 'SIGKILL');
          return result;
        },
        close: () => own.close(),
      };
      await assert.rejects(
        evaluateSpec(check, { engine: killing }),
        (err: unknown) =>
          err instanceof EngineError && err.kind === 'crashed' && /stopped unexpectedly/.test(err.message),
      );
      assert.equal(sent, 3, 'the run stopped at the killed query');
      const again = await evaluateSpec(check, { engine: own });
      assert.equal(again.kpis.length, 11);
    } finally {
      await own.close();
    }
  });
});
