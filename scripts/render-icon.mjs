#!/usr/bin/env node
// Renders media/icon.svg to media/icon.png (128×128, the extension's icon: vsce takes PNG
// only) with headless Chromium through playwright-core (`npm run icon`). Chromium: the
// KPILENS_CHROMIUM variable, else /usr/bin/chromium. Both files are committed.
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SVG = path.join(REPO, 'media', 'icon.svg');
const PNG = path.join(REPO, 'media', 'icon.png');
const SIZE = 128;

const browser = await chromium.launch({
  executablePath: process.env.KPILENS_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  const svg = fs.readFileSync(SVG, 'utf8');
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: PNG, omitBackground: true });
  process.stdout.write(`wrote ${path.relative(process.cwd(), PNG)}\n`);
} finally {
  await browser.close();
}
