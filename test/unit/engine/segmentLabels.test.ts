// A `by` segment on a column of doubles (a Parquet or JSON file's numbers): a whole number labels
// its slice as the same column of a CSV file does (`1`, not DuckDB's `1.0`), so that moving data
// from CSV to Parquet keeps its segment rows (and `kpilens diff --data-base` matches them).
import { strict as assert } from 'assert';
import { formatFiles, januarySumBy } from './formatFiles';
import { specRunFolder } from './specRunFixture';

describe('engine: segment labels of number columns', function () {
  this.timeout(60000);
  const folder = specRunFolder('segment-labels');

  const tiers = [1, 10, 2, 1.5, 1];
  const amounts = [1, 2, 4, 8, 16];
  const days = ['2025-01-02', '2025-01-03', '2025-01-04', '2025-01-05', '2025-01-06'];
  const files = formatFiles([
    { name: 'day', values: days, type: 'STRING' },
    { name: 'tier', values: tiers, type: 'DOUBLE' },
    { name: 'amount', values: amounts, type: 'DOUBLE' },
  ]);

  for (const file of ['o.csv', 'o.ndjson', 'o.parquet'])
    it(`${file}: slices 1, 1.5, 10 and 2`, async () => {
      const out = await folder.run(file.replace('.', '-'), januarySumBy(file, 'tier'), files);
      const by = Object.fromEntries(out.kpis[0].rows.map((r) => [String(r.segment.tier ?? 'all'), r.value]));
      // By hand: tier 1 → 1 + 16; 10 → 2; 2 → 4; 1.5 → 8.
      assert.deepEqual(by, { all: 31, '1': 17, '1.5': 8, '10': 2, '2': 4 });
    });
});
