// What run-tests.mjs checks or installs before it starts anything: install.sh's paths (Node 24,
// code-server, Chromium), the built extension or the packaged VSIX and the compiled tests, and
// PostgreSQL's binaries for the default suite. A missing piece is a HarnessError saying what to run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CACHE, HarnessError, INSTALL_VSIX, REPO, SUITE, TESTS_MODULE, vsixFile } from './run-config.mjs';

export function readPaths() {
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

export function checkBuilt() {
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
export function ensurePostgres() {
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
