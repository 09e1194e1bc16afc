// The environment of an npm that our scripts run themselves (issue: code-server would not
// install under `npm run`, because the outer npm's npm_config_user_agent named Node 20 and the
// inner npm took it as its own configuration). Both implementations of the rule — the shell
// function install.sh sources (scripts/lib/npm-env.sh) and scripts/npmEnv.ts (package-vsix,
// the French language pack) — are run here on the same environment, and a real npm is asked
// what it reads after the cleaning.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cleanNpmEnv } from '../../../scripts/npmEnv';
import { REPO_ROOT } from '../helpers';

const SHELL_LIB = path.join(REPO_ROOT, 'scripts', 'lib', 'npm-env.sh');

/** What `npm run` exports (a subset taken from a real `npm run env` on this machine) plus a user's settings. */
function underNpmRun(): NodeJS.ProcessEnv {
  return {
    HOME: process.env.HOME,
    PATH: `${REPO_ROOT}/node_modules/.bin:/work/node_modules/.bin:/node_modules/.bin:/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin:/usr/local/bin:/usr/bin:/bin`,
    npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
    npm_node_execpath: '/usr/bin/node',
    npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
    npm_package_name: 'kpilens',
    npm_package_engines_node: '>=20',
    npm_lifecycle_event: 'test:vscode',
    npm_lifecycle_script: 'bash scripts/vscode/install.sh',
    npm_command: 'run-script',
    npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    npm_config_local_prefix: REPO_ROOT,
    npm_config_prefix: '/usr',
    npm_config_global_prefix: '/usr',
    npm_config_npm_version: '11.19.1',
    npm_config_loglevel: 'silent',
    npm_config_nodedir: '/usr',
    NODE: '/usr/bin/node',
    INIT_CWD: REPO_ROOT,
    // Where and how to reach the registry: kept.
    npm_config_registry: 'https://registry.example.invalid/',
    npm_config_cafile: '/etc/ssl/certs/ca-certificates.crt',
    npm_config_https_proxy: 'http://proxy.example.invalid:3128',
    npm_config_userconfig: '/root/.npmrc',
    npm_config_cache: '/root/.npm',
    // A user's own uppercase setting: kept.
    NPM_CONFIG_FETCH_RETRIES: '5',
    LANG: 'C.UTF-8',
  };
}

/** The environment after the shell function, as `env -0` prints it. */
function cleanedByShell(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = execFileSync('/bin/bash', ['--norc', '-c', 'source "$1"; clean_npm_env; env -0', 'npm-env', SHELL_LIB], {
    env,
    encoding: 'utf8',
  });
  const result: NodeJS.ProcessEnv = {};
  for (const entry of out.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) result[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  // Variables bash sets for itself.
  for (const own of ['PWD', 'OLDPWD', 'SHLVL', '_']) delete result[own];
  return result;
}

describe('the environment of an inner npm (scripts/npmEnv.ts, scripts/lib/npm-env.sh)', () => {
  it('drops what npm run exported and keeps the registry, proxy, TLS and cache settings', () => {
    const cleaned = cleanNpmEnv(underNpmRun());
    assert.deepEqual(Object.keys(cleaned).sort(), [
      'HOME',
      'LANG',
      'NPM_CONFIG_FETCH_RETRIES',
      'PATH',
      'npm_config_cache',
      'npm_config_cafile',
      'npm_config_https_proxy',
      'npm_config_registry',
      'npm_config_userconfig',
    ]);
    assert.equal(cleaned.PATH, '/usr/local/bin:/usr/bin:/bin');
    assert.equal(cleaned.npm_config_registry, 'https://registry.example.invalid/');
  });

  it('the shell function and the TypeScript function give the same environment', () => {
    const env = underNpmRun();
    assert.deepEqual(cleanedByShell(env), cleanNpmEnv(env));
  });

  it('a lifecycle script of an inner npm sees its own npm and Node, not the outer ones', function () {
    // What code-server's postinstall reads: npm_config_user_agent, as npm sets it for a
    // script it runs. A package whose script prints it, run by a real npm.
    this.timeout(60_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-npmenv-'));
    try {
      const print = 'node -e "console.log(process.env.npm_config_user_agent)"';
      fs.writeFileSync(
        path.join(dir, 'package.json'),
        JSON.stringify({ name: 'ua', private: true, scripts: { ua: print } }),
      );
      const outer: NodeJS.ProcessEnv = {
        ...underNpmRun(),
        PATH: process.env.PATH,
        npm_config_user_agent: 'npm/0.0.0 node/v1.0.0 outer',
      };
      delete outer.npm_config_registry;
      delete outer.npm_config_https_proxy;
      const ua = (env: NodeJS.ProcessEnv) =>
        execFileSync('npm', ['run', '--silent', 'ua'], { cwd: dir, env, encoding: 'utf8' }).trim();
      // Without the cleaning the inner npm takes the outer value as its configuration (the bug).
      assert.equal(ua(outer), 'npm/0.0.0 node/v1.0.0 outer');
      // After it, npm builds the user agent from the Node that runs it: the first `node` on the
      // cleaned PATH (the machine's, once the project's node_modules/.bin with Node 22 is gone).
      const cleaned = cleanNpmEnv(outer);
      const nodeOnPath = execFileSync('node', ['--version'], { env: cleaned, encoding: 'utf8' }).trim();
      const inner = ua(cleaned);
      assert.match(inner, new RegExp(`^npm/\\S+ node/${nodeOnPath.replace(/\./g, '\\.')} `));
      const byShell = execFileSync(
        '/bin/bash',
        ['--norc', '-c', 'source "$1"; clean_npm_env; cd "$2" && npm run --silent ua', 'npm-env', SHELL_LIB, dir],
        { env: outer, encoding: 'utf8' },
      ).trim();
      assert.equal(byShell, inner);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
