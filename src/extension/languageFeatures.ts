// Editor features over the core's language service: hover, go to definition, find
// references, rename and the outline, for *.kpi.yaml files.
import * as vscode from 'vscode';
import { completionsAt } from '../core/language/completion';
import type { CompletionKind } from '../core/language/completion';
import { hoverAt } from '../core/language/hover';
import { outline } from '../core/language/outline';
import type { OutlineItem } from '../core/language/outline';
import { findDefinition, findReferences, renameEdits, symbolAt } from '../core/language/symbols';
import { toVsRange } from './convert';
import type { KpiDocuments } from './kpiDocuments';
import { KPI_SELECTOR } from './kpiDocuments';
import type { KpiResults } from './kpiResults';

const SYMBOL_KINDS: Record<OutlineItem['kind'], vscode.SymbolKind> = {
  section: vscode.SymbolKind.Namespace,
  source: vscode.SymbolKind.Class,
  period: vscode.SymbolKind.Enum,
  segment: vscode.SymbolKind.Field,
  kpi: vscode.SymbolKind.Function,
};

const COMPLETION_KINDS: Record<CompletionKind, vscode.CompletionItemKind> = {
  key: vscode.CompletionItemKind.Property,
  type: vscode.CompletionItemKind.Class,
  source: vscode.CompletionItemKind.Module,
  period: vscode.CompletionItemKind.Enum,
  segment: vscode.CompletionItemKind.Field,
  kpi: vscode.CompletionItemKind.Function,
  column: vscode.CompletionItemKind.Variable,
  value: vscode.CompletionItemKind.EnumMember,
};

function toSymbol(item: OutlineItem): vscode.DocumentSymbol {
  const s = new vscode.DocumentSymbol(
    item.name,
    item.detail,
    SYMBOL_KINDS[item.kind],
    toVsRange(item.range),
    toVsRange(item.selectionRange),
  );
  s.children = item.children.map(toSymbol);
  return s;
}

export function registerLanguageFeatures(documents: KpiDocuments, results: KpiResults): vscode.Disposable[] {
  return [
    vscode.languages.registerHoverProvider(KPI_SELECTOR, {
      async provideHover(doc, position) {
        const { check, index } = await documents.get(doc);
        const hover = hoverAt(check, index, doc.offsetAt(position), (name) => results.kpi(doc.uri, name));
        return hover ? new vscode.Hover(new vscode.MarkdownString(hover.markdown), toVsRange(hover.range)) : undefined;
      },
    }),
    vscode.languages.registerDefinitionProvider(KPI_SELECTOR, {
      async provideDefinition(doc, position) {
        const { index } = await documents.get(doc);
        const decl = findDefinition(index, doc.offsetAt(position));
        return decl ? new vscode.Location(doc.uri, toVsRange(decl.range)) : undefined;
      },
    }),
    vscode.languages.registerReferenceProvider(KPI_SELECTOR, {
      async provideReferences(doc, position, context) {
        const { index } = await documents.get(doc);
        return findReferences(index, doc.offsetAt(position), context.includeDeclaration).map(
          (r) => new vscode.Location(doc.uri, toVsRange(r)),
        );
      },
    }),
    vscode.languages.registerRenameProvider(KPI_SELECTOR, {
      async prepareRename(doc, position) {
        const { index } = await documents.get(doc);
        const s = symbolAt(index, doc.offsetAt(position));
        if (!s) throw new Error('Place the cursor on a source, period, segment or KPI name to rename it.');
        return { range: toVsRange(s.range), placeholder: s.name };
      },
      async provideRenameEdits(doc, position, newName) {
        const { index } = await documents.get(doc);
        const result = renameEdits(index, doc.offsetAt(position), newName);
        if ('error' in result) throw new Error(result.error);
        const edit = new vscode.WorkspaceEdit();
        for (const e of result.edits) edit.replace(doc.uri, toVsRange(e.range), e.newText);
        return edit;
      },
    }),
    vscode.languages.registerCompletionItemProvider(
      KPI_SELECTOR,
      {
        async provideCompletionItems(doc, position) {
          const { check } = await documents.get(doc);
          const offset = doc.offsetAt(position);
          const { items, replaceStart } = completionsAt(check, offset);
          const range = new vscode.Range(doc.positionAt(replaceStart), position);
          return items.map((i) => {
            const item = new vscode.CompletionItem(i.label, COMPLETION_KINDS[i.kind]);
            item.insertText = i.insertText;
            if (i.filterText) item.filterText = i.filterText;
            item.range = range;
            if (i.detail) item.detail = i.detail;
            if (i.documentation) item.documentation = new vscode.MarkdownString(i.documentation);
            return item;
          });
        },
      },
      ':',
      ' ',
      '[',
      ',',
      '-',
    ),
    vscode.languages.registerDocumentSymbolProvider(KPI_SELECTOR, {
      async provideDocumentSymbols(doc) {
        const { check, index } = await documents.get(doc);
        return outline(check, index).map(toSymbol);
      },
    }),
  ];
}
