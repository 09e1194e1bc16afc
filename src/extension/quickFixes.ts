// Quick fixes: the replacements the core attaches to diagnostics (did-you-mean for unknown
// names, columns, keys and values; valid names) offered as code actions in the editor.
import * as vscode from 'vscode';
import { toVsRange } from './convert';
import type { KpiDocuments } from './kpiDocuments';

export class KpiQuickFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly documents: KpiDocuments) {}

  async provideCodeActions(
    doc: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
  ): Promise<vscode.CodeAction[]> {
    const { check } = await this.documents.get(doc);
    const actions: vscode.CodeAction[] = [];
    for (const d of check.diagnostics) {
      const dRange = toVsRange(d.range);
      if (!dRange.intersection(range) && !dRange.contains(range)) continue;
      for (const fix of d.fixes ?? []) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(doc.uri, toVsRange(fix.range), fix.newText);
        action.isPreferred = (d.fixes ?? []).length === 1;
        const shown = vscode.languages
          .getDiagnostics(doc.uri)
          .find((x) => x.code === d.code && x.range.isEqual(dRange));
        if (shown) action.diagnostics = [shown];
        actions.push(action);
      }
    }
    return actions;
  }
}
