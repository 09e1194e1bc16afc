// A time column written in a custom `timestamp_format` that also holds dates alone (Excel drops
// the time of a midnight: `06/01/2025` beside `05/01/2025 14:00`): each date is read as its
// midnight, as a date among ISO timestamps always was; those rows used to be refused (read as
// empty and left out of every KPI).
import { strict as assert } from 'assert';
import { datePartOf } from '../../../src/core/engine/sources/csvDialect';
import type { RunResult } from '../../../src/core/report/resultModel';
import { lines } from '../helpers';
import { firstValues, januarySpec, specRunFolder } from './specRunFixture';

describe('engine: dates alone in a column of a custom timestamp_format', function () {
  this.timeout(120000);
  const folder = specRunFolder('tsformat');
  const warnings = (r: RunResult) => r.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message);

  it('the date part of a timestamp format', () => {
    assert.equal(datePartOf('%d/%m/%Y %H:%M'), '%d/%m/%Y');
    assert.equal(datePartOf('%Y-%m-%dT%H:%M:%S'), '%Y-%m-%d');
    assert.equal(datePartOf('%d.%m.%y, %I:%M %p'), '%d.%m.%y');
    // A time first, or no full date before the time: no date part.
    assert.equal(datePartOf('%H:%M %d/%m/%Y'), undefined);
    assert.equal(datePartOf('%m/%Y %H:%M'), undefined);
  });

  it('dates alone are their midnight; a text that is neither is still reported', async () => {
    const data = lines(
      'id,t,amount',
      '1,05/01/2025 14:00,10',
      '2,06/01/2025,20',
      '3,31/01/2025,40',
      '4,01/02/2025,80',
      '5,n/a,160',
    );
    const text = januarySpec("file: ts.csv, time: t, timestamp_format: '%d/%m/%Y %H:%M'", ['s', 'n']);
    const r = await folder.run('ts', text, { 'ts.csv': data });
    // January: 10 + 20 + 40 = 70 over 3 rows; 1 February is the next month; n/a has no date.
    assert.deepEqual(firstValues(r), { s: 70, n: 3 });
    assert.deepEqual(warnings(r), [
      "1 value of column 't' in source 'o' is not a timestamp written %d/%m/%Y %H:%M ('n/a' at ts.csv:6): it is read as empty; rows without a date are left out of the KPIs",
    ]);
  });

  it('a declared date_format writes the dates alone', async () => {
    const data = lines('id,t,amount', '1,2025-01-05 14:00,10', '2,06.01.2025,20');
    const text = januarySpec("file: both.csv, time: t, timestamp_format: '%Y-%m-%d %H:%M', date_format: '%d.%m.%Y'", [
      's',
      'n',
    ]);
    const r = await folder.run('both', text, { 'both.csv': data });
    assert.deepEqual(firstValues(r), { s: 30, n: 2 });
    assert.deepEqual(warnings(r), []);
  });
});
