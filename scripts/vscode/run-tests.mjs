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
// This file holds the command line and one run from start to end; its parts: run-config.mjs (the
// suite and what it implies, paths, settings), run-prerequisites.mjs (install.sh's paths, the
// build, PostgreSQL), run-dir.mjs (D and the children's environment), code-server.mjs (the
// server's process group), page-console.mjs (the relay of the page's console).
//
// Usage: node scripts/vscode/run-tests.mjs [--timeout SECONDS] [--keep]
// Env:   KPILENS_VSCODE_CACHE (install.sh's cache dir), KPILENS_VSCODE_TIMEOUT (seconds).
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, installVsix, startCodeServer, stopCodeServer, waitHealthy } from './code-server.mjs';
import { relayPageConsole } from './page-console.mjs';
import {
  CHROMIUM_FLAGS,
  E2E,
  FAILURE_DIR,
  FRENCH,
  HarnessError,
  INSTALL_VSIX,
  REPO,
  TESTS_MODULE,
  USER_SETTINGS,
  VSIX_SUITE,
  elapsed,
  say,
  vsixFile,
} from './run-config.mjs';
import { childEnv, makeTempDir } from './run-dir.mjs';
import { checkBuilt, ensurePostgres, readPaths } from './run-prerequisites.mjs';

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

/** The last `lines` lines of a log file, for the report of a failed run. */
function tail(file, lines = 60) {
  try {
    const text = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    return text.slice(-lines).join('\n');
  } catch {
    return `(no ${file})`;
  }
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

    // The tests' lines to stdout, the rest to D/browser-console.log (page-console.mjs).
    const consoleSettled = relayPageConsole(page, browserLog, rawLog);

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
      await consoleSettled();
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
