// The commands of the palette and of code lenses: run a KPI file (or one KPI) and show its
// report in the KPI Lens output channel.
import * as vscode from 'vscode';
import { renderTable } from '../core/report/render/table';
import type { KpiResults } from './kpiResults';
import { isKpiDocument } from './kpiDocuments';

async function documentFor(uri: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
  if (uri) return vscode.workspace.openTextDocument(uri);
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc || !isKpiDocument(doc)) {
    void vscode.window.showInformationMessage('Open a *.kpi.yaml file to run its KPIs.');
    return undefined;
  }
  return doc;
}

export function registerCommands(results: KpiResults, output: vscode.OutputChannel): vscode.Disposable[] {
  const show = (uri: vscode.Uri) => {
    const result = results.result(uri);
    if (!result) return;
    output.clear();
    output.append(renderTable(result));
    output.show(true);
  };
  return [
    vscode.commands.registerCommand('kpilens.runFile', async (uri?: vscode.Uri) => {
      const doc = await documentFor(uri);
      if (!doc) return undefined;
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'KPI Lens: evaluating…' }, () => results.run(doc));
      if (result) show(doc.uri);
      return result;
    }),
    vscode.commands.registerCommand('kpilens.runKpi', async (uri: vscode.Uri, kpi: string) => {
      const doc = await documentFor(uri);
      if (!doc) return undefined;
      return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `KPI Lens: evaluating ${kpi}…` }, () => results.run(doc, [kpi]));
    }),
    vscode.commands.registerCommand('kpilens.showReport', (uri?: vscode.Uri) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      if (target) show(target);
    }),
  ];
}
