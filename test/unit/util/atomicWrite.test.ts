// Exports are written atomically (temporary file in the same folder, then a rename) and only
// to the file named: no temporary file is left, a failure leaves the old file whole, and a
// link at the target is replaced rather than written through to the file it points to.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeFileAtomic } from '../../../src/core/util/atomicWrite';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-atomic-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the content and leaves nothing else in the folder', async () => {
    const file = path.join(dir, 'report.html');
    fs.writeFileSync(file, 'old');
    await writeFileAtomic(file, '<p>new</p>');
    assert.equal(fs.readFileSync(file, 'utf8'), '<p>new</p>');
    assert.deepEqual(fs.readdirSync(dir), ['report.html']);
  });

  it('a failed rename (the target is a folder) rejects, and leaves the folder and no temporary file', async () => {
    const target = path.join(dir, 'report.html');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'inside.txt'), 'keep');
    await assert.rejects(writeFileAtomic(target, 'x'), /EISDIR|EEXIST|ENOTEMPTY|EPERM/);
    assert.deepEqual(fs.readdirSync(dir), ['report.html']);
    assert.equal(fs.readFileSync(path.join(target, 'inside.txt'), 'utf8'), 'keep');
  });

  it('a missing folder rejects without creating anything', async () => {
    await assert.rejects(writeFileAtomic(path.join(dir, 'nope', 'r.csv'), 'x'), /ENOENT/);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('a link at the target is replaced by the report; the file it pointed to is untouched', async () => {
    const precious = path.join(dir, 'precious.txt');
    fs.writeFileSync(precious, 'do not overwrite');
    const link = path.join(dir, 'report.md');
    fs.symlinkSync(precious, link);
    await writeFileAtomic(link, '# report');
    assert.equal(fs.readFileSync(precious, 'utf8'), 'do not overwrite');
    assert.ok(!fs.lstatSync(link).isSymbolicLink());
    assert.equal(fs.readFileSync(link, 'utf8'), '# report');
  });

  it('a reader sees the old content or the new one, never a part (64 writes of 1 MB read back whole)', async () => {
    const file = path.join(dir, 'big.json');
    const a = 'a'.repeat(1 << 20);
    const b = 'b'.repeat(1 << 20);
    fs.writeFileSync(file, a);
    let partial = 0;
    let reads = 0;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const text = await fs.promises.readFile(file, 'utf8');
        reads++;
        if (text !== a && text !== b) partial++;
      }
    })();
    for (let i = 0; i < 64; i++) await writeFileAtomic(file, i % 2 ? a : b);
    writing = false;
    await reader;
    assert.ok(reads > 0);
    assert.equal(partial, 0);
  });
});
