// Finds the KPI files `kpilens check` reads: the paths given (files, or folders searched for
// *.kpi.yaml / *.kpi.yml), else every KPI file under the current folder.
import * as fs from 'fs';
import * as path from 'path';
import { glob } from 'tinyglobby';
import { UsageError } from './io';
import * as l10n from '../core/l10n/l10n';

const PATTERN = '**/*.kpi.{yaml,yml}';
const IGNORE = ['**/node_modules/**', '**/.git/**', '**/out/**', '**/dist/**'];

/** Absolute paths, in a stable order. Throws UsageError for a path that does not exist. */
export async function findKpiFiles(cwd: string, paths: string[]): Promise<string[]> {
  const roots = paths.length ? paths : ['.'];
  const found: string[] = [];
  for (const p of roots) {
    const abs = path.resolve(cwd, p);
    let st: fs.Stats;
    try {
      st = await fs.promises.stat(abs);
    } catch {
      throw new UsageError(l10n.t('no such file or folder: {0}', p));
    }
    if (st.isDirectory()) {
      const files = await glob(PATTERN, {
        cwd: abs,
        ignore: IGNORE,
        absolute: true,
        onlyFiles: true,
        caseSensitiveMatch: false,
        expandDirectories: false,
      });
      found.push(...files.map((f) => path.normalize(f)).sort());
    } else {
      found.push(abs);
    }
  }
  return [...new Set(found)];
}

/** How a file is shown: relative to the current folder when inside it, else absolute. */
export function displayPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

/** The usage error when no KPI file is found under the given paths (or the current folder). */
export function noKpiFiles(paths: readonly string[]): string {
  return paths.length
    ? l10n.t('no KPI files (*.kpi.yaml, *.kpi.yml) found under {0}', paths.join(', '))
    : l10n.t('no KPI files (*.kpi.yaml, *.kpi.yml) found under the current folder');
}
