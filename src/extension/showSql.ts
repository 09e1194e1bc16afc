// "KPI Lens: Show SQL": evaluates a KPI (or the file) and opens the SQL that DuckDB ran, as
// recorded while running — the exact statements, in order, in a new SQL editor.
import * as vscode from 'vscode';
import { RecordingEngine } from '../core/engine/recordingEngine';
import type { KpiResults } from './kpiResults';

export async function showSql(results: KpiResults, doc: vscode.TextDocument, kpi?: string): Promise<string | undefined> {
  let recorder: RecordingEngine | undefined;
  const result = await results.run(doc, kpi ? [kpi] : undefined, undefined, (engine) => (recorder = new RecordingEngine(engine)));
  if (!result || !recorder) return undefined;
  const header = `-- KPI Lens: the SQL DuckDB ran for ${kpi ? `KPI '${kpi}'` : 'every KPI'} of ${vscode.workspace.asRelativePath(doc.uri)}, as of ${result.as_of}\n`;
  const text = header + recorder.statements.map((s, i) => `\n-- statement ${i + 1}\n${s};\n`).join('');
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'sql', content: text }), { preview: true });
  return text;
}
