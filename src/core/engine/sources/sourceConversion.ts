// The run's seam to the converter (convertedSources.ts): for a source DuckDB cannot read
// itself, the UTF-8 CSV copies of its files, and what converting them found as diagnostics
// at the source's line (invalid bytes on `encoding`, Excel error cells on `file`, a workbook
// that cannot be read on `file`, a missing sheet on `sheet`).
import * as path from 'path';
import type { Diagnostic } from '../../kpifile/diagnostic';
import type { SourceSpec } from '../../kpifile/model';
import type { YamlDocument } from '../../kpifile/yamlDocument';
import { sheetChoiceOf, WorkbookError } from '../../data/xlsxWorkbook';
import { conversionNotes, convertFiles, needsConversion } from './convertedSources';
import * as l10n from '../../l10n/l10n';

/** The folder of converted copies: in the columnar cache's folder, else in .kpilens/ next to the KPI file. */
export function conversionDir(specFile: string, cacheDir: string | undefined): string {
  return cacheDir
    ? path.join(cacheDir, 'converted')
    : path.join(path.dirname(path.resolve(specFile)), '.kpilens', 'converted');
}

/**
 * Undefined when the files are read as they are; otherwise the copies to read (none when
 * they could not be converted) and the diagnostics of the conversion.
 */
export async function convertSourceFiles(
  spec: SourceSpec,
  files: string[],
  format: string,
  cacheDir: string | undefined,
  doc: YamlDocument,
  signal?: AbortSignal,
): Promise<{ files?: string[]; diagnostics: Diagnostic[] } | undefined> {
  if (!needsConversion(format, spec.encoding)) return undefined;
  const diagnostics: Diagnostic[] = [];
  try {
    const converted = await convertFiles(
      conversionDir(doc.file, cacheDir),
      files,
      {
        format,
        ...(spec.encoding !== undefined ? { encoding: spec.encoding } : {}),
        ...(format === 'xlsx' ? sheetChoiceOf(spec) : {}),
      },
      signal,
    );
    for (const note of conversionNotes(converted, spec.encoding)) {
      diagnostics.push({
        file: doc.file,
        range: doc.rangeOf(['sources', spec.name, note.field]),
        severity: 'warning',
        code: note.code,
        message: note.message,
      });
    }
    return { files: converted.map((c) => c.file), diagnostics };
  } catch (err) {
    if (signal?.aborted) throw err;
    const sheet = err instanceof WorkbookError && err.kind === 'unknown-sheet';
    const text = err instanceof Error ? err.message : String(err);
    diagnostics.push({
      file: doc.file,
      range: doc.rangeOf(['sources', spec.name, sheet ? 'sheet' : 'file']),
      severity: 'error',
      code: sheet ? 'unknown-sheet' : 'data-error',
      message: l10n.t("cannot read source '{0}' ({1}): {2}", spec.name, path.basename(files[0] ?? ''), text),
    });
    return { diagnostics };
  }
}
