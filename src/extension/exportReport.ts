// "KPI Lens: Export report": writes the last results of a KPI file (the run of core/run/runKpiFile.ts
// through kpiResults.ts: stamped, with the spec's and the data's diagnostics) as HTML, CSV, Markdown or
// JSON to a file the user chooses (or the test passes), atomically, never elsewhere.
import * as path from 'path';
import * as vscode from 'vscode';
import { renderResult } from '../core/report/render';
import type { OutputFormat } from '../core/report/render';
import { KPI_FILE_PATTERN } from '../core/kpifile/kpiFileName';
import { writeFileAtomic } from '../core/util/atomicWrite';
import type { KpiResults } from './kpiResults';

const EXTENSIONS: Record<Exclude<OutputFormat, 'table'>, string> = { html: 'html', csv: 'csv', md: 'md', json: 'json' };

export async function exportReport(
  results: KpiResults,
  uri: vscode.Uri | undefined,
  format?: string,
  target?: vscode.Uri,
): Promise<vscode.Uri | undefined> {
  const source = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!source) return undefined;
  const doc = await vscode.workspace.openTextDocument(source);
  const result = results.result(source) ?? (await results.run(doc));
  if (!result) return undefined;
  const preferred = vscode.workspace.getConfiguration('kpilens.export').get<string>('defaultFormat', 'html');
  const formats = Object.keys(EXTENSIONS).sort((a, b) => (a === preferred ? -1 : b === preferred ? 1 : 0));
  const chosen =
    format ?? (await vscode.window.showQuickPick(formats, { placeHolder: vscode.l10n.t('Export the report as…') }));
  if (!chosen || !(chosen in EXTENSIONS)) return undefined;
  const ext = EXTENSIONS[chosen as keyof typeof EXTENSIONS];
  const base = path.basename(source.fsPath).replace(KPI_FILE_PATTERN, '');
  const file =
    target ??
    (await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(path.join(path.dirname(source.fsPath), `${base}-report.${ext}`)),
      filters: { [chosen.toUpperCase()]: [ext] },
    }));
  if (!file) return undefined;
  await writeFileAtomic(
    file.fsPath,
    renderResult(result, chosen as OutputFormat, { file: vscode.workspace.asRelativePath(source) }),
  );
  void vscode.window.showInformationMessage(
    vscode.l10n.t('KPI Lens: report written to {0}', vscode.workspace.asRelativePath(file)),
  );
  return file;
}
