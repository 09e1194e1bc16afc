// The report webview's bundle (script and stylesheet, built by esbuild into dist/webview/)
// as text, for the exported HTML report, which inlines both. Found next to the running
// bundle (dist/cli.js, dist/extension.js: dist/webview/) or, from compiled sources and tests
// (out/…), in the package's dist/webview/. Read once per process. With them, the texts the
// script translates (l10n-keys.json), so an export carries only their translations.
import * as fs from 'fs';
import * as path from 'path';

export interface ReportAssets {
  script: string;
  style: string;
  /** The texts the script translates (l10n-keys.json, written by the build): an export carries only their translations. */
  l10nKeys?: string[];
}

/** The folder of the webview bundle inside the package. */
export const WEBVIEW_DIR = path.join('dist', 'webview');

let cached: ReportAssets | null | undefined;

function readFrom(dir: string): ReportAssets | null {
  const script = path.join(dir, 'webview.js');
  const style = path.join(dir, 'webview.css');
  if (!fs.existsSync(script) || !fs.existsSync(style)) return null;
  const keys = path.join(dir, 'l10n-keys.json');
  const l10nKeys = fs.existsSync(keys) ? (JSON.parse(fs.readFileSync(keys, 'utf8')) as unknown) : undefined;
  return {
    script: fs.readFileSync(script, 'utf8'),
    style: fs.readFileSync(style, 'utf8'),
    ...(Array.isArray(l10nKeys) && l10nKeys.every((k) => typeof k === 'string')
      ? { l10nKeys: l10nKeys as string[] }
      : {}),
  };
}

/** The webview bundle, or null when it has not been built (`npm run build`). */
export function loadReportAssets(): ReportAssets | null {
  if (cached !== undefined) return cached;
  cached = null;
  let dir = __dirname;
  for (let i = 0; i < 8 && cached === null; i++) {
    cached = readFrom(path.join(dir, 'webview')) ?? readFrom(path.join(dir, WEBVIEW_DIR));
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return cached;
}
