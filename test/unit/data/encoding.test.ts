// The UTF-8 checks of data files (src/core/data/encoding.ts): the whole-file scan across its
// chunks' boundaries, and what a text with a bad byte is read as.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { asciiBeforeLine, startReadsAs, wholeFileInvalidUtf8Offset } from '../../../src/core/data/encoding';
import { linesAtOffsets } from '../../../src/core/data/lineAtOffset';

describe('data: UTF-8 checks of data files', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-utf8-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  // The scan reads 4 MiB chunks: these files put a character across the first boundary.
  const CHUNK = 4 * 1024 * 1024;
  const line = 'Paris;1;2025-01-02\n';
  const filler = (bytes: number) => Buffer.from(line.repeat(Math.ceil(bytes / line.length))).subarray(0, bytes);

  it('a two-byte character cut by a chunk boundary is UTF-8', async () => {
    const file = path.join(dir, 'cut.csv');
    fs.writeFileSync(file, Buffer.concat([filler(CHUNK - 1), Buffer.from('é\nLyon\n', 'utf8')]));
    assert.equal(await wholeFileInvalidUtf8Offset(file), undefined);
  });

  it('a windows-1252 byte after the first chunk is found, on its line', async () => {
    const file = path.join(dir, 'late.csv');
    const head = Buffer.concat([filler(CHUNK + 100), Buffer.from('\n')]);
    fs.writeFileSync(file, Buffer.concat([head, Buffer.from('Rh\xf4ne;2\n', 'latin1')]));
    const offset = await wholeFileInvalidUtf8Offset(file);
    assert.ok(offset !== undefined);
    const lineOf = (await linesAtOffsets(file, [offset])).get(offset);
    const expected = head.toString('latin1').split('\n').length;
    assert.equal(lineOf, expected);
  });

  it('the whole-file result is kept in the cache folder for later processes, keyed by the file’s identity', async () => {
    const store = path.join(dir, 'cache');
    fs.mkdirSync(store);
    const file = path.join(dir, 'kept.csv');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('a;b\n'), Buffer.from('Rh\xf4ne;2\n', 'latin1')]));
    assert.equal(await wholeFileInvalidUtf8Offset(file, store), 4);
    const stored = JSON.parse(fs.readFileSync(path.join(store, 'utf8-checks.json'), 'utf8')) as Record<string, unknown>;
    const [key] = Object.keys(stored);
    assert.equal(stored[key], 4);
    assert.equal((JSON.parse(key) as unknown[])[0], path.resolve(file));
    // A later process reads the store, not the file: an answer planted there is the one given.
    const other = path.join(dir, 'other.csv');
    fs.writeFileSync(other, 'a;b\nLyon;2\n');
    const identity = JSON.parse(key) as [string, unknown];
    const st = fs.statSync(other);
    const planted = JSON.stringify([
      path.resolve(other),
      { ...(identity[1] as object), size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, ctimeMs: st.ctimeMs },
    ]);
    const later = path.join(dir, 'cache-of-a-later-process');
    fs.mkdirSync(later);
    fs.writeFileSync(path.join(later, 'utf8-checks.json'), JSON.stringify({ ...stored, [planted]: 2 }));
    assert.equal(await wholeFileInvalidUtf8Offset(other, later), 2);
    // No store is made in a folder that does not exist (the cache makes it, with its .gitignore).
    const missing = path.join(dir, 'no-cache-yet');
    assert.equal(await wholeFileInvalidUtf8Offset(file + '', missing), 4);
    const fresh = path.join(dir, 'fresh.csv');
    fs.writeFileSync(fresh, 'a;b\n');
    assert.equal(await wholeFileInvalidUtf8Offset(fresh, missing), undefined);
    assert.equal(fs.existsSync(missing), false);
  });

  it('a character cut at the very end of a file is not UTF-8', async () => {
    const file = path.join(dir, 'end.csv');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('a;b\n'), Buffer.from([0xc3])]));
    assert.equal(await wholeFileInvalidUtf8Offset(file), 4);
  });

  it('a bad byte after ASCII reads as windows-1252, after UTF-8 accents as UTF-8', () => {
    assert.equal(startReadsAs(Buffer.from('region\nRh\xf4ne\n', 'latin1')), 'windows-1252');
    assert.equal(
      startReadsAs(Buffer.concat([Buffer.from('région\n', 'utf8'), Buffer.from('Rh\xf4ne\n', 'latin1')])),
      'utf-8',
    );
    assert.equal(startReadsAs(Buffer.from('r\xe9gion\n', 'latin1')), 'windows-1252');
    assert.equal(startReadsAs(Buffer.from('région\n', 'utf8')), 'utf-8');
  });

  it('asciiBeforeLine reads up to the line, a byte order mark aside', async () => {
    const file = path.join(dir, 'bom.csv');
    fs.writeFileSync(
      file,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a;b\n1;2\nRhône;3\n', 'utf8')]),
    );
    assert.equal(await asciiBeforeLine(file, 1), true);
    assert.equal(await asciiBeforeLine(file, 3), true);
    assert.equal(await asciiBeforeLine(file, 4), false);
  });
});
