// A KPI that adds up or compares a column as numbers (sum, avg, min, max, percentile, an NPS's
// score, a revenue retention's revenue) on a column the data holds as dates is an error at its
// `column`, and that KPI alone is not evaluated (measureColumnTypes.ts; the check tells it already
// where the file declares the column as dates, or names its source's time column). Before, every row was
// skipped as "not a number" and the KPI had no value with a warning listing dates. A text column
// keeps its skipped-rows warning (some of its values may be numbers), and the other KPIs of the
// source run: their values by hand.
import { strict as assert } from 'assert';
import type { RunResult } from '../../../src/core/report/resultModel';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { lines } from '../helpers';
import { firstValues, januaryFile, specRunFolder } from './specRunFixture';

const of = (r: RunResult, code: string) =>
  r.diagnostics.filter((d) => d.code === code).map((d) => `${d.line}:${d.column} ${d.severity} ${d.message}`);

describe('engine: a number column the data holds as dates', function () {
  this.timeout(120000);
  const folder = specRunFolder('measuretypes');
  const csv = lines(
    'id,t,amount,paid_on,note',
    '1,2025-01-05,10.5,2025-01-06,ok',
    '2,2025-01-10,4,2025-01-12,7',
    '3,2025-01-20,,2025-01-21,',
  );

  it('max and sum of a CSV column read as dates: errors at their column; the others run', async () => {
    const r = await folder.run(
      'csvdates',
      januaryFile('file: o.csv, time: t', {
        last_paid: 'type: max, column: paid_on',
        total: 'type: sum, column: amount',
        paid_sum: 'type: sum, column: paid_on',
        top: 'type: max, column: amount',
      }),
      { 'o.csv': csv },
    );
    // 10.5 + 4 (the empty amount is no row of the sum); the largest 10.5. The KPIs not evaluated have no result.
    assert.deepEqual(firstValues(r), { total: 14.5, top: 10.5 });
    // The KPIs are on lines 8.. of the file, each error at the value of its `column` (1-based:
    // line 8 '  last_paid: { type: max, column: ' is 34 characters, so paid_on starts at 35).
    assert.deepEqual(of(r, 'invalid-type'), [
      "8:35 error column 'paid_on' of source 'o' holds dates, and a max KPI reads numbers (an amount, a score): name a number column",
      "10:34 error column 'paid_on' of source 'o' holds dates, and a sum KPI reads numbers (an amount, a score): name a number column",
    ]);
    assert.deepEqual(
      of(r, 'not-evaluated').map((m) => m.replace(/^\S+ /, '')),
      [
        "error KPI 'last_paid' could not be evaluated: its column 'paid_on' holds dates, not numbers",
        "error KPI 'paid_sum' could not be evaluated: its column 'paid_on' holds dates, not numbers",
      ],
    );
    // No row of a date column is told as "not a number".
    assert.deepEqual(of(r, 'invalid-values'), []);
  });

  it('a column the file declares as dates, or its time column: told by the check, before any data', async () => {
    const text = januaryFile('file: o.csv, time: t, columns: { paid_on: date }', {
      first_order: 'type: min, column: t',
      paid_sum: 'type: sum, column: paid_on',
      total: 'type: sum, column: amount',
    });
    const found = await checkKpiFile(path.join(folder.dir, 'declared.kpi.yaml'), text);
    assert.deepEqual(
      found.diagnostics
        .filter((d) => d.code === 'invalid-type')
        .map((d) => `${d.range.start.line}:${d.range.start.column} ${d.message}`),
      [
        "8:37 column 't' of source 'o' holds dates, and a min KPI reads numbers (an amount, a score): name a number column",
        "9:34 column 'paid_on' of source 'o' holds dates, and a sum KPI reads numbers (an amount, a score): name a number column",
      ],
    );
    // Those KPIs do not run; the other one does (10.5 + 4).
    const r = await folder.run('declared', text, { 'o.csv': csv });
    assert.deepEqual(firstValues(r), { total: 14.5 });
  });

  it('an NPS and a percentile on instants of an NDJSON file; a text column keeps its warning', async () => {
    const ndjson = [
      { id: 1, t: '2025-01-05', at: '2025-01-05T10:00:00Z', score: 9, note: '3' },
      { id: 2, t: '2025-01-06', at: '2025-01-06T11:00:00Z', score: 6, note: 'x' },
    ]
      .map((row) => JSON.stringify(row))
      .join('\n');
    const r = await folder.run(
      'ndjsondates',
      // `at` is not declared: DuckDB reads its texts as instants.
      januaryFile('file: s.ndjson, time: t', {
        nps_at: 'type: nps, column: at',
        p50: 'type: percentile, column: at',
        nps: 'type: nps, column: score',
        notes: 'type: sum, column: note',
      }),
      { 's.ndjson': ndjson + '\n' },
    );
    // NPS of 9 and 6: (1 promoter − 1 detractor) / 2 = 0; the notes: '3' read as 3, 'x' skipped.
    assert.deepEqual(firstValues(r), { nps: 0, notes: 3 });
    assert.equal(of(r, 'invalid-type').length, 2);
    assert.match(of(r, 'invalid-type')[0], /column 'at' of source 'o' holds dates, and a nps KPI reads numbers/);
    assert.match(of(r, 'invalid-type')[1], /column 'at' of source 'o' holds dates, and a percentile KPI reads numbers/);
    assert.match(of(r, 'invalid-values').join('\n'), /1 row\(s\) skipped, 'note' is not a number/);
  });
});
