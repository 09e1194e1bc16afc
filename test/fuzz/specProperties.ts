// The properties checked on the generated KPI files and expressions, shared by the property
// tests (test/unit/fuzz) and the nightly fuzz run (scripts/fuzz.ts): no uncaught exception,
// every diagnostic range inside the document and consistent with its line/column, bounded
// output; the parser's trees format and parse again; the language service's ranges stay
// inside the document at any cursor.
import { strict as assert } from 'assert';
import { formatExpression } from '../../src/core/expr/format';
import { parseExpression } from '../../src/core/expr/parse';
import { checkTypes } from '../../src/core/expr/typecheck';
import { completionsAt } from '../../src/core/language/completion';
import { hoverAt } from '../../src/core/language/hover';
import { outline, type OutlineItem } from '../../src/core/language/outline';
import { buildSymbolIndex, findDefinition, findReferences, renameEdits } from '../../src/core/language/symbols';
import { checkKpiFile } from '../../src/core/kpifile/checkFile';
import type { CheckOptions } from '../../src/core/kpifile/checkFile';
import type { Diagnostic, Range } from '../../src/core/kpifile/diagnostic';

/** 0-based offsets of each line start (lines end at LF, as in SourceText), to check a line/column. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) starts.push(i + 1);
  }
  return starts;
}

function checkRange(range: Range, text: string, starts: number[], what: string): void {
  assert.ok(Number.isInteger(range.startOffset) && Number.isInteger(range.endOffset), `${what}: offsets are integers`);
  assert.ok(
    range.startOffset >= 0 && range.startOffset <= range.endOffset && range.endOffset <= text.length,
    `${what}: offsets ${range.startOffset}..${range.endOffset} outside 0..${text.length}`,
  );
  for (const [pos, offset] of [
    [range.start, range.startOffset],
    [range.end, range.endOffset],
  ] as const) {
    assert.ok(pos.line >= 1 && pos.line <= starts.length, `${what}: line ${pos.line} outside 1..${starts.length}`);
    assert.ok(pos.column >= 1, `${what}: column ${pos.column}`);
    // The line/column must name the same place as the offset.
    const lineStart = starts[pos.line - 1];
    const nextLine = pos.line < starts.length ? starts[pos.line] : text.length + 1;
    assert.ok(offset >= lineStart && offset < nextLine, `${what}: offset ${offset} is not on line ${pos.line}`);
    // A byte order mark at the start takes no column of line 1 (sourceText.ts).
    const bom = pos.line === 1 && offset > 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
    assert.equal(pos.column, offset - lineStart - bom + 1, `${what}: column ${pos.column} for offset ${offset}`);
  }
}

/** The most diagnostics a KPI file of this length may produce (each needs some text of its own). */
export function diagnosticBudget(text: string): number {
  return 50 + 2 * text.length;
}

export const MAX_MESSAGE_LENGTH = 2000;

/** Checks one diagnostic list against its text: ranges inside, positions consistent, bounded. */
export function assertDiagnosticsSound(text: string, diagnostics: Diagnostic[], file: string): void {
  const starts = lineStarts(text);
  assert.ok(
    diagnostics.length <= diagnosticBudget(text),
    `${diagnostics.length} diagnostics for ${text.length} characters`,
  );
  for (const d of diagnostics) {
    const what = `${d.code} '${d.message}'`;
    assert.ok(d.file === file, `${what}: file ${d.file}`);
    assert.ok(['error', 'warning', 'info'].includes(d.severity), `${what}: severity ${d.severity}`);
    assert.ok(
      typeof d.message === 'string' && d.message.length > 0 && d.message.length <= MAX_MESSAGE_LENGTH,
      `${what}: message length ${d.message.length}`,
    );
    checkRange(d.range, text, starts, what);
    for (const fix of d.fixes ?? []) checkRange(fix.range, text, starts, `${what} fix '${fix.title}'`);
    for (const info of d.related ?? []) if (info.file === file) checkRange(info.range, text, starts, `${what} related`);
  }
}

/** The validator's property: it returns (never throws) and its diagnostics are sound. */
export async function validatorProperty(file: string, text: string, options: CheckOptions): Promise<void> {
  const result = await checkKpiFile(file, text, options);
  assertDiagnosticsSound(text, result.diagnostics, file);
}

/** The parser's property: a tree or errors, spans inside the text, and a formatted tree parses again. */
export function parserProperty(text: string): void {
  const result = parseExpression(text);
  assert.ok(result.expr !== null || result.errors.length > 0, `no tree and no error for ${JSON.stringify(text)}`);
  for (const e of result.errors) {
    assert.ok(
      e.span.start >= 0 && e.span.start <= e.span.end && e.span.end <= text.length,
      `span ${e.span.start}..${e.span.end} of ${JSON.stringify(text)}`,
    );
    assert.ok(e.message.length > 0 && e.message.length <= MAX_MESSAGE_LENGTH);
  }
  if (result.expr) {
    checkTypes(result.expr, () => 'unknown');
    const again = parseExpression(formatExpression(result.expr));
    assert.ok(again.expr, `the formatted text of ${JSON.stringify(text)} does not parse`);
  }
}

/**
 * The editor's language service on any text, at any cursor: symbols, outline, completion,
 * hover, definition, references and rename never throw and give ranges inside the document.
 */
export async function languageProperty(
  file: string,
  text: string,
  cursors: number[],
  options: CheckOptions,
): Promise<void> {
  const check = await checkKpiFile(file, text, options);
  const starts = lineStarts(text);
  const index = buildSymbolIndex(check.document, check.model);
  const walk = (items: OutlineItem[]): void => {
    for (const item of items) {
      checkRange(item.range, text, starts, `outline ${item.name}`);
      checkRange(item.selectionRange, text, starts, `outline ${item.name} selection`);
      walk(item.children);
    }
  };
  walk(outline(check, index));
  for (const f of cursors) {
    const offset = Math.floor(f * (text.length + 1));
    const completion = completionsAt(check, offset);
    assert.ok(
      completion.replaceStart >= 0 && completion.replaceStart <= offset,
      `completion replaces from ${completion.replaceStart} at ${offset}`,
    );
    hoverAt(check, index, offset);
    const definition = findDefinition(index, offset);
    if (definition) checkRange(definition.range, text, starts, 'definition');
    for (const r of findReferences(index, offset, true)) checkRange(r, text, starts, 'reference');
    const rename = renameEdits(index, offset, 'renamed_x');
    if ('edits' in rename) for (const e of rename.edits) checkRange(e.range, text, starts, 'rename edit');
  }
}
