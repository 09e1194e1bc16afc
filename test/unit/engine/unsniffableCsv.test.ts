// A small CSV with one malformed row among its first (an extra field, a quote fault): DuckDB's
// sniffer cannot tell how the file is written, and the whole source failed ("DuckDB could not
// tell how 'small.csv' is written… set the source's 'delimiter' and 'quote'", even when both were
// set). The file is now read with the layout its text shows (its line end, a doubled quote): the
// row is left out and told at its line, every other row counted — with the cache and without.
import { strict as assert } from 'assert';
import { lines } from '../helpers';
import { specRunFolder } from './specRunFixture';

describe('engine: a small CSV DuckDB cannot sniff', function () {
  this.timeout(120000);
  const folder = specRunFolder('unsniffable');

  /** 40 rows of amount 1 on 1 January, row 20 (line 21) replaced by `bad`; CRLF line ends when asked. */
  const file = (bad: string, crlf = false) =>
    lines('id,d,amt', ...Array.from({ length: 40 }, (_x, i) => (i === 19 ? bad : `${i + 1},2025-01-01,1`))).replace(
      /\n/g,
      crlf ? '\r\n' : '\n',
    );

  const run = (name: string, data: string, cache: boolean) =>
    folder.run(
      name,
      lines(
        'kpilens: 1',
        'sources:',
        `  b: { file: ${name}.csv, time: d, delimiter: ',' }`,
        'periods:',
        '  m: { grain: month, from: 2025-01-01, to: 2025-01-31, compare: none }',
        'kpis:',
        '  s: { type: sum, source: b, column: amt, period: m }',
      ),
      { [`${name}.csv`]: data },
      cache ? { cache: 'cache' } : {},
    );

  for (const cache of [false, true]) {
    const how = cache ? 'with the cache' : 'without the cache';
    it(`an extra field on line 21: 39 rows summed, the row told (${how})`, async () => {
      const r = await run(`extra${cache ? 'c' : ''}`, file('20,2025-01-01,1,extra'), cache);
      assert.equal(r.kpis[0]?.rows[0]?.value, 39);
      assert.deepEqual(
        r.diagnostics.map((d) => d.message),
        [
          `1 malformed row of source 'b' (a wrong number of fields or a broken quote) is left out: extra${cache ? 'c' : ''}.csv:21 (too many fields)`,
        ],
      );
    });

    it(`a quote fault on line 21 of a CRLF file: 39 rows summed, the row told (${how})`, async () => {
      const name = `quote${cache ? 'c' : ''}`;
      const r = await run(name, file('20,2025-01-01,"1"x', true), cache);
      assert.equal(r.kpis[0]?.rows[0]?.value, 39);
      assert.deepEqual(
        r.diagnostics.map((d) => d.message),
        [
          `1 malformed row of source 'b' (a wrong number of fields or a broken quote) is left out: ${name}.csv:21 (a quote inside an unquoted field)`,
        ],
      );
    });
  }
});
