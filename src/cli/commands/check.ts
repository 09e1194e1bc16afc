// `kpilens check [paths…]`: validates KPI files; one line per problem
// (`path:line:column: error|warning: message [code]`), exit 1 if any error. Other formats:
// json, github (workflow annotations) and sarif (SARIF 2.1.0 for code scanning).
import * as path from 'path';
import { findDataRoot } from '../../core/data/dataRoot';
import * as fs from 'fs';
import { checkKpiFile } from '../../core/spec/checkFile';
import { formatDiagnosticLine } from '../../core/spec/diagnostic';
import { githubAnnotation } from '../../core/spec/githubAnnotations';
import { toSarif } from '../../core/spec/sarif';
import type { Diagnostic } from '../../core/spec/diagnostic';
import { displayPath, findKpiFiles } from '../findKpiFiles';
import { UsageError } from '../io';
import type { CliIo } from '../io';

export const CHECK_FORMATS = ['text', 'json', 'github', 'sarif'];

export interface CheckCommandOptions {
  format: string;
}

export function diagnosticToJson(d: Diagnostic, file: string) {
  return {
    file,
    line: d.range.start.line,
    column: d.range.start.column,
    end_line: d.range.end.line,
    end_column: d.range.end.column,
    severity: d.severity,
    message: d.message,
    code: d.code,
  };
}

export async function checkCommand(io: CliIo, paths: string[], options: CheckCommandOptions): Promise<number> {
  if (!CHECK_FORMATS.includes(options.format)) throw new UsageError(`unknown format '${options.format}' for check: use ${CHECK_FORMATS.join(', ')}`);
  const files = await findKpiFiles(io.cwd, paths);
  if (files.length === 0) throw new UsageError(`no KPI files (*.kpi.yaml, *.kpi.yml) found under ${paths.length ? paths.join(', ') : 'the current folder'}`);
  let errors = 0;
  let warnings = 0;
  const all: ReturnType<typeof diagnosticToJson>[] = [];
  const found: { diagnostic: Diagnostic; file: string }[] = [];
  for (const file of files) {
    const shown = paths.length === 1 && files.length === 1 ? paths[0] : displayPath(io.cwd, file);
    let text: string;
    try {
      text = await fs.promises.readFile(file, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${shown}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    const { diagnostics } = await checkKpiFile(file, text, { dataRoot: findDataRoot(path.dirname(file), io.cwd) });
    for (const d of diagnostics) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
      if (options.format === 'json') all.push(diagnosticToJson(d, shown));
      else if (options.format === 'sarif') found.push({ diagnostic: d, file: shown });
      else if (options.format === 'github') io.out(githubAnnotation(d, shown) + '\n');
      else io.out(formatDiagnosticLine(d, shown) + '\n');
    }
  }
  if (options.format === 'json') io.out(JSON.stringify({ files: files.map((f) => displayPath(io.cwd, f)), diagnostics: all }, null, 2) + '\n');
  if (options.format === 'sarif') io.out(JSON.stringify(toSarif(found), null, 2) + '\n');
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  io.err(`checked ${plural(files.length, 'file')}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`);
  return errors > 0 ? 1 : 0;
}
