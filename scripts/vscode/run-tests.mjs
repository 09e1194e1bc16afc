#!/usr/bin/env node
// Runs the real-VS Code tests (test/vscode) in code-server, driven by Debian's Chromium via
// playwright-core. Builds nothing: expects `npm run build` (dist/extension.js) and `tsc`
// (out/test/vscode/**) done, and `bash scripts/vscode/install.sh` (Node 24 + code-server in
// the cache, paths in CACHE/paths.json).
//
// One run: a fresh temp dir D (user data, extensions, XDG dirs, TMPDIR, Chromium profile, a
// copy of test/vscode/workspace), code-server on a free 127.0.0.1 port in its own process
// group, the workbench opened with extensionDevelopmentPath = this repo and
// extensionTestsPath = out/test/vscode/index.js; mocha's output relayed from the page console
// to stdout; exit with the code VS Code hands to codeAutomationExit (mocha: 0 or 1).
// code-server's log goes to D/code-server.log, the page's other console output to
// D/browser-console.log; both are printed (tail) only on failure. On failure a screenshot is
// saved to out/vscode-test/failure.png and D is kept; on success D is removed.
//
// Suites (KPILENS_VSCODE_SUITE): the default (or `main`) runs test/vscode/suite inside the
// extension host, after installing PostgreSQL's binaries when they are missing (its table
// sources run on a throwaway server);
// `restricted` runs test/vscode/restricted with workspace trust on; `bench` the latency bench;
// `e2e` drives the workbench as a user does (scripts/vscode/e2e-report.mjs: palette, webview,
// screenshots into test-artifacts/e2e) on a copy of samples/ plus test/e2e/workspace.
// `vsix` tests what users install: it installs dist-vsix/kpilens-<version>-linux-x64.vsix
// (`npm run package`; KPILENS_VSIX overrides the path) with `code-server --install-extension`
// into D/extensions, then opens the workbench with test/vscode/vsix-runner (an empty
// extension: VS Code runs tests only with a development path) instead of this repo, and runs
// test/vscode/vsix against the installed KPI Lens. `e2e-vsix` runs the `e2e` scenario on the
// installed VSIX (no development path at all).
// `fr` runs KPI Lens in French: it installs a minimal French language pack into D
// (scripts/vscode/french-language-pack.mjs says why and how), starts code-server with
// `--locale fr` on a copy of samples/, runs test/vscode/fr inside the extension host
// (vscode.env.language, the translated manifest, code lenses), then, on the same server, opens
// the workbench again without tests and drives it as a user (scripts/vscode/e2e-french.mjs:
// palette, code lenses, status bar, notification, walkthrough, report). `fr-vsix` does the same
// against the installed linux-x64 VSIX.
//
// Usage: node scripts/vscode/run-tests.mjs [--timeout SECONDS] [--keep]
// Env:   KPILENS_VSCODE_CACHE (install.sh's cache dir), KPILENS_VSCODE_TIMEOUT (seconds).
/* global fetch, AbortSignal -- Node 20 globals; the ESLint config declares no Node globals for .mjs */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import util from 'node:util';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CACHE = process.env.KPILENS_VSCODE_CACHE || path.join(os.homedir(), '.cache', 'kpilens-vscode');
const TESTS_MODULE = path.join(REPO, 'out', 'test', 'vscode', 'index.js');
const SUITE = process.env.KPILENS_VSCODE_SUITE ?? '';
const E2E = SUITE === 'e2e' || SUITE === 'e2e-vsix';
/** The French suites: language pack, `--locale fr`, host tests then the user-level checks. */
const FRENCH = SUITE === 'fr' || SUITE === 'fr-vsix';
/** The suites whose host tests run with the empty runner as development path (the VSIX under test is installed). */
const VSIX_SUITE = SUITE === 'vsix' || SUITE === 'fr-vsix';
/** The suites that test the installed linux-x64 VSIX instead of this repo's folder. */
const INSTALL_VSIX = VSIX_SUITE || SUITE === 'e2e-vsix';
/** The workspace copied into each run: the tests' own, or the sample (with the showcase on top for e2e). */
const WORKSPACE_SRC = E2E
  ? [path.join(REPO, 'samples'), path.join(REPO, 'test', 'e2e', 'workspace')]
  : FRENCH
    ? [path.join(REPO, 'samples')]
    : [path.join(REPO, 'test', 'vscode', 'workspace')];
const FAILURE_DIR = path.join(REPO, 'out', 'vscode-test');
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A quiet, offline workbench: no gallery queries, no chat/agent UI, nothing restored. */
const USER_SETTINGS = {
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'git.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

const args = process.argv.slice(2);
const argValue = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const TIMEOUT_S = Number(argValue('--timeout') ?? process.env.KPILENS_VSCODE_TIMEOUT ?? 300);
const KEEP = args.includes('--keep');
if (!(TIMEOUT_S > 0)) {
  process.stderr.write('run-tests: error: --timeout / KPILENS_VSCODE_TIMEOUT must be a number of seconds > 0\n');
  process.exit(2);
}

/** A failure of the harness itself (not of a test): printed as one clear line, exit 2. */
class HarnessError extends Error {}

const say = (line) => process.stdout.write(`run-tests: ${line}\n`);
const elapsed = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

function readPaths() {
  const file = path.join(CACHE, 'paths.json');
  let paths;
  try {
    paths = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new HarnessError(`no ${file}: run 'bash scripts/vscode/install.sh' first`);
  }
  for (const key of ['node', 'codeServer', 'chromium']) {
    if (typeof paths[key] !== 'string' || !fs.existsSync(paths[key])) {
      throw new HarnessError(`${file}: ${key} (${paths[key]}) is missing: run 'bash scripts/vscode/install.sh' again`);
    }
  }
  return paths;
}

/** The VSIX the `vsix` suite installs. */
function vsixFile() {
  if (process.env.KPILENS_VSIX) return path.resolve(process.env.KPILENS_VSIX);
  const { version } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  return path.join(REPO, 'dist-vsix', `kpilens-${version}-linux-x64.vsix`);
}

function checkBuilt() {
  const main = INSTALL_VSIX ? vsixFile() : path.join(REPO, 'dist', 'extension.js');
  if (!fs.existsSync(main))
    throw new HarnessError(
      `no ${path.relative(REPO, main)}: run ${INSTALL_VSIX ? "'npm run package -- --target linux-x64'" : "'npm run build'"} first`,
    );
  if (!fs.existsSync(TESTS_MODULE))
    throw new HarnessError(`no ${path.relative(REPO, TESTS_MODULE)}: run 'npx tsc -p .' first`);
}

/**
 * The default suite runs table sources on a real, throwaway PostgreSQL server
 * (test/vscode/suite/connections.test.ts): Debian's binaries are installed when missing
 * (scripts/install-postgres.sh, a no-op once they are there), so that suite never skips.
 */
function ensurePostgres() {
  if (SUITE !== '' && SUITE !== 'main') return;
  const r = spawnSync('bash', [path.join(REPO, 'scripts', 'install-postgres.sh')], {
    stdio: 'inherit',
    timeout: 600_000,
  });
  if (r.status !== 0)
    throw new HarnessError(
      `scripts/install-postgres.sh failed (exit ${r.status ?? r.signal}): the suite needs PostgreSQL's binaries`,
    );
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function tail(file, lines = 60) {
  try {
    const text = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    return text.slice(-lines).join('\n');
  } catch {
    return `(no ${file})`;
  }
}

/** Makes D and its parts; copies the test workspace into it so tests may change files. */
function makeTempDir() {
  const D = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-vscode-'));
  const dirs = {
    D,
    userData: path.join(D, 'user-data'),
    extensions: path.join(D, 'extensions'),
    xdgConfig: path.join(D, 'xdg', 'config'),
    xdgData: path.join(D, 'xdg', 'data'),
    xdgCache: path.join(D, 'xdg', 'cache'),
    tmp: path.join(D, 'tmp'),
    chromium: path.join(D, 'chromium-profile'),
    workspace: path.join(D, 'workspace'),
    vscodeLogs: path.join(D, 'vscode-logs'),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  for (const src of WORKSPACE_SRC) fs.cpSync(src, dirs.workspace, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  return dirs;
}

function childEnv(dirs, paths) {
  const env = { ...process.env };
  // Nothing of an outer VS Code / Electron / npm run may leak into the server or the browser.
  for (const k of Object.keys(env)) {
    if (/^(VSCODE_|ELECTRON_|npm_)/.test(k) || k === 'NODE_OPTIONS') delete env[k];
  }
  return {
    ...env,
    PATH: `${path.dirname(paths.node)}${path.delimiter}${env.PATH ?? ''}`,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    TMPDIR: dirs.tmp,
    // No extension gallery (code-server's default is open-vsx.org, unreachable here): the
    // workbench then makes no gallery queries at all.
    EXTENSIONS_GALLERY: '{}',
  };
}

/** code-server's process group while it may be running: killed on any exit of this process. */
let serverPgid;
process.on('exit', () => {
  if (serverPgid === undefined) return;
  try {
    process.kill(-serverPgid, 'SIGKILL');
  } catch {
    // already gone
  }
});

/** Starts code-server in its own session/process group (setsid), its output in D/code-server.log. */
function startCodeServer(dirs, paths, port) {
  const logFile = path.join(dirs.D, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  const argv = [
    paths.codeServer,
    '--config',
    '/dev/null',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    // The French suites: the display language (resolved through the language pack installed in D).
    ...(FRENCH ? ['--locale', 'fr'] : []),
    // The `restricted` suite runs with workspace trust on: the folder opens in Restricted Mode.
    ...(SUITE === 'restricted' ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--vscode-option',
    'enable-smoke-test-driver',
  ];
  // detached: Node calls setsid(2) in the child, so its pid is the process group id and
  // process.kill(-pid) reaches every process it starts (extension host, file watcher, pty host).
  const child = spawn(paths.node, argv, {
    cwd: dirs.D,
    env: childEnv(dirs, paths),
    detached: true,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  serverPgid = child.pid;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.once('error', (err) => fs.appendFileSync(logFile, `\n[run-tests] spawn failed: ${err.message}\n`));
  return { child, logFile, exited };
}

/**
 * `code-server --install-extension` of a VSIX (by default KPI Lens's) into D/extensions (what a
 * user does), bounded; returns the one installed folder whose name starts with `prefix`.
 */
async function installVsix(dirs, paths, deadlineMs, vsix = vsixFile(), prefix = 'kpilens.kpilens-') {
  const argv = [
    paths.codeServer,
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
    '--install-extension',
    vsix,
  ];
  const child = spawn(paths.node, argv, { cwd: dirs.D, env: childEnv(dirs, paths), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), Math.max(1_000, deadlineMs - Date.now()));
  const code = await new Promise((resolve) => child.once('close', resolve));
  clearTimeout(timer);
  fs.appendFileSync(path.join(dirs.D, 'install-extension.log'), output);
  const installed = fs.readdirSync(dirs.extensions).filter((n) => n.startsWith(prefix));
  if (code !== 0 || installed.length !== 1) {
    throw new HarnessError(
      `code-server --install-extension ${path.relative(REPO, vsix)} failed (exit ${code}, installed: ${installed.join(', ') || 'nothing'}):\n${output.trim()}`,
    );
  }
  return installed[0];
}

/** Kills code-server's whole process group: TERM, then KILL after 5 s. */
async function stopCodeServer(server) {
  if (!server?.child.pid) return;
  const pgid = server.child.pid;
  const signalGroup = (sig) => {
    try {
      process.kill(-pgid, sig);
      return true;
    } catch {
      return false; // ESRCH: the group is gone
    }
  };
  if (!signalGroup('SIGTERM')) return;
  for (let i = 0; i < 50; i++) {
    await sleep(100);
    if (!signalGroup(0)) return;
  }
  signalGroup('SIGKILL');
  serverPgid = undefined;
}

async function waitHealthy(server, port, deadlineMs) {
  const url = `http://127.0.0.1:${port}/healthz`;
  let exitedEarly;
  void server.exited.then((e) => {
    exitedEarly = e;
  });
  while (Date.now() < deadlineMs) {
    if (exitedEarly)
      throw new HarnessError(`code-server exited early (code ${exitedEarly.code}, signal ${exitedEarly.signal})`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new HarnessError(`code-server did not answer ${url} in time`);
}

/** printf-like formatting of a console call's arguments, %c (CSS) dropped. */
function formatConsole(values) {
  if (values.length === 0) return '';
  return util.format(...values.map((v) => (v === undefined ? 'undefined' : v)));
}

/** The prefix of the test run's own lines (test/vscode/index.ts's OUTPUT_MARK). */
const OUTPUT_MARK = '[vscode-test] ';

/**
 * The extension host's console output reaches the page console among the workbench's own
 * logs, as `console.log('%c INFO', css, ...args)`. The tests' lines are those whose text
 * starts with OUTPUT_MARK: returns that text without the mark, else undefined.
 */
function testOutput(values) {
  if (values.length < 3 || typeof values[0] !== 'string' || !/^%c\s*INFO\s*$/.test(values[0])) return undefined;
  const text = formatConsole(values.slice(2));
  return text.startsWith(OUTPUT_MARK) ? text.slice(OUTPUT_MARK.length) : undefined;
}

async function main() {
  const t0 = Date.now();
  const deadline = t0 + TIMEOUT_S * 1000;
  const remaining = (capMs) => Math.max(1_000, Math.min(capMs, deadline - Date.now()));
  // Last resort if even the cleanup hangs: exit; the 'exit' hook kills code-server's group.
  setTimeout(
    () => {
      process.stderr.write(`run-tests: error: still running ${TIMEOUT_S + 60} s after the start: giving up\n`);
      process.exit(2);
    },
    (TIMEOUT_S + 60) * 1000,
  ).unref();
  checkBuilt();
  ensurePostgres();
  fs.rmSync(path.join(FAILURE_DIR, 'failure.png'), { force: true });
  const paths = readPaths();
  const { chromium } = await import('playwright-core').catch(() => {
    throw new HarnessError("cannot load playwright-core: it is a devDependency, run 'npm ci'");
  });

  const dirs = makeTempDir();
  const browserLog = path.join(dirs.D, 'browser-console.log');
  const rawLog = process.env.KPILENS_VSCODE_RAW_CONSOLE ? path.join(dirs.D, 'raw-console.jsonl') : undefined;
  say(`temp dir ${dirs.D}`);

  let server;
  let context;
  let page;
  let ok = false;
  let timer;
  try {
    if (INSTALL_VSIX) {
      const installed = await installVsix(dirs, paths, Date.now() + remaining(120_000));
      say(`installed ${path.relative(REPO, vsixFile())} as ${installed} after ${elapsed(t0)}`);
    }
    if (FRENCH) {
      const { installFrenchLanguagePack } = await import('./french-language-pack.mjs');
      const installed = await installFrenchLanguagePack({
        repo: REPO,
        dirs,
        install: (vsix, prefix) => installVsix(dirs, paths, Date.now() + remaining(60_000), vsix, prefix),
      });
      say(`installed the French language pack as ${installed} (languagepacks.json written) after ${elapsed(t0)}`);
    }
    const port = await freePort();
    server = startCodeServer(dirs, paths, port);
    await waitHealthy(server, port, Date.now() + remaining(60_000));
    say(
      `code-server ${paths.codeServerVersion} on 127.0.0.1:${port} (pid ${server.child.pid}) healthy after ${elapsed(t0)}`,
    );

    context = await chromium.launchPersistentContext(dirs.chromium, {
      executablePath: paths.chromium,
      headless: true,
      args: CHROMIUM_FLAGS,
      env: childEnv(dirs, paths),
      viewport: E2E ? { width: 1600, height: 1000 } : { width: 1280, height: 800 },
      timeout: remaining(60_000),
    });
    page = context.pages()[0] ?? (await context.newPage());

    // One exit per workbench load: the French suites load it twice (host tests, then the UI).
    let resolveExit;
    let exitCode;
    const expectExit = () => {
      exitCode = new Promise((resolve) => {
        resolveExit = resolve;
      });
    };
    expectExit();
    await page.exposeFunction('codeAutomationExit', (code, logs) => {
      // VS Code hands over its own logs too: keep them in D/vscode-logs for post-mortems.
      if (Array.isArray(logs)) {
        for (const log of logs) {
          if (!log || typeof log.relativePath !== 'string') continue;
          const file = path.resolve(dirs.vscodeLogs, log.relativePath);
          if (!file.startsWith(dirs.vscodeLogs + path.sep)) continue;
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, String(log.contents ?? ''));
        }
      }
      resolveExit(typeof code === 'number' ? code : 1);
    });

    // Console messages are handled in order: each one's values are fetched asynchronously.
    let consoleQueue = Promise.resolve();
    page.on('console', (msg) => {
      consoleQueue = consoleQueue
        .then(async () => {
          const values = await Promise.all(msg.args().map((a) => a.jsonValue().catch(() => a.toString())));
          if (rawLog) fs.appendFileSync(rawLog, JSON.stringify({ type: msg.type(), values }) + '\n');
          const text = testOutput(values);
          if (text !== undefined) process.stdout.write(`${text}\n`);
          else {
            const where = msg.type() === 'error' && msg.location()?.url ? ` (${msg.location().url})` : '';
            fs.appendFileSync(
              browserLog,
              `[${msg.type()}] ${values.length ? formatConsole(values) : msg.text()}${where}\n`,
            );
          }
        })
        .catch((err) => fs.appendFileSync(browserLog, `[run-tests] console relay failed: ${err}\n`));
    });
    page.on('pageerror', (err) => fs.appendFileSync(browserLog, `[pageerror] ${err.stack ?? err}\n`));

    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const developmentPath = VSIX_SUITE
      ? path.join(REPO, 'test', 'vscode', 'vsix-runner')
      : INSTALL_VSIX
        ? undefined
        : REPO;
    const workbenchUrl = (withTests) => {
      const payload = [
        ...(developmentPath ? [['extensionDevelopmentPath', remote(developmentPath)]] : []),
        ...(withTests ? [['extensionTestsPath', remote(TESTS_MODULE)]] : []),
      ];
      return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    };
    /** Runs a user-level suite (in Node, driving the page); its exit code resolves the current exit. */
    const runUserSuite = (name, suite) => {
      void suite().then(resolveExit, (err) => {
        process.stdout.write(`${name}: harness error: ${err?.stack ?? err}\n`);
        resolveExit(1);
      });
    };
    const serverDied = server.exited.then((e) => ({ died: e }));
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
    });
    /** The current workbench load's exit code, or a harness error on a timeout or a dead server. */
    const nextOutcome = async () => {
      const outcome = await Promise.race([exitCode, timedOut, serverDied]);
      await sleep(250); // console events still in flight behind the exit call
      await consoleQueue;
      if (outcome === 'timeout')
        throw new HarnessError(`timed out after ${TIMEOUT_S} s: the tests did not finish (no codeAutomationExit)`);
      if (typeof outcome === 'object')
        throw new HarnessError(
          `code-server exited during the tests (code ${outcome.died.code}, signal ${outcome.died.signal})`,
        );
      return outcome;
    };

    await page.goto(workbenchUrl(!E2E), { waitUntil: 'domcontentloaded', timeout: remaining(60_000) });
    say(`workbench opened after ${elapsed(t0)}; running tests (timeout ${TIMEOUT_S} s)`);
    if (E2E) {
      const { runE2e } = await import('./e2e-report.mjs');
      runUserSuite('e2e', () =>
        runE2e({
          page,
          context,
          repo: REPO,
          workspace: dirs.workspace,
          settingsFile: path.join(dirs.userData, 'User', 'settings.json'),
          userSettings: USER_SETTINGS,
          tmp: dirs.D,
          paths,
        }),
      );
    }
    let outcome = await nextOutcome();
    say(`VS Code exited with code ${outcome} after ${elapsed(t0)}`);
    if (FRENCH) {
      // Second load on the same server, user data and language: no tests in the extension
      // host, the French UI driven as a user.
      expectExit();
      await page.goto(workbenchUrl(false), { waitUntil: 'domcontentloaded', timeout: remaining(60_000) });
      say(`workbench opened again after ${elapsed(t0)}; driving the French UI`);
      const { runFrenchUi } = await import('./e2e-french.mjs');
      runUserSuite('fr', () => runFrenchUi({ page, repo: REPO, workspace: dirs.workspace }));
      const ui = await nextOutcome();
      say(`the French UI checks ended with code ${ui} after ${elapsed(t0)}`);
      outcome = outcome === 0 ? ui : outcome;
    }
    ok = outcome === 0;
    return outcome;
  } finally {
    clearTimeout(timer);
    if (!ok) {
      if (page) {
        fs.mkdirSync(FAILURE_DIR, { recursive: true });
        const shot = path.join(FAILURE_DIR, 'failure.png');
        await page.screenshot({ path: shot, timeout: 10_000 }).then(
          () => say(`screenshot: ${path.relative(REPO, shot)}`),
          () => say('screenshot failed'),
        );
      }
    }
    await (context ? Promise.race([context.close().catch(() => {}), sleep(10_000)]) : undefined);
    await stopCodeServer(server);
    if (!ok) {
      process.stdout.write(
        `\n----- code-server log (tail of ${path.join(dirs.D, 'code-server.log')}) -----\n${tail(path.join(dirs.D, 'code-server.log'))}\n`,
      );
      process.stdout.write(`----- page console (tail of ${browserLog}) -----\n${tail(browserLog, 40)}\n-----\n`);
      say(`kept ${dirs.D} (VS Code logs in ${dirs.vscodeLogs})`);
    } else if (KEEP) {
      say(`kept ${dirs.D}`);
    } else {
      fs.rmSync(dirs.D, { recursive: true, force: true, maxRetries: 3 });
    }
  }
}

let exiting = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    // main()'s finally does not run on a signal: exit now; the 'exit' hook kills code-server's
    // group and playwright-core closes the browser it launched.
    if (exiting) return;
    exiting = true;
    say(`${sig}: stopping`);
    process.exit(130);
  });
}

main().then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof HarnessError) process.stderr.write(`run-tests: error: ${err.message}\n`);
    else process.stderr.write(`run-tests: internal error: ${err?.stack ?? err}\n`);
    process.exit(2);
  },
);
