// The report webview's entry point (bundled by esbuild into dist/webview/webview.js, browser
// only): connects to its host (VS Code, or the exported HTML page), starts the view and, in
// VS Code, tells the host it is ready for a report.
import './styles.css';
import { ReportApp } from './app';
import { connectHost } from './host';
import { APP_ELEMENT_ID, STATIC_ELEMENT_ID } from '../core/report/viewProtocol';

function start(): void {
  const host = connectHost();
  const root = document.getElementById(APP_ELEMENT_ID);
  if (!root) return;
  document.body.classList.add('kl-dashboard');
  // An exported page also carries the report as static HTML (for readers without scripts).
  document.getElementById(STATIC_ELEMENT_ID)?.setAttribute('hidden', '');
  const app = new ReportApp(root, host);
  const embedded = host.embedded();
  if (embedded) app.show(embedded);
  host.post({ type: 'ready' });
}

start();
