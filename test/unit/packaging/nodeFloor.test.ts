// Node.js 22.12 as the floor (issue 20): package.json's engines.node, the Node 22 that the
// devDependency `node` puts first on PATH for every npm script (so the tests, the sample, the
// bench and their child processes run on it even where the machine's Node is 20), and the one
// line bin/kpilens.js prints when an older Node runs it (bin/nodeFloor.js).
import { strict as assert } from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as os from 'os';
import * as path from 'path';
import { cleanNpmEnv } from '../../../scripts/npmEnv';
import { REPO_ROOT } from '../helpers';

interface NodeFloor {
  floorOf(range: string): [number, number, number] | undefined;
  satisfies(version: string, floor: [number, number, number]): boolean;
  nodeFloorProblem(
    range: string,
    version: string,
    execPath: string,
    argv: string[],
    env: NodeJS.ProcessEnv,
  ): string | undefined;
}

const load = createRequire(__filename);
const guard = load(path.join(REPO_ROOT, 'bin', 'nodeFloor.js')) as NodeFloor;
const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};
const FLOOR = guard.floorOf(pkg.engines.node);

/** The major version of `v22.23.3`. */
function major(version: string): number {
  return Number(version.replace(/^v/, '').split('.')[0]);
}

describe('Node.js 22.12 as the floor', () => {
  it('package.json: engines.node is the plain `>=22.12.0` the guard reads; the devDependency node is a pinned 22', () => {
    assert.equal(pkg.engines.node, '>=22.12.0');
    // commander 15 and the tests' require() of ES modules need 22.12 (require(esm) unflagged).
    assert.deepEqual(FLOOR, [22, 12, 0]);
    assert.match(pkg.devDependencies.node, /^22\.\d+\.\d+$/);
  });

  it('this mocha process runs on a Node at the floor or later', () => {
    assert.ok(FLOOR);
    assert.ok(guard.satisfies(process.version, FLOOR), `mocha runs on ${process.version} (${process.execPath})`);
    assert.ok(major(process.version) >= 22);
  });

  it("an npm script started without the caller's PATH runs `node`, `#!/usr/bin/env node` files and their children on the project's Node 22", function () {
    this.timeout(60_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-nodefloor-'));
    try {
      // A script file as npm links them in node_modules/.bin (mocha, tsc, eslint): `env` finds node on PATH.
      const shebang = path.join(dir, 'print-version');
      fs.writeFileSync(shebang, '#!/usr/bin/env node\nconsole.log(process.version);\n', { mode: 0o755 });
      // A child process started as the DuckDB worker and the CLI tests start theirs (process.execPath).
      const child = `node -e "console.log(require('child_process').execFileSync(process.execPath, ['-p', 'process.version']).toString().trim())"`;
      // What an outer `npm run` put on PATH is removed: the project's own run-script must bring Node 22.
      const env = { ...cleanNpmEnv(process.env), KPILENS_NODE_FLOOR_PROBE: shebang };
      const out = execFileSync(
        'npm',
        ['exec', '--call', `node -p process.version && "$KPILENS_NODE_FLOOR_PROBE" && ${child}`],
        {
          cwd: REPO_ROOT,
          env,
          encoding: 'utf8',
        },
      );
      const versions = out.trim().split('\n');
      assert.equal(versions.length, 3, out);
      for (const v of versions) assert.equal(v, `v${pkg.devDependencies.node}`, out);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('bin/kpilens.js on an older Node', () => {
    const OLD = '/usr/bin/node';
    let oldVersion = '';
    before(function () {
      oldVersion = fs.existsSync(OLD) ? execFileSync(OLD, ['--version'], { encoding: 'utf8' }).trim() : '';
      // The machine's Node (Debian 12: v20.20.2) is the older Node at hand.
      if (oldVersion === '' || (FLOOR !== undefined && guard.satisfies(oldVersion, FLOOR))) {
        console.log(`      (skipped: ${OLD} is ${oldVersion || 'missing'}, not older than the floor)`);
        this.skip();
      }
    });

    const runOld = (lang: string) =>
      spawnSync(OLD, [path.join(REPO_ROOT, 'bin', 'kpilens.js'), 'check', 'samples/loyalty.kpi.yaml'], {
        cwd: REPO_ROOT,
        env: { PATH: '/usr/bin:/bin', HOME: os.tmpdir(), LANG: lang },
        encoding: 'utf8',
      });

    it('prints one line naming the Node it needs and the one it got, exit code 2, no stack trace', () => {
      const r = runOld('C.UTF-8');
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.equal(
        r.stderr,
        `kpilens: needs Node.js 22.12.0 or later, this is ${oldVersion} (${OLD}); install a newer Node.js ` +
          '(in the KPI Lens repository, `npm run` and `npx` use the one `npm install` puts there)\n',
      );
    });

    it('in French where the CLI speaks French', () => {
      const r = runOld('fr_FR.UTF-8');
      assert.equal(r.status, 2);
      assert.equal(
        r.stderr,
        `kpilens\u00a0: Node.js 22.12.0 ou plus récent est nécessaire, celui-ci est ${oldVersion} (${OLD})\u00a0; ` +
          'installez un Node.js plus récent (dans le dépôt de KPI Lens, `npm run` et `npx` prennent celui que ' +
          '`npm install` y installe)\n',
      );
    });
  });

  it('the guard compares versions part by part and lets --locale win over the environment', () => {
    const floor: [number, number, number] = [22, 12, 0];
    // 22.11.9 < 22.12.0 (minor), 22.12.0 = floor, 22.12.1 and 23.0.0 above, 100.0.0 (no string order).
    assert.equal(guard.satisfies('v22.11.9', floor), false);
    assert.equal(guard.satisfies('v21.99.99', floor), false);
    assert.equal(guard.satisfies('v22.12.0', floor), true);
    assert.equal(guard.satisfies('v22.12.1', floor), true);
    assert.equal(guard.satisfies('v23.0.0', floor), true);
    assert.equal(guard.satisfies('v100.0.0', floor), true);
    assert.deepEqual(guard.floorOf('>=22'), [22, 0, 0]);
    assert.equal(guard.floorOf('^22.12.0'), undefined);
    assert.equal(guard.nodeFloorProblem('>=22.12.0', 'v22.12.0', '/x/node', [], {}), undefined);
    const en = guard.nodeFloorProblem('>=22.12.0', 'v22.11.0', '/x/node', ['--locale', 'en'], { LANG: 'fr_FR.UTF-8' });
    assert.match(en ?? '', /^kpilens: needs Node\.js 22\.12\.0 or later, this is v22\.11\.0 \(\/x\/node\);/);
    const fr = guard.nodeFloorProblem('>=22.12.0', 'v18.0.0', '/x/node', ['--locale=fr'], { LANG: 'C' });
    assert.match(fr ?? '', /^kpilens\u00a0: Node\.js 22\.12\.0 ou plus récent est nécessaire, celui-ci est v18\.0\.0/);
  });
});
