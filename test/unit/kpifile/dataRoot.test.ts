// A KPI file cannot make KPI Lens read outside its project: `/etc/passwd`, a glob over `/etc`,
// a `../` path, a linked file or folder pointing out — each is an `outside-data-root` error,
// no header is read (its first line never shows in a message), the engine is not allowed
// the folder, and the KPIs on the source do not run. Paths that stay inside still work.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findDataRoot } from '../../../src/core/data/dataRoot';
import { allowedDirectories } from '../../../src/core/engine/backends/allowedDirectories';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { brief, lines } from '../helpers';

function spec(file: string, format = ''): string {
  return lines(
    'kpilens: 1',
    'as_of: 2025-01-31',
    'sources:',
    `  s: { file: "${file}", time: day${format ? `, format: ${format}` : ''} }`,
    'periods:',
    '  jan: { grain: month, last: 1 }',
    'kpis:',
    '  n: { type: count, source: s, period: jan }',
  );
}

describe('data root: nothing outside the project is read', () => {
  let root: string;
  let project: string;
  let outside: string;
  let file: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-root-'));
    project = path.join(root, 'project');
    outside = path.join(root, 'outside');
    fs.mkdirSync(path.join(project, '.git'), { recursive: true }); // a repository: the project folder
    fs.mkdirSync(path.join(project, 'kpis'));
    fs.mkdirSync(path.join(project, 'data'));
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(project, 'data', 'ok.csv'), 'day,v\n2025-01-15,1\n2025-01-16,2\n');
    fs.writeFileSync(path.join(outside, 'secret.csv'), 'day,top_secret_column\n2025-01-15,42\n');
    fs.symlinkSync(path.join(outside, 'secret.csv'), path.join(project, 'data', 'link-out.csv'));
    fs.symlinkSync('/etc', path.join(project, 'data', 'etc'));
    fs.symlinkSync(path.join(project, 'data', 'ok.csv'), path.join(project, 'data', 'link-in.csv'));
    file = path.join(project, 'kpis', 'x.kpi.yaml');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const refused: [string, string, string?][] = [
    ['an absolute path', '/etc/passwd', 'csv'],
    ['a glob climbing to /etc', `${'../'.repeat(12)}etc/pass*`, 'csv'],
    ['a ../ path out of the repository', '../../outside/secret.csv'],
    ['a ../ glob', '../../*/*.csv'],
    ['a linked file pointing out', '../data/link-out.csv'],
    ['a glob through a linked folder pointing out', '../data/etc/pass*', 'csv'],
  ];
  for (const [what, pattern, format] of refused) {
    it(`refuses ${what}: '${pattern}'`, async () => {
      // '  s: { file: ' is 13 characters: the quoted path starts at column 14.
      const check = await checkKpiFile(file, spec(pattern, format));
      const errors = check.diagnostics.filter((d) => d.severity === 'error');
      assert.deepEqual(brief(errors), ['4:14 error outside-data-root']);
      assert.match(errors[0].message, /outside the project folder .*project \(directly or through a link\)/);
      // Nothing of the file was read: no column list, no first line in any message.
      for (const d of check.diagnostics) assert.doesNotMatch(d.message, /root:|top_secret_column/);
      assert.deepEqual(check.sources.get('s')?.files, []);
      assert.deepEqual(allowedDirectories(check), [path.join(project, 'kpis')]);
    });
  }

  it('a link pointing out is told with the path it reaches, not its own', async () => {
    const check = await checkKpiFile(file, spec('../data/link-out.csv'));
    const [error] = check.diagnostics.filter((d) => d.severity === 'error');
    assert.equal(
      error.message,
      `'../data/link-out.csv' reaches '${fs.realpathSync(path.join(outside, 'secret.csv'))}' outside the project folder ${project} (directly or through a link): KPI Lens reads data files only inside it`,
    );
  });

  it('a link whose target does not exist is told so, with the target', async () => {
    const target = path.join(project, 'data', 'moved-away.csv');
    fs.symlinkSync(target, path.join(project, 'data', 'dangling.csv'));
    const check = await checkKpiFile(file, spec('../data/dangling.csv'));
    const errors = check.diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(brief(errors), ['4:14 error missing-file']);
    assert.equal(errors[0].message, `'../data/dangling.csv' is a link to '${target}', which does not exist`);
  });

  it('an absolute glob is not a way out either: it matches nothing', async () => {
    const check = await checkKpiFile(file, spec('/etc/*', 'csv'));
    assert.deepEqual(brief(check.diagnostics.filter((d) => d.severity === 'error')), ['4:14 error missing-file']);
    assert.deepEqual(allowedDirectories(check), [path.join(project, 'kpis')]);
  });

  it('accepts ../ paths and links that stay inside the project', async () => {
    for (const pattern of ['../data/ok.csv', '../data/link-in.csv', '../data/o*.csv']) {
      const check = await checkKpiFile(file, spec(pattern));
      assert.deepEqual(brief(check.diagnostics), [], pattern);
    }
  });

  it('the editor passes its workspace folder: a sibling folder of the repository is outside it', async () => {
    const check = await checkKpiFile(file, spec('../data/ok.csv'), { dataRoot: path.join(project, 'kpis') });
    assert.deepEqual(brief(check.diagnostics), ['4:14 error outside-data-root']);
  });

  it('without a repository the root is the working folder holding the KPI file, else its folder', () => {
    const plain = path.join(root, 'plain', 'sub');
    fs.mkdirSync(plain, { recursive: true });
    assert.equal(findDataRoot(path.join(project, 'kpis')), project);
    assert.equal(findDataRoot(plain, path.join(root, 'plain')), path.join(root, 'plain'));
    assert.equal(findDataRoot(plain, project), plain);
    assert.equal(findDataRoot(plain), plain);
  });

  it('kpilens run: exit 1 with the error, the KPI on the source is not evaluated', async () => {
    fs.writeFileSync(file, spec('/etc/passwd', 'csv'));
    let out = '';
    let err = '';
    const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t), cwd: project };
    const code = await main(['run', 'kpis/x.kpi.yaml', '--format', 'json'], io);
    assert.equal(code, 1);
    const result = JSON.parse(out) as { kpis: unknown[]; diagnostics: { code: string }[] };
    assert.deepEqual(result.kpis, []);
    assert.deepEqual(
      result.diagnostics.map((d) => d.code),
      ['outside-data-root', 'not-evaluated'],
    );
    assert.doesNotMatch(out + err, /root:x:0/);
  });
});
