// The VS Code extension's entry point: wires the core validator to the editor. It computes
// nothing itself; every diagnostic comes from src/core/spec.
import * as vscode from 'vscode';
import { KpiDiagnostics } from './diagnostics';

export function activate(context: vscode.ExtensionContext): void {
  const diagnostics = new KpiDiagnostics();
  context.subscriptions.push(diagnostics);
  diagnostics.start(context);
}

export function deactivate(): void {
  // Disposables registered in activate() are released by VS Code.
}
