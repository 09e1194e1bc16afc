// The KPI file a command names: read (relative to the CLI's folder) and checked with its data
// root; a file that cannot be read, or a `--kpi` name the file does not have, is a usage error.
import * as fs from 'fs';
import * as path from 'path';
import { findDataRoot } from '../core/data/dataRoot';
import { checkKpiFile } from '../core/spec/checkFile';
import type { CheckResult } from '../core/spec/checkFile';
import { closest, didYouMean } from '../core/util/suggest';
import { UsageError } from './io';
import type { CliIo } from './io';

/** The text of `file`; `missing` says what to do when it does not exist. */
export async function readKpiFileArg(io: CliIo, file: string, missing = 'no such file'): Promise<string> {
  try {
    return await fs.promises.readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
    throw new UsageError(`cannot read ${file}: ${code === 'ENOENT' ? missing : code}`);
  }
}

export interface CheckedKpiFile {
  abs: string;
  dataRoot: string;
  check: CheckResult;
}

/** Reads and checks `file`; every name of `kpis` must be a KPI of it. */
export async function checkKpiFileArg(io: CliIo, file: string, kpis: readonly string[] = []): Promise<CheckedKpiFile> {
  const abs = path.resolve(io.cwd, file);
  const text = await readKpiFileArg(io, file);
  const dataRoot = findDataRoot(path.dirname(abs), io.cwd);
  const check = await checkKpiFile(abs, text, { dataRoot });
  for (const name of kpis) {
    if (!check.model.kpis.has(name)) throw new UsageError(`--kpi '${name}' is not a KPI of ${file}${didYouMean(closest(name, check.model.kpis.keys()))}`);
  }
  return { abs, dataRoot, check };
}
