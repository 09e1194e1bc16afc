// Converts the core's ranges and diagnostics (1-based lines and columns in UTF-16 code units,
// kpifile/sourceText.ts) to the Language Server Protocol's (0-based, UTF-16 code units too).
import type { Diagnostic as LspDiagnostic, Range as LspRange } from 'vscode-languageserver/node';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { pathToFileURL } from 'url';
import type { Diagnostic, Range } from '../core/kpifile/diagnostic';

export function toLspRange(r: Range): LspRange {
  return {
    start: { line: r.start.line - 1, character: r.start.column - 1 },
    end: { line: r.end.line - 1, character: r.end.column - 1 },
  };
}

const SEVERITY: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = {
    range: toLspRange(d.range),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'kpilens',
    message: d.message,
  };
  if (d.related?.length) {
    out.relatedInformation = d.related.map((r) => ({
      location: { uri: pathToFileURL(r.file).toString(), range: toLspRange(r.range) },
      message: r.message,
    }));
  }
  return out;
}

/** True when two ranges overlap or touch (a cursor at a diagnostic's end still gets its fixes). */
export function rangesMeet(a: LspRange, b: LspRange): boolean {
  const before = (x: LspRange['start'], y: LspRange['start']) =>
    x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
