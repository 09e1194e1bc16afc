// The lines of a CSV's unreadable values and malformed rows are the file's lines, as an editor
// shows them, also after a quoted field holding a line break (DuckDB numbers records: its line was
// short by one for each such break before the row).
import { strict as assert } from 'assert';
import { lines } from '../helpers';
import { specRunFolder } from './specRunFixture';

const SPEC = lines(
  'kpilens: 1',
  'as_of: 2025-01-31',
  'sources:',
  '  o: { file: o.csv, time: t, columns: { amount: number } }',
  'periods:',
  '  m: { grain: month, last: 1 }',
  'kpis:',
  '  s: { type: sum, source: o, column: amount, period: m }',
);

describe('engine: lines of bad values after a quoted line break', function () {
  this.timeout(120000);
  const folder = specRunFolder('reject-lines');

  it('a value that is no number and a row with too many fields, at their file lines', async () => {
    const data = lines(
      'id,cust,t,amount,note', // line 1
      '1,C1,2025-01-10,12.5,"two', // line 2
      'lines"', // line 3 (the same record)
      '2,C2,2025-01-11,7.5,ok', // line 4
      '3,C3,2025-01-12,abc,ok', // line 5: not a number
      '4,C4,2025-01-13,1,ok,extra', // line 6: one field too many
    );
    const r = await folder.run('lines', SPEC, { 'o.csv': data });
    const messages = r.diagnostics.map((d) => d.message).join('\n');
    assert.match(messages, /'abc' at o\.csv:5\)/);
    assert.match(messages, /o\.csv:6 \(/);
    // 12.5 + 7.5 (the malformed row is left out).
    assert.equal(r.kpis[0].rows[0].value, 20);
  });

  it('a value holding a line break is told on one line', async () => {
    const data = lines(
      'id,cust,t,amount', // line 1
      '1,C1,2025-01-10,12.5', // line 2
      '2,C2,2025-01-11,"1', // line 3: a quoted value over two lines, no number
      '0"',
      '3,C3,2025-01-12,7.5', // line 5
    );
    const r = await folder.run('break', SPEC, { 'o.csv': data });
    assert.equal(r.kpis[0].rows[0].value, 20);
    // Its line break written \n (before, the message broke the one-line output of `kpilens run`);
    // DuckDB's own message of the value stops at the break: its line is found by the rows' order,
    // read past the quotes (csvRecordLines.ts).
    const messages = r.diagnostics.map((d) => d.message);
    assert.deepEqual(messages, [
      "1 value of column 'amount' in source 'o' is not a number ('1\\n0' at o.csv:3): it is read as empty",
    ]);
  });
});
