// A `by` segment on a column of doubles (a Parquet or JSON file's numbers): a whole number labels
// its slice as the same column of a CSV file does (`1`, not DuckDB's `1.0`), so that moving data
// from CSV to Parquet keeps its segment rows (and `kpilens diff --data-base` matches them).
import { strict as assert } from 'assert';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { lines } from '../helpers';
import { specRunFolder } from './specRunFixture';

describe('engine: segment labels of number columns', function () {
  this.timeout(60000);
  const folder = specRunFolder('segment-labels');

  const tiers = [1, 10, 2, 1.5, 1];
  const amounts = [1, 2, 4, 8, 16];
  const days = ['2025-01-02', '2025-01-03', '2025-01-04', '2025-01-05', '2025-01-06'];
  const spec = (file: string) =>
    lines(
      'kpilens: 1',
      'as_of: 2025-01-31',
      'sources:',
      `  o: { file: ${file}, time: day }`,
      'segments:',
      '  tier: { by: tier }',
      'periods:',
      '  jan: { grain: month, last: 1, compare: none }',
      'kpis:',
      '  total: { type: sum, source: o, column: amount, period: jan, segments: [tier] }',
    );
  const files: Record<string, string | Uint8Array> = {
    'o.csv': 'day,tier,amount\n' + days.map((d, i) => `${d},${tiers[i]},${amounts[i]}`).join('\n') + '\n',
    'o.ndjson': days.map((d, i) => JSON.stringify({ day: d, tier: tiers[i], amount: amounts[i] })).join('\n') + '\n',
    'o.parquet': new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'day', data: days, type: 'STRING' },
          { name: 'tier', data: tiers, type: 'DOUBLE' },
          { name: 'amount', data: amounts, type: 'DOUBLE' },
        ],
      }),
    ),
  };

  for (const file of ['o.csv', 'o.ndjson', 'o.parquet'])
    it(`${file}: slices 1, 1.5, 10 and 2`, async () => {
      const out = await folder.run(file.replace('.', '-'), spec(file), files);
      const by = Object.fromEntries(out.kpis[0].rows.map((r) => [String(r.segment.tier ?? 'all'), r.value]));
      // By hand: tier 1 → 1 + 16; 10 → 2; 2 → 4; 1.5 → 8.
      assert.deepEqual(by, { all: 31, '1': 17, '1.5': 8, '10': 2, '2': 4 });
    });
});
