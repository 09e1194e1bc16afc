// The report webview: one panel per KPI file, showing its latest results as a dashboard (the
// bundle in dist/webview). The panel loads only that bundle (localResourceRoots), runs under
// a strict CSP with a fresh nonce, talks to the view in typed, checked messages, follows the
// file's results as they change (runs, saves, data changes), and is restored after a reload
// by its serializer from the state the view saved. It computes nothing: KpiResults does.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import type { SpecDiff } from '../core/diff/specDiff';
import type { HostMessage, ViewMessage } from '../core/report/viewProtocol';
import { APP_ELEMENT_ID, parsePersistedState, parseViewMessage, REPORT_VIEW_TYPE } from '../core/report/viewProtocol';
import { toVsRange } from './convert';
import type { KpiDocuments } from './kpiDocuments';
import type { KpiResults } from './kpiResults';
import { escapeHtml } from '../core/report/render/escape';
import { scoresCustomers } from '../core/kpis/kpiRules';
import { webviewCsp } from '../core/report/webviewCsp';
import { displayLocale } from '../core/l10n/l10n';
import { viewLocale } from '../core/report/viewProtocol';

/** What a panel last heard from its view (tests and the output channel read it). */
export interface RenderedReport {
  cards: number;
  asOf: string;
  /** Before → after lines of the comparison shown; null without one. */
  comparison: number | null;
}

/** The webview's page: the bundle's script and stylesheet, nothing else, under a nonce CSP. */
export function reportShellHtml(webview: vscode.Webview, bundleDir: vscode.Uri, nonce: string): string {
  const script = webview.asWebviewUri(vscode.Uri.joinPath(bundleDir, 'webview.js')).toString();
  const style = webview.asWebviewUri(vscode.Uri.joinPath(bundleDir, 'webview.css')).toString();
  const csp = webviewCsp(webview.cspSource, nonce);
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(displayLocale())}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<link rel="stylesheet" href="${escapeHtml(style)}">`,
    `<title>${escapeHtml(vscode.l10n.t('KPI report'))}</title>`,
    '</head>',
    '<body>',
    `<div id="${APP_ELEMENT_ID}"></div>`,
    `<script nonce="${nonce}" src="${escapeHtml(script)}"></script>`,
    '</body>',
    '</html>',
  ].join('\n');
}

class ReportPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private comparison: SpecDiff | undefined;
  rendered: RenderedReport | undefined;
  private readonly renderedListeners: Array<(r: RenderedReport) => void> = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly uri: vscode.Uri,
    bundleDir: vscode.Uri,
    private readonly results: KpiResults,
    private readonly documents: KpiDocuments,
    private readonly onDispose: () => void,
  ) {
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: [bundleDir] };
    panel.iconPath = new vscode.ThemeIcon('graph');
    webview.html = reportShellHtml(webview, bundleDir, randomBytes(16).toString('base64'));
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => this.receive(parseViewMessage(raw))),
      results.onDidChange((changed) => {
        if (changed.toString() === uri.toString()) void this.sendReport();
      }),
      results.onDidChangeRunning((changed) => {
        if (changed.toString() === uri.toString()) this.post({ type: 'running', running: results.isRunning(uri) });
      }),
      results.onDidFail(({ uri: failed, message }) => {
        if (failed.toString() === uri.toString()) this.post({ type: 'failed', message });
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private post(message: HostMessage): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private async listCustomers(segment: string, value: string): Promise<void> {
    if ((await this.scoreSegments()).includes(segment))
      await vscode.commands.executeCommand('kpilens.listCustomers', this.uri, segment, value);
  }

  /** The score segments of the KPI file (`score:`), from its check; none without a predictive clv KPI to list by. */
  private async scoreSegments(): Promise<string[]> {
    try {
      const { check } = await this.documents.get(await vscode.workspace.openTextDocument(this.uri));
      if (![...check.model.kpis.values()].some((k) => scoresCustomers(k))) return [];
      return [...check.model.segments.values()].filter((s) => s.score).map((s) => s.name);
    } catch {
      return []; // a file that cannot be opened has no links
    }
  }

  private async sendReport(): Promise<void> {
    const result = this.results.result(this.uri);
    const scoreSegments = result ? await this.scoreSegments() : [];
    // The listing scores customers at the predictive clv's fit: the links say which date.
    const customersAt = scoreSegments.length
      ? result?.kpis.find((k) => k.model?.fitted_at)?.model?.fitted_at
      : undefined;
    if (result)
      this.post({
        type: 'report',
        payload: {
          file: vscode.workspace.asRelativePath(this.uri),
          uri: this.uri.toString(),
          result,
          scoreSegments,
          ...(customersAt ? { customersAt } : {}),
        },
      });
  }

  private receive(message: ViewMessage | undefined): void {
    if (!message) return; // not one of ours: ignored
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        // First the language (VS Code's, and the bundle the core uses), so every label is in it from the start.
        const { l10n } = viewLocale();
        this.post(
          l10n ? { type: 'locale', locale: displayLocale(), l10n } : { type: 'locale', locale: displayLocale() },
        );
        this.post({ type: 'running', running: this.results.isRunning(this.uri) });
        if (this.results.result(this.uri)) void this.sendReport();
        else if (vscode.workspace.isTrusted) void this.run();
        if (this.comparison) this.post({ type: 'comparison', diff: this.comparison });
        break;
      }
      case 'run':
        void this.run();
        break;
      case 'reveal':
        void this.reveal(message.kpi);
        break;
      case 'listCustomers':
        // Only a declared score segment: the view's message names nothing else.
        void this.listCustomers(message.segment, message.value);
        break;
      case 'rendered':
        this.rendered = { cards: message.cards, asOf: message.asOf, comparison: message.comparison };
        if (message.comparison === null) this.comparison = undefined;
        for (const l of this.renderedListeners.splice(0)) l(this.rendered);
        break;
    }
  }

  /** Shows a comparison ("Compare with…") above the cards. */
  showComparison(diff: SpecDiff): void {
    this.comparison = diff;
    this.post({ type: 'comparison', diff });
  }

  /** Resolves at the view's next `rendered` message. */
  nextRender(): Promise<RenderedReport> {
    return new Promise((resolve) => this.renderedListeners.push(resolve));
  }

  async run(): Promise<void> {
    try {
      const doc = await vscode.workspace.openTextDocument(this.uri);
      await this.results.run(doc);
    } catch (err) {
      this.post({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Opens the KPI file beside the report with the KPI's name selected. */
  private async reveal(kpi: string): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(this.uri);
    const { index } = await this.documents.get(doc);
    const declaration = index.declarations.find((d) => d.kind === 'kpi' && d.name === kpi);
    const column = this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
    const range = declaration ? toVsRange(declaration.range) : undefined;
    await vscode.window.showTextDocument(doc, { viewColumn: column, selection: range, preserveFocus: false });
    if (range) vscode.window.activeTextEditor?.revealRange(range, vscode.TextEditorRevealType.InCenter);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.onDispose();
  }
}

export class ReportPanels implements vscode.Disposable {
  private readonly panels = new Map<string, ReportPanel>();
  private readonly bundleDir: vscode.Uri;

  constructor(
    extensionUri: vscode.Uri,
    private readonly results: KpiResults,
    private readonly documents: KpiDocuments,
  ) {
    this.bundleDir = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
  }

  /** The report panel of a KPI file: revealed if open, else created beside the editor. */
  show(uri: vscode.Uri, preserveFocus = false): ReportPanel {
    const open = this.panels.get(uri.toString());
    if (open) {
      open.panel.reveal(undefined, preserveFocus);
      return open;
    }
    const panel = vscode.window.createWebviewPanel(
      REPORT_VIEW_TYPE,
      this.title(uri),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      {
        enableScripts: true,
        localResourceRoots: [this.bundleDir],
      },
    );
    return this.adopt(panel, uri);
  }

  panelOf(uri: vscode.Uri): ReportPanel | undefined {
    return this.panels.get(uri.toString());
  }

  private title(uri: vscode.Uri): string {
    const base = uri.path.split('/').pop() ?? uri.path;
    return vscode.l10n.t('Report: {0}', base);
  }

  private adopt(panel: vscode.WebviewPanel, uri: vscode.Uri): ReportPanel {
    const key = uri.toString();
    this.panels.get(key)?.panel.dispose();
    const report = new ReportPanel(panel, uri, this.bundleDir, this.results, this.documents, () => {
      if (this.panels.get(key) === report) this.panels.delete(key);
    });
    panel.title = this.title(uri);
    this.panels.set(key, report);
    return report;
  }

  /** Restores a panel after a reload from the state its view saved (the KPI file's URI). */
  serializer(): vscode.WebviewPanelSerializer {
    return {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
        const saved = parsePersistedState(state);
        if (!saved.uri) {
          panel.dispose();
          return;
        }
        this.adopt(panel, vscode.Uri.parse(saved.uri, true));
      },
    };
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.panel.dispose();
    this.panels.clear();
  }
}
