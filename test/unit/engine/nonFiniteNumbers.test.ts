// Texts DuckDB would cast to NaN or infinity (`NaN`, `inf`, `-Infinity`, `1e400`) are no numbers:
// in a column read as text they are skipped by sum, avg, min and max and reported (they used to
// turn those values into null, silently), and in a column declared a number they read as empty
// and are reported with their line (1e400 used to read as infinity).
import { strict as assert } from 'assert';
import type { RunResult } from '../../../src/core/report/resultModel';
import { lines } from '../helpers';
import { firstValues, januarySpec, specRunFolder } from './specRunFixture';

describe('engine: NaN, infinities and numbers too large for a double are not numbers', function () {
  this.timeout(120000);
  const folder = specRunFolder('nonfinite');

  async function run(declared: boolean): Promise<RunResult> {
    const name = declared ? 'declared' : 'text';
    const data = lines(
      'id,t,amount',
      '1,2025-01-10,10.5',
      '2,2025-01-11,NaN',
      '3,2025-01-12,-2',
      '4,2025-01-13,inf',
      '5,2025-01-14,1e400',
    );
    const text = januarySpec(`file: ${name}.csv, time: t${declared ? ', columns: { amount: number }' : ''}`, [
      's',
      'a',
      'mx',
      'mn',
    ]);
    return folder.run(name, text, { [`${name}.csv`]: data });
  }

  const values = firstValues;

  it('a column read as text: the three are skipped and reported', async () => {
    const r = await run(false);
    // 10.5 and -2 only: sum 8.5, mean 4.25, max 10.5, min -2.
    assert.deepEqual(values(r), { s: 8.5, a: 4.25, mx: 10.5, mn: -2 });
    const warned = r.diagnostics.filter((d) => d.code === 'invalid-values').map((d) => d.message);
    assert.equal(warned.length, 4);
    for (const m of warned)
      assert.match(
        m,
        /3 row\(s\) skipped, 'amount' is not a number: '1e400' at text.csv:6, 'NaN' at text.csv:3, 'inf' at text.csv:5/,
      );
  });

  it('a column declared a number: 1e400 reads as empty and is reported at its line', async () => {
    const r = await run(true);
    assert.deepEqual(values(r), { s: 8.5, a: 4.25, mx: 10.5, mn: -2 });
    const warned = r.diagnostics.filter((d) => d.code === 'invalid-values').map((d) => d.message);
    assert.deepEqual(warned, [
      "3 values of column 'amount' in source 'o' are not a number ('NaN' at declared.csv:3, 'inf' at declared.csv:5, '1e400' at declared.csv:6): they are read as empty",
    ]);
  });
});
