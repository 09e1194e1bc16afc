// The report webview in a real VS Code: "Run report" opens a panel whose view (the real
// bundle, in the real webview) renders one card per KPI and says so; the panel follows the
// file's results in place (a KPI removed and the file saved: one card fewer); "Show report"
// reveals the same panel instead of opening another; "Compare with…" shows the file as edited
// against its committed version, with the changed KPI's figures before → after. The report the
// panel shows, Export report and `kpilens run --format json` carry the same stamp and the same
// diagnostics (a spec warning and a data warning) for one file.
import * as assert from 'assert';
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { extension, waitFor, workspaceUri } from '../helpers';

interface Rendered {
  cards: number;
  asOf: string;
  comparison: number | null;
}

interface Diff {
  kpis: Array<{
    name: string;
    kind: string;
    changes: string[];
    values?: Array<{ before: { text: string } | null; after: { text: string } | null }>;
  }>;
}

const rendered = async (uri: vscode.Uri): Promise<Rendered | undefined> =>
  vscode.commands.executeCommand<Rendered | undefined>('kpilens.reportViewState', uri);

describe('KPI Lens in a real VS Code: the report webview', function () {
  this.timeout(90_000);

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Run report opens the report panel, whose view renders a card per KPI', async () => {
    const uri = workspaceUri('loyalty.kpi.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const result = await vscode.commands.executeCommand<{ as_of: string; kpis: unknown[] } | undefined>(
      'kpilens.runReport',
      uri,
    );
    assert.ok(result, 'the run gave a result');
    const view = await waitFor('the view to render', () => rendered(uri), 30_000);
    assert.deepEqual(view, { cards: result.kpis.length, asOf: result.as_of, comparison: null });
    const tabs = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputWebview);
    assert.equal(tabs.length, 1);
    assert.equal(tabs[0].label, 'Report: loyalty.kpi.yaml');
    // Show report reveals the same panel.
    await vscode.commands.executeCommand('kpilens.showReport', uri);
    assert.equal(
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview)
        .length,
      1,
    );
  });

  it('updates in place when the results change: a KPI removed and saved leaves one card fewer', async () => {
    const uri = workspaceUri('loyalty.kpi.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const before = await vscode.commands.executeCommand<{ kpis: unknown[] } | undefined>('kpilens.runReport', uri);
    assert.ok(before);
    await waitFor(
      'the first render',
      async () => ((await rendered(uri))?.cards === before.kpis.length ? true : undefined),
      30_000,
    );
    const text = doc.getText();
    const start = text.indexOf('\n  orders:\n    title: Orders');
    // average_basket uses orders: remove both, so the file stays valid.
    const end2 = text.indexOf('\n  repurchase_rate:');
    assert.ok(start > 0 && end2 > start, 'the orders and average_basket KPIs are in the workspace file');
    try {
      await editor.edit((e) => e.delete(new vscode.Range(doc.positionAt(start), doc.positionAt(end2))));
      await doc.save(); // autoRunOnSave re-runs a file that has results
      const after = await waitFor(
        'the view to show two cards fewer',
        async () => {
          const v = await rendered(uri);
          return v && v.cards === before.kpis.length - 2 ? v : undefined;
        },
        30_000,
      );
      assert.equal(after.cards, before.kpis.length - 2);
    } finally {
      await vscode.commands.executeCommand('undo');
      await doc.save();
    }
  });

  it('Compare with… shows the unsaved edit against the committed file: the changed KPI, in words and before → after', async () => {
    const uri = workspaceUri('loyalty.kpi.yaml');
    const root = workspaceUri().fsPath;
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=KPI Lens tests', '-c', 'user.email=tests@kpilens.invalid', ...args], {
        cwd: root,
      });
    git('init', '-q');
    git('add', 'loyalty.kpi.yaml');
    git('commit', '-q', '-m', 'KPI definitions');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const at = doc.getText().indexOf('    period: quarterly\n    segments: [plan]');
    assert.ok(at > 0, 'the nps period line');
    const range = new vscode.Range(doc.positionAt(at), doc.positionAt(at + '    period: quarterly'.length));
    await editor.edit((e) => e.replace(range, '    period: monthly'));
    try {
      const diff = await vscode.commands.executeCommand<Diff | undefined>('kpilens.compareWith', uri, 'HEAD');
      assert.ok(diff, 'the comparison ran');
      const nps = diff.kpis.find((k) => k.name === 'nps');
      assert.ok(nps);
      assert.equal(nps.kind, 'changed');
      assert.ok(
        nps.changes.some((c) => /period quarterly → monthly/.test(c)),
        nps.changes.join('; '),
      );
      assert.ok(nps.values?.[0]?.before && nps.values[0].after, 'figures on both sides');
      assert.notEqual(nps.values[0].before?.text, nps.values[0].after?.text);
      assert.ok(
        diff.kpis.filter((k) => k.kind !== 'unchanged').every((k) => k.name === 'nps'),
        'only nps changed',
      );
      const view = await waitFor(
        'the comparison in the view',
        async () => {
          const v = await rendered(uri);
          return v && v.comparison !== null ? v : undefined;
        },
        30_000,
      );
      assert.equal(view.comparison, 1);
      // A bad ref is a clear message, not a crash: the command gives nothing.
      assert.equal(await vscode.commands.executeCommand('kpilens.compareWith', uri, 'no-such-branch'), undefined);
    } finally {
      await vscode.commands.executeCommand('undo');
    }
  });

  it('the report the panel shows, Export report and `kpilens run --format json` carry the same stamp and diagnostics', async () => {
    interface Stamped {
      stamp?: { spec: string; data: string; files: number };
      diagnostics: Array<{
        file: string;
        line: number;
        column: number;
        severity: string;
        code: string;
        message: string;
      }>;
    }
    const spec = workspaceUri('stamped.kpi.yaml');
    const data = workspaceUri('data', 'stamped_orders.csv');
    const target = workspaceUri('stamped-report.json');
    // The last row's date is not a date (a data warning); `format: currency` without a currency is a spec warning.
    fs.writeFileSync(
      data.fsPath,
      'order_date,customer_id,amount\n2025-01-10,c1,10\n2025-01-20,c2,20\nnot-a-date,c3,40\n',
    );
    fs.writeFileSync(
      spec.fsPath,
      [
        'kpilens: 1',
        'as_of: 2025-01-31',
        'sources:',
        '  orders:',
        '    file: data/stamped_orders.csv',
        '    time: order_date',
        '    key: customer_id',
        'periods:',
        '  monthly: { grain: month, last: 1 }',
        'kpis:',
        '  revenue:',
        '    type: sum',
        '    source: orders',
        '    column: amount',
        '    period: monthly',
        '    format: currency',
        '',
      ].join('\n'),
    );
    try {
      const doc = await vscode.workspace.openTextDocument(spec);
      await vscode.window.showTextDocument(doc);
      // What Run report hands to the panel (the file's latest result, which the panel posts to the view).
      const shown = await vscode.commands.executeCommand<Stamped | undefined>('kpilens.runReport', spec);
      assert.ok(shown, 'the run gave a result');
      await waitFor('the view to render', () => rendered(spec), 30_000);
      assert.ok(await vscode.commands.executeCommand('kpilens.exportReport', spec, 'json', target));
      const exported = JSON.parse(fs.readFileSync(target.fsPath, 'utf8')) as Stamped;
      const bin = path.join(extension().extensionPath, 'bin', 'kpilens.js');
      const printed = await new Promise<Stamped>((resolve, reject) => {
        execFile(
          process.execPath,
          [bin, 'run', 'stamped.kpi.yaml', '--format', 'json', '--no-cache'],
          { cwd: workspaceUri().fsPath, timeout: 60_000 },
          (err, stdout, stderr) => {
            if (err) reject(new Error(`kpilens run failed: ${err.message}\n${stderr}`));
            else resolve(JSON.parse(stdout) as Stamped);
          },
        );
      });
      // `    format: currency` is line 16, value at column 13; `    time: order_date` line 6, value at column 11.
      const expected = [
        {
          file: 'stamped.kpi.yaml',
          line: 16,
          column: 13,
          severity: 'warning',
          message: "KPI 'revenue' is a currency without 'currency:' (e.g. currency: EUR)",
          code: 'missing-currency',
        },
        {
          file: 'stamped.kpi.yaml',
          line: 6,
          column: 11,
          severity: 'warning',
          // The typed read names the value and its line in the data file, and counts it.
          message:
            "1 value of column 'order_date' in source 'orders' is not a date (YYYY-MM-DD) ('not-a-date' at stamped_orders.csv:4): it is read as empty; rows without a date are left out of the KPIs; if the dates are written otherwise, set the source's 'date_format' or 'timestamp_format' (e.g. %d/%m/%Y)",
          code: 'invalid-values',
          count: 1,
        },
      ];
      assert.deepStrictEqual(shown.diagnostics, expected);
      assert.deepStrictEqual(exported.diagnostics, expected);
      assert.deepStrictEqual(printed.diagnostics, expected);
      assert.ok(shown.stamp, "the report view's result is stamped");
      assert.equal(shown.stamp.files, 1);
      assert.deepStrictEqual(exported.stamp, shown.stamp);
      assert.deepStrictEqual(printed.stamp, shown.stamp);
    } finally {
      for (const f of [spec, data, target]) fs.rmSync(f.fsPath, { force: true });
    }
  });
});
