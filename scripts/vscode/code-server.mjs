// code-server for run-tests.mjs: a free 127.0.0.1 port, the server started in its own process
// group (its output in D/code-server.log) with the flags of the suite, waiting for /healthz,
// `--install-extension` of a VSIX into D/extensions, and stopping the whole group — also on any
// exit of this process, so no server outlives a run.
/* global fetch, AbortSignal -- Node 20 globals; the ESLint config declares no Node globals for .mjs */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import process from 'node:process';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { FRENCH, HarnessError, REPO, SUITE, vsixFile } from './run-config.mjs';
import { childEnv } from './run-dir.mjs';

export function freePort() {
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
export function startCodeServer(dirs, paths, port) {
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
export async function installVsix(dirs, paths, deadlineMs, vsix = vsixFile(), prefix = 'kpilens.kpilens-') {
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
export async function stopCodeServer(server) {
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

export async function waitHealthy(server, port, deadlineMs) {
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
