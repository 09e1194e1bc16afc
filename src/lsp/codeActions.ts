// Quick fixes: the replacements the core attaches to diagnostics (did-you-mean for unknown
// names, columns, keys and values; valid names), offered as code actions on the range asked.
import type { CodeAction, Connection, TextDocuments } from 'vscode-languageserver/node';
import { CodeActionKind } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { rangesMeet, toLspDiagnostic, toLspRange } from './convert';
import type { KpiDocuments } from './documents';
import { isKpiUri } from './documents';

export function registerCodeActions(
  connection: Connection,
  open: TextDocuments<TextDocument>,
  documents: KpiDocuments,
): void {
  connection.onCodeAction(async ({ textDocument, range }) => {
    const doc = isKpiUri(textDocument.uri) ? open.get(textDocument.uri) : undefined;
    if (!doc) return [];
    const { check } = await documents.get(doc);
    const actions: CodeAction[] = [];
    for (const d of check.diagnostics) {
      const diagnostic = toLspDiagnostic(d);
      if (!rangesMeet(diagnostic.range, range)) continue;
      const fixes = d.fixes ?? [];
      for (const fix of fixes) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fixes.length === 1,
          edit: { changes: { [doc.uri]: [{ range: toLspRange(fix.range), newText: fix.newText }] } },
        });
      }
    }
    return actions;
  });
}
