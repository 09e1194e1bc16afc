// Converts core diagnostics (1-based lines and columns) to VS Code's (0-based).
import * as vscode from 'vscode';
import type { Diagnostic, Range } from '../core/kpifile/diagnostic';

export function toVsRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line - 1, r.start.column - 1, r.end.line - 1, r.end.column - 1);
}

const SEVERITY: Record<Diagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toVsDiagnostic(d: Diagnostic): vscode.Diagnostic {
  const out = new vscode.Diagnostic(toVsRange(d.range), d.message, SEVERITY[d.severity]);
  out.code = d.code;
  out.source = 'kpilens';
  if (d.related?.length) {
    out.relatedInformation = d.related.map(
      (r) =>
        new vscode.DiagnosticRelatedInformation(
          new vscode.Location(vscode.Uri.file(r.file), toVsRange(r.range)),
          r.message,
        ),
    );
  }
  return out;
}
