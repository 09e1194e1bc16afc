// Survey answers a score KPI skips (out of its scale, not whole) are told at their lines in the
// CSV, as the values that are no numbers are: the first rows searched first, the whole file for
// the others, through the columnar cache (remembered with the copy) or without it.
import { strict as assert } from 'assert';
import { lines } from '../helpers';
import { specRunFolder } from './specRunFixture';

describe('engine: the lines of the survey answers a score KPI skips', function () {
  this.timeout(120000);
  const folder = specRunFolder('score-lines');

  // Line 1 the header; line 3 a -1; lines 2 and 4..70 001 a 9; line 70 002 an 11 (past the 65 536
  // rows searched first); line 70 003 an empty answer.
  const body = ['s,d', '9,2025-01-02', '-1,2025-01-03'];
  for (let i = 0; i < 69_998; i++) body.push('9,2025-01-04');
  body.push('11,2025-01-05', ',2025-01-06');
  const survey = body.join('\n') + '\n';
  const spec = lines(
    'kpilens: 1',
    'as_of: 2025-01-31',
    'sources:',
    '  a: { file: answers.csv, time: d }',
    'periods:',
    '  jan: { grain: month, last: 1, compare: none }',
    'kpis:',
    '  nps: { type: nps, source: a, column: s, period: jan }',
  );
  const expected =
    "KPI 'nps', 2025-01-01..2025-01-31: 3 answer(s) skipped, not an integer 0..10: (empty), '-1' at answers.csv:3, '11' at answers.csv:70002";

  for (const cache of [undefined, 'cache', 'cache']) {
    it(`out of the scale: '-1' on line 3, '11' on line 70 002 (${cache ? 'cached' : 'no cache'})`, async () => {
      const out = await folder.run('nps', spec, { 'answers.csv': survey }, cache ? { cache } : {});
      // 70 000 answers of 9 (promoters) and none below 7: 100.
      assert.equal(out.kpis[0].rows[0].value, 100);
      assert.deepEqual(
        out.diagnostics.map((d) => d.message),
        [expected],
      );
    });
  }

  it("a decimal-comma export: '4,5' placed on its line and quoted as written there", async () => {
    const out = await folder.run(
      'csat',
      lines(
        'kpilens: 1',
        'as_of: 2025-01-31',
        'sources:',
        "  c: { file: csat.csv, time: d, delimiter: ';', decimal: ',' }",
        'periods:',
        '  jan: { grain: month, last: 1, compare: none }',
        'kpis:',
        '  csat: { type: csat, source: c, column: s, period: jan }',
      ),
      { 'csat.csv': 's;d\n5;2025-01-02\n4;2025-01-03\n4,5;2025-01-04\n6;2025-01-05\n' },
    );
    // Valid: 5 and 4, both satisfied → 1.
    assert.equal(out.kpis[0].rows[0].value, 1);
    assert.deepEqual(
      out.diagnostics.map((d) => d.message),
      [
        "KPI 'csat', 2025-01-01..2025-01-31: 2 answer(s) skipped, not an integer 1..5: '4,5' at csat.csv:4, '6' at csat.csv:5",
      ],
    );
  });
});
