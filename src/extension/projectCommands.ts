// Commands that create files for the user, always where the user chose (or the caller
// passed), atomically: "New KPI file from template" (the loyalty pack or an empty file) and
// "Open sample" (the sample KPI file with its data, copied into a folder).
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EMPTY_KPI_FILE, LOYALTY_PACK } from '../core/templates/kpiTemplates';
import { writeFileAtomic } from '../core/util/atomicWrite';

export async function newKpiFile(template?: 'loyalty' | 'empty', target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const pick =
    template ??
    (
      await vscode.window.showQuickPick(
        [
          { label: 'loyalty', description: vscode.l10n.t('NPS, CSAT, churn, 30/60/90-day retention, CAC, CLV…') },
          { label: 'empty', description: vscode.l10n.t('one source, one period, one KPI') },
        ],
        { placeHolder: vscode.l10n.t('Start from…') },
      )
    )?.label;
  if (pick !== 'loyalty' && pick !== 'empty') return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const file =
    target ??
    (await vscode.window.showSaveDialog({
      defaultUri: folder
        ? vscode.Uri.joinPath(folder, pick === 'loyalty' ? 'loyalty.kpi.yaml' : 'kpis.kpi.yaml')
        : undefined,
      filters: { 'KPI file': ['kpi.yaml', 'yaml'] },
    }));
  if (!file) return undefined;
  if (fs.existsSync(file.fsPath) && !target) {
    const replace = vscode.l10n.t('Replace');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} exists. Replace it?', path.basename(file.fsPath)),
      { modal: true },
      replace,
    );
    if (answer !== replace) return undefined;
  }
  await fs.promises.mkdir(path.dirname(file.fsPath), { recursive: true });
  await writeFileAtomic(file.fsPath, pick === 'loyalty' ? LOYALTY_PACK : EMPTY_KPI_FILE);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
  return file;
}

export async function openSample(extensionUri: vscode.Uri, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const folder =
    target ??
    (
      await vscode.window.showOpenDialog({
        canSelectFolders: true,
        canSelectFiles: false,
        openLabel: 'Copy the sample here',
      })
    )?.[0];
  if (!folder) return undefined;
  const source = vscode.Uri.joinPath(extensionUri, 'samples');
  const dest = vscode.Uri.joinPath(folder, 'kpilens-sample');
  await fs.promises.mkdir(path.join(dest.fsPath, 'data'), { recursive: true });
  for (const f of await fs.promises.readdir(path.join(source.fsPath, 'data'))) {
    await writeFileAtomic(
      path.join(dest.fsPath, 'data', f),
      await fs.promises.readFile(path.join(source.fsPath, 'data', f), 'utf8'),
    );
  }
  const spec = vscode.Uri.joinPath(dest, 'loyalty.kpi.yaml');
  await writeFileAtomic(spec.fsPath, await fs.promises.readFile(path.join(source.fsPath, 'loyalty.kpi.yaml'), 'utf8'));
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(spec));
  return spec;
}
