// What the report's e2e tests (e2e-report.mjs, e2e-report-export.mjs) use to act and compare:
// opening a file, picking a colour theme, the CLI's JSON of a KPI file and each KPI's headline as
// the core formats it, the headlines a page or the report's frame shows, the report view's
// document as a Frame, and the check that two headline lists are the same.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Expect } from './workbench.mjs';

const run = promisify(execFile);

/** Headline lists equal: same KPIs and texts, raw values within 1e-9 relative (DuckDB's parallel sums may differ in the last bits between runs). */
export function expectSameHeadlines(actual, expected, what) {
  const close = (a, b) =>
    a === b || (a !== '' && b !== '' && Math.abs(Number(a) - Number(b)) <= 1e-9 * Math.max(1, Math.abs(Number(b))));
  const same =
    actual.length === expected.length &&
    actual.every(
      (a, i) => a.kpi === expected[i].kpi && a.text === expected[i].text && close(a.value, expected[i].value),
    );
  if (!same) throw new Expect(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/**
 * The helpers bound to one run: `page` the workbench, `wb` its workbench.mjs driver, `repo` this
 * repo (its bin/kpilens.js and compiled core), `workspace` the folder the CLI runs in.
 */
export function reportHelpers({ page, repo, workspace, wb }) {
  const require = createRequire(import.meta.url);
  const { kpiCard } = require(path.join(repo, 'out', 'src', 'core', 'report', 'dashboard', 'kpiCard.js'));
  const { palette, pickRow, activeTab, typeInQuickInput } = wb;
  async function openFile(name) {
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
    if (await row.isVisible().catch(() => false)) await row.click();
    else {
      await palette('Go to File...');
      await typeInQuickInput(name);
      await sleep(300);
      await page.keyboard.press('Enter');
    }
    await activeTab(name).waitFor({ timeout: 20_000 });
  }
  async function cliJson(file) {
    const { stdout } = await run(
      process.execPath,
      [path.join(repo, 'bin', 'kpilens.js'), 'run', file, '--format', 'json'],
      { cwd: workspace, maxBuffer: 64 << 20 },
    );
    return JSON.parse(stdout);
  }
  /** Each KPI's headline as the core formats it, from the CLI's JSON. */
  function expectedHeadlines(json) {
    return json.kpis.map((k) => {
      const h = kpiCard(k).headline;
      return { kpi: k.name, text: h ? h.text : '—', value: h && h.value !== null ? String(h.value) : '' };
    });
  }
  /** The report view's document as a Frame (not a FrameLocator): what evaluate() runs in. */
  async function reportDocument() {
    const outer = await page.locator('iframe.webview.ready').first().elementHandle({ timeout: 30_000 });
    const outerFrame = await outer.contentFrame();
    const inner = await outerFrame.locator('iframe#active-frame').elementHandle({ timeout: 30_000 });
    return inner.contentFrame();
  }
  async function shownHeadlines(frame) {
    return frame.locator('.kl-card').evaluateAll((els) =>
      els.map((el) => {
        const v = el.querySelector('.kl-value');
        return {
          kpi: el.getAttribute('data-kpi'),
          text: v?.textContent ?? '',
          value: v?.getAttribute('data-value') ?? '',
        };
      }),
    );
  }
  /** Picks a colour theme through the palette (Preferences: Color Theme), then waits for the view to see it. */
  async function pickTheme(theme) {
    await palette('Preferences: Color Theme');
    // The theme picker replaces the palette's list: wait for it, then pick the theme.
    await page
      .locator('.quick-input-widget .monaco-list-row', { hasText: '2026' })
      .first()
      .waitFor({ state: 'visible', timeout: 15_000 });
    await typeInQuickInput(theme);
    await page
      .locator('.quick-input-widget .monaco-list-row', { hasText: theme })
      .first()
      .waitFor({ state: 'visible', timeout: 15_000 });
    await pickRow(theme);
  }
  async function setTheme(theme, bodyClass, frame) {
    await pickTheme(theme);
    await frame.locator(`body.${bodyClass}`).waitFor({ state: 'attached', timeout: 30_000 });
    await sleep(500); // charts redraw on the class change
  }
  return { openFile, cliJson, expectedHeadlines, reportDocument, shownHeadlines, pickTheme, setTheme };
}
