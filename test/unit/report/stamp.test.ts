// Report stamps: a short sha256 of the spec text and of the data files' path, size and mtime;
// the same inputs give the same stamp, touching or growing a data file changes the data hash
// (without reading it), and the renderers show the stamp as one footer line or JSON field.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { computeStamp, shortHash, stampOf, stampText } from '../../../src/core/report/stamp';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { renderResult } from '../../../src/core/report/render';
import type { RunResult } from '../../../src/core/report/resultModel';

describe('report stamps', () => {
  let dir: string;
  let spec: string;
  let a: string;
  let b: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-stamp-'));
    spec = path.join(dir, 'x.kpi.yaml');
    fs.mkdirSync(path.join(dir, 'data'));
    a = path.join(dir, 'data', 'a.csv');
    b = path.join(dir, 'data', 'b.csv');
    fs.writeFileSync(a, 'x\n1\n');
    fs.writeFileSync(b, 'y\n2\n');
    const t = new Date('2025-01-01T00:00:00Z');
    fs.utimesSync(a, t, t);
    fs.utimesSync(b, t, t);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the spec hash is the first 12 hex digits of sha256 of the text', () => {
    // sha256("") = e3b0c44298fc1c149afbf4c8996fb924…, sha256("abc") = ba7816bf8f01cfea…
    assert.equal(shortHash(''), 'e3b0c44298fc');
    assert.equal(shortHash('abc'), 'ba7816bf8f01');
  });

  it('the data hash covers relative path, size and mtime of each file, in path order', async () => {
    const s1 = await computeStamp(spec, 'kpilens: 1\n', [b, a]);
    // `data/a.csv\t4\t1735689600000` and `data/b.csv\t4\t1735689600000`, sorted, joined by \n.
    assert.equal(s1.data, shortHash('data/a.csv\t4\t1735689600000\ndata/b.csv\t4\t1735689600000'));
    assert.deepEqual(await computeStamp(spec, 'kpilens: 1\n', [a, b]), s1);
    assert.equal(s1.files, 2);
    const later = new Date('2025-01-02T00:00:00Z');
    fs.utimesSync(b, later, later);
    const touched = await computeStamp(spec, 'kpilens: 1\n', [a, b]);
    assert.notEqual(touched.data, s1.data);
    assert.equal(touched.spec, s1.spec);
    const gone = await computeStamp(spec, 'kpilens: 1\n', [a, path.join(dir, 'data', 'c.csv')]);
    assert.equal(gone.data, shortHash('data/a.csv\t4\t1735689600000\ndata/c.csv\tmissing'));
  });

  it('a file reading database tables says they are not stamped (their rows are not read to stamp them)', async () => {
    // Before, a table-only file's stamp was `data e3b0c44298fc (0 files)` — sha256 of nothing —
    // whatever the tables held: two different summaries matched.
    fs.writeFileSync(
      path.join(dir, 'kpilens.connections.yaml'),
      'connections:\n  shop: { dialect: postgres, host: 127.0.0.1, port: 9, database: shop, user: kp }\n',
    );
    const text =
      'kpilens: 1\nsources:\n  o: { table: public.orders, connection: shop, time: day }\n  p: { table: public.plans, connection: shop }\nperiods:\n  m: { grain: month, last: 1 }\nkpis:\n  n: { type: count, source: o, period: m }\n';
    const stamp = await stampOf(await checkKpiFile(path.join(dir, 't.kpi.yaml'), text));
    assert.deepEqual({ files: stamp.files, tables: stamp.tables }, { files: 0, tables: 2 });
    assert.equal(stampText(stamp), `spec ${stamp.spec} · data ${stamp.data} (0 files); 2 tables not stamped`);
    assert.equal(
      stampText({ ...stamp, tables: 1 }),
      `spec ${stamp.spec} · data ${stamp.data} (0 files); 1 table not stamped`,
    );
    // Files only: no word of tables.
    assert.equal(stampText({ spec: 'a', data: 'b', files: 2 }), 'spec a · data b (2 files)');
  });

  it('table, md and html show one footer line; json a top-level field after the contract keys', () => {
    const result: RunResult = {
      as_of: '2025-12-31',
      kpis: [],
      diagnostics: [],
      stamp: { spec: '0123456789ab', data: 'ba9876543210', files: 3 },
    };
    const line = 'spec 0123456789ab · data ba9876543210 (3 files)';
    assert.equal(stampText(result.stamp!), line);
    assert.ok(renderResult(result, 'table').endsWith(`\n\n${line}\n`));
    assert.ok(renderResult(result, 'md').endsWith(`<sub>${line}</sub>\n`));
    assert.ok(renderResult(result, 'html').includes(`<footer><p class="stamp">${line}</p></footer>`));
    const json = JSON.parse(renderResult(result, 'json')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), ['as_of', 'kpis', 'diagnostics', 'stamp']);
    assert.deepEqual(json.stamp, { spec: '0123456789ab', data: 'ba9876543210', files: 3 });
    // Without a stamp, the outputs are those of before (the contract's JSON keys only).
    assert.deepEqual(Object.keys(JSON.parse(renderResult({ ...result, stamp: undefined }, 'json')) as object), [
      'as_of',
      'kpis',
      'diagnostics',
    ]);
  });
});
