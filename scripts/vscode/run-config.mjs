// What one run of run-tests.mjs is made of: the suite chosen by KPILENS_VSCODE_SUITE and what it
// implies (installed VSIX, French, user-level e2e, the workspace copied in), the repo's paths,
// the quiet user settings, Chromium's flags, the VSIX under test; HarnessError (a failure of the
// harness, not of a test) and the `run-tests:` progress line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CACHE = process.env.KPILENS_VSCODE_CACHE || path.join(os.homedir(), '.cache', 'kpilens-vscode');
export const TESTS_MODULE = path.join(REPO, 'out', 'test', 'vscode', 'index.js');
export const SUITE = process.env.KPILENS_VSCODE_SUITE ?? '';
export const E2E = SUITE === 'e2e' || SUITE === 'e2e-vsix';
/** The French suites: language pack, `--locale fr`, host tests then the user-level checks. */
export const FRENCH = SUITE === 'fr' || SUITE === 'fr-vsix';
/** The suites whose host tests run with the empty runner as development path (the VSIX under test is installed). */
export const VSIX_SUITE = SUITE === 'vsix' || SUITE === 'fr-vsix';
/** The suites that test the installed linux-x64 VSIX instead of this repo's folder. */
export const INSTALL_VSIX = VSIX_SUITE || SUITE === 'e2e-vsix';
/** The workspace copied into each run: the tests' own, or the sample (with the showcase on top for e2e). */
export const WORKSPACE_SRC = E2E
  ? [path.join(REPO, 'samples'), path.join(REPO, 'test', 'e2e', 'workspace')]
  : FRENCH
    ? [path.join(REPO, 'samples')]
    : [path.join(REPO, 'test', 'vscode', 'workspace')];
export const FAILURE_DIR = path.join(REPO, 'out', 'vscode-test');
export const CHROMIUM_FLAGS = [
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
export const USER_SETTINGS = {
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

/** A failure of the harness itself (not of a test): printed as one clear line, exit 2. */
export class HarnessError extends Error {}

export const say = (line) => process.stdout.write(`run-tests: ${line}\n`);
export const elapsed = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

/** The VSIX the `vsix` suite installs. */
export function vsixFile() {
  if (process.env.KPILENS_VSIX) return path.resolve(process.env.KPILENS_VSIX);
  const { version } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  return path.join(REPO, 'dist-vsix', `kpilens-${version}-linux-x64.vsix`);
}
