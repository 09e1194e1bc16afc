// The checks that look at the data files a KPI file links: every source's file exists, its
// format is known, its header can be read, and every column the file refers to is in it.
// Only headers (or Parquet footers) are read, through a cache keyed by size and mtime.
import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic, Fix } from './diagnostic';
import type { SpecModel } from './model';
import type { ColumnRef } from './semanticChecks';
import type { YamlDocument } from './yamlDocument';
import { formatOf, resolveDataFiles } from '../data/dataFiles';
import { filesOutsideRoot, findDataRoot } from '../data/dataRoot';
import type { HeaderCache } from '../data/headerCache';
import { sheetChoiceOf } from '../data/xlsxWorkbook';
import { globColumns, partialColumns } from './globColumns';
import { changeToTitle, closest, didYouMean } from '../util/suggest';
import { writtenName } from '../expr/keywords';
import { escapeForScalar } from './scalarOffsets';
import * as l10n from '../l10n/l10n';

export interface SourceColumns {
  files: string[];
  columns?: string[];
}

/**
 * The data checks of a model: files found, inside the data root, readable, with the columns
 * the KPIs name. `ownFiles` are files KPI Lens wrote itself (a KPI test's inline rows, in a
 * temporary folder): they are exempt from the data root.
 */
export async function checkData(
  doc: YamlDocument,
  model: SpecModel,
  columnRefs: ColumnRef[],
  headers: HeaderCache,
  dataRoot?: string,
  ownFiles?: ReadonlySet<string>,
): Promise<{ diagnostics: Diagnostic[]; sources: Map<string, SourceColumns> }> {
  const diagnostics: Diagnostic[] = [];
  const specDir = path.dirname(path.resolve(doc.file));
  const sources = new Map<string, SourceColumns>();
  const root = path.resolve(dataRoot ?? findDataRoot(specDir));
  await Promise.all(
    [...model.sources.values()].map(async (s) => {
      if (s.file === undefined) return;
      const range = doc.rangeOf(['sources', s.name, 'file']);
      if (s.file.trim() === '') {
        // "" is the schema's (minLength); spaces alone name no file either.
        if (s.file !== '')
          diagnostics.push({
            file: doc.file,
            range,
            severity: 'error',
            code: 'invalid-value',
            message: l10n.t(
              "'file' of source '{0}' is blank: write the data file's path, relative to the KPI file (e.g. data/orders.csv)",
              s.name,
            ),
          });
        return;
      }
      const matched = await resolveDataFiles(specDir, s.file);
      // Nothing outside the data root is read, not even a header: such a source has no files.
      const outside = await filesOutsideRoot(
        ownFiles ? matched.filter((f) => !ownFiles.has(path.resolve(f))) : matched,
        root,
      );
      const files = outside.length > 0 ? [] : matched;
      // Named by the path it reaches: a link's target, which is what lies outside.
      const reached = outside[0]?.reaches;
      const entry: SourceColumns = { files };
      sources.set(s.name, entry);
      if (outside.length > 0) {
        const message =
          outside.length === 1
            ? l10n.t(
                "'{0}' reaches '{1}' outside the project folder {2} (directly or through a link): KPI Lens reads data files only inside it",
                s.file,
                reached,
                root,
              )
            : outside.length === 2
              ? l10n.t(
                  "'{0}' reaches '{1}' and 1 more file outside the project folder {2} (directly or through a link): KPI Lens reads data files only inside it",
                  s.file,
                  reached,
                  root,
                )
              : l10n.t(
                  "'{0}' reaches '{1}' and {3} more files outside the project folder {2} (directly or through a link): KPI Lens reads data files only inside it",
                  s.file,
                  reached,
                  root,
                  outside.length - 1,
                );
        diagnostics.push({ file: doc.file, range, severity: 'error', code: 'outside-data-root', message });
        return;
      }
      if (files.length === 0) {
        const target = await brokenLinkTarget(path.resolve(specDir, s.file));
        diagnostics.push({
          file: doc.file,
          range,
          severity: 'error',
          code: 'missing-file',
          message:
            target === undefined
              ? l10n.t("no data file matches '{0}' (looked in {1})", s.file, specDir)
              : l10n.t("'{0}' is a link to '{1}', which does not exist", s.file, target),
        });
        return;
      }
      const format = formatOf(files[0], s.format);
      if (format === undefined) {
        diagnostics.push({
          file: doc.file,
          range,
          severity: 'error',
          code: 'unknown-format',
          message: l10n.t(
            "cannot tell the format of '{0}' from its extension: add 'format: csv' (or tsv, parquet, json, ndjson, xlsx)",
            path.basename(files[0]),
          ),
        });
        return;
      }
      if (s.sheet !== undefined && format !== 'xlsx') {
        diagnostics.push({
          file: doc.file,
          range: doc.rangeOf(['sources', s.name, 'sheet']),
          severity: 'warning',
          code: 'invalid-value',
          message: l10n.t(
            "'sheet' is read only for Excel workbooks (xlsx); '{0}' is read as {1}",
            path.basename(files[0]),
            format,
          ),
        });
      }
      if (s.encoding !== undefined && format !== 'csv' && format !== 'tsv') {
        diagnostics.push({
          file: doc.file,
          range: doc.rangeOf(['sources', s.name, 'encoding']),
          severity: 'warning',
          code: 'invalid-value',
          message: l10n.t(
            "'encoding' is read only for CSV/TSV files; '{0}' is read as {1}, which says its own encoding",
            path.basename(files[0]),
            format,
          ),
        });
      }
      const { delimiter, quote, header: hasHeader, skip } = s.csv;
      const dialect = {
        ...(delimiter !== undefined ? { delimiter } : {}),
        ...(quote !== undefined ? { quote } : {}),
        ...(hasHeader !== undefined ? { header: hasHeader } : {}),
        ...(skip !== undefined ? { skip } : {}),
      };
      const headerOptions = {
        ...(s.encoding ? { encoding: s.encoding } : {}),
        ...(format === 'xlsx' ? sheetChoiceOf(s) : dialect),
      };
      const header = await headers.columns(files[0], format, headerOptions);
      if (!header.ok && header.unknownSheet && s.sheet !== undefined) {
        diagnostics.push({
          file: doc.file,
          range: doc.rangeOf(['sources', s.name, 'sheet']),
          severity: 'error',
          code: 'unknown-sheet',
          message: l10n.t("'{0}': {1}", path.relative(specDir, files[0]), header.message),
        });
        return;
      }
      if (!header.ok) {
        diagnostics.push({
          file: doc.file,
          range,
          severity: 'error',
          code: 'unreadable-file',
          message: l10n.t(
            "cannot read the columns of '{0}' as {1}: {2}",
            path.relative(specDir, files[0]),
            format,
            header.message,
          ),
        });
        return;
      }
      entry.columns = header.columns;
      if (files.length > 1) {
        // A glob: the columns of all its files, and those the KPI file names that some lack.
        const glob = await globColumns(headers, files, format, headerOptions, header.columns);
        entry.columns = glob.columns;
        const named = columnRefs.filter((r) => r.source === s.name).map((r) => r.column);
        diagnostics.push(...partialColumns(named, { file: s.file, headers: glob.headers, range, specFile: doc.file }));
      }
      const firstIndex = new Map<string, number>();
      for (const [i, column] of header.columns.entries()) {
        const first = firstIndex.get(column.toLowerCase());
        if (first === undefined) {
          firstIndex.set(column.toLowerCase(), i);
          continue;
        }
        diagnostics.push({
          file: doc.file,
          range,
          severity: 'warning',
          code: 'duplicate-column',
          message: l10n.t(
            "the header of '{0}' names column '{1}' twice (columns {2} and {3}, case is ignored): KPIs read column {2}; rename one of them",
            path.basename(files[0]),
            header.columns[first],
            first + 1,
            i + 1,
          ),
        });
        break;
      }
    }),
  );

  diagnostics.push(
    ...unknownColumns(
      doc,
      columnRefs,
      (source) => sources.get(source)?.columns,
      (source) => model.sources.get(source)?.file ?? '',
    ),
  );
  return { diagnostics, sources };
}

/**
 * The column references naming a column their source does not have (case is ignored, as the
 * engine does), with a did-you-mean fix. `columnsOf` gives a source's columns (undefined: not
 * known, not checked); `where` names the source's file or table in the message.
 */
export function unknownColumns(
  doc: YamlDocument,
  columnRefs: ColumnRef[],
  columnsOf: (source: string) => string[] | undefined,
  where: (source: string) => string,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const ref of columnRefs) {
    const columns = columnsOf(ref.source);
    if (!columns) continue;
    if (columns.includes(ref.column) || columns.some((c) => c.toLowerCase() === ref.column.toLowerCase())) continue;
    const id = `${ref.range.startOffset}:${ref.source}:${ref.column}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const suggestion = closest(ref.column, columns);
    const fixes: Fix[] | undefined = suggestion ? [columnFix(doc, ref, suggestion)] : undefined;
    const list = suggestion
      ? ''
      : l10n.t('; its columns are {0}', `${columns.slice(0, 12).join(', ')}${columns.length > 12 ? ', …' : ''}`);
    // "paid" in an expression is a column named paid, and so is a bare `web` compared with a
    // column (`channel = web`): the user most likely meant the text 'paid', 'web'.
    const quoted =
      ref.inExpression &&
      doc.source.text[ref.range.startOffset] === '"' &&
      ref.column === doc.source.text.slice(ref.range.startOffset + 1, ref.range.endOffset - 1);
    const compared =
      ref.inExpression &&
      /(=|<>|!=|<|>)\s*$/.test(doc.source.text.slice(Math.max(0, ref.range.startOffset - 40), ref.range.startOffset));
    const text =
      (quoted || compared) && !suggestion
        ? l10n.t("; text is written in single quotes: '{0}'", ref.column.replace(/'/g, "''"))
        : '';
    diagnostics.push({
      file: doc.file,
      range: ref.range,
      severity: 'error',
      code: 'unknown-column',
      message: `${l10n.t("column '{0}' is not in source '{1}' ({2}), read by {3}", ref.column, ref.source, where(ref.source), ref.usedBy)}${didYouMean(suggestion)}${text}${list}`,
      ...(fixes ? { fixes } : {}),
    });
  }
  return diagnostics;
}

/**
 * The fix that writes the suggested column: inside an expression, the name as the expression
 * writes it (double-quoted when not bare: "Montant TTC"), escaped for the YAML scalar holding it
 * (a '' or a \" there); over the column part alone when the file spells it plainly at the end
 * of the name, else over the whole name (`source.` kept before a joined one).
 */
function columnFix(doc: YamlDocument, ref: ColumnRef, suggestion: string): Fix {
  if (!ref.inExpression) return { title: changeToTitle(suggestion), range: columnRange(doc, ref), newText: suggestion };
  const scalar = doc.scalarAt(ref.range.startOffset);
  const spelt = escapeForScalar(scalar, writtenName(ref.column));
  const newText = escapeForScalar(scalar, writtenName(suggestion));
  const end = ref.range.endOffset;
  if (doc.source.text.slice(ref.range.startOffset, end).endsWith(spelt))
    return { title: changeToTitle(suggestion), range: doc.source.range(end - spelt.length, end), newText };
  const qualifier = ref.qualifier !== undefined ? `${escapeForScalar(scalar, writtenName(ref.qualifier))}.` : '';
  return { title: changeToTitle(suggestion), range: ref.range, newText: `${qualifier}${newText}` };
}

/** The range of just the column name inside `source.column` text, for the replacement fix. */
function columnRange(doc: YamlDocument, ref: ColumnRef) {
  const text = doc.source.text.slice(ref.range.startOffset, ref.range.endOffset);
  const i = text.lastIndexOf(ref.column);
  if (i < 0) return ref.range;
  return doc.source.range(ref.range.startOffset + i, ref.range.startOffset + i + ref.column.length);
}

/** Where a symbolic link at `file` points when that target does not exist; undefined otherwise. */
async function brokenLinkTarget(file: string): Promise<string | undefined> {
  try {
    if (!(await fs.promises.lstat(file)).isSymbolicLink()) return undefined;
    const target = path.resolve(path.dirname(file), await fs.promises.readlink(file));
    return fs.existsSync(target) ? undefined : target;
  } catch {
    return undefined;
  }
}
