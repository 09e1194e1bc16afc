// Values told at their lines past quoted line breaks: a survey export whose comments span lines
// (`"great⏎service"`) had every skipped answer after the first comment told without its line,
// and a number column's value that itself spans lines (`"12⏎3"`, whose DuckDB message ends at
// the break) without one either — and with it, the line DuckDB's rejects had found for the
// others. With and without the columnar cache.
import { strict as assert } from 'assert';
import { lines } from '../helpers';
import { specRunFolder } from './specRunFixture';

describe('engine: values told at their lines past quoted line breaks', function () {
  this.timeout(60000);
  const folder = specRunFolder('quoted-breaks');

  // Lines: 1 header; 2–3 a 9 with a two-line comment; 4 an 11; 5–7 'abc' with a three-line
  // comment; 8 a 7; 9 'x7'.
  const survey = [
    'id,d,score,comment',
    '1,2025-01-02,9,"great',
    'service"',
    '2,2025-01-03,11,ok',
    '3,2025-01-04,abc,"multi',
    'line',
    'text"',
    '4,2025-01-05,7,fine',
    '5,2025-01-06,x7,',
  ].join('\n');

  for (const cache of [undefined, 'cache']) {
    it(`skipped survey answers after multi-line comments (${cache ? 'cached' : 'no cache'})`, async () => {
      const out = await folder.run(
        `survey-${cache ?? 'plain'}`,
        lines(
          'kpilens: 1',
          'as_of: 2025-01-31',
          'sources:',
          '  s: { file: survey.csv, time: d }',
          'periods:',
          '  m: { grain: month, last: 1, compare: none }',
          'kpis:',
          '  nps: { type: nps, source: s, column: score, period: m }',
        ),
        { 'survey.csv': survey },
        cache ? { cache } : {},
      );
      // Valid answers: 9 (promoter) and 7 (passive): (1 − 0) / 2 → 50.
      assert.equal(out.kpis[0].rows[0].value, 50);
      assert.deepEqual(
        out.diagnostics.map((d) => d.message),
        [
          "KPI 'nps', 2025-01-01..2025-01-31: 3 answer(s) skipped, not an integer 0..10: '11' at survey.csv:4, 'abc' at survey.csv:5, 'x7' at survey.csv:9",
        ],
      );
    });
  }

  it('a declared number column: a value spanning lines and the one after it, each at its line', async () => {
    const out = await folder.run(
      'amounts',
      lines(
        'kpilens: 1',
        'as_of: 2025-01-31',
        'sources:',
        '  o: { file: amounts.csv, time: d, columns: { amount: number } }',
        'periods:',
        '  m: { grain: month, last: 1, compare: none }',
        'kpis:',
        '  revenue: { type: sum, source: o, column: amount, period: m }',
      ),
      // Lines: 1 header, 2 a 10, 3–4 "12⏎3", 5 'abc', 6 a 7.
      { 'amounts.csv': 'id,d,amount\n1,2025-01-02,10\n2,2025-01-03,"12\n3"\n3,2025-01-04,abc\n4,2025-01-05,7\n' },
    );
    assert.equal(out.kpis[0].rows[0].value, 17);
    assert.deepEqual(
      out.diagnostics.map((d) => d.message),
      [
        "2 values of column 'amount' in source 'o' are not a number ('12\\n3' at amounts.csv:3, 'abc' at amounts.csv:5): they are read as empty",
      ],
    );
  });
});
