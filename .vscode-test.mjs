// For contributors whose machine can download VS Code desktop: `npm run test:desktop` runs
// the same mocha suite as CI (test/vscode/suite) under @vscode/test-electron. CI cannot
// download VS Code and uses code-server instead (scripts/vscode/run-tests.mjs). The test
// workspace is copied to a temporary folder first, since the tests edit files in it.
import { defineConfig } from '@vscode/test-cli';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const workspace = join(mkdtempSync(join(tmpdir(), 'kpilens-desktop-')), 'workspace');
cpSync('test/vscode/workspace', workspace, { recursive: true });

export default defineConfig({
  files: 'out/test/vscode/suite/**/*.test.js',
  workspaceFolder: workspace,
  mocha: { ui: 'bdd', timeout: 60000 },
});
