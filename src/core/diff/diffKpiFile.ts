// The entry point of the diff: `diffKpiFile(fileName, baseText, headText, options)` compares
// two versions of one KPI file and returns a `SpecDiff`.
//
// - `fileName` is the file's path in the working tree (absolute, or relative to the process's
//   folder). BOTH texts are checked and evaluated as if they were that file, so their relative
//   `file:` paths read the same data files — the working tree's.
// - Each text is checked (schema, semantics, data headers). When either has an error, the
//   diff still holds the comparison in words, `hasErrors` is true, the diagnostics are in
//   `base.diagnostics` / `head.diagnostics`, and nothing is evaluated.
// - Otherwise the KPIs that are added, removed, changed or affected (through a changed
//   source, period, segment or input KPI) are evaluated in both versions at the same as_of:
//   `options.asOf`, else the head's (its `as_of`, else the latest date in the data). Each
//   gets `values`: its latest whole-population figure before → after with the difference,
//   and `rows`: every row of its result that moved (compareRows.ts), the others counted.
// - `options.engine` runs the SQL (the extension passes its own, allowed to read the data
//   folders: see engine/backends/allowedDirectories.ts); without one, a DuckDB engine is started for
//   the call and closed after it. An `EngineError` (cancelled, crashed) is thrown as is.
//
// Pure core: no git, no terminal. The CLI reads the texts with `git show`; the extension can
// pass a document's text and a blob's text.
import * as path from 'path';
import { allowedDirectories } from '../engine/backends/allowedDirectories';
import { DuckDbEngine } from '../engine/backends/duckdbEngine';
import type { Engine } from '../engine/backends/engine';
import { evaluateSpec } from '../engine/evaluation/evaluate';
import { kpiType } from '../kpis/registry';
import type { KpiResult, RunResult } from '../report/resultModel';
import { stampOf } from '../report/stamp';
import { checkKpiFile } from '../kpifile/checkFile';
import type { CheckResult } from '../kpifile/checkFile';
import type { HeaderCache } from '../data/headerCache';
import { compareSpecs } from './compareSpecs';
import { compareValues } from './compareValues';
import { compareRows } from './compareRows';
import { explainKpi } from './explainMoves';
import { withoutCustomerSample } from './whyTypes';
import { kpiSqlDiff } from './sqlDiff';
import { kpiInputs } from './kpiInputs';
import type { WhyVersion } from './explainMoves';
import type { SourceContext } from '../engine/sources/sourceContext';
import type { KpiDiff, SpecDiff } from './specDiff';
import * as l10n from '../l10n/l10n';

/** The version of a KPI file that does not exist at a ref (added or deleted since): a file with no source and no KPI. */
export const ABSENT_KPI_FILE = 'kpilens: 1\n';

export interface DiffOptions {
  /** How the versions are named to people (default `base` and `head`). */
  baseLabel?: string;
  headLabel?: string;
  /** How the file is named in the report and diagnostics (default: `fileName`). */
  displayPath?: string;
  /** Evaluate at this date (YYYY-MM-DD) instead of the head's as_of. */
  asOf?: string;
  /** The engine to evaluate with; default a DuckDB engine started and closed for this call. */
  engine?: Engine;
  /** Compare the definitions only, evaluate nothing. */
  evaluate?: boolean;
  signal?: AbortSignal;
  headers?: HeaderCache;
  /** The folder data files must lie in (see data/dataRoot.ts). */
  dataRoot?: string;
  /** Explain the moves (the rows entering and leaving, explainMoves.ts); default true. */
  explain?: boolean;
  /** Add each affected KPI's changed SQL as a unified diff (sqlDiff.ts). */
  sql?: boolean;
  /** Show the first customers (keys) of the rows entering and leaving; customer-level, so off unless asked (SECURITY.md). */
  customerSample?: boolean;
  /**
   * Data review: the base text is checked and evaluated as if it were this file (so its
   * relative `file:` paths read another copy of the data), with this data root.
   */
  baseFileName?: string;
  baseDataRoot?: string;
  /** With baseFileName: how the base's data is named (`main`, a folder); every KPI is then evaluated. */
  dataLabel?: string;
}

/** A `kpis` list naming no KPI: evaluates nothing but still resolves as_of (an empty list means "all"). */
const NO_KPI = ['\u0000'];

const needsValues = (k: KpiDiff) => k.kind !== 'unchanged' && (k.kind !== 'renamed' || k.indirect.length > 0);

export async function diffKpiFile(
  fileName: string,
  baseText: string,
  headText: string,
  options: DiffOptions = {},
): Promise<SpecDiff> {
  const file = path.resolve(fileName);
  const shown = options.displayPath ?? fileName;
  const baseFile = options.baseFileName !== undefined ? path.resolve(options.baseFileName) : file;
  const [base, head] = await Promise.all([
    checkKpiFile(baseFile, baseText, { headers: options.headers, dataRoot: options.baseDataRoot ?? options.dataRoot }),
    checkKpiFile(file, headText, { headers: options.headers, dataRoot: options.dataRoot }),
  ]);
  const comparison = compareSpecs(base.model, head.model);
  if (options.dataLabel !== undefined) {
    // Same definitions, other data: every KPI the head keeps is affected.
    for (const k of comparison.kpis) {
      if (k.kind !== 'unchanged') continue;
      k.kind = 'affected';
      k.indirect = [...k.indirect, l10n.t('data at {0} → now', options.dataLabel)];
    }
  }
  for (const k of comparison.kpis)
    if (k.kind !== 'unchanged') k.inputs = kpiInputs(k.kind === 'removed' ? base.model : head.model, k.name);
  const hasError = (c: CheckResult) => c.diagnostics.some((d) => d.severity === 'error');
  const diff: SpecDiff = {
    file: shown,
    base: { label: options.baseLabel ?? 'base', diagnostics: base.diagnostics },
    head: { label: options.headLabel ?? 'head', diagnostics: head.diagnostics },
    kpis: comparison.kpis,
    definitions: comparison.definitions,
    runDiagnostics: [],
    hasErrors: hasError(base) || hasError(head),
  };
  if (diff.hasErrors || options.evaluate === false) return diff;

  const affected = diff.kpis.filter(needsValues);
  const evaluable = (c: CheckResult, name: string | undefined) => {
    const k = name !== undefined ? c.model.kpis.get(name) : undefined;
    return k !== undefined && kpiType(k.type)?.evaluation !== undefined;
  };
  const headNames = affected.filter((k) => k.kind !== 'removed' && evaluable(head, k.name)).map((k) => k.name);
  const baseName = (k: KpiDiff) => (k.kind === 'renamed' ? k.baseName : k.name);
  const baseNames = affected
    .filter((k) => k.kind !== 'added' && evaluable(base, baseName(k)))
    .map((k) => baseName(k) as string);

  const engine =
    options.engine ??
    new DuckDbEngine({ allowedDirectories: [...new Set([...allowedDirectories(base), ...allowedDirectories(head)])] });
  let after: RunResult;
  let before: RunResult;
  const sources: { base?: ReadonlyMap<string, SourceContext>; head?: ReadonlyMap<string, SourceContext> } = {};
  const dataStart: { base?: string; head?: string } = {};
  try {
    const runHead = (asOf: string | undefined) =>
      evaluateSpec(head, {
        engine,
        asOf,
        kpis: headNames.length > 0 ? headNames : NO_KPI,
        signal: options.signal,
        displayPath: shown,
        onSources: (s) => (sources.head = s),
        onDataDates: (d) => (dataStart.head = d.first),
      });
    const runBase = (asOf: string | undefined) =>
      evaluateSpec(base, {
        engine,
        asOf,
        kpis: baseNames.length > 0 ? baseNames : NO_KPI,
        signal: options.signal,
        displayPath: shown,
        onSources: (s) => (sources.base = s),
        onDataDates: (d) => (dataStart.base = d.first),
      });
    const nothing = (asOf: string): RunResult => ({ as_of: asOf, kpis: [], diagnostics: [] });
    if (headNames.length === 0 && baseNames.length > 0) {
      // The head evaluates nothing (a deleted file, every KPI removed): the base's as_of.
      before = await runBase(options.asOf);
      after = head.model.kpis.size === 0 ? nothing(before.as_of) : await runHead(before.as_of);
    } else {
      // The head first: its as_of (unless given) is the one both versions use.
      after = await runHead(options.asOf);
      before = base.model.kpis.size === 0 ? nothing(after.as_of) : await runBase(after.as_of);
    }
    compareAll(affected, before, after);
    if (options.explain !== false && sources.base && sources.head && after.as_of !== '') {
      const baseVersion: WhyVersion = {
        model: base.model,
        sources: sources.base,
        asOf: after.as_of,
        dataStart: dataStart.base,
      };
      const headVersion: WhyVersion = {
        model: head.model,
        sources: sources.head,
        asOf: after.as_of,
        dataStart: dataStart.head,
      };
      for (const k of affected) {
        if (k.kind === 'added' || k.kind === 'removed' || (k.rows?.length ?? 0) === 0) continue;
        const why = await explainKpi(engine, k, baseVersion, headVersion, options.signal);
        if (why.length > 0) k.why = options.customerSample === true ? why : why.map(withoutCustomerSample);
      }
    }
    if (options.sql === true) {
      const context = {
        engine,
        base,
        head,
        baseLabel: diff.base.label,
        headLabel: diff.head.label,
        asOf: after.as_of,
        displayPath: shown,
        ...(options.signal ? { signal: options.signal } : {}),
      };
      for (const k of affected) {
        const patch = await kpiSqlDiff(context, k);
        if (patch !== null) k.sqlDiff = patch;
      }
    }
  } finally {
    if (!options.engine) await engine.close();
  }
  diff.asOf = after.as_of;
  diff.base.stamp = await stampOf(base);
  diff.head.stamp = await stampOf(head);
  diff.runDiagnostics = [
    ...before.diagnostics.map((d) => ({ version: 'base' as const, ...d })),
    ...after.diagnostics.map((d) => ({ version: 'head' as const, ...d })),
  ];
  return diff;
}

/** Each affected KPI's latest values and every moved row, from the two runs. */
function compareAll(affected: KpiDiff[], before: RunResult, after: RunResult): void {
  const baseName = (k: KpiDiff) => (k.kind === 'renamed' ? k.baseName : k.name);
  const beforeByName = new Map(before.kpis.map((k) => [k.name, k]));
  const afterByName = new Map(after.kpis.map((k) => [k.name, k]));
  for (const k of affected) {
    const b = k.kind === 'added' ? undefined : beforeByName.get(baseName(k) as string);
    const a = k.kind === 'removed' ? undefined : afterByName.get(k.name);
    if (b === undefined && a === undefined) {
      k.valuesNote =
        kpiType(k.type)?.evaluation === undefined
          ? l10n.t('the {0} type is not evaluated by this version', k.type)
          : l10n.t('not evaluated (see the diagnostics)');
      continue;
    }
    k.values = compareValues(b, a);
    const rows = compareRows(b, a);
    k.rows = rows.rows;
    k.unchangedRows = rows.unchanged;
    const unit = (a ?? b) as KpiResult;
    k.unit = {
      format: unit.format,
      ...(unit.currency !== undefined ? { currency: unit.currency } : {}),
      ...(unit.decimals !== undefined ? { decimals: unit.decimals } : {}),
    };
  }
}
