// With `decimal: ','` a point is no decimal point: `1.234` in a French export (where it most
// likely means 1 234, written by another tool) and `0.5` are refused and told, not read as 1.234
// and 0.5 — before, they were added silently (12,5 + 1.234 + 0.5 gave 14.234). A survey score
// held as text is read the way the file writes numbers, as a sum reads it: `9,0` is a valid 9.
import { strict as assert } from 'assert';
import type { RunResult } from '../../../src/core/report/resultModel';
import { lines } from '../helpers';
import { firstValues, januaryFile, januarySpec, specRunFolder } from './specRunFixture';

const warnings = (r: RunResult) => r.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message);

describe('engine: a decimal-comma file whose texts hold points', function () {
  this.timeout(120000);
  const folder = specRunFolder('comma-point');
  const data = (values: string[]) => lines('id;t;amount', ...values.map((v, i) => `${i + 1};2025-01-1${i};${v}`));

  it('a declared number: 1.234 and 0.5 are no numbers of the file, told at their lines', async () => {
    const source = "file: d.csv, time: t, delimiter: ';', decimal: ',', columns: { amount: number }";
    const r = await folder.run('d', januarySpec(source, ['s', 'n']), { 'd.csv': data(['12,5', '1.234', '0.5', '3']) });
    // 12.5 + 3 = 15.5 over the 4 rows.
    assert.deepEqual(firstValues(r), { s: 15.5, n: 4 });
    assert.deepEqual(warnings(r), [
      "2 values of column 'amount' in source 'o' are not a number (decimal comma) ('1.234' at d.csv:3, '0.5' at d.csv:4): they are read as empty",
    ]);
  });

  it('a column of text (one abc): its pointed numbers are skipped and told too', async () => {
    const source = "file: t.csv, time: t, delimiter: ';', decimal: ','";
    const r = await folder.run('t', januarySpec(source, ['s']), { 't.csv': data(['12,5', '1.234', 'abc', '2']) });
    // 12.5 + 2 = 14.5.
    assert.deepEqual(firstValues(r), { s: 14.5 });
    assert.deepEqual(warnings(r), [
      "KPI 's', 2025-01-01..2025-01-31: 2 row(s) skipped, 'amount' is not a number: '1.234' at t.csv:3, 'abc' at t.csv:4",
    ]);
  });

  it('an NPS over scores held as text reads 9,0 as 9 (before: skipped as no integer)', async () => {
    const source = "file: s.csv, time: t, delimiter: ';', decimal: ','";
    const spec = januaryFile(source, { nps: 'type: nps, column: amount' });
    const r = await folder.run('s', spec, { 's.csv': data(['9,0', '10', 'NA', '6', '1.234']) });
    // Valid answers 9, 10 and 6: promoters 2, detractors 1 → 100 × (2 − 1) / 3 = 33.33…; `NA` and
    // `1.234` are skipped.
    assert.equal(firstValues(r).nps, (100 * (2 - 1)) / 3);
  });
});
