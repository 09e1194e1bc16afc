// The temp dir D of one run of run-tests.mjs (user data with the quiet settings, extensions, XDG
// dirs, TMPDIR, Chromium's profile, a copy of the suite's workspace, VS Code's logs) and the
// environment of every child started in it (code-server, Chromium): nothing of an outer VS Code,
// Electron or `npm run`, Node 24 first on PATH, no extension gallery.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { USER_SETTINGS, WORKSPACE_SRC } from './run-config.mjs';

/** Makes D and its parts; copies the test workspace into it so tests may change files. */
export function makeTempDir() {
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

export function childEnv(dirs, paths) {
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
