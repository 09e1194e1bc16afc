// Helpers of the real-VS Code tests (run inside the extension host, see test/vscode/index.ts):
// the workspace and the extension under test, bounded polling, diagnostics as plain rows,
// and the `kpilens check --format json` / `kpilens sql` CLI run on a workspace file for cross-checks.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

/** publisher.name from package.json. */
export const EXTENSION_ID = 'kpilens.kpilens';

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded (extensionDevelopmentPath wrong?)`);
  return ext;
}

/** The workspace folder that run-tests.mjs copied from test/vscode/workspace. */
export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` (sync or async) every 50 ms until it gives a value other than undefined, at most `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** Resolves at the next onDidChangeDiagnostics event that names `uri` (bounded). */
export function nextDiagnosticsChange(uri: vscode.Uri, timeoutMs = 10_000): { done: Promise<void>; dispose(): void } {
  let sub: vscode.Disposable | undefined;
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<void>((resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no diagnostics change for ${uri.path} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) resolve();
    });
  });
  const dispose = () => {
    clearTimeout(timer);
    sub?.dispose();
  };
  void done.then(dispose, dispose);
  return { done, dispose };
}

/** KPI Lens's diagnostics of `uri` (source 'kpilens'). */
export function kpiDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'kpilens');
}

/** A diagnostic as one comparable row: `code startLine:startCol-endLine:endCol severity` (0-based). */
export function row(d: vscode.Diagnostic): string {
  const code = typeof d.code === 'object' ? String(d.code.value) : String(d.code);
  const r = d.range;
  return `${code} ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${vscode.DiagnosticSeverity[d.severity]}`;
}

/** One diagnostic of `kpilens check --format json` (1-based lines and columns). */
export interface CliDiagnostic {
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
  code: string;
}

function isCliDiagnostic(v: unknown): v is CliDiagnostic {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    ['line', 'column', 'end_line', 'end_column'].every((k) => typeof o[k] === 'number') &&
    typeof o.code === 'string' &&
    typeof o.message === 'string' &&
    typeof o.severity === 'string'
  );
}

/** Runs the CLI (bin/kpilens.js of the extension under test) with this extension host's Node. */
export function cliCheck(file: string): Promise<CliDiagnostic[]> {
  const bin = path.join(extension().extensionPath, 'bin', 'kpilens.js');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [bin, 'check', '--format', 'json', file],
      { cwd: path.dirname(file), timeout: 30_000 },
      (err, stdout, stderr) => {
        // Exit code 1 means "errors found": stdout still holds the JSON.
        if (err && typeof err.code !== 'number')
          return reject(new Error(`kpilens check failed: ${err.message}\n${stderr}`));
        try {
          const parsed: unknown = JSON.parse(stdout);
          const diags = (parsed as { diagnostics?: unknown }).diagnostics;
          if (!Array.isArray(diags) || !diags.every(isCliDiagnostic)) throw new Error('unexpected JSON shape');
          resolve(diags);
        } catch (e) {
          reject(
            new Error(
              `kpilens check printed no valid JSON (${e instanceof Error ? e.message : String(e)}): ${stdout}\n${stderr}`,
            ),
          );
        }
      },
    );
  });
}

/** One step of a contributed walkthrough, its `%key%` placeholders resolved. */
export interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  media: Record<string, string>;
  completionEvents: string[];
}

/**
 * The walkthroughs an extension contributes, with their texts resolved through its
 * package.nls.json when VS Code hands the manifest over untranslated.
 */
export function contributedWalkthroughs(
  ext: vscode.Extension<unknown>,
): { id: string; title: string; steps: WalkthroughStep[] }[] {
  const manifest = ext.packageJSON as {
    contributes?: { walkthroughs?: { id: string; title: string; steps: WalkthroughStep[] }[] };
  };
  const nlsFile = path.join(ext.extensionPath, 'package.nls.json');
  const nls = fs.existsSync(nlsFile) ? (JSON.parse(fs.readFileSync(nlsFile, 'utf8')) as Record<string, string>) : {};
  const text = (s: string) => s.replace(/^%([^%]+)%$/, (whole, key: string) => nls[key] ?? whole);
  return (manifest.contributes?.walkthroughs ?? []).map((w) => ({
    id: w.id,
    title: text(w.title),
    steps: w.steps.map((s) => ({
      ...s,
      title: text(s.title),
      description: text(s.description),
      media: Object.fromEntries(Object.entries(s.media).map(([k, v]) => [k, text(v)])),
    })),
  }));
}

/** The commands a walkthrough step runs: its `command:` links and `onCommand:` completion events. */
export function stepCommands(step: WalkthroughStep): string[] {
  const links = [...step.description.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]);
  const events = step.completionEvents
    .filter((e) => e.startsWith('onCommand:'))
    .map((e) => e.slice('onCommand:'.length));
  return [...new Set([...links, ...events])];
}

/** `kpilens sql FILE [args…]` (bin/kpilens.js of the extension under test): its stdout, or a rejection with stderr. */
export function cliSql(file: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const bin = path.join(extension().extensionPath, 'bin', 'kpilens.js');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [bin, 'sql', file, ...args],
      { cwd: path.dirname(file), timeout: 60_000, env, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`kpilens sql ${path.basename(file)} failed: ${err.message}\n${stderr}`));
        resolve(stdout);
      },
    );
  });
}
