// The e2e test of the exported report (run by e2e-report.mjs): `kpilens run --format html` of the
// sample and of the showcase, each page opened in Chromium from file://, must load with no console
// error, no dialog and no request but its own, show the headlines of `kpilens run --format json`,
// label the NPS trend's year-ago line, and pass the axe-core audit in the light and the dark colour
// scheme. Screenshots (export-*.png) go to the suite's artifacts folder.
import { execFile } from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { expectNoAxeViolations } from './axe-audit.mjs';
import { expectSameHeadlines } from './e2e-report-helpers.mjs';
import { expectEqual } from './workbench.mjs';

const run = promisify(execFile);

/**
 * Runs the test with `test` (workbench.mjs's runner): `context` the browser context to open pages
 * in, `loyalty` and `showcase` the CLI's JSON of the two files, `helpers` e2e-report-helpers.mjs's.
 */
export async function exportedReportTest({
  test,
  context,
  repo,
  workspace,
  artifacts,
  axeSource,
  loyalty,
  showcase,
  helpers,
}) {
  const { shownHeadlines, expectedHeadlines } = helpers;
  await test('the exported HTML opens offline with no console error and no network request, showing the same values', async () => {
    for (const [file, json] of [
      ['loyalty.kpi.yaml', loyalty],
      ['showcase.kpi.yaml', showcase],
    ]) {
      const target = path.join(workspace, `${path.basename(file, '.kpi.yaml')}-export.html`);
      await run(
        process.execPath,
        [path.join(repo, 'bin', 'kpilens.js'), 'run', file, '--format', 'html', '--out', target],
        { cwd: workspace },
      );
      const exported = await context.newPage();
      const problems = [];
      const requests = [];
      exported.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      exported.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      exported.on('dialog', (d) => {
        problems.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      exported.on('request', (r) => requests.push(r.url()));
      const url = pathToFileURL(target).href;
      await exported.goto(url, { waitUntil: 'load' });
      await exported
        .locator('.kl-card')
        .nth(json.kpis.length - 1)
        .waitFor({ timeout: 20_000 });
      await sleep(500);
      expectEqual(await exported.locator('.kl-card').count(), json.kpis.length, `${file}: cards`);
      expectSameHeadlines(await shownHeadlines(exported), expectedHeadlines(json), `${file}: exported headline values`);
      expectEqual(await exported.locator('img').count(), 0, `${file}: img elements`);
      if (file === 'loyalty.kpi.yaml') {
        // The quarterly NPS compares with a year ago: its trend draws that line too, and says so.
        const label = await exported
          .locator('.kl-card[data-kpi="nps"] canvas[role="img"]')
          .first()
          .getAttribute('aria-label');
        expectEqual(
          /^Net Promoter Score by period.*, with the line All, a year before$/.test(label ?? ''),
          true,
          `${file}: NPS trend label (${label})`,
        );
      }
      expectEqual(problems, [], `${file}: console errors`);
      expectEqual(requests, [url], `${file}: requests`);
      await exported.screenshot({
        path: path.join(artifacts, `export-${path.basename(file, '.kpi.yaml')}.png`),
        fullPage: false,
      });
      // The exported page follows the browser's colour scheme: audit both.
      for (const scheme of ['light', 'dark']) {
        await exported.emulateMedia({ colorScheme: scheme });
        await sleep(300);
        await expectNoAxeViolations(exported, axeSource, `${file}: exported page, ${scheme}`);
        await exported.screenshot({
          path: path.join(artifacts, `export-${path.basename(file, '.kpi.yaml')}-${scheme}.png`),
          fullPage: true,
        });
      }
      await exported.close();
    }
  });
}
