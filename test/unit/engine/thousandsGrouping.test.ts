// A declared thousands separator stands only between groups of three digits: with
// `thousands: '.'` (a German export), `1.234,5` is 1234.5, but `1.5` is no number (it was read
// as 15, silently) and neither is the date `05.01.2025` (it was read as the number 5012025, so a
// time column of such dates lost every row, and a column of them compared with a date stopped
// every KPI of its source).
import { strict as assert } from 'assert';
import type { RunResult } from '../../../src/core/report/resultModel';
import { lines } from '../helpers';
import { firstValues, januaryFile, januarySpec, specRunFolder } from './specRunFixture';

describe('engine: a thousands separator between groups of three digits only', function () {
  this.timeout(120000);
  const folder = specRunFolder('thousands');
  const messages = (r: RunResult) => r.diagnostics.map((d) => d.message);

  it("thousands '.': grouped numbers are read, others are not numbers and are reported at their lines", async () => {
    const text = januarySpec("file: de.csv, time: t, delimiter: ';', decimal: ',', thousands: '.'", ['s', 'n']);
    const data = lines(
      'id;t;amount',
      '1;2025-01-10;1.234,5',
      '2;2025-01-11;1.5',
      '3;2025-01-12;12',
      '4;2025-01-13;1.234.567,89',
      '5;2025-01-14;12.34',
      '6;2025-01-15;-7,25',
    );
    const r = await folder.run('de', text, { 'de.csv': data });
    // 1234.5 + 12 + 1234567.89 - 7.25 = 1235807.14; 1.5 and 12.34 are skipped.
    assert.deepEqual(firstValues(r), { s: 1235807.14, n: 6 });
    assert.deepEqual(messages(r), [
      "KPI 's', 2025-01-01..2025-01-31: 2 row(s) skipped, 'amount' is not a number: '1.5' at de.csv:3, '12.34' at de.csv:6",
    ]);
  });

  it("thousands '.' and dates written %d.%m.%Y: a time column of them, and a column of them compared with a date", async () => {
    const text = januaryFile(
      "file: dates.csv, time: t, delimiter: ';', decimal: ',', thousands: '.', date_format: '%d.%m.%Y'",
      {
        s: 'type: sum, column: amount',
        early: 'type: count, where: "shipped <= date \'2025-01-07\'"',
      },
    );
    const data = lines(
      'id;t;amount;shipped',
      '1;05.01.2025;1,5;06.01.2025',
      '2;06.01.2025;2;13.01.2025',
      '3;01.02.2025;4;01.02.2025',
    );
    const r = await folder.run('dates', text, { 'dates.csv': data });
    // January: 1.5 + 2; shipped by 7 January: the first row only.
    assert.deepEqual(firstValues(r), { s: 3.5, early: 1 });
    assert.deepEqual(messages(r), []);
  });

  it("thousands ' ': a space, a no-break space or a narrow one between groups of three", async () => {
    const text = januarySpec("file: fr.csv, time: t, delimiter: ';', decimal: ',', thousands: ' '", ['s']);
    const data = lines(
      'id;t;amount',
      '1;2025-01-10;1\u00a0234,56',
      '2;2025-01-11;2\u202f000',
      '3;2025-01-12;1 000,5',
      '4;2025-01-13;12 34',
    );
    const r = await folder.run('fr', text, { 'fr.csv': data });
    // 1234.56 + 2000 + 1000.5 (as doubles: the column is text, for '12 34', which is no number).
    const s = firstValues(r).s ?? NaN;
    assert.ok(Math.abs(s - 4235.06) < 1e-9, String(s));
    assert.deepEqual(messages(r), [
      "KPI 's', 2025-01-01..2025-01-31: 1 row(s) skipped, 'amount' is not a number: '12 34' at fr.csv:5",
    ]);
  });
});
