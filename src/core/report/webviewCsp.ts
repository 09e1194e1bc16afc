// The report webview's Content-Security-Policy, pure so that a browser test can load a page
// under exactly this policy (scripts/vscode/csp-check.mjs): nothing by default, scripts only
// with the page's fresh nonce (no inline script, no inline event handler, no eval), styles,
// images and fonts only from the webview's own resource origin.
export function webviewCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}
