// The status bar item: the last run of the active KPI file ("KPI Lens: 11 KPIs · as of
// 2025-12-31 · 2 warnings"), or that it is running; a click shows the report.
import * as vscode from 'vscode';
import type { KpiResults } from './kpiResults';
import { isKpiDocument } from './kpiDocuments';

export class KpiStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly results: KpiResults) {
    this.item.command = 'kpilens.showReport';
    this.subscriptions.push(
      results.onDidChange(() => this.update()),
      results.onDidChangeRunning(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
    this.update();
  }

  private update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || !isKpiDocument(doc)) {
      this.item.hide();
      return;
    }
    if (this.results.isRunning(doc.uri)) {
      this.item.text = '$(sync~spin) KPI Lens: evaluating…';
      this.item.tooltip = 'Evaluating the KPIs of this file';
      this.item.show();
      return;
    }
    const last = this.results.result(doc.uri);
    if (!last) {
      this.item.text = '$(play) KPI Lens: Run';
      this.item.tooltip = 'Evaluate the KPIs of this file';
      this.item.command = 'kpilens.runFile';
    } else {
      const errors = last.diagnostics.filter((d) => d.severity === 'error').length;
      const warnings = last.diagnostics.filter((d) => d.severity === 'warning').length;
      const problems = [errors ? `${errors} error${errors === 1 ? '' : 's'}` : '', warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
      this.item.text = `$(graph) KPI Lens: ${last.kpis.length} KPI${last.kpis.length === 1 ? '' : 's'} · as of ${last.as_of}${problems ? ` · ${problems}` : ''}`;
      this.item.tooltip = 'Show the last report';
      this.item.command = 'kpilens.showReport';
    }
    this.item.show();
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.item.dispose();
  }
}
