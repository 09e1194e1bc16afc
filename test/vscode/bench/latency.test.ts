// A measurement, not a test of speed (`npm run bench:vscode`): keystroke-to-diagnostics
// latency in a real VS Code on a generated 300-KPI file — each edit changes a filter, and
// the time until the Problems of that file are updated is recorded. Writes p50/p95 to
// out/bench/vscode-latency.json in the repository.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { generateKpiFile } from '../../../scripts/bench-check';
import { extension, workspaceUri } from '../helpers';

describe('keystroke-to-diagnostics latency (measurement)', function () {
  this.timeout(120_000);

  it('measures 30 edits of a 300-KPI file', async () => {
    const uri = workspaceUri('generated-300.kpi.yaml');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(generateKpiFile(300)));
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const at = doc.positionAt(doc.getText().indexOf('amount > ') + 'amount > '.length);
      const changed = new Promise<void>((resolve) => {
        const sub = vscode.languages.onDidChangeDiagnostics((e) => {
          if (e.uris.some((u) => u.toString() === uri.toString())) {
            sub.dispose();
            resolve();
          }
        });
      });
      const t0 = Date.now();
      // A typo (an unknown column) on even edits, its correction on odd ones: diagnostics change every time.
      await editor.edit((e) => e.insert(at, i % 2 === 0 ? 'x' : ''));
      if (i % 2 === 1) await editor.edit((e) => e.delete(new vscode.Range(at, at.translate(0, 1))));
      await changed;
      times.push(Date.now() - t0);
    }
    times.sort((a, b) => a - b);
    const result = {
      kpis: 300,
      edits: times.length,
      debounce_ms: 250,
      p50_ms: times[Math.floor(times.length * 0.5)],
      p95_ms: times[Math.floor(times.length * 0.95)],
      max_ms: times[times.length - 1],
    };
    const out = path.join(extension().extensionPath, 'out', 'bench');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'vscode-latency.json'), JSON.stringify(result, null, 2) + '\n');
    assert.strictEqual(times.length, 30);
  });
});
