// A data file changed during a run is told by its state (size, modification time, inode) noted
// before the run read it — also when the change lands within the file system clock's tick of the
// run's start, where comparing times alone saw nothing (a flaky data-fault test showed it).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { changedDuringRun, fileStates } from '../../../src/core/data/fileChanges';

describe('changes of data files during a run', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-changes-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a rewrite is a modification even when its time is not after the run started', async () => {
    const file = path.join(dir, 'orders.csv');
    fs.writeFileSync(file, 'day,v\n2025-01-10,1\n');
    const before = await fileStates([file]);
    assert.ok(before);
    fs.writeFileSync(file, 'x');
    // As if the run had started "later" than the file's new time (a coarse clock): by time alone, no change.
    const since = Date.now() + 60_000;
    assert.equal(await changedDuringRun([file], since), '');
    assert.equal(await changedDuringRun([file], since, before), "'orders.csv' was modified during the run");
  });

  it('a file replaced by another one (new inode) with the same size and time is a modification', async () => {
    const file = path.join(dir, 'a.csv');
    fs.writeFileSync(file, 'day,v\n');
    const before = await fileStates([file]);
    const other = path.join(dir, 'b.csv');
    fs.writeFileSync(other, 'day,w\n');
    const { atime, mtime } = fs.statSync(file);
    fs.utimesSync(other, atime, mtime);
    fs.renameSync(other, file);
    assert.equal(await changedDuringRun([file], Date.now() + 60_000, before), "'a.csv' was modified during the run");
  });

  it('unchanged files say nothing; a deleted one says so; a file that cannot be stated has no state', async () => {
    const a = path.join(dir, 'a.csv');
    const b = path.join(dir, 'b.csv');
    fs.writeFileSync(a, '1');
    fs.writeFileSync(b, '2');
    const before = await fileStates([a, b]);
    assert.equal(await changedDuringRun([a, b], 0, before), '');
    fs.rmSync(b);
    assert.equal(await changedDuringRun([a, b], 0, before), "'b.csv' was deleted during the run");
    assert.equal(await fileStates([a, b]), undefined);
  });
});
