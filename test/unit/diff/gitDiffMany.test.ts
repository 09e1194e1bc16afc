// `kpilens diff --base REF` without a file: every KPI file that changed between the ref and the
// working tree (modified, deleted, untracked new), on a real git repository with the real
// engine; gates fail it with exit 1 and their reasons; a single file absent at the base is an
// added file (it used to exit 2).
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../helpers';
import { CUSTOMERS, ORDERS, shopSpec } from './diffFixture';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

interface JsonFile {
  file: string;
  kpis: { name: string; kind: string; rows?: { period: string }[] }[];
  gates?: { failed: boolean; reasons: string[] };
}

describe('kpilens diff --base REF over every changed KPI file (real git, real DuckDB)', () => {
  let repo: string;
  before(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-diff-many-'));
    fs.mkdirSync(path.join(repo, 'data'));
    fs.writeFileSync(path.join(repo, 'data', 'orders.csv'), ORDERS);
    fs.writeFileSync(path.join(repo, 'data', 'customers.csv'), CUSTOMERS);
    fs.writeFileSync(path.join(repo, 'shop.kpi.yaml'), shopSpec());
    fs.writeFileSync(path.join(repo, 'old.kpi.yaml'), shopSpec());
    fs.writeFileSync(path.join(repo, 'same.kpi.yaml'), shopSpec());
    git(repo, 'init', '-q');
    git(repo, 'config', 'user.name', 'KPI Lens tests');
    git(repo, 'config', 'user.email', 'tests@kpilens.invalid');
    git(repo, 'config', 'commit.gpgsign', 'false');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'base');
    // The working tree: shop changes, old is deleted, new is a new untracked file, same is untouched.
    fs.writeFileSync(path.join(repo, 'shop.kpi.yaml'), shopSpec({ paid: true, cancelled: true }));
    fs.rmSync(path.join(repo, 'old.kpi.yaml'));
    fs.writeFileSync(path.join(repo, 'new.kpi.yaml'), shopSpec());
  });
  after(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('lists the modified, deleted and new files, sorted, each compared; no gate: exit 0', async () => {
    const r = await runCli(['diff', '--base', 'HEAD', '--format', 'json'], repo);
    assert.equal(r.err, '');
    assert.equal(r.code, 0);
    const files = (JSON.parse(r.out) as { files: JsonFile[] }).files;
    assert.deepEqual(
      files.map((f) => f.file),
      ['new.kpi.yaml', 'old.kpi.yaml', 'shop.kpi.yaml'],
    );
    const kinds = (f: JsonFile) => f.kpis.map((k) => `${k.name}:${k.kind}`);
    assert.deepEqual(kinds(files[0]), ['revenue:added', 'orders:added', 'average_basket:added', 'churn_rate:added']);
    assert.deepEqual(kinds(files[1]), [
      'revenue:removed',
      'orders:removed',
      'average_basket:removed',
      'churn_rate:removed',
    ]);
    assert.deepEqual(kinds(files[2]), ['revenue:changed', 'average_basket:affected', 'churn_rate:changed']);
    // A new KPI's rows are all new: revenue × 3 months × (all, store, web) = 9 rows, none unchanged.
    assert.equal(files[0].kpis[0].rows?.length, 9);
  });

  it('--fail-on target-flip: the two churn rows of shop.kpi.yaml, exit 1 with the reasons on stderr', async () => {
    const r = await runCli(['diff', '--base', 'HEAD', '--format', 'md', '--fail-on', 'target-flip'], repo);
    assert.equal(r.code, 1);
    assert.equal(
      r.err,
      'kpilens: diff failed the gates (target-flip):\n' +
        'shop.kpi.yaml: churn_rate (all, 2025-02): +50 pp, target met → missed [target-flip]\n' +
        'shop.kpi.yaml: churn_rate (all, 2025-03): +16.7 pp, target met → missed [target-flip]\n',
    );
    // One report per file, each with its own heading and verdict.
    assert.deepEqual(r.out.match(/^## KPI diff — .*$/gm), [
      '## KPI diff — new.kpi.yaml',
      '## KPI diff — old.kpi.yaml',
      '## KPI diff — shop.kpi.yaml',
    ]);
    assert.deepEqual(r.out.match(/^\*\*Gates .*$/gm), [
      '**Gates passed (target-flip)**',
      '**Gates passed (target-flip)**',
      '**Gates failed (target-flip): 2**',
    ]);
  });

  it('--sql on the command line: the changed KPIs carry their SQL diff, the unchanged files none', async () => {
    const r = await runCli(['diff', 'shop.kpi.yaml', '--base', 'HEAD', '--format', 'json', '--sql'], repo);
    assert.equal(r.code, 0, r.err);
    const d = JSON.parse(r.out) as { kpis: { name: string; sql_diff?: string }[] };
    assert.deepEqual(
      d.kpis.map((k) => [k.name, k.sql_diff !== undefined]),
      [
        ['revenue', true],
        ['average_basket', true],
        ['churn_rate', true],
      ],
    );
    assert.match(d.kpis[2].sql_diff ?? '', /^\+.*"cancelled_at"/m);
  });

  it('a rule that does not parse: exit 2 before anything runs', async () => {
    const r = await runCli(['diff', '--base', 'HEAD', '--fail-on', 'rel-change>5'], repo);
    assert.deepEqual([r.code, r.out], [2, '']);
    assert.match(r.err, /^kpilens: --fail-on: 'rel-change>5' is not a rule; use /);
  });

  it('one file absent at the base is an added file: exit 0, every KPI added', async () => {
    const r = await runCli(
      ['diff', 'new.kpi.yaml', '--base', 'HEAD', '--format', 'json', '--fail-on', 'target-flip'],
      repo,
    );
    assert.equal(r.code, 0, r.err);
    const d = JSON.parse(r.out) as JsonFile;
    assert.ok(d.kpis.every((k) => k.kind === 'added'));
    assert.deepEqual(d.gates, { rules: ['target-flip'], failed: false, reasons: [] });
  });

  it('nothing changed between two refs: says so on stderr, exit 0', async () => {
    const r = await runCli(['diff', '--base', 'HEAD', '--head', 'HEAD'], repo);
    assert.deepEqual([r.code, r.out, r.err], [0, '', 'kpilens: no KPI file changed between HEAD and HEAD\n']);
  });
});
