// "KPI Lens: List customers": the customers of a predictive clv KPI of the active KPI file, with
// their scores and score segments, optionally only those of one segment value (asked, or given
// by the report view's link on a score segment's value), sorted by CLV — the CSV of `kpilens
// customers`, opened in an untitled editor (nothing written to disk; the user saves it if they
// wish). Customer-level values leave only by this explicit command (SECURITY.md, guarantee 12).
import * as vscode from 'vscode';
import type { KpiDocuments } from './kpiDocuments';
import type { KpiResults } from './kpiResults';
import { scoresCustomers } from '../core/kpis/kpiRules';
import { renderCustomerListingCsv } from '../core/report/customerListing';
import type { SegmentFilter } from '../core/report/customerListing';

/** Lists the customers; `segment`/`value` come from the report view's link, else the user is asked. */
export async function listCustomers(
  documents: KpiDocuments,
  results: KpiResults,
  uri?: vscode.Uri,
  segment?: string,
  value?: string,
): Promise<string | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(vscode.l10n.t('KPI Lens evaluates KPIs only in a trusted workspace.'));
    return undefined;
  }
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target) return undefined;
  const doc = await vscode.workspace.openTextDocument(target);
  const { check } = await documents.get(doc);
  const kpis = [...check.model.kpis.values()].filter((k) => scoresCustomers(k)).map((k) => k.name);
  if (kpis.length === 0) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        '{0} has no predictive clv KPI (type: clv, method: predictive)',
        vscode.workspace.asRelativePath(doc.uri),
      ),
    );
    return undefined;
  }
  const kpi = kpis.length === 1 ? kpis[0] : await vscode.window.showQuickPick(kpis);
  if (!kpi) return undefined;
  let filter: SegmentFilter | undefined;
  if (value !== undefined) filter = { ...(segment ? { segment } : {}), value };
  else if (uri === undefined || segment === undefined) {
    const asked = await vscode.window.showInputBox({
      prompt: vscode.l10n.t('Only the customers with this value in a score segment (e.g. at_risk); empty for all'),
    });
    if (asked === undefined) return undefined;
    if (asked.trim()) filter = { value: asked.trim() };
  }
  const run = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('KPI Lens: customers of {0}…', kpi),
      cancellable: true,
    },
    (_progress, token) => results.customerListing(doc, kpi, filter, token),
  );
  if (!run.listing) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t("no customer scores for KPI '{0}' (no fit at its latest period end, see the diagnostics)", kpi),
    );
    return undefined;
  }
  const text = renderCustomerListingCsv(run.listing);
  const listed = await vscode.workspace.openTextDocument({ content: text, language: 'csv' });
  await vscode.window.showTextDocument(listed, { preview: false });
  return text;
}
