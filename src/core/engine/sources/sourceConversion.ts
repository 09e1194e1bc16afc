// The run's seam to the converter (convertedSources.ts): for a source DuckDB cannot read
// itself, the UTF-8 CSV copies of its files, and what converting them found as diagnostics
// at the source's line (invalid bytes on `encoding`, Excel error cells on `file`, a workbook
// that cannot be read on `file`, a missing sheet on `sheet`). A CSV whose text is not UTF-8 and
// that declares no `encoding` is read as windows-1252, and told.
import * as path from 'path';
import type { Diagnostic } from '../../kpifile/diagnostic';
import type { SourceSpec } from '../../kpifile/model';
import type { YamlDocument } from '../../kpifile/yamlDocument';
import { sheetChoiceOf, WorkbookError } from '../../data/xlsxWorkbook';
import { conversionNotes, convertFiles, needsConversion, type ConvertedFile } from './convertedSources';
import { asciiBeforeLine, firstInvalidUtf8Offset, wholeFileInvalidUtf8Offset } from '../../data/encoding';
import { linesAtOffsets } from '../../data/lineAtOffset';
import * as l10n from '../../l10n/l10n';

/** The folder of converted copies: in the columnar cache's folder, else in .kpilens/ next to the KPI file. */
export function conversionDir(specFile: string, cacheDir: string | undefined): string {
  return cacheDir
    ? path.join(cacheDir, 'converted')
    : path.join(path.dirname(path.resolve(specFile)), '.kpilens', 'converted');
}

/**
 * What a CSV without a declared `encoding` whose text is not UTF-8 is read as: Windows' Western
 * code page, what Excel's "CSV" export writes in France. Read as UTF-8, DuckDB leaves out some of
 * the rows holding such bytes (which ones depends on the columns a query reads), silently.
 */
const GUESSED_ENCODING = 'windows-1252';

/** A byte that is not UTF-8 in a source's files: where, and what the file is therefore read as. */
export interface NotUtf8 {
  file: string;
  line: number;
}

/**
 * Where a file's first byte that is not UTF-8 is (its line), or undefined when it is UTF-8: from
 * its first megabyte — a single file's read finds a byte further down (sourcePreparation.ts
 * lateNotUtf8) — or, for a file of a glob, whose read cannot, from the whole file.
 */
async function notUtf8Of(file: string, whole: boolean, cacheDir: string | undefined): Promise<NotUtf8 | undefined> {
  const offset = await (whole ? wholeFileInvalidUtf8Offset(file, cacheDir) : firstInvalidUtf8Offset(file)).catch(
    () => undefined,
  );
  if (offset === undefined) return undefined;
  const lines = await linesAtOffsets(file, [offset]).catch(() => undefined);
  return { file, line: lines?.get(offset) ?? 1 };
}

/**
 * What a file with a byte that is not UTF-8 is read as: windows-1252 when its text before that
 * byte's line is ASCII; UTF-8 with its bad bytes replaced (and counted) when that text holds
 * characters beyond ASCII, all UTF-8 — a UTF-8 file with a few bad bytes, whose accents (its
 * header's too) would otherwise be garbled (encoding.ts).
 */
async function readAs(found: NotUtf8): Promise<'utf-8' | typeof GUESSED_ENCODING> {
  return (await asciiBeforeLine(found.file, found.line).catch(() => true)) ? GUESSED_ENCODING : 'utf-8';
}

/**
 * Undefined when the files are read as they are; otherwise the copies to read (none when
 * they could not be converted), the encoding they were read in, and the diagnostics of the conversion.
 */
export async function convertSourceFiles(
  spec: SourceSpec,
  files: string[],
  format: string,
  cacheDir: string | undefined,
  doc: YamlDocument,
  signal?: AbortSignal,
  found?: NotUtf8,
): Promise<{ files?: string[]; encoding?: string; diagnostics: Diagnostic[] } | undefined> {
  // `found`: a byte the read found not UTF-8 further down than the sample (sourcePreparation.ts).
  // Without a declared encoding, each file of a glob is read as its own text says: a UTF-8 file
  // beside a windows-1252 one keeps its accents.
  const guessing = spec.encoding === undefined && (format === 'csv' || format === 'tsv');
  // One file after the other: a glob of many files is never read all at once.
  const faults: (NotUtf8 | undefined)[] = [];
  const guesses: ('utf-8' | typeof GUESSED_ENCODING | undefined)[] = [];
  if (guessing)
    for (const f of files) {
      const fault = found?.file === f ? found : await notUtf8Of(f, files.length > 1, cacheDir);
      faults.push(fault);
      guesses.push(fault ? await readAs(fault) : undefined);
    }
  const guessed = guesses.find((g) => g !== undefined);
  const encoding = guessed ?? spec.encoding;
  // UTF-8 with bad bytes is copied too (they are replaced, counted and told with their lines).
  if (guessing ? guessed === undefined : !needsConversion(format, encoding)) return undefined;
  const diagnostics: Diagnostic[] = [];
  faults.forEach((fault, i) => {
    if (fault && guesses[i] === GUESSED_ENCODING)
      diagnostics.push({
        file: doc.file,
        range: doc.rangeOf(['sources', spec.name, 'file']),
        severity: 'warning',
        code: 'not-utf8',
        message: l10n.t(
          "'{0}' is not UTF-8 (an invalid byte on line {1}): it is read as {2}, as Excel writes text; if its accents look wrong, set the source's 'encoding' (e.g. encoding: latin-1)",
          path.basename(fault.file),
          fault.line,
          GUESSED_ENCODING,
        ),
      });
  });
  try {
    const dir = conversionDir(doc.file, cacheDir);
    const options = (e: string | undefined) => ({
      format,
      ...(e !== undefined ? { encoding: e } : {}),
      ...(format === 'xlsx' ? sheetChoiceOf(spec) : {}),
    });
    // Guessed: only the files that are not UTF-8 are copied, each in its own encoding.
    const converted: ({ file: string } | ConvertedFile)[] = [];
    if (!guessing) converted.push(...(await convertFiles(dir, files, options(encoding), signal)));
    else
      for (const [i, f] of files.entries()) {
        const e = guesses[i];
        converted.push(e === undefined ? { file: f } : (await convertFiles(dir, [f], options(e), signal))[0]);
      }
    for (const [i, c] of converted.entries()) {
      if (!('source' in c)) continue;
      for (const note of conversionNotes([c], guessing ? guesses[i] : encoding)) {
        diagnostics.push({
          file: doc.file,
          range: doc.rangeOf(['sources', spec.name, note.field]),
          severity: 'warning',
          code: note.code,
          message: note.message,
        });
      }
    }
    return { files: converted.map((c) => c.file), ...(encoding ? { encoding } : {}), diagnostics };
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
