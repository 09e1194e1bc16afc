// Driving code-server's workbench through playwright-core as a user does, for the user-level
// suites run by run-tests.mjs (e2e-report.mjs, e2e-french.mjs): the command palette, quick picks, the explorer,
// editor tabs, code lenses, the status bar, notifications and the report webview's frame.
// Every wait is bounded; a failed expectation throws Expect (its message is the report line).
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export class Expect extends Error {}
export function expect(condition, message) {
  if (!condition) throw new Expect(message);
}
export function expectEqual(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Expect(`${what}: expected ${e}, got ${a}`);
}

/** Polls `probe` every 200 ms until it returns something other than undefined, at most `timeoutMs`. */
export async function waitFor(what, probe, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await probe();
    if (last !== undefined) return last;
    if (Date.now() > deadline) throw new Expect(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

/**
 * A tiny runner for the user-level suites: `test(name, fn)` runs one scenario, prints ✔/✖ with its
 * time (a failure: the Expect message or the stack, and a screenshot `failure-N.png` in
 * `artifacts`); `only`, when set, is a list of words — a test runs only if its name holds one;
 * `shot(name)` saves a screenshot; `summary(suite)` prints the counts and returns the exit code
 * (a run of no test is a failure).
 */
export function testRunner({ page, artifacts, only, out }) {
  let passed = 0;
  let failed = 0;
  return {
    async test(name, fn) {
      if (only && !only.some((word) => name.includes(word))) return;
      const t0 = Date.now();
      try {
        await fn();
        passed++;
        out(`    ✔ ${name} (${Date.now() - t0} ms)`);
      } catch (err) {
        failed++;
        out(`    ✖ ${name}\n      ${err instanceof Expect ? err.message : (err?.stack ?? err)}`);
        await page.screenshot({ path: path.join(artifacts, `failure-${passed + failed}.png`) }).catch(() => {});
      }
    },
    shot: (name) => page.screenshot({ path: path.join(artifacts, name) }),
    summary(suite) {
      out(`\n  ${passed} passing, ${failed} failing`);
      out(`${suite}: ${passed} passed, ${failed} failed`);
      return failed === 0 && passed > 0 ? 0 : 1;
    },
  };
}

export function workbench(page) {
  const quickInput = page.locator('.quick-input-widget');
  const rows = quickInput.locator('.monaco-list-row');
  /** The labels of the quick input's rows shown now. */
  const rowLabels = () =>
    rows.evaluateAll((els) => els.map((el) => el.querySelector('.label-name')?.textContent?.trim() ?? ''));

  /**
   * Fills the quick input once it holds the keyboard focus, then checks the text is there: an
   * editor that takes the focus meanwhile would otherwise receive it (and the file be changed).
   */
  async function typeInto(input, text) {
    await waitFor(
      'the keyboard focus in the quick input',
      () => input.evaluate((el) => (el === globalThis.document.activeElement ? true : undefined)),
      15_000,
    );
    await input.fill(text, { timeout: 5_000 });
    const value = await input.inputValue();
    if (value !== text) throw new Expect(`the quick input holds '${value}', not '${text}'`);
  }
  /** Types `text` into the quick input shown now (a picker the palette opened), once it holds the focus. */
  const typeInQuickInput = (text) => typeInto(quickInput.locator('input'), text);
  /** Opens the palette (F1) with `text` typed after the `>`; a webview that takes the focus may close it: retried. */
  async function openPalette(text) {
    const input = quickInput.locator('input');
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      try {
        await input.waitFor({ state: 'visible', timeout: 15_000 });
        await typeInto(input, `>${text}`);
        return;
      } catch (err) {
        if (attempt === 3) throw err;
        await sleep(500);
      }
    }
  }
  /** Waits for a quick-input row labelled exactly `label` and returns its index. */
  async function rowIndex(label, timeoutMs = 15_000) {
    let labels = [];
    try {
      return await waitFor(
        `'${label}' in the quick input`,
        async () => {
          labels = await rowLabels();
          const i = labels.indexOf(label);
          return i >= 0 ? i : undefined;
        },
        timeoutMs,
      );
    } catch {
      throw new Expect(`no '${label}' in the quick input (${labels.join(' | ') || 'no rows'})`);
    }
  }
  /**
   * Opens the palette with `query` and waits for the row labelled exactly `label`, asking once
   * more when it is not there: a fresh workbench may not list an extension's commands yet, and
   * the palette does not refresh a filter it has already answered ("No matching commands").
   */
  async function paletteRowIndex(query, label) {
    await openPalette(query);
    try {
      return await rowIndex(label);
    } catch {
      await openPalette(query);
      return rowIndex(label);
    }
  }
  /** Clicks the quick-input row labelled exactly `label`. */
  async function pickRow(label) {
    await rowIndex(label);
    // The row by its label, not by its index: the list may re-sort while the filter settles.
    await rows
      .filter({ has: page.locator('.label-name').getByText(label, { exact: true }) })
      .first()
      .click({ timeout: 10_000 });
  }
  /** Types `query` into the palette and runs the command labelled exactly `label` (default: the query). */
  async function palette(query, label = query) {
    await paletteRowIndex(query, label);
    await pickRow(label);
  }
  const activeTab = (name) => page.locator(`.tab.active[data-resource-name="${name}"]`).first();
  /** Opens a workspace file through Go to File (Ctrl+P's quick open), whatever the UI language. */
  async function openFile(name) {
    const input = quickInput.locator('input');
    // A fresh workbench may still be indexing the workspace's files: Go to File is asked again once.
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+P');
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      await typeInto(input, name);
      try {
        await quickInput
          .locator('.monaco-list-row', { hasText: name })
          .first()
          .waitFor({ state: 'visible', timeout: 15_000 });
        break;
      } catch (error) {
        if (attempt >= 2) throw error;
      }
    }
    await page.keyboard.press('Enter');
    await activeTab(name).waitFor({ timeout: 20_000 });
    // Go to File gives the editor the focus once its text is loaded, which may come after the tab:
    // keys sent before then (the next palette's text) would land in the file.
    await page.locator('.editor-group-container.active .monaco-editor.focused').first().waitFor({ timeout: 20_000 });
  }
  /** Moves the active editor's cursor to a 1-based line (Go to Line, Ctrl+G), which scrolls it into view. */
  async function goToLine(line) {
    const input = quickInput.locator('input');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+G');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await typeInto(input, `:${line}`);
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 15_000 });
  }
  /** The texts of the code lenses the editor shows now (only the visible lines are rendered). */
  const codeLensTexts = () =>
    page
      .locator('.monaco-editor .codelens-decoration > a')
      .evaluateAll((els) => els.map((el) => el.textContent?.trim() ?? '').filter(Boolean));
  /** The texts of the status bar's items. */
  const statusBarTexts = () =>
    page.locator('.statusbar-item').evaluateAll((els) => els.map((el) => el.textContent?.trim() ?? '').filter(Boolean));
  /**
   * The messages of the notification center, opened by its status bar bell if it is not open.
   * (No toasts here: the workbench shows none under the smoke-test driver, which run-tests.mjs
   * enables for codeAutomationExit; every notification still reaches the center.)
   */
  async function notificationTexts() {
    if ((await page.locator('.notifications-center.visible').count()) === 0) {
      await page
        .locator('[id="status.notifications"]')
        .first()
        .click({ timeout: 5_000 })
        .catch(() => {});
    }
    return page
      .locator('.notifications-center .notification-list-item-message')
      .evaluateAll((els) => els.map((el) => el.textContent?.trim() ?? ''));
  }
  /** The report webview's inner frame (the only webview open). */
  async function reportFrame() {
    const outer = page.locator('iframe.webview.ready').first();
    await outer.waitFor({ state: 'attached', timeout: 30_000 });
    return outer.contentFrame().locator('iframe#active-frame').contentFrame();
  }
  /** The report's KPI cards, once there are `count` of them. */
  async function cards(frame, count) {
    const locator = frame.locator('.kl-card');
    const deadline = Date.now() + 60_000;
    while ((await locator.count()) !== count) {
      if (Date.now() > deadline) throw new Expect(`expected ${count} KPI cards, found ${await locator.count()}`);
      await sleep(200);
    }
    return locator;
  }
  return {
    quickInput,
    rowLabels,
    typeInQuickInput,
    openPalette,
    rowIndex,
    paletteRowIndex,
    pickRow,
    palette,
    activeTab,
    openFile,
    goToLine,
    codeLensTexts,
    statusBarTexts,
    notificationTexts,
    reportFrame,
    cards,
  };
}
