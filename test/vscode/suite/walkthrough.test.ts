// The "Get started" walkthrough in a real VS Code: contributed by the extension, its three
// steps (open the sample, run a report, add a KPI from the template) each run a command that
// exists once the extension is active, and the media they show ship with the extension.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { contributedWalkthroughs, extension, stepCommands, waitFor, workspaceUri } from '../helpers';

describe('KPI Lens in a real VS Code: the Get started walkthrough', () => {
  it('is contributed with its three steps, whose commands exist and whose media ship', async () => {
    const ext = extension();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri('loyalty.kpi.yaml')));
    await waitFor('the extension to be activated by VS Code', () => (ext.isActive ? true : undefined));
    const walkthroughs = contributedWalkthroughs(ext);
    assert.deepStrictEqual(
      walkthroughs.map((w) => [w.id, w.title]),
      [['getStarted', 'Get started with KPI Lens']],
    );
    const steps = walkthroughs[0].steps;
    assert.deepStrictEqual(
      steps.map((s) => [s.id, stepCommands(s)]),
      [
        ['openSample', ['kpilens.openSample']],
        ['runReport', ['kpilens.runReport']],
        ['newKpiFile', ['kpilens.newKpiFile']],
      ],
    );
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const s of steps)
      for (const c of stepCommands(s)) assert.ok(commands.has(c), `${s.id}: command ${c} is registered`);
    for (const s of steps) {
      assert.ok(!/%[\w.]+%/.test(s.title + s.description), `${s.id}: texts resolved`);
      for (const [kind, file] of Object.entries(s.media)) {
        if (kind === 'altText') continue;
        assert.ok(fs.existsSync(path.join(ext.extensionPath, file)), `${s.id}: ${file} exists`);
      }
    }
  });
});
