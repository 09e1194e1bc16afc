// A KPI file saved as windows-1252 (an older editor's default): its accents are not UTF-8 and
// reached every report as "Fid�lit�" without a word. Now a not-utf8 warning at the first of them,
// with their count, through the CLI's own read of the file; a UTF-8 file (with or without a byte
// order mark) gets none. A byte order mark takes no column of line 1 (it took one).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../helpers';
import { SourceText } from '../../../src/core/kpifile/sourceText';

const BODY = [
  'sources:',
  '  o: { file: o.csv, time: d }',
  'periods:',
  '  m: { grain: month, last: 1 }',
  'kpis:',
  '  n: { type: count, source: o, period: m, title: "Réussite" }',
  '',
].join('\n');

describe('a KPI file that is not UTF-8', () => {
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-kpi-encoding-'));
    fs.writeFileSync(path.join(dir, 'o.csv'), 'd\n2025-01-05\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('windows-1252 accents: a not-utf8 warning at the first one, with their count', async () => {
    const text = `kpilens: 1\ntitle: Fidélité\n${BODY}`;
    fs.writeFileSync(path.join(dir, 'cp.kpi.yaml'), Buffer.from(text, 'latin1'));
    const r = await runCli(['check', 'cp.kpi.yaml'], dir);
    // "title: Fid" is 10 characters: the é is column 11 of line 2; 3 of them (é, é, é of Réussite).
    assert.equal(
      r.out.split('\n')[0],
      'cp.kpi.yaml:2:11: warning: this KPI file is not UTF-8: 3 character(s) cannot be read (shown as �, the first here); save the file as UTF-8 [not-utf8]',
    );
    assert.equal(r.code, 0);
  });

  it('a byte order mark takes no column: line 1 is counted as editors show it', async () => {
    // "kpilens: 2": the 2 is column 10, with or without the mark (it was 11 with it).
    for (const bom of ['', '\uFEFF']) {
      fs.writeFileSync(path.join(dir, 'v.kpi.yaml'), `${bom}kpilens: 2\ntitle: x\n${BODY}`, 'utf8');
      const r = await runCli(['check', 'v.kpi.yaml'], dir);
      assert.match(r.out.split('\n')[0], /^v\.kpi\.yaml:1:10: error: unsupported language version 2/);
    }
    const text = new SourceText('\uFEFFab\ncd');
    assert.deepEqual(text.position(1), { line: 1, column: 1 });
    assert.deepEqual(text.position(4), { line: 2, column: 1 });
    assert.equal(text.offsetAt(1, 1), 1);
    assert.equal(text.offsetAt(2, 2), 5);
  });

  it('UTF-8, with or without a byte order mark: no warning', async () => {
    for (const bom of ['', '\uFEFF']) {
      fs.writeFileSync(path.join(dir, 'u.kpi.yaml'), `${bom}kpilens: 1\ntitle: Fidélité\n${BODY}`, 'utf8');
      const r = await runCli(['check', 'u.kpi.yaml'], dir);
      assert.equal(r.code, 0, r.out);
      assert.doesNotMatch(r.out, /not-utf8/);
    }
  });
});
