// A Parquet or NDJSON column of doubles is summed as the decimals its values were written as
// (15 significant digits, as PostgreSQL reads a double into a numeric), so the same amounts give
// the same total as a CSV file: 0.2 + 12345678901.23 = 12345678901.43. Before, each double was
// taken at its binary value to 10 decimals (12345678901.2299995422): 12345678901.429998 from
// Parquet and NDJSON against 12345678901.43 from the CSV.
import { strict as assert } from 'assert';
import { formatFiles, januarySumBy } from './formatFiles';
import { specRunFolder } from './specRunFixture';

describe('engine: doubles summed as the decimals they were written as', function () {
  this.timeout(60000);
  const folder = specRunFolder('double-digits');

  // A CSV whose amounts include an exponent (1e-3) is read as doubles too.
  const amounts = [0.2, 12345678901.23, 1e-3];
  const channels = ['a', 'a', 'b'];
  const days = ['2025-01-05', '2025-01-06', '2025-01-07'];
  // By hand: a = 0.2 + 12345678901.23 = 12345678901.43; b = 0.001; all 12345678901.431.
  const expected = { all: 12345678901.431, a: 12345678901.43, b: 0.001 };
  const files = formatFiles([
    { name: 'day', values: days, type: 'STRING' },
    { name: 'channel', values: channels, type: 'STRING' },
    { name: 'amount', values: amounts, type: 'DOUBLE', csv: ['0.2', '12345678901.23', '1e-3'] },
  ]);

  for (const file of ['o.csv', 'o.ndjson', 'o.parquet'])
    for (const cache of [undefined, 'cache'])
      it(`${file} (${cache ? 'cached' : 'no cache'}): 12345678901.43 in channel a`, async () => {
        const out = await folder.run(
          file.replace('.', '-'),
          januarySumBy(file, 'channel'),
          files,
          cache ? { cache } : {},
        );
        assert.deepEqual(out.diagnostics, []);
        const by = Object.fromEntries(out.kpis[0].rows.map((r) => [r.segment.channel ?? 'all', r.value]));
        assert.deepEqual(by, expected);
      });
});
