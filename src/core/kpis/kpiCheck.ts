// What a KPI type's own rules (`check` on its definition) see of the KPI being checked and may
// report: kpifile/semanticChecks.ts builds this context for each KPI after the generic checks
// (schema, names, columns), so a type's rules live in its own file and need no `type ===`.
import type { DiagnosticCode } from '../kpifile/codes';
import type { Severity } from '../kpifile/diagnostic';

/** A path under the KPI (`['revenue']`, `['days', 2]`; `[]` is the KPI itself). */
export type KpiFieldPath = readonly (string | number)[];

export interface KpiCheckContext {
  /** How messages name the KPI ("KPI 'x'"). */
  label: string;
  /** Its fields as written (its own keys: method, revenue, days…). */
  raw: Readonly<Record<string, unknown>>;
  /** Its segments (its own, or the file's defaults). */
  segments: readonly string[];
  /** Its `source` when the file declares it. */
  source: string | undefined;
  /** A source of the file (its key and time column), undefined when the file does not declare it. */
  sourceOf: (name: string) => { name: string; key?: string; time?: string } | undefined;
  /** Reports at a field of the KPI (`part: 'key'` marks the field's name, else its value). */
  report: (
    at: KpiFieldPath,
    code: DiagnosticCode,
    message: string,
    severity?: Severity,
    part?: 'key' | 'value',
  ) => void;
  /** The sources a segment names (its `by`'s, or its `where`'s `source.column` names); undefined when the file does not declare it. */
  segmentSources: (segment: string) => string[] | undefined;
  /** Reports at one of the KPI's segments (its item in the KPI's list, else the segment's definition). */
  reportSegment: (index: number, segment: string, code: DiagnosticCode, message: string) => void;
  /** Checks a segment's columns on a given source (instead of the KPI's). */
  checkSegmentOn: (index: number, segment: string, source: string) => void;
  /** Marks a source as used (never reported unused). */
  useSource: (name: string) => void;
}

/**
 * Segments read on one source only (a predictive clv's customer summary, a cohort's customers):
 * each segment naming another source is told (`unsupported`, the message given that source and
 * the segment), that source counted as used; with `checkOwn`, the others have their columns
 * checked on `own` (a cohort's are checked by the generic checks already: segmentSourceField).
 */
export function checkSegmentsOfOneSource(
  ctx: KpiCheckContext,
  own: string,
  checkOwn: boolean,
  unsupported: (segment: string, other: string) => string,
): void {
  ctx.segments.forEach((segName, i) => {
    const other = ctx.segmentSources(segName)?.find((s) => s !== own);
    if (other === undefined) {
      if (checkOwn) ctx.checkSegmentOn(i, segName, own);
      return;
    }
    if (ctx.sourceOf(other)) ctx.useSource(other);
    ctx.reportSegment(i, segName, 'unsupported-feature', unsupported(segName, other));
  });
}
