// The result of comparing two versions of a KPI file (`kpilens diff`, "Compare with…"): what
// changed in words, per KPI and per shared definition (source, period, segment), and what the
// change does to the numbers — each affected KPI's latest whole-population value before →
// after, both versions evaluated on the same data files and the same as_of.
import type { Diagnostic } from '../kpifile/diagnostic';
import type { ReportStamp } from '../report/stampText';
import type { SegmentKey, Status } from '../report/resultModel';
import type { KpiWhy } from './whyTypes';
import type { DeltaFormat } from './deltaText';
import type { KpiInputs } from './kpiInputs';

/**
 * What happened to a KPI between the base and the head: `affected` when its own definition
 * is the same but something it reads changed (its source, period, segments or an input KPI).
 */
export type KpiChangeKind = 'added' | 'removed' | 'renamed' | 'changed' | 'affected' | 'unchanged';

/** The figures of one side: its latest period and value, in that side's format. */
export interface SideValue {
  /** The period label of the value (`2025-12`, `2025-Q4`; the cohort's period for a retention). */
  period: string;
  value: number | null;
  /** The value in the KPI's format of that side (`5.2 %`, `45 EUR`, `—` for null). */
  text: string;
}

/** One compared figure of a KPI: its value, or one day of a retention / one step of a funnel. */
export interface ValueChange {
  /** Which figure: absent for the KPI's value, `D30` for a retention day, `step paid` for a funnel step. */
  detail?: string;
  before: SideValue | null;
  after: SideValue | null;
  /** after − before, when both are numbers. */
  difference: number | null;
  /** The difference in the head's format, signed: `+12 EUR`, `−1.5 pp` (percentage points for percents). */
  differenceText: string | null;
  /**
   * (after − before) / |before|, when both are numbers, before is not 0 and the KPI is not a
   * percent or a score (for those the difference in points is what people compare).
   */
  relative: number | null;
}

/**
 * One row of a KPI's result (a period × the whole population or a segment value; a cohort's
 * day; a funnel's step) before → after. Only rows that moved are listed (see KpiDiff.rows).
 */
export interface RowChange {
  period: string;
  segment: SegmentKey;
  day?: number;
  step?: string;
  before: number | null;
  after: number | null;
  /** after − before (floating-point noise as 0); null unless both are numbers. */
  delta: number | null;
  /** The delta in the KPI's unit, signed (`−70 EUR`, `+16.7 pp`, `+1.9` for a score); null without a delta. */
  deltaText: string | null;
  /** (after − before) / |before| for other formats than percent and score; null when before is 0 or null. */
  relative: number | null;
  statusBefore: Status;
  statusAfter: Status;
  /** The target flipped: `met → missed` or `missed → met`. */
  targetFlip: 'now_missed' | 'now_met' | null;
  /** Two-proportion z-test of the two versions' shares (n and x from the rows); null when not a share. */
  pValue: number | null;
  /** pValue below 1 − the KPI's confidence (0.95 by default). */
  significant: boolean | null;
  /** Size of the move used to sort: |delta| for percents, |delta|/100 for scores, |relative| else; Number.MAX_VALUE when a side is missing or before is 0. */
  size: number;
}

export interface KpiDiff {
  kind: KpiChangeKind;
  /** The KPI's name in the head (in the base for a removed KPI). */
  name: string;
  /** The base's name of a renamed KPI. */
  baseName?: string;
  title: string;
  type: string;
  /** The KPI's own fields that changed, in words: `end column churn_date → cancelled_at`. */
  changes: string[];
  /** Changes in what the KPI reads: `source orders: filter added: status = 'paid'`, `input KPI revenue changed`. */
  indirect: string[];
  /** Before → after figures, when the KPI was evaluated (added, removed, changed or affected). */
  values?: ValueChange[];
  /** Why values are absent although the KPI is affected (its type is not evaluated, an input failed). */
  valuesNote?: string;
  /** Every row that moved, largest move first (set with values). */
  rows?: RowChange[];
  /** How many rows did not move (same value on both sides, or no value on either). */
  unchangedRows?: number;
  /** The KPI's format, currency and decimals in the head (base for a removed KPI), for the texts of its rows. */
  unit?: DeltaFormat;
  /** Why the rows moved: the rows and customers entering or leaving what the KPI reads. */
  why?: KpiWhy[];
  /** `--sql`: the KPI's SQL base → head as a unified diff (absent when the SQL is the same). */
  sqlDiff?: string;
  /** What the KPI reads in the head (the base for a removed KPI): sources and input KPIs, for the graph. */
  inputs?: KpiInputs;
}

/** A change of a shared definition or a file-level setting. */
export interface DefinitionChange {
  section: 'file' | 'sources' | 'periods' | 'segments';
  /** The source, period or segment name; absent for file-level settings. */
  name?: string;
  kind: 'added' | 'removed' | 'changed';
  /** In words: `filter added: status = 'paid'`, `grain month → quarter`, `as_of 2025-12-31 → (from the data)`. */
  changes: string[];
}

/** One version of the file as the diff saw it. */
export interface DiffSide {
  /** How the version is named to people: `HEAD~1`, `main`, `working tree`. */
  label: string;
  /** Its diagnostics (errors stop the evaluation). */
  diagnostics: Diagnostic[];
  /** The report stamp of this version on the shared data (set when evaluated). */
  stamp?: ReportStamp;
}

export interface SpecDiff {
  /** The KPI file as shown to people. */
  file: string;
  base: DiffSide;
  head: DiffSide;
  /** The as_of both versions were evaluated at; absent when nothing was evaluated. */
  asOf?: string;
  /** Every KPI of either version, in the head's order, removed ones after. */
  kpis: KpiDiff[];
  definitions: DefinitionChange[];
  /** Problems found while evaluating (data errors), from either version. */
  runDiagnostics: {
    version: 'base' | 'head';
    file: string;
    line: number;
    column: number;
    severity: string;
    message: string;
    code: string;
  }[];
  /** Whether either version has errors: then nothing was evaluated. */
  hasErrors: boolean;
  /** The verdict of `--fail-on` rules (gates.ts), when any were given. */
  gates?: { rules: string[]; failed: boolean; reasons: string[] };
}

/** The KPIs worth showing: every KPI that is not unchanged. */
export function changedKpis(diff: SpecDiff): KpiDiff[] {
  return diff.kpis.filter((k) => k.kind !== 'unchanged');
}
