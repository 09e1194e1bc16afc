// The one place a diagnostic's range is flattened to the `line`/`column` of the JSON contract
// (DSL.md, ResultDiagnostic): runs carry ranged diagnostics (kpifile/diagnostic.ts) up to here.
import type { Diagnostic } from '../kpifile/diagnostic';
import type { ResultDiagnostic } from './resultModel';

/** `d` as a report names it: `file` as shown, its start line and column (1-based). */
export function resultDiagnostic(d: Diagnostic, file: string): ResultDiagnostic {
  return {
    file,
    line: d.range.start.line,
    column: d.range.start.column,
    severity: d.severity,
    message: d.message,
    code: d.code,
    ...(d.count !== undefined ? { count: d.count } : {}),
  };
}
