// "KPI Lens: Compare with…": the KPI file as it is in the editor (unsaved edits included)
// against its version at a git ref, both evaluated on the same data at the same as_of; the
// comparison shows in the file's report view: the latest figures, the top movers of every
// row, why they moved, and the verdict of the `kpilens.compare.failOn` gates. Git is read by the core (src/core/diff/gitFiles),
// the comparison is the core's diffKpiFile — the same as `kpilens diff`.
import * as path from 'path';
import * as vscode from 'vscode';
import { diffKpiFile } from '../core/diff/diffKpiFile';
import { checkGates, GateSyntaxError, parseGates } from '../core/diff/gates';
import { checkGitRef, GitError, gitShowFile, gitTopLevel, repoPath } from '../core/diff/gitFiles';
import type { SpecDiff } from '../core/diff/specDiff';
import { EngineError } from '../core/engine/backends/engine';
import type { ReportPanels } from './reportPanel';

export async function compareWith(
  reports: ReportPanels,
  doc: vscode.TextDocument,
  ref?: string,
): Promise<SpecDiff | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(vscode.l10n.t('KPI Lens evaluates KPIs only in a trusted workspace.'));
    return undefined;
  }
  if (doc.uri.scheme !== 'file') {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Compare with… needs a KPI file on disk, in a git repository.'),
    );
    return undefined;
  }
  const file = doc.uri.fsPath;
  const shown = vscode.workspace.asRelativePath(doc.uri);
  try {
    const top = await gitTopLevel(path.dirname(file));
    const chosen =
      ref ??
      (await vscode.window.showInputBox({
        title: vscode.l10n.t('Compare {0} with…', shown),
        prompt: vscode.l10n.t('A git ref: HEAD, a branch, a tag or a commit'),
        value: 'HEAD',
        validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('Enter a git ref') : undefined),
      }));
    if (chosen === undefined) return undefined;
    const base = chosen.trim();
    // A rule that does not parse is said before anything runs.
    parseGates([vscode.workspace.getConfiguration('kpilens').get<string>('compare.failOn', '')]);
    await checkGitRef(top, base, 'the ref');
    const baseText = await gitShowFile(top, base, repoPath(top, file), shown);
    const panel = reports.show(doc.uri, true);
    const diff = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('KPI Lens: comparing {0} with {1}…', shown, base),
        cancellable: true,
      },
      (_progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return diffKpiFile(file, baseText, doc.getText(), {
          baseLabel: base,
          headLabel: doc.isDirty ? vscode.l10n.t('editor (unsaved)') : vscode.l10n.t('working tree'),
          displayPath: shown,
          signal: controller.signal,
          dataRoot: dataRootOf(doc.uri),
        });
      },
    );
    const failOn = vscode.workspace.getConfiguration('kpilens').get<string>('compare.failOn', '');
    if (failOn.trim() !== '') diff.gates = checkGates(diff, parseGates([failOn]));
    panel.showComparison(diff);
    return diff;
  } catch (err) {
    if (err instanceof EngineError && err.kind === 'cancelled') return undefined;
    const message =
      err instanceof GitError || err instanceof EngineError || err instanceof GateSyntaxError || err instanceof Error
        ? err.message
        : String(err);
    void vscode.window.showErrorMessage(vscode.l10n.t('KPI Lens: cannot compare {0}: {1}', shown, message));
    return undefined;
  }
}

/** The folder data files must lie in: the document's workspace folder (SECURITY.md). */
function dataRootOf(uri: vscode.Uri): string | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
}
