// `kpilens check --format sarif`: the diagnostics as a SARIF 2.1.0 log (OASIS), which code
// scanning (GitHub, Azure DevOps…) uploads and shows. One run of the `kpilens` tool whose
// rules are the stable diagnostic codes of codes.ts (id, description), one result per
// diagnostic with its rule, level (error, warning, note) and a 1-based region whose end
// column is the column after the last character (SARIF's convention), counted in UTF-16
// code units like our positions (`columnKind`). Paths are relative URIs with `/`.
import { DIAGNOSTIC_CODES, RUN_DIAGNOSTIC_CODES } from './codes';
import type { Diagnostic } from './diagnostic';
import { VERSION } from '../version';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string };
      region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
    };
  }[];
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; version: string; semanticVersion: string; rules: SarifRule[] } };
    columnKind: 'utf16CodeUnits';
    results: SarifResult[];
  }[];
}

const ALL_CODES: Record<string, string> = { ...DIAGNOSTIC_CODES, ...RUN_DIAGNOSTIC_CODES };

/** `unknown-column` → `UnknownColumn` (SARIF's rule `name` is a PascalCase identifier). */
const ruleName = (code: string) =>
  code
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

/** A relative path as a URI reference: `/` separators, each segment percent-encoded. */
export function pathToUri(file: string): string {
  return file
    .split(/[\\/]/)
    .map((s) => encodeURIComponent(s))
    .join('/');
}

/** The SARIF log of `files`' diagnostics (each with the path as shown to the user). */
export function toSarif(items: readonly { diagnostic: Diagnostic; file: string }[]): SarifLog {
  const codes = Object.keys(ALL_CODES);
  const rules: SarifRule[] = codes.map((id) => ({ id, name: ruleName(id), shortDescription: { text: ALL_CODES[id] } }));
  const results: SarifResult[] = items.map(({ diagnostic: d, file }) => ({
    ruleId: d.code,
    ruleIndex: codes.indexOf(d.code),
    level: d.severity === 'info' ? 'note' : d.severity,
    message: { text: d.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: pathToUri(file) },
          region: {
            startLine: d.range.start.line,
            startColumn: d.range.start.column,
            endLine: d.range.end.line,
            endColumn: d.range.end.column,
          },
        },
      },
    ],
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'kpilens', version: VERSION, semanticVersion: VERSION, rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
