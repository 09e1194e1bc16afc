// KPI Lens in French as a user meets it (run by run-tests.mjs for KPILENS_VSCODE_SUITE=fr and
// fr-vsix, after test/vscode/fr passed inside the extension host): code-server runs with
// `--locale fr` and the French language pack of french-language-pack.mjs, on a copy of samples/.
// Through the workbench's own UI (palette, editor, status bar, notifications, the walkthrough
// page, the report webview), each test reads the texts the DOM shows and compares them with the
// repository's translations (package.nls.fr.json, l10n/bundle.l10n.fr.json) — read from the
// files, so the tests follow the translators — and with `kpilens run --format json` for values.
// The report's labels and number formats: see expectReportInFrench and expectLensValues below,
// the places to extend when the core and the view are localised. Last, the report's links to a
// score segment's customers in French (e2e-customers.mjs). KPILENS_FR_ONLY=word1,word2
// runs only the tests whose names contain one of the words (for working on one of them).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { promisify } from 'node:util';
import { customerLinkTests } from './e2e-customers.mjs';
import { Expect, expect, expectEqual, testRunner, waitFor, workbench } from './workbench.mjs';

const run = promisify(execFile);

/** `template` of the French l10n bundle with {0}, {1}… filled. */
function fill(template, ...args) {
  return template.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)]));
}

export async function runFrenchUi({ page, repo, workspace }) {
  const artifacts = path.join(repo, 'test-artifacts', 'fr');
  fs.rmSync(artifacts, { recursive: true, force: true });
  fs.mkdirSync(artifacts, { recursive: true });
  const readJson = (...segments) => JSON.parse(fs.readFileSync(path.join(repo, ...segments), 'utf8'));
  const manifest = readJson('package.json');
  const nlsEn = readJson('package.nls.json');
  const nlsFr = readJson('package.nls.fr.json');
  const bundle = readJson('l10n', 'bundle.l10n.fr.json');
  /** The French of a bundle message, checked to be a translation. */
  const t = (english, ...args) => {
    const fr = bundle[english];
    if (!fr || fr === english)
      throw new Expect(`l10n/bundle.l10n.fr.json does not translate ${JSON.stringify(english)}`);
    return fill(fr, ...args);
  };
  /** The French of a `%key%` of package.json, checked to be a translation. */
  const nls = (placeholder) => {
    const key = /^%([^%]+)%$/.exec(placeholder)?.[1];
    const fr = key && nlsFr[key];
    if (!fr || fr === nlsEn[key]) throw new Expect(`package.nls.fr.json does not translate ${placeholder}`);
    return fr;
  };
  const require = createRequire(import.meta.url);
  const { kpiCard } = require(path.join(repo, 'out', 'src', 'core', 'report', 'dashboard', 'kpiCard.js'));
  const { describeLatest } = require(path.join(repo, 'out', 'src', 'core', 'language', 'latestValue.js'));
  const { useLocale } = require(path.join(repo, 'out', 'src', 'core', 'l10n', 'l10n.js'));
  const { formatDate } = require(path.join(repo, 'out', 'src', 'core', 'report', 'formatValue.js'));
  /** What the core writes in French (its own copy here, switched with the repository's bundle). */
  const inFrench = (fn) => {
    useLocale('fr', bundle);
    try {
      return fn();
    } finally {
      useLocale('en', undefined);
    }
  };
  const S = '\u00a0';
  const wb = workbench(page);

  const out = (line) => process.stdout.write(`${line}\n`);
  const { test, shot, summary } = testRunner({
    page,
    artifacts,
    only: process.env.KPILENS_FR_ONLY ? process.env.KPILENS_FR_ONLY.split(',') : undefined,
    out,
  });

  const { stdout } = await run(
    process.execPath,
    [path.join(repo, 'bin', 'kpilens.js'), 'run', 'loyalty.kpi.yaml', '--format', 'json'],
    { cwd: workspace, maxBuffer: 64 << 20 },
  );
  const loyalty = JSON.parse(stdout);
  /** The sample's first KPI line (1-based): its code lenses sit above it. */
  const firstKpiLine =
    fs.readFileSync(path.join(workspace, 'loyalty.kpi.yaml'), 'utf8').split('\n').indexOf('kpis:') + 2;
  /** Shows the first KPIs of the sample in the editor (a panel opened below may have hidden them). */
  async function showFirstKpis() {
    await wb.openFile('loyalty.kpi.yaml');
    await wb.goToLine(firstKpiLine);
  }

  out('\n  KPI Lens in French, as a user sees it (code-server --locale fr)');
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });

  await test('the command palette lists every KPI Lens command under its French title ("KPI Lens : …")', async () => {
    await wb.openFile('loyalty.kpi.yaml');
    const hidden = new Set(
      (manifest.contributes.menus.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command),
    );
    const commands = manifest.contributes.commands.filter((c) => !hidden.has(c.command));
    expect(commands.length >= 10, `the palette commands of package.json (${commands.length})`);
    for (const c of commands) {
      const title = nls(c.title);
      // "{0} : {1}": the category and the title, joined by the French pack's commandWithCategory.
      await wb.paletteRowIndex(title, `${c.category} : ${title}`);
    }
    await wb.openPalette(nls('%command.runReport.title%'));
    await shot('palette-fr.png');
    await page.keyboard.press('Escape');
  });

  await test('the code lenses on loyalty.kpi.yaml read the French "▶ Run" and the status bar offers the French "KPI Lens: Run"', async () => {
    await showFirstKpis();
    const lenses = await waitFor(
      'the code lenses',
      async () => {
        const texts = await wb.codeLensTexts();
        return texts.length > 0 ? texts : undefined;
      },
      60_000,
    );
    expectEqual([...new Set(lenses)], [t('▶ Run')], 'the code lenses before a run');
    await waitFor(`"${t('KPI Lens: Run')}" in the status bar`, async () =>
      (await wb.statusBarTexts()).includes(t('KPI Lens: Run')) ? true : undefined,
    );
    await shot('editor-fr.png');
  });

  await test('"KPI Lens : Calculer le rapport" shows the report; the status bar and the value lenses follow in French', async () => {
    await wb.palette(nls('%command.runReport.title%'), `KPI Lens : ${nls('%command.runReport.title%')}`);
    const frame = await wb.reportFrame();
    await wb.cards(frame, loyalty.kpis.length);
    await expectReportInFrench(frame, loyalty);
    const warnings = loyalty.diagnostics.filter((d) => d.severity === 'warning').length;
    expect(warnings > 1, `the sample's warnings (${warnings})`);
    // The date as a French reader writes it (2025-12-31 → "31 décembre 2025", U+00A0 between the words).
    expectEqual(
      inFrench(() => formatDate(loyalty.as_of)),
      `31${S}décembre${S}2025`,
      "the sample's as_of in French",
    );
    const status = `${t('KPI Lens: {0} · as of {1}', t('{0} KPIs', loyalty.kpis.length), `31${S}décembre${S}2025`)} · ${t('{0} warnings', warnings)}`;
    await waitFor(`"${status}" in the status bar`, async () =>
      (await wb.statusBarTexts()).includes(status) ? true : undefined,
    );
    await shot('report-fr.png');
    // The editor beside the report: its lenses now hold the latest values too.
    await showFirstKpis();
    const values = await waitFor('value lenses', async () => {
      const texts = (await wb.codeLensTexts()).filter((x) => x !== t('▶ Run'));
      return texts.length > 0 ? texts : undefined;
    });
    expectLensValues(values, loyalty);
  });

  await test('a notification in French: "Calculer le fichier KPI" without a KPI file open', async () => {
    await wb.openFile('README.md');
    await wb.palette(nls('%command.runFile.title%'), `KPI Lens : ${nls('%command.runFile.title%')}`);
    const message = t('Open a *.kpi.yaml file to run its KPIs.');
    await waitFor(`the notification "${message}"`, async () =>
      (await wb.notificationTexts()).includes(message) ? true : undefined,
    );
    await shot('notification-fr.png');
  });

  await test('the Get started walkthrough, picked from the French workbench, shows its French title and steps', async () => {
    // The workbench's own "Open Walkthrough..." in the language pack's French: the pack is active.
    const open = 'Ouvrir la procédure pas à pas...';
    await wb.openPalette(open);
    const label = await waitFor(`a command ending with "${open}"`, async () =>
      (await wb.rowLabels()).find((l) => l.endsWith(` : ${open}`)),
    );
    await wb.pickRow(label);
    const walkthrough = manifest.contributes.walkthroughs[0];
    const title = nls(walkthrough.title);
    expectEqual(title, 'Bien démarrer avec KPI Lens', 'the walkthrough title in package.nls.fr.json');
    await wb.pickRow(title);
    const walkthroughPage = page.locator('.gettingStartedContainer');
    await walkthroughPage
      .locator('.gettingStartedSlideDetails', { hasText: title })
      .first()
      .waitFor({ timeout: 20_000 });
    const shown = await walkthroughPage.locator('.gettingStartedSlideDetails').first().textContent();
    for (const step of walkthrough.steps)
      expect(shown.includes(nls(step.title)), `the step "${nls(step.title)}" in the walkthrough page`);
    await shot('walkthrough-fr.png');
  });

  /**
   * The report view of a French VS Code: one card per KPI of `kpilens run`, each headline as the
   * core writes it in French, the sample's revenue as a French reader writes it, and the view's
   * words (summary, button, toolbar, table headers, as of) from the French bundle.
   */
  async function expectReportInFrench(frame, json) {
    const shown = await frame
      .locator('.kl-card')
      .evaluateAll((els) =>
        els.map((el) => ({ kpi: el.getAttribute('data-kpi'), text: el.querySelector('.kl-value')?.textContent ?? '' })),
      );
    const expected = inFrench(() => json.kpis.map((k) => ({ kpi: k.name, text: kpiCard(k).headline?.text ?? '—' })));
    expectEqual(shown, expected, 'the headlines of the report');
    // Revenue of 2025-12 in the sample: 219,602.53 EUR.
    expectEqual(shown.find((c) => c.kpi === 'revenue')?.text, `219${S}602,53${S}€`, 'the revenue headline');
    expect(
      !shown.some((c) => /\d\.\d|EUR/.test(c.text)),
      `no English figure in the headlines: ${shown.map((c) => c.text).join(' | ')}`,
    );
    expectEqual(await frame.locator('.kl-asof time').getAttribute('datetime'), json.as_of, 'as of');
    const asOf = (await frame.locator('.kl-asof').textContent()) ?? '';
    expect(asOf.includes(`31${S}décembre${S}2025`), `the French date in "${asOf}"`);
    const summary = (await frame.locator('.kl-summary').textContent()) ?? '';
    expect(
      summary.includes(t('{0} on target', 3)) && summary.includes(t('1 off target')),
      `the French summary: "${summary}"`,
    );
    expectEqual(
      (await frame.locator('.kl-actions .kl-button').textContent())?.trim(),
      t('Run again'),
      'the run button',
    );
    const fields = await frame.locator('.kl-field-label').allTextContents();
    expect(fields.includes(t('Search')) && fields.includes(t('Sort')), `the toolbar labels ${fields.join(', ')}`);
    const headers = await frame.locator('.kl-card').first().locator('th').allTextContents();
    expect(headers.includes(t('Period')), `"${t('Period')}" among the table headers ${headers.join(', ')}`);
  }

  /**
   * The value lenses the editor shows (the visible KPIs only): each is the core's describeLatest
   * of a KPI of `kpilens run` in French, with French figures (no "1234.56", no "EUR").
   */
  function expectLensValues(texts, json) {
    const all = new Set(inFrench(() => json.kpis.map((k) => describeLatest(k))));
    for (const text of texts)
      expect(all.has(text), `the lens "${text}" is the latest value of a KPI in French (${[...all].join(' | ')})`);
    expect(
      texts.some((text) => text.startsWith(`219${S}602,53${S}€ (2025-12)`)),
      `the revenue lens in French among ${texts.join(' | ')}`,
    );
    expect(!texts.some((text) => /\d\.\d|EUR/.test(text)), `no English figure in the lenses: ${texts.join(' | ')}`);
  }

  // Last: they leave dirty untitled editors. The links in French; the CSV is the same in every language.
  await customerLinkTests({
    page,
    repo,
    workspace,
    test,
    shot,
    wb,
    suffix: '-fr',
    ui: {
      runReport: () => wb.palette(nls('%command.runReport.title%'), `KPI Lens : ${nls('%command.runReport.title%')}`),
      reportTab: t('Report: {0}', 'rfm.kpi.yaml'),
      t,
    },
  });

  return summary('fr');
}
