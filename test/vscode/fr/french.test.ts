// KPI Lens in French inside the extension host (KPILENS_VSCODE_SUITE=fr or fr-vsix):
// run-tests.mjs installed a French language pack and started code-server with `--locale fr`
// on a copy of samples/. What the user then sees in the workbench (palette, lenses, status bar,
// notification, walkthrough, report) is checked afterwards by scripts/vscode/e2e-french.mjs;
// here, from the inside: the language VS Code hands to extensions, the manifest it translated
// with package.nls.fr.json, and the code lenses KPI Lens provides (l10n/bundle.l10n.fr.json).
// Expected texts are read from the repository's translation files, so a better translation
// does not break the tests; each one is also checked to differ from the English.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { useLocale } from '../../../src/core/l10n/l10n';
import { describeLatest } from '../../../src/core/language/latestValue';
import type { RunResult } from '../../../src/core/report/resultModel';
import { extension, waitFor, workspaceUri } from '../helpers';

/** The repository: this file is out/test/vscode/fr/french.test.js. */
const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const readJson = <T>(...segments: string[]): T =>
  JSON.parse(fs.readFileSync(path.join(REPO, ...segments), 'utf8')) as T;
const NLS_EN = readJson<Record<string, string>>('package.nls.json');
const NLS_FR = readJson<Record<string, string>>('package.nls.fr.json');
const BUNDLE_FR = readJson<Record<string, string>>('l10n', 'bundle.l10n.fr.json');

interface Command {
  command: string;
  title: string | { value: string; original?: string };
}
interface Manifest {
  contributes: {
    commands: Command[];
    walkthroughs: { id: string; title: string; steps: { id: string; title: string }[] }[];
  };
}

/** The text of a manifest string as VS Code hands it over: a string, or { value, original }. */
const text = (s: string | { value: string }) => (typeof s === 'string' ? s : s.value);
/** The French of a `%key%` placeholder of the repository's package.json, checked to be a translation. */
function french(placeholder: string): string {
  const key = /^%([^%]+)%$/.exec(placeholder)?.[1];
  assert.ok(key, `${placeholder} is a %key% placeholder`);
  const fr = NLS_FR[key];
  assert.ok(fr && fr !== NLS_EN[key], `package.nls.fr.json translates ${key}`);
  return fr;
}

async function openSample(): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri('loyalty.kpi.yaml'));
  await vscode.window.showTextDocument(doc);
  await waitFor('the extension to be activated by VS Code', () => (extension().isActive ? true : undefined), 30_000);
  return doc;
}

const lensesOf = (doc: vscode.TextDocument) =>
  vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);

describe('KPI Lens in French (code-server --locale fr)', function () {
  this.timeout(60_000);

  it('VS Code hands the extension host the French language: vscode.env.language is "fr"', () => {
    assert.strictEqual(vscode.env.language, 'fr');
    // fr-vsix: the KPI Lens under test is the installed VSIX, not this repository.
    const dir = extension().extensionPath;
    const installed = dir !== REPO && !dir.startsWith(REPO + path.sep);
    assert.strictEqual(installed, process.env.KPILENS_VSCODE_SUITE === 'fr-vsix');
  });

  it('the manifest VS Code loaded is the French one: every command title and the walkthrough from package.nls.fr.json', async () => {
    await openSample();
    const source = readJson<Manifest>('package.json');
    const loaded = extension().packageJSON as Manifest;
    const titles = loaded.contributes.commands.map((c) => [c.command, text(c.title)]);
    assert.deepStrictEqual(
      titles,
      source.contributes.commands.map((c) => [c.command, french(text(c.title))]),
    );
    const walkthroughs = loaded.contributes.walkthroughs.map((w) => [w.id, w.title, w.steps.map((s) => s.title)]);
    assert.deepStrictEqual(
      walkthroughs,
      source.contributes.walkthroughs.map((w) => [w.id, french(w.title), w.steps.map((s) => french(s.title))]),
    );
    assert.strictEqual(walkthroughs[0][1], 'Bien démarrer avec KPI Lens');
  });

  it('code lenses: the French "▶ Run" on each of the 11 KPIs of the sample, then their latest values', async () => {
    const doc = await openSample();
    const run = BUNDLE_FR['▶ Run'];
    assert.ok(run && run !== '▶ Run', 'bundle.l10n.fr.json translates "▶ Run"');
    const before = await lensesOf(doc);
    const runLenses = before.filter((l) => l.command?.command === 'kpilens.runKpi');
    assert.strictEqual(runLenses.length, 11);
    assert.deepStrictEqual([...new Set(runLenses.map((l) => l.command?.title))], [run]);
    assert.deepStrictEqual([...new Set(runLenses.map((l) => l.command?.tooltip))].length, 11, 'one tooltip per KPI');
    assert.strictEqual(runLenses[0].command?.tooltip, BUNDLE_FR['Evaluate {0} on its data'].replace('{0}', 'revenue'));

    const result = await vscode.commands.executeCommand<RunResult | undefined>('kpilens.runFile', doc.uri);
    assert.ok(result, 'the run returned a result');
    const values = await waitFor(
      'a value lens on each KPI',
      async () => {
        const all = (await lensesOf(doc)).filter((l) => l.command?.command === 'kpilens.showReport');
        return all.length === 11 ? all : undefined;
      },
      30_000,
    );
    assert.deepStrictEqual([...new Set(values.map((l) => l.command?.tooltip))], [BUNDLE_FR['Show the report']]);
    expectLensValues(
      values.map((l) => l.command?.title ?? ''),
      result,
    );
  });
});

/**
 * The value lenses' texts (one per KPI, in file order) against the run's results: each is what
 * the core's describeLatest writes for that KPI in French (this test's own copy of the core,
 * switched to French with the repository's bundle), and the sample's figures read as a French
 * reader writes them — decimal comma, U+00A0 between digit groups and before €, % and pt.
 */
function expectLensValues(texts: string[], result: RunResult): void {
  useLocale('fr', BUNDLE_FR);
  try {
    assert.deepStrictEqual(
      texts,
      result.kpis.map((k) => describeLatest(k)),
    );
  } finally {
    useLocale('en', undefined);
  }
  const S = '\u00a0';
  const lens = (name: string) => texts[result.kpis.findIndex((k) => k.name === name)] ?? '';
  // Revenue of 2025-12 in the sample: 219,602.53 EUR, (219602.53 − 179200.71) / 179200.71 = 22.5 % more than 2025-11.
  assert.strictEqual(lens('revenue'), `219${S}602,53${S}€ (2025-12) · ▲22,5${S}% vs 2025-11`);
  // Average basket 68.07 vs 65.12: (68.07 − 65.12) / 65.12 = 4.5 %.
  assert.match(
    lens('average_basket'),
    new RegExp(`^68,07${S}€ \\(2025-12\\) · ▲4,5${S}% vs 2025-11 · cible ≥ 45${S}€ ✓$`),
  );
  // Churn, a percent: its change in percentage points (5.0 % − 4.0 % → 1 pt), as in the table.
  assert.match(
    lens('churn_rate'),
    new RegExp(
      `^5${S}% \\[4,1${S}% – 6,2${S}%\\] \\(2025-12\\) · ▲1${S}pt vs 2025-11, non significatif · cible ≤ 5${S}% ✗$`,
    ),
  );
  // NPS, a score: its change in points against a year before (31.0 vs 29.1 → 1,9).
  assert.match(
    lens('nps'),
    new RegExp(`^31 \\[23,1 – 39\\] \\(2025-Q4\\) · ▲1,9 vs un an plus tôt, non significatif · cible ≥ 30 ✓$`),
  );
  assert.ok(!texts.some((t) => /\d\.\d|EUR/.test(t)), `no English figure left in ${texts.join(' | ')}`);
}
