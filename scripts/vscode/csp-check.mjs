#!/usr/bin/env node
// CSP in a real browser (headless Chromium, part of `npm run test:vscode`): hostile markup
// injected into (1) the exported HTML report and (2) a page under the report webview's
// nonce policy (src/core/report/webviewCsp.ts) — inline <script>, inline event handlers
// (onerror, onload, onclick), a javascript: link, a data: script, a script with a wrong
// nonce, an iframe srcdoc script, eval from an allowed script. None may run; Chromium must
// report each as a CSP violation; the page's own script (by hash, by nonce) must still run.
// Prints the counts; exit 1 when any injected code ran.
/* global window, document, console -- page functions run in Chromium; the report goes to the terminal */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function chromiumPath() {
  if (process.env.KPILENS_CHROMIUM) return process.env.KPILENS_CHROMIUM;
  const cache = process.env.KPILENS_VSCODE_CACHE ?? path.join(os.homedir(), '.cache', 'kpilens-vscode');
  try {
    return JSON.parse(fs.readFileSync(path.join(cache, 'paths.json'), 'utf8')).chromium;
  } catch {
    return '/usr/bin/chromium';
  }
}

/** Each attack pushes its name into window.__ran if it runs. */
const ATTACKS = [
  ['inline script', "<script>window.__ran.push('inline script')</script>"],
  ['img onerror', '<img src="data:,x" onerror="window.__ran.push(\'img onerror\')">'],
  ['svg onload', '<svg onload="window.__ran.push(\'svg onload\')"></svg>'],
  ['body-level onclick', '<button id="attack-click" onclick="window.__ran.push(\'onclick\')">click</button>'],
  ['javascript: link', '<a id="attack-link" href="javascript:window.__ran.push(\'javascript link\')">link</a>'],
  ['data: script', '<script src="data:text/javascript,window.__ran.push(\'data script\')"></script>'],
  ['wrong nonce', '<script nonce="not-the-nonce">window.__ran.push(\'wrong nonce\')</script>'],
  ['iframe srcdoc', '<iframe srcdoc="<script>parent.__ran.push(\'srcdoc\')</script>"></iframe>'],
];

/** Runs in the page before anything else (through the DevTools protocol, outside the CSP). */
function initScript() {
  window.__ran = [];
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    window.__violations.push(`${e.effectiveDirective} ${e.blockedURI || 'inline'}`),
  );
}

async function check(browser, name, html, expectOwn) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-csp-')), `${name}.html`);
  fs.writeFileSync(file, html);
  const context = await browser.newContext({ offline: true });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
  });
  await page.addInitScript(initScript);
  await page.goto(`file://${file}`);
  await page.click('#attack-click');
  await page.click('#attack-link');
  // An allowed script trying eval and new Function: refused too (no 'unsafe-eval').
  await page.waitForTimeout(500);
  const state = await page.evaluate(() => ({
    ran: window.__ran,
    violations: window.__violations,
    own: window.__own ?? null,
    evalRan: window.__evalRan ?? null,
  }));
  const ownRan = await expectOwn(page, state);
  await context.close();
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  return { ...state, ownRan, requests };
}

async function main() {
  const { chromium } = await import('playwright-core');
  const executablePath = chromiumPath();
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
  const attacks = ATTACKS.map(([, markup]) => markup).join('\n');
  const results = [];
  try {
    // (1) The exported report, as `kpilens run --format html --out` writes it.
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-csp-export-')), 'report.html');
    execFileSync(
      process.execPath,
      [
        path.join(REPO, 'bin', 'kpilens.js'),
        'run',
        path.join(REPO, 'samples', 'loyalty.kpi.yaml'),
        '--format',
        'html',
        '--out',
        out,
      ],
      { stdio: 'pipe' },
    );
    const exported = fs.readFileSync(out, 'utf8').replace('</body>', `${attacks}\n</body>`);
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
    results.push([
      'exported report (hash CSP)',
      await check(browser, 'exported', exported, async (page) =>
        // The report's own script renders the interactive view into #kpilens-app.
        page.evaluate(() => (document.getElementById('kpilens-app')?.childElementCount ?? 0) > 0),
      ),
    ]);

    // (2) A page under the webview's nonce policy, with one script carrying the nonce.
    const { webviewCsp } = require(path.join(REPO, 'out', 'src', 'core', 'report', 'webviewCsp.js'));
    const nonce = 'Q2hlY2tlZE5vbmNlMTIz';
    const csp = webviewCsp('file:', nonce).replace(/"/g, '&quot;');
    const shell = [
      '<!DOCTYPE html><html><head><meta charset="utf-8">',
      `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
      '</head><body><div id="kpilens-app"></div>',
      `<script nonce="${nonce}">window.__own = true; try { eval('window.__evalRan = true'); } catch { window.__evalRan = false; }</script>`,
      attacks,
      '</body></html>',
    ].join('\n');
    results.push([
      'webview shell (nonce CSP)',
      await check(browser, 'webview', shell, async (_page, state) => state.own === true && state.evalRan === false),
    ]);
    // (3) Control: the same attacks without a policy must run, or this check proves nothing.
    const control = await check(
      browser,
      'control',
      `<!DOCTYPE html><html><body>${attacks}</body></html>`,
      async () => true,
    );
    if (control.ran.length < ATTACKS.length - 2) {
      console.error(
        `csp-check: FAIL the control page (no CSP) ran only ${control.ran.length} attacks: ${control.ran.join(', ')}`,
      );
      process.exitCode = 1;
      return;
    }
    console.log(
      `csp-check: control page without CSP: ${control.ran.length} of ${ATTACKS.length} attacks ran (the check can see them)`,
    );
  } finally {
    await browser.close();
  }

  let failed = 0;
  let refused = 0;
  for (const [name, r] of results) {
    refused += r.violations.length;
    const problems = [];
    if (r.ran.length > 0) problems.push(`injected code ran: ${r.ran.join(', ')}`);
    if (!r.ownRan) problems.push("the page's own script did not run");
    // Every attack but the iframe (whose srcdoc inherits the policy and reports inside the frame) is reported here.
    if (r.violations.length < ATTACKS.length - 1)
      problems.push(`only ${r.violations.length} CSP violations reported: ${r.violations.join('; ')}`);
    if (r.requests.length > 0) problems.push(`requests: ${r.requests.join(', ')}`);
    console.log(
      `csp-check: ${name}: ${ATTACKS.length} attacks injected, ${r.ran.length} ran, ${r.violations.length} CSP violations reported, own script ${r.ownRan ? 'ran' : 'DID NOT RUN'}`,
    );
    for (const p of problems) console.error(`csp-check: ${name}: FAIL ${p}`);
    if (problems.length) failed++;
  }
  console.log(
    `csp-check: ${results.length * ATTACKS.length} injections, ${refused} violations reported, ${failed} page(s) failed`,
  );
  process.exitCode = failed ? 1 : 0;
}

main().catch((err) => {
  console.error('csp-check: error:', err);
  process.exitCode = 2;
});
