// The diff's public entry point for the CLI and the editor: `diffKpiFile(fileName, baseText,
// headText, options)` (see diffKpiFile.ts) returns a `SpecDiff`; `renderDiff` writes it as
// table, md or json.
export { diffKpiFile } from './diffKpiFile';
export type { DiffOptions } from './diffKpiFile';
export type { DefinitionChange, DiffSide, KpiChangeKind, KpiDiff, SideValue, SpecDiff, ValueChange } from './specDiff';
export { changedKpis } from './specDiff';
export { DIFF_FORMATS, isDiffFormat, renderDiff } from './render';
export type { DiffFormat } from './render';
