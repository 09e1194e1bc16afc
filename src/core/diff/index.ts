// The diff's public entry point for the CLI and the editor: `diffKpiFile(fileName, baseText,
// headText, options)` (see diffKpiFile.ts) returns a `SpecDiff`; `renderDiff` writes it as
// table, md or json.
export { ABSENT_KPI_FILE, diffKpiFile } from './diffKpiFile';
export type { DiffOptions } from './diffKpiFile';
export type {
  DefinitionChange,
  DiffSide,
  KpiChangeKind,
  KpiDiff,
  RowChange,
  SideValue,
  SpecDiff,
  ValueChange,
} from './specDiff';
export type { KpiWhy, WhyCount } from './whyTypes';
export { changedKpis } from './specDiff';
export { DIFF_FORMATS, isDiffFormat, renderDiff, renderDiffs } from './render';
export { checkGates, GATE_GRAMMAR, GateSyntaxError, gateText, parseGates } from './gates';
export type { GateRule, GateVerdict } from './gates';
export type { DiffFormat } from './render';
