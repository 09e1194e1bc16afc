// A segment by a CSV column of true/false (a `vip` flag): its slices are `false` and `true` as a
// Parquet or JSON file's booleans are, whatever the export's spelling — Excel writes TRUE/FALSE —
// so that `TRUE` and `true` are one slice, not two halves of it. A column whose first values are
// true/false but a later one is not is read as text, and told; other identifier columns stay text.
import { strict as assert } from 'assert';
import { lines } from '../helpers';
import { specRunFolder } from './specRunFixture';

const spec = (file: string) =>
  lines(
    'kpilens: 1',
    'as_of: 2025-01-31',
    'sources:',
    `  o: { file: ${file}, time: d }`,
    'periods:',
    '  m: { grain: month, last: 1, compare: none }',
    'segments:',
    '  vip: { by: vip }',
    'kpis:',
    '  revenue: { type: sum, source: o, column: amount, period: m, segments: [vip] }',
  );

type Run = Awaited<ReturnType<ReturnType<typeof specRunFolder>['run']>>;
/** Each slice's label → value (the whole population as `All`). */
const slices = (out: Run) =>
  Object.fromEntries(
    out.kpis[0].rows.map((r) => [r.segment.vip === undefined ? 'All' : String(r.segment.vip), r.value]),
  );

describe('engine: segments by a CSV column of true/false', function () {
  this.timeout(60000);
  const folder = specRunFolder('boolean-segments');

  for (const cache of [undefined, 'cache']) {
    it(`TRUE, true and True are one slice, labelled as a Parquet file's (${cache ? 'cached' : 'no cache'})`, async () => {
      const csv =
        'd,amount,vip\n2025-01-02,10,TRUE\n2025-01-03,20,false\n2025-01-04,5,true\n2025-01-05,7,\n2025-01-06,1,True\n';
      const out = await folder.run(
        `flags-${cache ?? 'plain'}`,
        spec('o.csv'),
        { 'o.csv': csv },
        cache ? { cache } : {},
      );
      // true: 10 + 5 + 1; false: 20; the empty flag: its own slice (null); all: 43.
      assert.deepEqual(slices(out), { All: 43, false: 20, true: 16, null: 7 });
      assert.deepEqual(out.diagnostics, []);
    });
  }

  it('the same rows from an NDJSON file of booleans: the same slices', async () => {
    const ndjson = [
      '{"d":"2025-01-02","amount":10,"vip":true}',
      '{"d":"2025-01-03","amount":20,"vip":false}',
      '{"d":"2025-01-04","amount":5,"vip":true}',
      '{"d":"2025-01-05","amount":7,"vip":null}',
      '{"d":"2025-01-06","amount":1,"vip":true}',
    ].join('\n');
    const out = await folder.run('flags-json', spec('o.ndjson'), { 'o.ndjson': ndjson });
    assert.deepEqual(slices(out), { All: 43, false: 20, true: 16, null: 7 });
  });

  it('a later value that is not true/false: the column is text for the whole file, and told', async () => {
    // Lines 2..20 501: TRUE (past the 20 480 first rows sampled); line 20 502: 'maybe'.
    const rows = ['d,amount,vip'];
    for (let i = 0; i < 20_500; i++) rows.push('2025-01-02,1,TRUE');
    rows.push('2025-01-03,2,maybe');
    const out = await folder.run('late-text', spec('late.csv'), { 'late.csv': rows.join('\n') + '\n' });
    assert.deepEqual(slices(out), { All: 20_502, TRUE: 20_500, maybe: 2 });
    assert.deepEqual(
      out.diagnostics.map((d) => d.code),
      ['invalid-values'],
    );
    assert.match(
      out.diagnostics[0].message,
      /column 'vip' of source 'o' holds .* but 1 value\(s\) further down are not \('maybe' at late\.csv:20502\): it is read as text/,
    );
  });

  it('a segment column of codes stays text: 007 and 7 are two slices', async () => {
    const csv = 'd,amount,vip\n2025-01-02,10,007\n2025-01-03,20,7\n';
    const out = await folder.run('codes', spec('codes.csv'), { 'codes.csv': csv });
    assert.deepEqual(slices(out), { All: 30, '007': 10, '7': 20 });
  });
});
