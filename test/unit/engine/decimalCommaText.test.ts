// A French or German export (`decimal: ','`, `thousands: '.'`) whose amount column is read as
// text — one value that is no number (abc) — has its numbers read as the file writes them
// (12,5; 1.000,25), not by a plain cast that refused all of them (the sum came out 0, and the
// warning called valid numbers "not a number"); a decimal with leading zeros (007,50) is a
// number, not a code.
import { strict as assert } from 'assert';
import type { RunResult } from '../../../src/core/report/resultModel';
import { lines } from '../helpers';
import { firstValues, januarySpec, specRunFolder } from './specRunFixture';

describe('engine: numbers of a decimal-comma file in a text column', function () {
  this.timeout(120000);
  const folder = specRunFolder('comma-text');

  async function run(name: string, amounts: string[]): Promise<RunResult> {
    const data = lines('id;t;amount', ...amounts.map((a, i) => `${i + 1};2025-01-1${i};${a}`));
    const text = januarySpec(`file: ${name}.csv, time: t, delimiter: ';', decimal: ',', thousands: '.'`, [
      's',
      'a',
      'mx',
    ]);
    return folder.run(name, text, { [`${name}.csv`]: data });
  }
  const values = firstValues;
  const skipped = (r: RunResult) => r.diagnostics.filter((d) => d.code === 'invalid-values').map((d) => d.message);

  it('a text column: its numbers read with the decimal comma and the thousands separator', async () => {
    const r = await run('text', ['12,5', '1.000,25', 'abc']);
    // 12.5 + 1000.25 = 1012.75 over 2 values: mean 506.375; max 1000.25.
    assert.deepEqual(values(r), { s: 1012.75, a: 506.375, mx: 1000.25 });
    assert.deepEqual(skipped(r), [
      "KPI 's', 2025-01-01..2025-01-31: 1 row(s) skipped, 'amount' is not a number: 'abc' at text.csv:4",
      "KPI 'a', 2025-01-01..2025-01-31: 1 row(s) skipped, 'amount' is not a number: 'abc' at text.csv:4",
      "KPI 'mx', 2025-01-01..2025-01-31: 1 row(s) skipped, 'amount' is not a number: 'abc' at text.csv:4",
    ]);
  });

  it('a decimal with leading zeros is a number: the column is one', async () => {
    const r = await run('zeros', ['12,5', '1.000,25', '007,50']);
    // 12.5 + 1000.25 + 7.5 = 1020.25; mean 340.083…
    assert.deepEqual(values(r), { s: 1020.25, a: 1020.25 / 3, mx: 1000.25 });
    assert.deepEqual(skipped(r), []);
  });
});
