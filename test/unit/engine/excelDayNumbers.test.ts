// A CSV saved from a workbook whose date cells were formatted as numbers holds Excel day numbers
// (45667 for 2025-01-10) in its date column: they are no dates, and the warning now says what
// they are and how to get dates (the rows stay out of the KPIs, as any row without a date).
import { strict as assert } from 'assert';
import { excelDayNumber } from '../../../src/core/engine/sources/csvReadProblems';
import { lines } from '../helpers';
import { firstValues, januarySpec, specRunFolder } from './specRunFixture';

describe('engine: Excel day numbers in a date column', function () {
  this.timeout(120000);
  const folder = specRunFolder('excelserial');

  it('tells the date of the first one, when all the values are day numbers', () => {
    // 1899-12-30 + 45667 days = 2025-01-10 (45658 is 2025-01-01); 45667.75 is its evening.
    assert.deepEqual(excelDayNumber(['45667', '45668']), { text: '45667', date: '2025-01-10' });
    assert.deepEqual(excelDayNumber(['45667.75']), { text: '45667.75', date: '2025-01-10' });
    assert.deepEqual(excelDayNumber(['45658,5']), { text: '45658,5', date: '2025-01-01' });
    assert.equal(excelDayNumber(['45667', 'n/a']), undefined);
    assert.equal(excelDayNumber(['12345']), undefined);
    assert.equal(excelDayNumber([]), undefined);
  });

  it('the warning of a time column of day numbers says so', async () => {
    const text = januarySpec('file: serial.csv, time: t', ['s', 'n']);
    const r = await folder.run('serial', text, { 'serial.csv': lines('id,t,amount', '1,45667,5', '2,45668,6') });
    assert.deepEqual(firstValues(r), { s: 0, n: 0 });
    assert.deepEqual(
      r.diagnostics.map((d) => d.message),
      [
        "2 values of column 't' in source 'o' are not a date or timestamp (YYYY-MM-DD hh:mm:ss, optional offset) ('45667' at serial.csv:2, '45668' at serial.csv:3): they are read as empty; they look like Excel day numbers (45667 is 2025-01-10): format the column as dates in the workbook before exporting it, or read the workbook itself; rows without a date are left out of the KPIs",
      ],
    );
  });

  it('one day number among dates: told in the singular', async () => {
    const text = januarySpec('file: one.csv, time: t', ['n']);
    const r = await folder.run('one', text, { 'one.csv': lines('id,t,amount', '1,2025-01-09,5', '2,45667,6') });
    assert.deepEqual(firstValues(r), { n: 1 });
    assert.match(
      r.diagnostics[0]?.message ?? '',
      /it is read as empty; it looks like an Excel day number \(45667 is 2025-01-10\)/,
    );
  });
});
