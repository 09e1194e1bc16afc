// A time column of dates written with a `date_format`: a first date with a leading zero
// (05/01/2025) is a date, not a code, and a text that is no date (n/a) is reported as a bad value
// of a date column — both used to make the column a timestamp, read as ISO, so that every date
// was refused and every KPI came out 0.
import { strict as assert } from 'assert';
import type { RunResult } from '../../../src/core/report/resultModel';
import { lines } from '../helpers';
import { firstValues, januarySpec, specRunFolder } from './specRunFixture';

describe('engine: a time column of dates in a date_format', function () {
  this.timeout(120000);
  const folder = specRunFolder('timecols');

  async function run(name: string, data: string, extra = ''): Promise<RunResult> {
    const text = januarySpec(`file: ${name}.csv, time: t, date_format: '%d/%m/%Y'${extra}`, ['s', 'n']);
    return folder.run(name, text, { [`${name}.csv`]: data });
  }
  const values = firstValues;
  const warnings = (r: RunResult) => r.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message);

  it('a first date with a leading zero is a date', async () => {
    const r = await run('lead', lines('id,t,amount', '1,05/01/2025,12.5', '2,15/01/2025,7.5', '3,01/02/2025,100'));
    // January: 12.5 + 7.5 = 20 over 2 rows (1 February is the next month).
    assert.deepEqual(values(r), { s: 20, n: 2 });
    assert.deepEqual(warnings(r), []);
  });

  it('a text that is no date is a bad value of the date column, reported at its line', async () => {
    const r = await run('na', lines('id,t,amount', '1,10/01/2025,12.5', '2,11/01/2025,7.5', '3,n/a,1'));
    assert.deepEqual(values(r), { s: 20, n: 2 });
    assert.deepEqual(warnings(r), [
      "1 value of column 't' in source 'o' is not a date written %d/%m/%Y ('n/a' at na.csv:4): it is read as empty; rows without a date are left out of the KPIs",
    ]);
  });

  it('a year of two digits where the format says %Y is a bad value, not the year 25', async () => {
    const r = await run('yy', lines('id,t,amount', '1,05/01/2025,12.5', '2,06/01/25,7.5', '3,07/01/2025,1'));
    // January: 12.5 + 1 over 2 rows; 06/01/25 was read as 6 January of the year 25, and left
    // out of every period without a word.
    assert.deepEqual(values(r), { s: 13.5, n: 2 });
    assert.deepEqual(warnings(r), [
      "1 value of column 't' in source 'o' is not a date written %d/%m/%Y ('06/01/25' at yy.csv:3): it is read as empty; rows without a date are left out of the KPIs",
    ]);
  });
});
