// The report webview's entry point (bundled by esbuild into dist/webview/webview.js, browser
// only): connects to its host (VS Code, or the exported HTML page), starts the view and, in
// VS Code, tells the host it is ready for a report. Its language is the page's (an export) or
// the host's (its first message), English until told.
import './styles.css';
import { ReportApp } from './app';
import { connectHost } from './host';
import { APP_ELEMENT_ID, STATIC_ELEMENT_ID } from '../core/report/viewProtocol';
import { displayLocale, useLocale } from '../core/l10n/l10n';

function start(): void {
  const host = connectHost();
  const root = document.getElementById(APP_ELEMENT_ID);
  if (!root) return;
  document.body.classList.add('kl-dashboard');
  // An exported page also carries the report as static HTML (for readers without scripts).
  document.getElementById(STATIC_ELEMENT_ID)?.setAttribute('hidden', '');
  const embedded = host.embedded();
  // An exported page not in English carries its locale and translations (in VS Code, the host sends them first).
  if (embedded?.locale !== undefined) {
    useLocale(embedded.locale, embedded.l10n);
    document.documentElement.lang = displayLocale();
  }
  const app = new ReportApp(root, host);
  if (embedded) app.show(embedded);
  host.post({ type: 'ready' });
}

start();
