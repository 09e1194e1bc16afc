#!/usr/bin/env node
// Copies the README's screenshots from the end-to-end tests' output (test-artifacts/e2e/ and,
// in French, test-artifacts/fr/; git-ignored) to docs/images/ (committed). Run by `npm run
// screenshots` after the e2e and French suites on the installed VSIX (no "Extension
// Development Host" in the window title); fails with one line when a screenshot is missing.
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TO = path.join(REPO, 'docs', 'images');
/** [the suite's artifacts folder, its screenshot, the suite that takes it]. */
const CHOSEN = [
  ...['editor-dark.png', 'report-light.png', 'report-dark.png', 'showcase-dark.png', 'compare-dark.png'].map((f) => [
    'e2e',
    f,
    'e2e-vsix',
  ]),
  ['fr', 'report-fr.png', 'fr-vsix'],
];

const missing = CHOSEN.filter(([dir, f]) => !fs.existsSync(path.join(REPO, 'test-artifacts', dir, f)));
if (missing.length) {
  const list = missing.map(
    ([dir, f, suite]) => `test-artifacts/${dir}/${f} (KPILENS_VSCODE_SUITE=${suite} node scripts/vscode/run-tests.mjs)`,
  );
  process.stderr.write(`screenshots: error: missing ${list.join(', ')}\n`);
  process.exit(1);
}
fs.mkdirSync(TO, { recursive: true });
for (const [dir, f] of CHOSEN) fs.copyFileSync(path.join(REPO, 'test-artifacts', dir, f), path.join(TO, f));
process.stdout.write(`screenshots: copied ${CHOSEN.map(([, f]) => f).join(', ')} to ${path.relative(REPO, TO)}/\n`);
