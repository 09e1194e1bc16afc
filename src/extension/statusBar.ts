// The status bar item: the last run of the active KPI file ("KPI Lens: 11 KPIs · as of
// 2025-12-31 · 2 warnings"), or that it is running; a click shows the report.
import * as vscode from 'vscode';
import type { KpiResults } from './kpiResults';
import { isKpiDocument } from './kpiDocuments';
import { formatDate } from '../core/report/formatValue';

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
      this.item.text = `$(sync~spin) ${vscode.l10n.t('KPI Lens: evaluating…')}`;
      this.item.tooltip = vscode.l10n.t('Evaluating the KPIs of this file');
      this.item.show();
      return;
    }
    const last = this.results.result(doc.uri);
    if (!last) {
      this.item.text = `$(play) ${vscode.l10n.t('KPI Lens: Run')}`;
      this.item.tooltip = vscode.l10n.t('Evaluate the KPIs of this file');
      this.item.command = 'kpilens.runFile';
    } else {
      const errors = last.diagnostics.filter((d) => d.severity === 'error').length;
      const warnings = last.diagnostics.filter((d) => d.severity === 'warning').length;
      const problems = [
        errors ? (errors === 1 ? vscode.l10n.t('1 error') : vscode.l10n.t('{0} errors', errors)) : '',
        warnings ? (warnings === 1 ? vscode.l10n.t('1 warning') : vscode.l10n.t('{0} warnings', warnings)) : '',
      ]
        .filter(Boolean)
        .join(', ');
      const kpis = last.kpis.length === 1 ? vscode.l10n.t('1 KPI') : vscode.l10n.t('{0} KPIs', last.kpis.length);
      this.item.text = `$(graph) ${vscode.l10n.t('KPI Lens: {0} · as of {1}', kpis, formatDate(last.as_of))}${problems ? ` · ${problems}` : ''}`;
      this.item.tooltip = vscode.l10n.t('Show the last report');
      this.item.command = 'kpilens.showReport';
    }
    this.item.show();
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.item.dispose();
  }
}
