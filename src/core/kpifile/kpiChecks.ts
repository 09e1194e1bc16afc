// Semantic checks of one KPI: its period, source, segments, time column, filter, the names its
// type's fields refer to (columns, KPIs, sources), its target and currency, then the rules its
// type declares (`check`, `countsCustomers`: kpis/kpiCheck.ts) — no check here names a type.
import type { Range } from './diagnostic';
import { parseExpressionField } from './expressionField';
import type { KpiSpec } from './model';
import { isObject } from './model';
import type { YamlPath } from './yamlDocument';
import { quote } from '../util/quote';
import * as l10n from '../l10n/l10n';
import { fieldsOf, kpiType } from '../kpis/registry';
import { evaluationOf } from '../kpis/kpiRules';
import type { KpiField } from '../kpis/kpiType';
import type { KpiCheckContext } from '../kpis/kpiCheck';
import type { Checker } from './checker';
import { dateMeasureMessage, declaredColumnKind } from './declaredColumnKinds';
import { checkScoreSegmentUse } from './scoreSegmentChecks';

export function checkKpi(c: Checker, kpi: KpiSpec): void {
  const def = kpiType(kpi.type);
  if (!def) {
    // The type is reported by the schema; its source still counts as used.
    if (kpi.source !== undefined && c.model.sources.has(kpi.source)) c.usedSources.add(kpi.source);
    return;
  }
  const path: YamlPath = ['kpis', kpi.name];
  const raw =
    isObject(c.doc.value) && isObject(c.doc.value.kpis) && isObject(c.doc.value.kpis[kpi.name])
      ? (c.doc.value.kpis[kpi.name] as Record<string, unknown>)
      : {};
  const label = l10n.t("KPI '{0}'", kpi.name);

  // Period: its own or the default.
  if (kpi.period === undefined) {
    c.at(
      path,
      'missing-period',
      l10n.t("{0} has no 'period' and the file has no 'defaults.period'", label),
      'error',
      'key',
    );
  } else if (typeof raw.period === 'string') {
    c.checkPeriodName(kpi.period, c.doc.rangeOf([...path, 'period']));
  }

  // Segments: its own (checked here) or the defaults (checked in checkDefaults).
  const source = def.usesSource && kpi.source !== undefined && c.model.sources.has(kpi.source) ? kpi.source : undefined;
  if (def.usesSource && kpi.source !== undefined) {
    if (c.checkSourceName(kpi.source, c.doc.rangeOf([...path, 'source']), label)) c.usedSources.add(kpi.source);
  }
  const ownSegments = Array.isArray(raw.segments);
  kpi.segments.forEach((segName, i) => {
    const range = ownSegments ? c.doc.rangeOf([...path, 'segments', i]) : undefined;
    if (range && !c.checkSegmentName(segName, range)) return;
    const seg = c.model.segments.get(segName);
    if (!seg) return;
    if (seg.score) return checkScoreSegmentUse(c, kpi, seg, range);
    // A KPI may be broken down by another source's columns (a cohort's: the customers, not its activity rows).
    const field = def.segmentSourceField;
    const other =
      field !== undefined && typeof raw[field] === 'string' && c.model.sources.has(raw[field]) ? raw[field] : undefined;
    c.segmentColumns(segName, kpi, other ?? source, ownSegments ? range : undefined);
    // A derived KPI's segments slice its inputs (engine/evaluation/requests.ts asks each with
    // them): a column the source of an input lacks would stop that input's query, and with it
    // every KPI of that source.
    for (const [input, on] of inputSources(c, kpi))
      c.segmentColumns(segName, kpi, on, ownSegments ? range : undefined, input);
  });

  checkInputPeriods(c, kpi, path);

  // Time column.
  if (def.needsTime && source) {
    if (kpi.time !== undefined) {
      c.columnRefs.push({ source, column: kpi.time, range: c.doc.rangeOf([...path, 'time']), usedBy: label });
    } else if (c.model.sources.get(source)?.time === undefined) {
      c.at(
        [...path, 'source'],
        'missing-time',
        l10n.t(
          "{0} needs dates, but source '{1}' has no 'time' column: add 'time:' to the source or to the KPI",
          label,
          source,
        ),
      );
    }
  }

  if (kpi.where !== undefined && def.usesSource) c.checkFilter([...path, 'where'], source, label);

  // The type's own references.
  const fields = fieldsOf(def);
  for (const [fname, field] of Object.entries(def.fields)) {
    const value = raw[fname];
    if (value === undefined) continue;
    checkFieldRef(c, kpi, label, path, fname, field, value, raw, fields);
  }

  // Target.
  if (kpi.target?.min !== undefined && kpi.target.max !== undefined && kpi.target.min > kpi.target.max) {
    c.at(
      [...path, 'target'],
      'target-range',
      l10n.t(
        'the target of {0} cannot be met: min ({1}) is greater than max ({2})',
        label,
        kpi.target.min,
        kpi.target.max,
      ),
    );
  }

  const defaults = isObject(c.doc.value) && isObject(c.doc.value.defaults) ? c.doc.value.defaults : {};
  const chosenCurrency = raw.format === 'currency' || (raw.format === undefined && defaults.format === 'currency');
  if (chosenCurrency && kpi.currency === undefined) {
    c.at(
      typeof raw.format === 'string' ? [...path, 'format'] : path,
      'missing-currency',
      l10n.t("{0} is a currency without 'currency:' (e.g. currency: EUR)", label),
      'warning',
      typeof raw.format === 'string' ? 'value' : 'key',
    );
  }

  checkTypeRules(c, kpi, label, path, raw, source);
}

export function checkFieldRef(
  c: Checker,
  kpi: KpiSpec,
  label: string,
  path: YamlPath,
  fname: string,
  field: KpiField,
  value: unknown,
  raw: Record<string, unknown>,
  _fields: Record<string, KpiField>,
): void {
  const ref = field.ref;
  if (!ref || typeof value !== 'string') return;
  const fpath = [...path, fname];
  const range = c.doc.rangeOf(fpath);
  switch (ref.kind) {
    case 'column': {
      const owner = ref.ofField ? raw[ref.ofField] : kpi.source;
      if (typeof owner === 'string' && c.model.sources.has(owner)) {
        c.columnRefs.push({ source: owner, column: value, range, usedBy: label });
        // A number read of a column the file declares as dates (or its time column): told now.
        if (ref.number && declaredColumnKind(c.model, owner, value) === 'date')
          c.report(range, 'invalid-type', dateMeasureMessage(value, owner, kpi.type));
      }
      return;
    }
    case 'source':
      if (c.checkSourceName(value, range, label)) {
        c.usedSources.add(value);
        if (fname === 'cohort' && kpi.source && c.model.sources.has(kpi.source) && kpi.source !== value)
          c.checkJoin(kpi.source, value, range, label);
      }
      return;
    case 'kpi':
      checkKpiRef(c, kpi, label, value, range, ref.types);
      return;
    case 'source-column':
      checkSourceColumn(c, value, range, label);
      return;
    case 'kpi-or-source-column':
      if (value.includes('.')) checkSourceColumn(c, value, range, label);
      else checkKpiRef(c, kpi, label, value, range);
      return;
    case 'kpi-expression': {
      const parsed = parseExpressionField(c.doc, fpath, { expect: 'number', typeOfName: () => 'number' });
      if (!parsed) return;
      c.diagnostics.push(...parsed.diagnostics);
      for (const n of parsed.names) {
        if (n.ref.parts.length === 2) {
          c.report(
            n.range,
            'unknown-kpi',
            l10n.t("'{0}' is a column; a formula combines KPIs by name (e.g. revenue / orders)", n.ref.parts.join('.')),
          );
        } else {
          checkKpiRef(c, kpi, label, n.ref.parts[0], n.range);
        }
      }
      return;
    }
  }
}

export function checkSourceColumn(c: Checker, value: string, range: Range, label: string): void {
  const dot = value.indexOf('.');
  if (dot <= 0) {
    c.report(
      range,
      'invalid-value',
      l10n.t('{0} must name a column as source.column, e.g. orders.amount', quote(value)),
    );
    return;
  }
  const src = value.slice(0, dot);
  const column = value.slice(dot + 1);
  const srcRange = c.doc.source.range(range.startOffset, range.startOffset + src.length);
  if (!c.checkSourceName(src, srcRange, label)) return;
  c.usedSources.add(src);
  c.columnRefs.push({ source: src, column, range, usedBy: label });
}

export function checkKpiRef(
  c: Checker,
  kpi: KpiSpec,
  label: string,
  name: string,
  range: Range,
  types?: readonly string[],
): void {
  const target = c.model.kpis.get(name);
  if (!target) {
    c.unknown(
      range,
      'unknown-kpi',
      'KPI',
      name,
      [...c.model.kpis.keys()].filter((k) => k !== kpi.name),
    );
    return;
  }
  if (name === kpi.name) {
    c.report(range, 'kpi-cycle', l10n.t('{0} refers to itself', label));
    return;
  }
  if (types && !types.includes(target.type)) {
    c.report(
      range,
      'invalid-kpi-reference',
      l10n.t(
        "{0} needs a {1} KPI here, but '{2}' is a {3} KPI",
        label,
        types.reduce((all, t) => l10n.t('{0} or {1}', all, t)),
        name,
        target.type,
      ),
    );
  }
}

/** The rules the KPI's type declares (`check`), then the customer key of a type that counts customers. */
export function checkTypeRules(
  c: Checker,
  kpi: KpiSpec,
  label: string,
  path: YamlPath,
  raw: Record<string, unknown>,
  source: string | undefined,
): void {
  const def = kpiType(kpi.type);
  def?.check?.(kpiCheckContext(c, kpi, label, path, raw, source));
  if (def?.countsCustomers && source) {
    if (c.model.sources.get(source)?.key === undefined) {
      c.at(
        [...path, 'source'],
        'missing-key',
        l10n.t("{0} counts customers, but source '{1}' has no 'key' (the customer column)", label, source),
      );
    }
  }
}

/** What a type's `check` sees of a KPI and may report (kpis/kpiCheck.ts). */
export function kpiCheckContext(
  c: Checker,
  kpi: KpiSpec,
  label: string,
  path: YamlPath,
  raw: Record<string, unknown>,
  source: string | undefined,
): KpiCheckContext {
  const ownSegments = Array.isArray(raw.segments);
  const segmentRange = (i: number) => (ownSegments ? c.doc.rangeOf([...path, 'segments', i]) : undefined);
  return {
    label,
    raw,
    segments: kpi.segments,
    source,
    sourceOf: (name) => c.model.sources.get(name),
    report: (at, code, message, severity, part) => c.at([...path, ...at], code, message, severity, part),
    segmentSources: (segName) => {
      const seg = c.model.segments.get(segName);
      if (!seg) return undefined;
      if (seg.by !== undefined) return seg.by.includes('.') ? [seg.by.split('.')[0]] : [];
      if (seg.where === undefined) return [];
      return (parseExpressionField(c.doc, ['segments', segName, 'where'])?.names ?? [])
        .filter((n) => n.ref.parts.length === 2)
        .map((n) => n.ref.parts[0]);
    },
    reportSegment: (i, segName, code, message) =>
      c.report(segmentRange(i) ?? c.doc.rangeOf(['segments', segName]), code, message),
    checkSegmentOn: (i, segName, on) => c.segmentColumns(segName, kpi, on, segmentRange(i)),
    useSource: (name) => c.usedSources.add(name),
  };
}

/**
 * The sources a derived KPI's segments slice through its inputs: each input KPI of the file
 * with a source, by its name; a derived input's own inputs in turn. An internal input (a cac's
 * `spend: marketing.spend`) is its type's to check (kpis/kpiCheck.ts).
 */
function inputSources(c: Checker, kpi: KpiSpec): [string, string][] {
  const out = new Map<string, string>();
  const seen = new Set<string>([kpi.name]);
  const pending: KpiSpec[] = [kpi];
  for (let k = pending.pop(); k !== undefined; k = pending.pop()) {
    const evaluation = evaluationOf(k);
    if (evaluation?.kind !== 'derived') continue;
    for (const input of evaluation.inputs(k.fields)) {
      const dep = input.internal ? undefined : c.model.kpis.get(input.name);
      if (!dep || seen.has(dep.name)) continue;
      seen.add(dep.name);
      if (dep.source !== undefined && c.model.sources.has(dep.source)) {
        if (![...out.values()].includes(dep.source)) out.set(dep.name, dep.source);
      } else pending.push(dep);
    }
  }
  return [...out];
}

/**
 * A derived KPI reads its inputs over its own period (engine/evaluation/requests.ts): an input
 * that declares another `period` is not read over it there. Told, so that a monthly share of a
 * quarterly total is not taken for one (it is the month's share of the month).
 */
function checkInputPeriods(c: Checker, kpi: KpiSpec, path: YamlPath): void {
  const evaluation = evaluationOf(kpi);
  if (evaluation?.kind !== 'derived' || kpi.period === undefined) return;
  const kpis = isObject(c.doc.value) && isObject(c.doc.value.kpis) ? c.doc.value.kpis : {};
  for (const input of evaluation.inputs(kpi.fields)) {
    if (input.internal || (input.over ?? 'window') !== 'window') continue;
    const raw = kpis[input.name];
    const declared = isObject(raw) && typeof raw.period === 'string' ? raw.period : undefined;
    if (declared === undefined || declared === kpi.period) continue;
    c.at(
      path,
      'period-conflict',
      l10n.t(
        "KPI '{0}' reads its input '{1}' over its own period '{2}', not over '{3}', the period '{1}' declares",
        kpi.name,
        input.name,
        kpi.period,
        declared,
      ),
      'warning',
      'key',
    );
  }
}
