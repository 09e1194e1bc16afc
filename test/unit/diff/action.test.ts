// action.yml: its run steps (the shell, read from the file) run in order against a real
// temporary git repository with two commits — the base's KPI file, then the pull request's
// change (revenue keeps paid orders, churn reads cancelled_at). GitHub's runner is played by
// environment variables (GITHUB_ENV, GITHUB_STEP_SUMMARY, RUNNER_TEMP, GITHUB_ACTION_PATH) and
// the step's `env:` map; KPILENS_ACTION_OFFLINE keeps the comment off the network (the GitHub
// API call), and the upload step (another action) is only checked to be pinned by a SHA. The
// comment body is checked exactly; the target-flip gate fails the last step.
import { strict as assert } from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { REPO_ROOT, runCli } from '../helpers';
import { CUSTOMERS, ORDERS, shopSpec } from './diffFixture';

interface Step {
  name: string;
  id?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  runs: { using: string; steps: Step[] };
  inputs: Record<string, { default?: string }>;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `${{ inputs.x }}` and `${{ github.… }}` of a step's env, from the given contexts; anything else is refused. */
function expand(text: string, contexts: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => {
    assert.ok(expr in contexts, `unknown expression in action.yml: ${expr}`);
    return contexts[expr];
  });
}

/** GITHUB_ENV's KEY=VALUE lines. */
function readEnvFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

describe('action.yml: the pull-request action on a real git repository', function () {
  this.timeout(120_000);
  const action = parse(fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as Action;
  let root: string;
  let repo: string;
  let temp: string;
  const results: { id: string; status: number | null; stderr: string }[] = [];

  before(() => {
    assert.ok(fs.existsSync(path.join(REPO_ROOT, 'dist', 'cli.js')), 'run npm run build first');
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-action-'));
    repo = path.join(root, 'repo');
    temp = path.join(root, 'runner-temp');
    fs.mkdirSync(path.join(repo, 'data'), { recursive: true });
    fs.mkdirSync(temp);
    fs.writeFileSync(path.join(repo, 'data', 'orders.csv'), ORDERS);
    fs.writeFileSync(path.join(repo, 'data', 'customers.csv'), CUSTOMERS);
    fs.writeFileSync(path.join(repo, 'shop.kpi.yaml'), shopSpec());
    git(repo, 'init', '-q');
    git(repo, 'config', 'user.name', 'KPI Lens tests');
    git(repo, 'config', 'user.email', 'tests@kpilens.invalid');
    git(repo, 'config', 'commit.gpgsign', 'false');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'base');
    fs.writeFileSync(path.join(repo, 'shop.kpi.yaml'), shopSpec({ paid: true, cancelled: true }));
    git(repo, 'commit', '-q', '-am', 'pull request');

    const inputs: Record<string, string> = {};
    for (const [name, input] of Object.entries(action.inputs)) inputs[`inputs.${name}`] = input.default ?? '';
    Object.assign(inputs, {
      'inputs.cli': `node ${path.join(REPO_ROOT, 'bin', 'kpilens.js')}`,
      'inputs.base': 'HEAD~1',
      'inputs.fail-on': 'target-flip',
      'inputs.working-directory': repo,
      'inputs.github-token': 'no-token',
      'github.event.pull_request.number': '7',
    });
    const envFile = path.join(root, 'github-env');
    fs.writeFileSync(envFile, '');
    for (const step of action.runs.steps) {
      if (step.run === undefined) continue;
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? root,
        LANG: 'C.UTF-8',
        GITHUB_ENV: envFile,
        GITHUB_STEP_SUMMARY: path.join(root, 'summary.md'),
        RUNNER_TEMP: temp,
        GITHUB_ACTION_PATH: REPO_ROOT,
        GITHUB_BASE_REF: 'main',
        KPILENS_ACTION_OFFLINE: '1',
        ...readEnvFile(envFile),
      };
      for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expand(v, inputs);
      // GitHub's `shell: bash`: bash --noprofile --norc -eo pipefail {0}.
      const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
        cwd: repo,
        env,
        encoding: 'utf8',
      });
      results.push({ id: step.id ?? step.name, status: r.status, stderr: r.stderr });
    }
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('is a composite action whose other actions are pinned by a full commit SHA', () => {
    assert.equal(action.runs.using, 'composite');
    const uses = action.runs.steps.filter((s) => s.uses !== undefined).map((s) => s.uses as string);
    assert.deepEqual(uses, ['github/codeql-action/upload-sarif@8aad20d150bbac5944a9f9d289da16a4b0d87c1e']);
    for (const u of uses) assert.match(u, /@[0-9a-f]{40}$/);
    // Every run step uses bash and reads inputs only through env (no ${{ }} in the shell).
    for (const s of action.runs.steps.filter((x) => x.run !== undefined)) {
      assert.equal(s.shell, 'bash');
      assert.doesNotMatch(s.run as string, /\$\{\{/);
    }
  });

  it('runs install, check, diff and comment, then fails the gate step on the target flips', () => {
    assert.deepEqual(
      results.map((r) => [r.id, r.status]),
      [
        ['install', 0],
        ['check', 0],
        ['diff', 0],
        ['comment', 0],
        ['gate', 1],
      ],
    );
    // The diff step's stderr carries the gate's reasons.
    assert.ok(
      results[2].stderr.includes('shop.kpi.yaml: churn_rate (all, 2025-02): +50 pp, target met → missed [target-flip]'),
      results[2].stderr,
    );
    // check found no problem: an empty SARIF run.
    const sarif = JSON.parse(fs.readFileSync(path.join(temp, 'kpilens.sarif'), 'utf8')) as {
      runs: { results: unknown[] }[];
    };
    assert.deepEqual(sarif.runs[0].results, []);
  });

  it('the comment body: the marker, then exactly kpilens diff --format md', async () => {
    const body = fs.readFileSync(path.join(temp, 'kpilens-comment.md'), 'utf8');
    const md = await runCli(['diff', '--base', 'HEAD~1', '--format', 'md', '--fail-on', 'target-flip'], repo);
    assert.equal(md.code, 1);
    assert.equal(body, `<!-- kpilens-diff -->\n${md.out}`);
    const lines = body.split('\n');
    assert.deepEqual(lines.slice(0, 5), [
      '<!-- kpilens-diff -->',
      '## KPI diff — shop.kpi.yaml',
      '',
      'HEAD\\~1 → working tree · as of 2025-03-31',
      '',
    ]);
    // The figures worked out in diffRows.test.ts; the gate; the graph of what the changed KPIs read.
    assert.ok(body.includes('| revenue | changed | 2025-03 | 180 EUR | 110 EUR | −70 EUR (−38.9 %) |\n'));
    assert.ok(body.includes('### Gates\n\n**Gates failed (target-flip): 2**\n'));
    assert.ok(
      body.includes(
        [
          '```mermaid',
          'graph LR',
          '  k_revenue["revenue (changed)"]:::changed',
          '  k_average_basket["average_basket (affected)"]:::affected',
          '  k_churn_rate["churn_rate (changed)"]:::changed',
          '  s_orders[("orders")]',
          '  k_orders["orders (unchanged)"]',
          '  s_customers[("customers")]',
          '  s_orders --> k_revenue',
          '  k_orders --> k_average_basket',
          '  k_revenue --> k_average_basket',
          '  s_customers --> k_churn_rate',
        ].join('\n'),
      ),
      body,
    );
    // The step summary has the same report.
    assert.equal(fs.readFileSync(path.join(root, 'summary.md'), 'utf8'), md.out);
  });
});
