// Shared helpers of the unit tests: fixture paths and checking a KPI text as if it were a
// file inside a fixture folder (so its relative data paths resolve there).
import * as path from 'path';
import { checkKpiFile } from '../../src/core/spec/checkFile';
import type { Diagnostic } from '../../src/core/spec/diagnostic';

/** The repository root, from out/test/unit. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
export const SHOP = path.join(FIXTURES, 'shop');

export function lines(...l: string[]): string {
  return l.join('\n') + '\n';
}

export async function diagnose(text: string, dir = SHOP, name = 'spec.kpi.yaml'): Promise<Diagnostic[]> {
  return (await checkKpiFile(path.join(dir, name), text)).diagnostics;
}

/** `line:column severity code` of each diagnostic: compact and exact. */
export function brief(diags: Diagnostic[]): string[] {
  return diags.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.severity} ${d.code}`);
}
