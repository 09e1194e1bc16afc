// Code lenses on each KPI: "▶ Run" and, once evaluated, its latest value in one line
// ("41 (2025-Q4) · ▲3 vs 2025-Q3 · target ≥ 30 ✓"), refreshed when results change.
import * as vscode from 'vscode';
import { describeLatest } from '../core/language/latestValue';
import { toVsRange } from './convert';
import type { KpiDocuments } from './kpiDocuments';
import type { KpiResults } from './kpiResults';

export class KpiCodeLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly documents: KpiDocuments,
    private readonly results: KpiResults,
  ) {
    results.onDidChange(() => this.changed.fire());
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const { index } = await this.documents.get(doc);
    const lenses: vscode.CodeLens[] = [];
    for (const d of index.declarations.filter((x) => x.kind === 'kpi')) {
      const range = toVsRange(d.range);
      lenses.push(
        new vscode.CodeLens(range, {
          title: vscode.l10n.t('▶ Run'),
          command: 'kpilens.runKpi',
          arguments: [doc.uri, d.name],
          tooltip: vscode.l10n.t('Evaluate {0} on its data', d.name),
        }),
      );
      const latest = this.results.kpi(doc.uri, d.name);
      if (latest)
        lenses.push(
          new vscode.CodeLens(range, {
            title: describeLatest(latest),
            command: 'kpilens.showReport',
            arguments: [doc.uri],
            tooltip: vscode.l10n.t('Show the report'),
          }),
        );
    }
    return lenses;
  }
}
