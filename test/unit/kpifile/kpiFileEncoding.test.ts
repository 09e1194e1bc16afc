// A KPI file saved as windows-1252 (an older editor's default): its accents are not UTF-8 and
// reached every report as "Fid�lit�" without a word. Now a not-utf8 warning at the first of them,
// with their count, through the CLI's own read of the file; a UTF-8 file (with or without a byte
// order mark) gets none.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../helpers';

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

  it('UTF-8, with or without a byte order mark: no warning', async () => {
    for (const bom of ['', '\uFEFF']) {
      fs.writeFileSync(path.join(dir, 'u.kpi.yaml'), `${bom}kpilens: 1\ntitle: Fidélité\n${BODY}`, 'utf8');
      const r = await runCli(['check', 'u.kpi.yaml'], dir);
      assert.equal(r.code, 0, r.out);
      assert.doesNotMatch(r.out, /not-utf8/);
    }
  });
});
