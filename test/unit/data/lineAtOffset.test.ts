// linesAtOffsets: the 1-based line holding each byte offset, read once up to the largest, across
// the read stream's chunks (64 kB), with CRLF line ends and offsets given in any order or twice.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { linesAtOffsets } from '../../../src/core/data/lineAtOffset';

describe('data: the line of a byte offset', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-lineat-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('counts the line feeds before each offset', async () => {
    const file = path.join(dir, 'small.csv');
    // Line 1 "ab\r\n" (bytes 0-3), line 2 "c\r\n" (4-6), line 3 "" (7-8: "\r\n"), line 4 "d" (9).
    fs.writeFileSync(file, 'ab\r\nc\r\n\r\nd');
    const found = await linesAtOffsets(file, [9, 0, 4, 3, 7, 4, 6]);
    assert.deepEqual(
      [0, 3, 4, 6, 7, 9].map((o) => [o, found.get(o)]),
      [
        [0, 1],
        [3, 1],
        [4, 2],
        [6, 2],
        [7, 3],
        [9, 4],
      ],
    );
  });

  it('across chunks of a large file, and past its end the last line', async () => {
    const file = path.join(dir, 'large.csv');
    // 30 000 lines of 10 bytes ("000000001\n"…): line k starts at byte 10 × (k − 1).
    fs.writeFileSync(file, Array.from({ length: 30000 }, (_, i) => `${String(i + 1).padStart(9, '0')}\n`).join(''));
    const offsets = [10 * 6553, 10 * 6553 + 9, 65536, 10 * 29999, 10 * 30000 + 5];
    const found = await linesAtOffsets(file, offsets);
    assert.deepEqual(
      offsets.map((o) => found.get(o)),
      // 65 536 is inside line 6 554 (bytes 65 530-65 539); past the end: after 30 000 line feeds.
      [6554, 6554, 6554, 30000, 30001],
    );
  });
});
