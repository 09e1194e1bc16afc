// Diagnostics: the one shape every problem found in a KPI file or its data takes, from the
// validator to the CLI line `path:line:column: error: message [code]` and the Problems panel.
import type { DiagnosticCode } from './codes';
import { printable } from '../util/quote';

export type Severity = 'error' | 'warning' | 'info';

/** A 1-based line and column, as editors and `kpilens check` print them. */
export interface Position {
  line: number;
  column: number;
}

/** A range in a file: 0-based offsets (end exclusive) and the matching 1-based positions. */
export interface Range {
  startOffset: number;
  endOffset: number;
  start: Position;
  end: Position;
}

/** A text edit that would fix the problem (did-you-mean replacements, missing fields). */
export interface Fix {
  title: string;
  range: Range;
  newText: string;
}

export interface RelatedInformation {
  file: string;
  range: Range;
  message: string;
}

export interface Diagnostic {
  file: string;
  range: Range;
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  fixes?: Fix[];
  related?: RelatedInformation[];
  /** Data problems: how many values or rows it is about (a run's JSON carries it). */
  count?: number;
}

/** Orders diagnostics by file, then position, then code, so output is stable. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.range.startOffset !== b.range.startOffset) return a.range.startOffset - b.range.startOffset;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/** The `check` line of DSL.md: `path:line:column: error|warning: message [code]`. */
export function formatDiagnosticLine(d: Diagnostic, displayPath: string = d.file): string {
  return printable(
    `${displayPath}:${d.range.start.line}:${d.range.start.column}: ${d.severity}: ${d.message} [${d.code}]`,
  );
}
