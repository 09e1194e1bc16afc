// `kpilens diff` on a real git repository with the real engine (gitDiffRepo.ts), beyond the
// working tree against HEAD: two commits (--head) at another date (--as-of), no change, a file
// absent at the base, and the errors — bad refs, bad options, a base with errors, a folder
// outside git — each one clear line with the exit codes of DSL.md, also through the installed
// command (bin/kpilens.js).
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, runCli } from '../helpers';
import { BASE, git, HEAD, type JsonDiff, makeShopRepo } from './gitDiffRepo';

const run = runCli;

describe('kpilens diff (real git, real DuckDB)', () => {
  let root: string;
  let repo: string;
  let kpis: string;
  let dataCommit: string;
  let specCommit: string;

  before(() => {
    ({ root, repo, kpis, dataCommit, specCommit } = makeShopRepo());
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('--head compares two commits, and --as-of moves both versions to another date', async () => {
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'change the KPIs');
    try {
      const r = await run(
        [
          'diff',
          'kpis/shop.kpi.yaml',
          '--base',
          specCommit,
          '--head',
          'HEAD',
          '--format',
          'json',
          '--as-of',
          '2025-02-28',
        ],
        repo,
      );
      assert.equal(r.code, 0, r.err);
      const d = JSON.parse(r.out) as JsonDiff;
      assert.equal(d.head, 'HEAD');
      assert.equal(d.as_of, '2025-02-28');
      // February: orders 3 (30, paid) and 4 (40, refunded): 70 → 30 EUR.
      const [v] = d.kpis.find((k) => k.name === 'revenue')?.values ?? [];
      assert.deepEqual([v.before?.period, v.before?.value, v.after?.value], ['2025-02', 70, 30]);
    } finally {
      git(repo, 'reset', '-q', '--soft', 'HEAD~1');
    }
  });

  it('no change gives a report that says so, exit 0', async () => {
    const r = await run(['diff', 'shop.kpi.yaml', '--base', 'HEAD', '--head', 'HEAD'], kpis);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^No change in the KPI definitions\.$/m);
    assert.match(r.out, /^6 KPIs unchanged\.$/m);
  });

  it('a ref that names no commit: one line, exit 2', async () => {
    const r = await run(['diff', 'shop.kpi.yaml', '--base', 'no-such-branch'], kpis);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.equal(
      r.err,
      `kpilens: --base 'no-such-branch' names no commit in ${git(repo, 'rev-parse', '--show-toplevel').trim()}\n`,
    );
    const option = await run(['diff', 'shop.kpi.yaml', '--base', '--output=x'], kpis);
    assert.equal(option.code, 2);
    assert.equal(option.err, "kpilens: --base '--output=x' is not a git ref\n");
  });

  it('the installed command (bin/kpilens.js): real exit codes 0 and 2, no stack trace', () => {
    const bin = path.join(REPO_ROOT, 'bin', 'kpilens.js');
    const ok = spawnSync(process.execPath, [bin, 'diff', 'shop.kpi.yaml', '--base', 'HEAD', '--format', 'md'], {
      cwd: kpis,
      encoding: 'utf8',
    });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /^\| revenue \| changed \| 2025-03 \| 180 EUR \| 110 EUR \| −70 EUR \(−38\.9 %\) \|$/m);
    const bad = spawnSync(process.execPath, [bin, 'diff', 'shop.kpi.yaml', '--base', 'HEAD~5'], {
      cwd: kpis,
      encoding: 'utf8',
    });
    assert.equal(bad.status, 2);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /^kpilens: --base 'HEAD~5' names no commit in .*\n$/);
  });

  it('a file absent at the base is an added file (it used to exit 2): every KPI added, exit 0', async () => {
    const r = await run(['diff', 'shop.kpi.yaml', '--base', dataCommit, '--format', 'json'], kpis);
    assert.equal(r.code, 0, r.err);
    const d = JSON.parse(r.out) as JsonDiff;
    assert.deepEqual(
      d.kpis.map((k) => k.kind),
      ['added', 'added', 'added', 'added', 'added', 'added'],
    );
    // March revenue of the working tree (paid only): 50 + 60 = 110.
    assert.equal(d.kpis[0].values?.[0].after?.value, 110);
  });

  it('no --base, an unknown format or a bad --as-of: exit 2', async () => {
    assert.deepEqual(await run(['diff', 'shop.kpi.yaml'], kpis), {
      code: 2,
      out: '',
      err: 'kpilens: diff needs --base GIT_REF (the version to compare with)\n',
    });
    assert.equal(
      (await run(['diff', 'shop.kpi.yaml', '--base', 'HEAD', '--format', 'csv'], kpis)).err,
      "kpilens: unknown format 'csv' for diff: use table, md, json\n",
    );
    assert.equal((await run(['diff', 'shop.kpi.yaml', '--base', 'HEAD', '--as-of', '2025-02-30'], kpis)).code, 2);
  });

  it('outside a git repository: one line, exit 2', async () => {
    const outside = path.join(root, 'plain');
    fs.mkdirSync(outside, { recursive: true });
    fs.writeFileSync(path.join(outside, 'x.kpi.yaml'), BASE);
    // Git must not find a repository above the temporary folder.
    const ceiling = process.env.GIT_CEILING_DIRECTORIES;
    process.env.GIT_CEILING_DIRECTORIES = root;
    let r: { code: number; out: string; err: string };
    try {
      r = await run(['diff', 'x.kpi.yaml', '--base', 'HEAD'], outside);
    } finally {
      if (ceiling === undefined) delete process.env.GIT_CEILING_DIRECTORIES;
      else process.env.GIT_CEILING_DIRECTORIES = ceiling;
    }
    assert.equal(r.code, 2);
    assert.equal(r.err, `kpilens: not a git repository: ${outside} (diff reads the base version with git)\n`);
  });

  it('a base with errors: says which version, lists its diagnostics, exit 1', async () => {
    fs.writeFileSync(path.join(kpis, 'shop.kpi.yaml'), BASE.replace('column: amount', 'column: amout'));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'a typo');
    fs.writeFileSync(path.join(kpis, 'shop.kpi.yaml'), HEAD);
    try {
      const r = await run(['diff', 'shop.kpi.yaml', '--base', 'HEAD'], kpis);
      assert.equal(r.code, 1);
      assert.equal(r.out, '');
      // Line 22 is `    column: amout` (17 header lines, then revenue's 5th line); the value starts at column 13.
      assert.equal(
        r.err,
        'kpilens: the base version (HEAD) of shop.kpi.yaml has 1 error:\n' +
          "shop.kpi.yaml:22:13: error: column 'amout' is not in source 'orders' (data/orders.csv), read by KPI 'revenue'; did you mean 'amount'? [unknown-column]\n",
      );
    } finally {
      git(repo, 'reset', '-q', '--hard', specCommit);
      fs.writeFileSync(path.join(kpis, 'shop.kpi.yaml'), HEAD);
    }
  });
});
