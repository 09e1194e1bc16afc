// The KPI file a command names: read (relative to the CLI's folder) and checked with its data
// root (data/dataRoot.ts's rule, from the CLI's folder); a file that cannot be read, or a `--kpi` name the file does not have, is a usage error.
import * as fs from 'fs';
import * as path from 'path';
import { dataRootOf } from '../core/data/dataRoot';
import { checkKpiFile } from '../core/kpifile/checkFile';
import type { CheckResult } from '../core/kpifile/checkFile';
import { closest, didYouMean } from '../core/util/suggest';
import { UsageError } from './io';
import type { CliIo } from './io';
import * as l10n from '../core/l10n/l10n';

/** The text of `file`; `missing` says what to do when it does not exist. */
export async function readKpiFileArg(io: CliIo, file: string, missing = l10n.t('no such file')): Promise<string> {
  try {
    return await fs.promises.readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
    throw new UsageError(l10n.t('cannot read {0}: {1}', file, code === 'ENOENT' ? missing : code));
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
  const dataRoot = dataRootOf(abs, { cwd: io.cwd });
  const check = await checkKpiFile(abs, text, { dataRoot });
  for (const name of kpis) {
    if (!check.model.kpis.has(name))
      throw new UsageError(
        `${l10n.t("--kpi '{0}' is not a KPI of {1}", name, file)}${didYouMean(closest(name, check.model.kpis.keys()))}`,
      );
  }
  return { abs, dataRoot, check };
}
