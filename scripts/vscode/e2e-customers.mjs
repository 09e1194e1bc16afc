// The report view's links from a score segment's bars to that segment's customers (issue 25), as
// a user meets them, for e2e-report.mjs (English UI) and e2e-french.mjs (French UI):
// test/e2e/workspace/rfm.kpi.yaml (twelve customers whose RFM groups at 2025-03-31 are computed
// by hand in test/unit/engine/scoreSegments.test.ts) opened in the editor, its report run, then a
// link under the `buyers` card's bars by rfm_group clicked inside the webview's frame, and another
// reached with Tab and activated with Enter. Each must open an untitled CSV editor (nothing
// written to disk: every workspace file keeps its bytes, no file appears) whose header is the
// listing's and whose rows are the group's customers: their keys and purchase histories computed
// by hand below, every column equal to `kpilens customers rfm.kpi.yaml --segment rfm_group=VALUE
// --format csv` on the same files, as many as the bar's count (the table behind the chart, and
// the breakdown the core draws from `kpilens run --format json`). Without a predictive clv KPI
// (the same file, its clv cut off) the bars carry no link. Run these last: the untitled editors
// stay dirty (closing them would ask to save).
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { promisify } from 'node:util';
import { Expect, expect, expectEqual, waitFor } from './workbench.mjs';

const run = promisify(execFile);
const FILE = 'rfm.kpi.yaml';
const DATA = path.join('data', 'rfm_orders.csv');
const WITHOUT_CLV = 'rfm-without-clv.kpi.yaml';
const HEADER =
  'customer,frequency,recency_days,t_days,monetary,expected_purchases,probability_alive,expected_spend,clv,rfm_group';

/**
 * Each group's customers with [frequency, recency_days, t_days, monetary], by hand from
 * data/rfm_orders.csv at 2025-03-31 (frequency = purchase days − 1, recency = days from the first
 * to the last purchase day, T = days from the first purchase day to 03-31, monetary = the mean
 * value of the repeat days, 0 without one).
 */
const BY_HAND = {
  hibernating: {
    // 2024-06-01 and 07-01, 10 each: 1 repeat day, 30 days apart; T = 30+31+31+30+31+30+31+31+28+30 = 303.
    c04: [1, 30, 303, 10],
    // One order, 2025-01-20: T = 11 + 28 + 31 = 70.
    c09: [0, 0, 70, 0],
    // One order, 2024-05-05: T = 365 − 35 (03-31 → 05-05) = 330.
    c11: [0, 0, 330, 0],
  },
  champions: {
    // 01-05 (100), 02-10 (100), 03-20 (50), 03-30 (50): 3 repeat days, 31 + 28 + 25 = 84 days,
    // T = 26 + 28 + 31 = 85, (100 + 50 + 50) / 3 a repeat day.
    c01: [3, 84, 85, 200 / 3],
    // 2024-12-01, 01-01, 02-01, 03-01, 03-31, 40 each: 4 repeat days, 31 + 31 + 28 + 30 = 120 days = T.
    c05: [4, 120, 120, 40],
  },
};

/** Every file under `dir` (relative path → SHA-256 of its bytes). */
function snapshot(dir) {
  const files = {};
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else
        files[child] = crypto
          .createHash('sha256')
          .update(fs.readFileSync(path.join(dir, child)))
          .digest('hex');
    }
  };
  walk('');
  return files;
}

const close = (a, b) => a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/**
 * Adds the tests to a suite. `ui`: `runReport()` runs "KPI Lens: Run report" from the palette,
 * `reportTab` the report tab's title, `t(english, …args)` the UI language's text of a bundle
 * message; `suffix` goes into the screenshots' names.
 */
export async function customerLinkTests({ page, repo, workspace, test, shot, wb, ui, suffix = '' }) {
  // The French suite's workspace is the sample only: the file and its data come from the e2e workspace.
  for (const rel of [FILE, DATA])
    if (!fs.existsSync(path.join(workspace, rel)))
      fs.cpSync(path.join(repo, 'test', 'e2e', 'workspace', rel), path.join(workspace, rel));
  // The same file without its predictive clv: the customers could not be listed, so no link.
  const text = fs.readFileSync(path.join(workspace, FILE), 'utf8');
  expect(text.includes('\n  clv:\n'), `${FILE} declares its clv KPI last`);
  fs.writeFileSync(path.join(workspace, WITHOUT_CLV), text.slice(0, text.indexOf('\n  clv:\n') + 1));
  const require = createRequire(import.meta.url);
  const { kpiCard } = require(path.join(repo, 'out', 'src', 'core', 'report', 'dashboard', 'kpiCard.js'));
  const cli = async (...args) =>
    (
      await run(process.execPath, [path.join(repo, 'bin', 'kpilens.js'), ...args, '--no-cache'], {
        cwd: workspace,
        maxBuffer: 16 << 20,
      })
    ).stdout;
  const json = JSON.parse(await cli('run', FILE, '--format', 'json'));
  const buyers = json.kpis.find((k) => k.name === 'buyers');
  const breakdown = kpiCard(buyers).breakdown;
  expect(breakdown?.segment === 'rfm_group', `the buyers card's bars by rfm_group (${JSON.stringify(breakdown)})`);
  // The bars of 2025-03, highest first: hibernating 3 (c04, c09, c11), champions 2 (c01, c05), …
  expectEqual(breakdown.period, '2025-03', 'the bars’ period');
  expectEqual(
    breakdown.bars.slice(0, 2).map((b) => [b.label, b.text]),
    [
      ['hibernating', '3'],
      ['champions', '2'],
    ],
    'the two highest bars',
  );
  const listedByCli = {};
  for (const group of Object.keys(BY_HAND))
    listedByCli[group] = (await cli('customers', FILE, '--segment', `rfm_group=${group}`, '--format', 'csv'))
      .trimEnd()
      .split('\n');

  /** The report of `file`: the frame (among the page's frames) showing that file and its card "buyers". */
  const reportFrame = (file = FILE) =>
    waitFor(
      `the report of ${file} (its card "buyers")`,
      async () => {
        for (const frame of page.frames()) {
          const cards = frame.locator('.kl-card[data-kpi="buyers"]');
          const shown = await frame
            .locator('.kl-file')
            .allTextContents()
            .catch(() => []);
          if (shown.includes(file) && (await cards.count().catch(() => 0)) > 0) return frame;
        }
        return undefined;
      },
      60_000,
    );
  const links = (frame) => frame.locator('.kl-card[data-kpi="buyers"] .kl-customers button');
  const link = (frame, value) => links(frame).filter({ hasText: new RegExp(`^${value}$`) });
  /** The count the table behind the bars shows for `value` in the bars' period. */
  const tableCount = (frame, value) =>
    frame.locator('.kl-card[data-kpi="buyers"] table').evaluateAll(
      (tables, [v, period]) => {
        for (const table of tables) {
          const column = [...table.querySelectorAll('thead th')].findIndex((th) => th.textContent === v);
          const row = [...table.querySelectorAll('tbody tr')].find((tr) => tr.cells[0]?.textContent === period);
          if (column > 0 && row) return row.cells[column]?.firstChild?.textContent ?? null;
        }
        return null;
      },
      [value, breakdown.period],
    );
  /** The lines of the editor of the active group (Monaco renders each as a .view-line). */
  const editorLines = () =>
    page
      .locator('.editor-group-container.active .monaco-editor .view-lines')
      .first()
      .evaluate((el) =>
        [...el.querySelectorAll('.view-line')]
          .map((line) => ({
            top: parseFloat(line.style.top) || 0,
            text: (line.textContent ?? '').replace(/\u00a0/g, ' '),
          }))
          .sort((a, b) => a.top - b.top)
          .map((line) => line.text)
          .filter((text) => text !== ''),
      );
  const tabNames = () =>
    page
      .locator('.tab[data-resource-name]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-resource-name')));

  /**
   * After a link was activated: a new untitled editor, active, holding the CSV of `group`'s customers
   * — the CLI's text, the hand-computed rows, as many as the bar (and as `shown`, the count the
   * view's table showed before) — and the workspace unchanged.
   */
  async function expectListing(group, tabsBefore, filesBefore, shown) {
    let active = null;
    const name = await waitFor(
      `a new untitled editor listing the customers of ${group}`,
      async () => {
        active = await page
          .locator('.editor-group-container.active .tab.active[data-resource-name]')
          .first()
          .getAttribute('data-resource-name', { timeout: 1_000 })
          .catch(() => null);
        return active && /^Untitled-\d+$/.test(active) && !tabsBefore.includes(active) ? active : undefined;
      },
      60_000,
    ).catch((err) => {
      throw new Expect(`${err.message} (the active tab: ${active})`);
    });
    const hand = BY_HAND[group];
    const lines = await waitFor(`the CSV of ${group} in ${name}`, async () => {
      const l = await editorLines().catch(() => []);
      return l.length === Object.keys(hand).length + 1 ? l : undefined;
    });
    const [header, ...rows] = lines;
    expectEqual(header, HEADER, `${name}: the header`);
    // The group's customers by hand: key, purchase history, group.
    const cells = rows.map((r) => r.split(','));
    expectEqual(cells.map((c) => c[0]).sort(), Object.keys(hand).sort(), `${name}: the customers of ${group}`);
    for (const c of cells) {
      const [f, r, t, m] = hand[c[0]];
      expect(
        [f, r, t].every((v, i) => Number(c[i + 1]) === v) && close(Number(c[4]), m) && c[9] === group,
        `${name}: ${c.join(',')} — expected ${c[0]},${f},${r},${t},${m},…,${group}`,
      );
    }
    // The same rows, in the same order (by CLV), as `kpilens customers --segment rfm_group=GROUP --format csv`.
    const cliLines = listedByCli[group];
    expectEqual(cliLines[0], HEADER, `the CLI's header (${group})`);
    expectEqual(rows.length, cliLines.length - 1, `${name}: rows vs the CLI`);
    rows.forEach((row, i) => {
      const a = row.split(',');
      const b = cliLines[i + 1].split(',');
      const same = a.length === b.length && a.every((x, j) => x === b[j] || close(Number(x), Number(b[j])));
      expect(same, `${name}, row ${i + 1}: "${row}" vs the CLI's "${cliLines[i + 1]}"`);
    });
    // As many customers as the bar counts (the table behind the chart; the breakdown drawn).
    const bar = breakdown.bars.find((b) => b.label === group);
    expectEqual(String(rows.length), bar?.text, `${name}: rows vs the bar of ${group}`);
    expectEqual(String(rows.length), shown, `${name}: rows vs the count the view's table showed for ${group}`);
    // Nothing written: an untitled document; every workspace file as before, none added.
    expectEqual(snapshot(workspace), filesBefore, 'the workspace files after the listing');
    return name;
  }

  await test('the report links each RFM group under its bar to its customers (one link per bar, titled)', async () => {
    await wb.openFile(FILE);
    await ui.runReport();
    const frame = await reportFrame();
    await waitFor('the links under the bars', async () => ((await links(frame).count()) > 0 ? true : undefined));
    const intro = (await frame.locator('.kl-card[data-kpi="buyers"] .kl-customers').textContent()) ?? '';
    // The date the customers are scored at: the predictive clv's fit (its latest period end).
    const at = json.kpis.find((k) => k.model?.fitted_at)?.model?.fitted_at;
    const label = ui.t('List customers at {0}:', at);
    expect(typeof at === 'string' && intro.startsWith(label), `the links' label: "${intro.slice(0, 60)}…" (${label})`);
    const labels = await links(frame).allTextContents();
    expectEqual(
      labels,
      breakdown.bars.map((b) => b.label).filter((l) => l !== '(null)'),
      'the links, in the order of the bars',
    );
    expectEqual(
      await link(frame, 'hibernating').getAttribute('title'),
      ui.t('List the customers of {0} = {1}', 'rfm_group', 'hibernating'),
      'the link’s title',
    );
    expectEqual(await tableCount(frame, 'hibernating'), '3', 'the table’s count of hibernating in 2025-03');
    await frame.locator('.kl-card[data-kpi="buyers"] .kl-customers').scrollIntoViewIfNeeded();
    await shot(`customers-links${suffix}.png`);
  });

  await test('clicking "hibernating" opens an untitled CSV of its 3 customers (hand, CLI, bar), nothing written', async () => {
    const frame = await reportFrame();
    const shown = await tableCount(frame, 'hibernating');
    const files = snapshot(workspace);
    const tabs = await tabNames();
    await link(frame, 'hibernating').click();
    await expectListing('hibernating', tabs, files, shown);
    await shot(`customers-hibernating${suffix}.png`);
  });

  await test('Tab reaches the next link ("champions") and Enter lists its 2 customers, nothing written', async () => {
    await page.locator('.tab', { hasText: ui.reportTab }).first().click();
    const frame = await reportFrame();
    const shown = await tableCount(frame, 'champions');
    await link(frame, 'hibernating').focus();
    await page.keyboard.press('Tab');
    const focused = await frame.evaluate(() => globalThis.document.activeElement?.textContent ?? '');
    if (focused !== 'champions')
      throw new Expect(`the focus after Tab: expected the link "champions", got "${focused}"`);
    const files = snapshot(workspace);
    const tabs = await tabNames();
    await page.keyboard.press('Enter');
    await expectListing('champions', tabs, files, shown);
    await shot(`customers-champions${suffix}.png`);
  });

  await test('without a predictive clv KPI to list by, the bars by rfm_group carry no link', async () => {
    await wb.openFile(WITHOUT_CLV);
    await ui.runReport();
    const frame = await reportFrame(WITHOUT_CLV);
    // The bars are there (their figure and the table behind them), the links are not.
    const caption = frame.locator('.kl-card[data-kpi="buyers"] .kl-figure figcaption', { hasText: 'rfm_group' }).last();
    await caption.waitFor({ timeout: 30_000 });
    await caption.scrollIntoViewIfNeeded();
    expectEqual(await tableCount(frame, 'hibernating'), '3', 'the table’s count of hibernating in 2025-03');
    expectEqual(await frame.locator('.kl-customers').count(), 0, 'links to customers');
    await shot(`customers-no-clv${suffix}.png`);
  });
}
