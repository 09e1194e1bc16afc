// The validator's entry point: text of a KPI file in, its model and every diagnostic out —
// YAML syntax, schema, semantic checks, then (unless told not to) the data files' headers.
import * as path from 'path';
import type { Diagnostic } from './diagnostic';
import { compareDiagnostics } from './diagnostic';
import { checkData } from './dataChecks';
import type { SourceColumns } from './dataChecks';
import { buildModel } from './model';
import type { SpecModel } from './model';
import { validateAgainstSchema } from './schemaValidation';
import { checkSemantics } from './semanticChecks';
import { notUtf8Characters } from './textEncodingCheck';
import { YamlDocument } from './yamlDocument';
import { HeaderCache } from '../data/headerCache';
import { dataRootOf } from '../data/dataRoot';

export interface CheckOptions {
  /** Read data files' headers (default true). The editor may check text alone first. */
  data?: boolean;
  headers?: HeaderCache;
  /** The folder data files must lie in (default: `dataRootOf(file)`, data/dataRoot.ts). */
  dataRoot?: string;
}

export interface CheckResult {
  document: YamlDocument;
  model: SpecModel;
  diagnostics: Diagnostic[];
  /** The files and columns found for each source (when data was checked). */
  sources: Map<string, SourceColumns>;
  /** The data root the data files were checked against (absolute; when data was checked): a run of this check keeps it. */
  dataRoot?: string;
}

const defaultHeaders = new HeaderCache();

export async function checkKpiFile(file: string, text: string, options: CheckOptions = {}): Promise<CheckResult> {
  return checkYamlDocument(new YamlDocument(file, text), options);
}

/** The checks of a parsed file (parsed whole, or assembled from pieces by yamlPieces.ts). */
export async function checkYamlDocument(document: YamlDocument, options: CheckOptions = {}): Promise<CheckResult> {
  const file = document.file;
  const diagnostics: Diagnostic[] = [...document.syntaxDiagnostics, ...notUtf8Characters(document)];
  const model = buildModel(file, document.value);
  let sources = new Map<string, SourceColumns>();
  let dataRoot: string | undefined;
  // A file that does not parse is only reported for its syntax: checks on a recovered,
  // half-read tree would point at problems that are not there.
  const brokenSyntax = document.syntaxDiagnostics.some((d) => d.severity === 'error' && d.code === 'yaml-syntax');
  if (!brokenSyntax) {
    diagnostics.push(...validateAgainstSchema(document));
    const semantic = checkSemantics(document, model);
    diagnostics.push(...semantic.diagnostics);
    if (options.data !== false) {
      dataRoot = options.dataRoot !== undefined ? path.resolve(options.dataRoot) : dataRootOf(file);
      const data = await checkData(document, model, semantic.columnRefs, options.headers ?? defaultHeaders, dataRoot);
      diagnostics.push(...data.diagnostics);
      sources = data.sources;
    }
  }
  return {
    document,
    model,
    diagnostics: dedupe(diagnostics).map(boundMessage).sort(compareDiagnostics),
    sources,
    ...(dataRoot !== undefined ? { dataRoot } : {}),
  };
}

/** The longest message a diagnostic carries: names quoted from the file may be long. */
export const MAX_MESSAGE_CHARS = 1000;

function boundMessage(d: Diagnostic): Diagnostic {
  return d.message.length <= MAX_MESSAGE_CHARS ? d : { ...d, message: `${d.message.slice(0, MAX_MESSAGE_CHARS - 1)}…` };
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const id = `${d.range.startOffset}:${d.range.endOffset}:${d.code}:${d.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
