// recordLines: the line where each data record of a CSV file starts, past quoted line breaks,
// doubled quotes, backslash escapes, skipped lines, blank lines and CRLF endings, with each
// record's text; records that span the reader's 1 MB chunks.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { recordLines } from '../../../src/core/data/csvRecordLines';

describe('data: where the records of a CSV file start', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-recordlines-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string | Buffer) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const found = async (file: string, rows: number[], layout = {}) =>
    Object.fromEntries([...(await recordLines(file, rows, layout))].map(([k, r]) => [k, `${r.line}:${r.text}`]));

  it('quoted line breaks and doubled quotes do not shift the records after them', async () => {
    const file = write('q.csv', 'id,comment\n1,"two\nlines"\n2,"say ""hi""\nthen\nbye"\n3,plain\n');
    // Lines: 1 header, 2–3 record 1, 4–6 record 2, 7 record 3.
    assert.deepEqual(await found(file, [1, 2, 3]), {
      1: '2:1,"two\nlines"',
      2: '4:2,"say ""hi""\nthen\nbye"',
      3: '7:3,plain',
    });
  });

  it('a backslash escape, skipped lines, no header, blank lines and CRLF endings', async () => {
    const file = write('e.csv', 'exported by X\r\n\r\n1,"a \\" quote\r\nand a break"\r\n\r\n2,b\r\n');
    // skip 1 line (`exported by X`), no header; line 2 blank; record 1 on lines 3–4; line 5 blank; record 2 line 6.
    assert.deepEqual(await found(file, [1, 2], { skip: 1, header: false, escape: '\\' }), {
      1: '3:1,"a \\" quote\nand a break"',
      2: '6:2,b',
    });
  });

  it('records across the reader’s 1 MB chunks, and the last record without a line end', async () => {
    const long = 'x'.repeat(1_500_000);
    const file = write('big.csv', `h\n"${long}\n${long}"\nlast`);
    const got = await recordLines(file, [1, 2]);
    assert.equal(got.get(1)?.line, 2);
    assert.equal(got.get(1)?.text, `"${long}\n${long}"`);
    assert.deepEqual(got.get(2), { line: 4, text: 'last' });
  });

  it('a file that cannot be read gives no lines', async () => {
    assert.equal((await recordLines(path.join(dir, 'missing.csv'), [1])).size, 0);
  });
});
