// End-to-end tests of the report as a user meets it, in code-server driven by headless
// Chromium (run by run-tests.mjs with KPILENS_VSCODE_SUITE=e2e, which opened the workbench on
// a copy of samples/ plus test/e2e/workspace). Each test uses the workbench's own UI: the
// explorer, the command palette, the webview's iframe. Screenshots (light and dark themes,
// editor and report, the exported page) go to test-artifacts/e2e/ for CI to keep.
// Values shown in the webview are compared with `kpilens run --format json` on the same files;
// an axe-core audit (WCAG 2.1 A/AA) of the view in light and dark and of the exported page must
// find no violation. Last, the links from a score segment's bars to its customers
// (e2e-customers.mjs). KPILENS_E2E_ONLY=word1,word2 runs only the tests whose names hold a word.
// This file holds the suite and the tests of the view; the exported page's test is in
// e2e-report-export.mjs, the helpers in e2e-report-helpers.mjs, the audit in axe-audit.mjs.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { expectNoAxeViolations, readAxeSource } from './axe-audit.mjs';
import { customerLinkTests } from './e2e-customers.mjs';
import { exportedReportTest } from './e2e-report-export.mjs';
import { expectSameHeadlines, reportHelpers } from './e2e-report-helpers.mjs';
import { Expect, expect, expectEqual, testRunner, workbench } from './workbench.mjs';

const run = promisify(execFile);
const XSS = ['<img src=x onerror=alert(1)>', '<script>alert(2)</script>'];

export async function runE2e({ page, context, repo, workspace }) {
  const artifacts = path.join(repo, 'test-artifacts', 'e2e');
  fs.rmSync(artifacts, { recursive: true, force: true });
  fs.mkdirSync(artifacts, { recursive: true });
  const axeSource = readAxeSource(repo);
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss().catch(() => {});
  });

  const out = (line) => process.stdout.write(`${line}\n`);
  const only = process.env.KPILENS_E2E_ONLY ? process.env.KPILENS_E2E_ONLY.split(',') : undefined;
  const { test, shot, summary } = testRunner({ page, artifacts, only, out });

  // --- the workbench (workbench.mjs) and the report's helpers (e2e-report-helpers.mjs) ---
  const wb = workbench(page);
  const { palette, activeTab, reportFrame, cards } = wb;
  const helpers = reportHelpers({ page, repo, workspace, wb });
  const { openFile, cliJson, expectedHeadlines, reportDocument, shownHeadlines, pickTheme, setTheme } = helpers;

  out('\n  KPI Lens end to end: the report as a user sees it');
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });

  const loyalty = await cliJson('loyalty.kpi.yaml');
  const showcase = await cliJson('showcase.kpi.yaml');

  await test('the sample opens with code lenses (the extension is active)', async () => {
    await pickTheme('Dark 2026');
    await page.locator('.monaco-workbench.vs-dark').waitFor({ state: 'attached', timeout: 30_000 });
    await openFile('loyalty.kpi.yaml');
    await page.locator('.monaco-editor .codelens-decoration').first().waitFor({ timeout: 60_000 });
    await shot('editor-dark.png');
  });

  await test('"KPI Lens: Run report" from the palette shows every KPI with the values of `kpilens run --format json`', async () => {
    await palette('KPI Lens: Run report');
    const frame = await reportFrame();
    await cards(frame, loyalty.kpis.length);
    expectSameHeadlines(await shownHeadlines(frame), expectedHeadlines(loyalty), 'headline values');
    const asOf = await frame.locator('.kl-asof time').getAttribute('datetime');
    expectEqual(asOf, loyalty.as_of, 'as of');
    await shot('report-dark.png');
  });

  await test('the view follows the theme: light, dark and high-contrast screenshots', async () => {
    const frame = await reportFrame();
    await setTheme('Light 2026', 'vscode-light', frame);
    await shot('report-light.png');
    await setTheme('Dark High Contrast', 'vscode-high-contrast', frame);
    await shot('report-high-contrast.png');
    await setTheme('Dark 2026', 'vscode-dark', frame);
    await shot('report-dark.png');
  });

  await test("the sample's changes read as the contract says: churn and repurchase in points, NPS in points, revenue in percent; English digit groups", async () => {
    const frame = await reportFrame();
    const change = (kpi) =>
      frame.locator(`.kl-card[data-kpi="${kpi}"] .kl-headline .kl-change`).first().textContent({ timeout: 10_000 });
    const value = (kpi) =>
      frame.locator(`.kl-card[data-kpi="${kpi}"] .kl-value`).first().textContent({ timeout: 10_000 });
    // Revenue 2025-12: 219602.53 EUR, (219602.53 − 179200.71) / 179200.71 = +22.5 %.
    expectEqual(await value('revenue'), '219,602.53 EUR', 'revenue headline');
    expectEqual((await change('revenue'))?.trim(), '▲22.5 %', 'revenue change');
    // Churn 2025-12: 5.03 % vs 4.01 %: +1.02 points → ▲1 pp (not the relative ▲25.6 %).
    expectEqual((await change('churn_rate'))?.trim(), '▲1 pp', 'churn change');
    // NPS 2025-Q4 vs 2024-Q4 (year_ago): 31.04 − 29.13 = +1.9 points (not ▲6.6 %).
    expectEqual((await change('nps'))?.trim(), '▲1.9', 'NPS change');
  });

  await test('the report passes an axe-core WCAG 2.1 AA audit with 0 violations, in the light and the dark theme', async () => {
    const frame = await reportFrame();
    await setTheme('Light 2026', 'vscode-light', frame);
    await expectNoAxeViolations(await reportDocument(), axeSource, 'report, Light 2026');
    await shot('report-light-audited.png');
    await setTheme('Dark 2026', 'vscode-dark', frame);
    await expectNoAxeViolations(await reportDocument(), axeSource, 'report, Dark 2026');
    await shot('report-dark-audited.png');
  });

  await test('the view keeps its filter when hidden and shown again (another editor in its group)', async () => {
    let frame = await reportFrame();
    await frame.locator('.kl-search').fill('churn');
    await cards(frame, 1);
    await sleep(500); // the view saves its state
    const reportTab = page.locator('.tab', { hasText: 'Report: loyalty.kpi.yaml' }).first();
    await reportTab.click();
    await palette('Go to File...');
    await wb.typeInQuickInput('README.md');
    await sleep(300);
    await page.keyboard.press('Enter');
    await activeTab('README.md').waitFor({ timeout: 20_000 });
    await reportTab.click();
    frame = await reportFrame();
    await cards(frame, 1);
    expectEqual(await frame.locator('.kl-search').inputValue(), 'churn', 'the search text after hide/show');
  });

  await test('the report panel and its filter are restored after a reload of the window (WebviewPanelSerializer)', async () => {
    await palette('Developer: Reload Window');
    await sleep(2000);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const frame = await reportFrame();
    await cards(frame, 1);
    expectEqual(await frame.locator('.kl-search').inputValue(), 'churn', 'the search text after the reload');
    await frame.locator('.kl-search').fill('');
    await cards(frame, loyalty.kpis.length);
    expectSameHeadlines(await shownHeadlines(frame), expectedHeadlines(loyalty), 'headline values after the reload');
  });

  await test('hostile data (a CSV cell `<img src=x onerror=alert(1)>`) renders as text; filters by tag and owner', async () => {
    await palette('View: Close All Editors');
    await openFile('showcase.kpi.yaml');
    await palette('KPI Lens: Run report');
    const frame = await reportFrame();
    await cards(frame, showcase.kpis.length);
    expectSameHeadlines(await shownHeadlines(frame), expectedHeadlines(showcase), 'showcase headline values');
    for (const summary of await frame.locator('.kl-tables summary').all()) await summary.click();
    const facts = await frame.locator('body').evaluate((body) => ({
      images: body.querySelectorAll('img').length,
      hostile: [...body.ownerDocument.querySelectorAll('script')].filter((s) => /alert\(/.test(s.textContent ?? ''))
        .length,
      text: body.textContent ?? '',
    }));
    expectEqual(facts.images, 0, 'img elements in the view');
    expectEqual(facts.hostile, 0, 'script elements made of data');
    for (const x of XSS) expect(facts.text.includes(x), `the view shows ${x} as text`);
    expect(
      (await frame.locator('th', { hasText: XSS[0] }).count()) >= 1,
      'a table header cell holds the hostile topic as text',
    );
    expectEqual(dialogs, [], 'dialogs opened');
    await frame.locator('label', { hasText: 'Owner' }).locator('select').selectOption('Retention squad');
    await cards(frame, 2);
    await frame.locator('label', { hasText: 'Owner' }).locator('select').selectOption('');
    await frame.locator('label', { hasText: 'Tag' }).locator('select').selectOption('satisfaction');
    await cards(frame, 2);
    await frame.locator('label', { hasText: 'Tag' }).locator('select').selectOption('');
    await cards(frame, showcase.kpis.length);
    await frame.locator('body').evaluate((body) => body.ownerDocument.defaultView?.scrollTo(0, 0));
    await sleep(300);
    await shot('showcase-dark.png');
    await setTheme('Light 2026', 'vscode-light', frame);
    await shot('showcase-light.png');
    await setTheme('Dark 2026', 'vscode-dark', frame);
  });

  await test('clicking a KPI title reveals its definition in the editor', async () => {
    const frame = await reportFrame();
    await frame.locator('.kl-card[data-kpi="churn_rate"] .kl-reveal').click();
    await activeTab('showcase.kpi.yaml').waitFor({ timeout: 20_000 });
    // The status bar tells the selection: the KPI's name, 10 characters.
    await page.locator('.statusbar-item', { hasText: '(10 selected)' }).first().waitFor({ timeout: 10_000 });
    await page.locator('.monaco-breadcrumbs', { hasText: 'churn_rate' }).first().waitFor({ timeout: 10_000 });
  });

  await test('"Compare with…" shows what an edit does to the numbers against the committed file', async () => {
    const git = (...args) =>
      run('git', ['-c', 'user.name=KPI Lens e2e', '-c', 'user.email=e2e@kpilens.invalid', ...args], { cwd: workspace });
    await git('init', '-q');
    await git('add', 'showcase.kpi.yaml');
    await git('commit', '-q', '-m', 'KPI definitions');
    const file = path.join(workspace, 'showcase.kpi.yaml');
    const text = fs.readFileSync(file, 'utf8');
    const edited = text
      .replace('    format: score\n    period: quarterly', '    format: score\n    period: monthly')
      .replace(
        '    column: amount\n    format: currency',
        '    column: amount\n    where: "status = \'paid\'"\n    format: currency',
      );
    expect(edited !== text, 'the edits apply');
    fs.writeFileSync(file, edited);
    try {
      await openFile('showcase.kpi.yaml');
      await sleep(1000); // the editor reloads the file from disk
      await palette('KPI Lens: Compare with… (git ref)');
      // The input box replaces the palette: it offers HEAD.
      const input = page.locator('.quick-input-widget input');
      const deadline = Date.now() + 15_000;
      while ((await input.inputValue().catch(() => '')) !== 'HEAD') {
        if (Date.now() > deadline)
          throw new Expect(
            `the ref offered: expected "HEAD", got ${JSON.stringify(await input.inputValue().catch(() => ''))}`,
          );
        await sleep(100);
      }
      await page.keyboard.press('Enter');
      const frame = await reportFrame();
      const rows = frame.locator('.kl-comparison-table tbody tr');
      await rows.first().waitFor({ timeout: 60_000 });
      const kpis = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-kpi')));
      expectEqual([...new Set(kpis)].sort(), ['nps', 'revenue'], 'the KPIs compared');
      const words = await frame.locator('.kl-changes').textContent();
      expect(/period quarterly → monthly/.test(words ?? ''), `the change in words: ${words}`);
      await shot('compare-dark.png');
    } finally {
      fs.writeFileSync(file, text);
    }
  });

  await exportedReportTest({ test, context, repo, workspace, artifacts, axeSource, loyalty, showcase, helpers });

  // Last: they leave dirty untitled editors.
  await customerLinkTests({
    page,
    repo,
    workspace,
    test,
    shot,
    wb: workbench(page),
    ui: {
      runReport: () => palette('KPI Lens: Run report'),
      reportTab: 'Report: rfm.kpi.yaml',
      t: (english, ...args) => english.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)])),
    },
  });

  return summary('e2e');
}
