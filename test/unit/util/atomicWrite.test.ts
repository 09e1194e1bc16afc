// Exports are written atomically (temporary file in the same folder, then a rename) and only
// to the file named: no temporary file is left, a failure leaves the old file whole, and a
// link at the target is replaced rather than written through to the file it points to.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FileLockedError, RENAME_RETRY_DELAYS_MS, writeFileAtomic } from '../../../src/core/util/atomicWrite';

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

describe('writeFileAtomic: a target locked by another program (Windows: Excel, an antivirus)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-atomic-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A rename refused with `code` the first `refusals` times, then the real one; the pauses asked for. */
  function lockedFor(refusals: number, code = 'EPERM') {
    const pauses: number[] = [];
    let calls = 0;
    const hooks = {
      rename: async (from: string, to: string) => {
        calls++;
        if (calls <= refusals)
          throw Object.assign(new Error(`${code}: operation not permitted, rename '${from}' -> '${to}'`), { code });
        await fs.promises.rename(from, to);
      },
      sleep: async (ms: number) => void pauses.push(ms),
      calls: () => calls,
    };
    return { hooks, pauses };
  }

  it('a lock released after 3 refusals: written on the 4th try, after pauses of 50, 100 and 200 ms', async () => {
    const file = path.join(dir, 'report.xlsx.csv');
    fs.writeFileSync(file, 'old');
    const { hooks, pauses } = lockedFor(3, 'EBUSY');
    await writeFileAtomic(file, 'new', hooks);
    assert.equal(fs.readFileSync(file, 'utf8'), 'new');
    assert.deepEqual(pauses, [50, 100, 200]);
    assert.equal(hooks.calls(), 4);
    assert.deepEqual(fs.readdirSync(dir), ['report.xlsx.csv']);
  });

  it('a lock that stays: FileLockedError naming the file after 6 tries (~1.5 s of pauses), the old file whole, no temporary file', async () => {
    const file = path.join(dir, 'scores.csv');
    fs.writeFileSync(file, 'old');
    const { hooks, pauses } = lockedFor(Infinity);
    const err = await writeFileAtomic(file, 'new', hooks).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof FileLockedError, String(err));
    assert.equal(err.file, file);
    assert.equal(
      err.message,
      `cannot replace ${file}: it is locked by another program (a spreadsheet or an antivirus has it open) or read-only (EPERM); close it and try again`,
    );
    // 5 pauses between 6 tries: 50 + 100 + 200 + 400 + 800 = 1550 ms.
    assert.deepEqual(pauses, [...RENAME_RETRY_DELAYS_MS]);
    assert.equal(
      pauses.reduce((a, b) => a + b, 0),
      1550,
    );
    assert.equal(hooks.calls(), 6);
    assert.equal(fs.readFileSync(file, 'utf8'), 'old');
    assert.deepEqual(fs.readdirSync(dir), ['scores.csv']);
  });

  it('any other failure is not retried', async () => {
    const file = path.join(dir, 'a.csv');
    const { hooks, pauses } = lockedFor(Infinity, 'ENOSPC');
    await assert.rejects(writeFileAtomic(file, 'x', hooks), /ENOSPC/);
    assert.deepEqual(pauses, []);
    assert.equal(hooks.calls(), 1);
  });
});
