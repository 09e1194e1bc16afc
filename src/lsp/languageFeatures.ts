// Hover, completion, go to definition, references, rename and document symbols over the core's
// language service (core/language), for the open KPI files: each handler finds the document,
// asks the core at the cursor's offset and converts the answer. No logic of its own.
import type { CompletionItem, Connection, DocumentSymbol, TextDocuments } from 'vscode-languageserver/node';
import { CompletionItemKind, ErrorCodes, MarkupKind, ResponseError, SymbolKind } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { completionsAt } from '../core/language/completion';
import type { CompletionKind } from '../core/language/completion';
import { hoverAt } from '../core/language/hover';
import { outline } from '../core/language/outline';
import type { OutlineItem } from '../core/language/outline';
import { findDefinition, findReferences, renameEdits, symbolAt } from '../core/language/symbols';
import type { KpiResult } from '../core/report/resultModel';
import { toLspRange } from './convert';
import type { KpiDocuments } from './documents';
import { isKpiUri } from './documents';

const SYMBOL_KINDS: Record<OutlineItem['kind'], SymbolKind> = {
  section: SymbolKind.Namespace,
  source: SymbolKind.Class,
  period: SymbolKind.Enum,
  segment: SymbolKind.Field,
  kpi: SymbolKind.Function,
};

const COMPLETION_KINDS: Record<CompletionKind, CompletionItemKind> = {
  key: CompletionItemKind.Property,
  type: CompletionItemKind.Class,
  source: CompletionItemKind.Module,
  period: CompletionItemKind.Enum,
  segment: CompletionItemKind.Field,
  kpi: CompletionItemKind.Function,
  column: CompletionItemKind.Variable,
  value: CompletionItemKind.EnumMember,
};

/** The characters after which clients ask for completions (as the VS Code extension registers them). */
export const COMPLETION_TRIGGERS = [':', ' ', '[', ',', '-'];

function toSymbol(item: OutlineItem): DocumentSymbol {
  return {
    name: item.name,
    detail: item.detail,
    kind: SYMBOL_KINDS[item.kind],
    range: toLspRange(item.range),
    selectionRange: toLspRange(item.selectionRange),
    children: item.children.map(toSymbol),
  };
}

/** The latest evaluated result of a KPI of a file, for hovers (codeLenses.ts keeps them). */
export type LatestResult = (uri: string, kpi: string) => KpiResult | undefined;

export function registerLanguageFeatures(
  connection: Connection,
  open: TextDocuments<TextDocument>,
  documents: KpiDocuments,
  latest: LatestResult,
): void {
  const kpiDocument = (uri: string): TextDocument | undefined => (isKpiUri(uri) ? open.get(uri) : undefined);

  connection.onHover(async ({ textDocument, position }) => {
    const doc = kpiDocument(textDocument.uri);
    if (!doc) return null;
    const { check, index } = await documents.get(doc);
    const hover = hoverAt(check, index, doc.offsetAt(position), (name) => latest(doc.uri, name));
    return hover
      ? { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: toLspRange(hover.range) }
      : null;
  });

  connection.onDefinition(async ({ textDocument, position }) => {
    const doc = kpiDocument(textDocument.uri);
    if (!doc) return null;
    const { index } = await documents.get(doc);
    const decl = findDefinition(index, doc.offsetAt(position));
    return decl ? { uri: doc.uri, range: toLspRange(decl.range) } : null;
  });

  connection.onReferences(async ({ textDocument, position, context }) => {
    const doc = kpiDocument(textDocument.uri);
    if (!doc) return [];
    const { index } = await documents.get(doc);
    return findReferences(index, doc.offsetAt(position), context.includeDeclaration).map((r) => ({
      uri: doc.uri,
      range: toLspRange(r),
    }));
  });

  connection.onPrepareRename(async ({ textDocument, position }) => {
    const doc = kpiDocument(textDocument.uri);
    if (!doc) return null;
    const { index } = await documents.get(doc);
    const s = symbolAt(index, doc.offsetAt(position));
    return s ? { range: toLspRange(s.range), placeholder: s.name } : null;
  });

  connection.onRenameRequest(async ({ textDocument, position, newName }) => {
    const doc = kpiDocument(textDocument.uri);
    if (!doc) return null;
    const { index } = await documents.get(doc);
    const result = renameEdits(index, doc.offsetAt(position), newName);
    if ('error' in result) return new ResponseError(ErrorCodes.InvalidParams, result.error);
    return { changes: { [doc.uri]: result.edits.map((e) => ({ range: toLspRange(e.range), newText: e.newText })) } };
  });

  connection.onCompletion(async ({ textDocument, position }) => {
    const doc = kpiDocument(textDocument.uri);
    if (!doc) return [];
    const { check } = await documents.get(doc);
    const { items, replaceStart } = completionsAt(check, doc.offsetAt(position));
    const range = { start: doc.positionAt(replaceStart), end: position };
    return items.map((i): CompletionItem => ({
      label: i.label,
      kind: COMPLETION_KINDS[i.kind],
      textEdit: { range, newText: i.insertText },
      ...(i.filterText ? { filterText: i.filterText } : {}),
      ...(i.detail ? { detail: i.detail } : {}),
      ...(i.documentation ? { documentation: { kind: MarkupKind.Markdown, value: i.documentation } } : {}),
    }));
  });

  connection.onDocumentSymbol(async ({ textDocument }) => {
    const doc = kpiDocument(textDocument.uri);
    if (!doc) return [];
    const { check, index } = await documents.get(doc);
    return outline(check, index).map(toSymbol);
  });
}
