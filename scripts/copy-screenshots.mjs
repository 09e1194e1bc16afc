#!/usr/bin/env node
// Copies the README's screenshots from the end-to-end tests' output (test-artifacts/e2e/,
// git-ignored) to docs/images/ (committed). Run by `npm run screenshots` after the e2e suite
// on the installed VSIX (no "Extension Development Host" in the window title);
// fails with one line when a screenshot is missing.
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FROM = path.join(REPO, 'test-artifacts', 'e2e');
const TO = path.join(REPO, 'docs', 'images');
const CHOSEN = ['editor-dark.png', 'report-light.png', 'report-dark.png', 'showcase-dark.png', 'compare-dark.png'];

const missing = CHOSEN.filter((f) => !fs.existsSync(path.join(FROM, f)));
if (missing.length) {
  process.stderr.write(`screenshots: error: ${missing.join(', ')} missing in ${path.relative(REPO, FROM)}/ (run the e2e suite: KPILENS_VSCODE_SUITE=e2e-vsix node scripts/vscode/run-tests.mjs)\n`);
  process.exit(1);
}
fs.mkdirSync(TO, { recursive: true });
for (const f of CHOSEN) fs.copyFileSync(path.join(FROM, f), path.join(TO, f));
process.stdout.write(`screenshots: copied ${CHOSEN.join(', ')} to ${path.relative(REPO, TO)}/\n`);
