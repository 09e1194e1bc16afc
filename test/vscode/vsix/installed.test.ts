// The VSIX users install, in a real VS Code (KPILENS_VSCODE_SUITE=vsix): run-tests.mjs installs
// dist-vsix/kpilens-<version>-linux-x64.vsix with `code-server --install-extension` into a fresh
// extensions folder, and opens the workbench with an empty extension as development path (VS
// Code runs tests only with one), so the KPI Lens under test is the installed one. Checks:
// it is that copy, VS Code activates it, its diagnostics on the sample, a KPI evaluated by the
// DuckDB of its own node_modules (a value computed by hand), and the walkthrough.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  contributedWalkthroughs,
  extension,
  kpiDiagnostics,
  nextDiagnosticsChange,
  row,
  stepCommands,
  waitFor,
  workspaceUri,
} from '../helpers';

/** The repository: this file is out/test/vscode/vsix/installed.test.js. */
const REPO = path.resolve(__dirname, '..', '..', '..', '..');

async function open(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(name));
  await vscode.window.showTextDocument(doc);
  return doc;
}

interface Run {
  kpis: { name: string; rows: { period: string; segment: unknown; value: number | null }[] }[];
}

describe('KPI Lens installed from the linux-x64 VSIX', function () {
  this.timeout(60_000);

  it('is the installed copy: in the extensions folder, with the packaged DuckDB binding and no sources', () => {
    const ext = extension();
    const dir = ext.extensionPath;
    assert.ok(!dir.startsWith(REPO + path.sep), `${dir} is not in the repository`);
    assert.match(path.basename(dir), /^kpilens\.kpilens-\d+\.\d+\.\d+$/);
    // Installed by `code-server --install-extension` from the linux-x64 VSIX.
    assert.match(fs.readFileSync(path.join(dir, '.vsixmanifest'), 'utf8'), /TargetPlatform="linux-x64"/);
    const registry = JSON.parse(fs.readFileSync(path.join(path.dirname(dir), 'extensions.json'), 'utf8')) as {
      identifier: { id: string };
      metadata?: { source?: string };
    }[];
    assert.strictEqual(registry.find((e) => e.identifier.id === 'kpilens.kpilens')?.metadata?.source, 'vsix');
    for (const f of [
      'dist/extension.js',
      'dist/duckdbWorker.js',
      'node_modules/@duckdb/node-api/package.json',
      'node_modules/@duckdb/node-bindings-linux-x64/duckdb.node',
    ]) {
      assert.ok(fs.existsSync(path.join(dir, f)), `${f} is installed`);
    }
    for (const f of [
      'src',
      'test',
      'node_modules/typescript',
      'node_modules/ajv',
      'node_modules/@duckdb/node-bindings-linux-arm64',
    ]) {
      assert.ok(!fs.existsSync(path.join(dir, f)), `${f} is not installed`);
    }
    assert.strictEqual(
      (ext.packageJSON as { scripts?: unknown }).scripts,
      undefined,
      'the installed package.json has no scripts',
    );
  });

  it('is activated by VS Code when a KPI file opens', async () => {
    const ext = extension();
    await open('broken.kpi.yaml');
    await waitFor('the extension to be activated by VS Code', () => (ext.isActive ? true : undefined), 30_000);
  });

  it('reports the known problems of broken.kpi.yaml and none on the sample', async () => {
    const broken = workspaceUri('broken.kpi.yaml');
    await open('broken.kpi.yaml');
    // The five problems test/vscode/suite/diagnostics.test.ts checks against the CLI.
    const diags = await waitFor(
      '5 diagnostics on broken.kpi.yaml',
      () => {
        const d = kpiDiagnostics(broken);
        return d.length >= 5 ? d : undefined;
      },
      30_000,
    );
    assert.deepStrictEqual(diags.map(row), [
      'unknown-column 19:12-19:22 Error',
      'unknown-source 25:12-25:17 Error',
      'unknown-kpi 32:17-32:23 Error',
      'expr-syntax 39:21-39:22 Error',
      'unknown-key 41:4-41:10 Error',
    ]);
    const sample = workspaceUri('loyalty.kpi.yaml');
    const change = nextDiagnosticsChange(sample);
    await open('loyalty.kpi.yaml');
    await change.done;
    assert.deepStrictEqual(vscode.languages.getDiagnostics(sample).map(row), []);
  });

  it('evaluates KPIs with the DuckDB of its own node_modules: a value computed by hand, and the whole sample', async () => {
    const dir = workspaceUri('vsix-check').fsPath;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'orders.csv'),
      'order_id,customer_id,order_date,amount\n1,a,2025-03-02,10\n2,b,2025-03-15,20.5\n3,a,2025-03-31,12\n4,c,2025-04-01,99\n',
    );
    fs.writeFileSync(
      path.join(dir, 'check.kpi.yaml'),
      [
        'kpilens: 1',
        'as_of: 2025-03-31',
        'sources:',
        '  orders: { file: orders.csv, time: order_date, key: customer_id }',
        'periods:',
        '  march: { from: 2025-03-01, to: 2025-03-31 }',
        'kpis:',
        '  revenue: { type: sum, source: orders, column: amount, period: march }',
        '  buyers: { type: count_distinct, source: orders, column: customer_id, period: march }',
        '',
      ].join('\n'),
    );
    const uri = vscode.Uri.file(path.join(dir, 'check.kpi.yaml'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const run = await vscode.commands.executeCommand<Run | undefined>('kpilens.runFile', uri);
    assert.ok(run, 'kpilens.runFile returned results');
    const value = (name: string) => run.kpis.find((k) => k.name === name)?.rows[0]?.value;
    // March 2025 (the April order is outside): 10 + 20.5 + 12 = 42.5; customers a, b, a → 2.
    assert.strictEqual(value('revenue'), 42.5);
    assert.strictEqual(value('buyers'), 2);
    const sample = await vscode.commands.executeCommand<Run | undefined>(
      'kpilens.runFile',
      workspaceUri('loyalty.kpi.yaml'),
    );
    assert.ok(sample);
    assert.strictEqual(sample.kpis.length, 11);
  });

  it('contributes the Get started walkthrough, whose step commands exist', async () => {
    const ext = extension();
    const [walkthrough] = contributedWalkthroughs(ext);
    assert.ok(walkthrough, 'a walkthrough is contributed');
    const commands = new Set(await vscode.commands.getCommands(true));
    assert.deepStrictEqual(
      walkthrough.steps.map((s) => stepCommands(s)),
      [['kpilens.openSample'], ['kpilens.runReport'], ['kpilens.newKpiFile']],
    );
    for (const s of walkthrough.steps) for (const c of stepCommands(s)) assert.ok(commands.has(c), c);
    for (const s of walkthrough.steps)
      for (const [k, f] of Object.entries(s.media))
        if (k !== 'altText') assert.ok(fs.existsSync(path.join(ext.extensionPath, f)), f);
  });
});
