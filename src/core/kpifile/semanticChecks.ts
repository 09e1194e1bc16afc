// The checks a schema cannot express: names that must refer to something declared (with
// did-you-mean), KPI dependency cycles, target and period consistency, real dates and time
// zones, expressions, and the list of every column reference for the data checks.
import type { DiagnosticCode } from './codes';
import type { Diagnostic, Fix, Range, Severity } from './diagnostic';
import { parseExpressionField } from './expressionField';
import type { SpecModel, KpiSpec } from './model';
import { isObject } from './model';
import type { YamlDocument, YamlPath } from './yamlDocument';
import { changeToTitle, closest, didYouMean } from '../util/suggest';
import { quote, quoteAll } from '../util/quote';
import * as l10n from '../l10n/l10n';
import { fieldsOf, kpiType } from '../kpis/registry';
import type { KpiField } from '../kpis/kpiType';
import { isValidDate } from '../expr';
import type { KpiCheckContext } from '../kpis/kpiCheck';
import { checkScoreSegmentDefinition, checkScoreSegmentUse, isScoreSegment } from './scoreSegmentChecks';

/** A column that some part of the file reads from a source; checked against the data file. */
export interface ColumnRef {
  source: string;
  column: string;
  range: Range;
  /** Who reads it, for the message: "KPI 'nps'", "segment 'channel' (KPI 'revenue')". */
  usedBy: string;
  /** Named inside an expression (a fix then quotes a name that is not bare: "Montant TTC"). */
  inExpression?: true;
}

export interface SemanticResult {
  diagnostics: Diagnostic[];
  columnRefs: ColumnRef[];
  /** Sources some KPI reads (directly, through a cohort, a join or source.column). */
  usedSources: Set<string>;
}

class Checker {
  readonly diagnostics: Diagnostic[] = [];
  readonly columnRefs: ColumnRef[] = [];
  readonly usedSources = new Set<string>();

  constructor(
    readonly doc: YamlDocument,
    readonly model: SpecModel,
  ) {}

  report(range: Range, code: DiagnosticCode, message: string, severity: Severity = 'error', fixes?: Fix[]): void {
    this.diagnostics.push({
      file: this.doc.file,
      range,
      severity,
      code,
      message,
      ...(fixes && fixes.length ? { fixes } : {}),
    });
  }

  at(
    path: YamlPath,
    code: DiagnosticCode,
    message: string,
    severity: Severity = 'error',
    part: 'key' | 'value' = 'value',
  ): void {
    this.report(this.doc.rangeOf(path, part), code, message, severity);
  }

  /** Reports an unknown name with a did-you-mean and a replacement fix. */
  unknown(range: Range, code: DiagnosticCode, what: NameKind, name: string, knownNames: Iterable<string>): void {
    const known = [...knownNames];
    const suggestion = closest(name, known);
    const fixes = suggestion ? [{ title: changeToTitle(suggestion), range, newText: suggestion }] : undefined;
    let message = `${unknownName(what, name)}${didYouMean(suggestion)}`;
    if (!suggestion) {
      if (known.length === 0) message = unknownNameNoneDeclared(what, name);
      else if (known.length <= 8) message += l10n.t('; the file declares {0}', quoteAll(known));
    }
    this.report(range, code, message, 'error', fixes);
  }

  run(): SemanticResult {
    this.checkTop();
    this.checkPeriods();
    this.checkSegmentDefinitions();
    this.checkDefaults();
    this.checkSources();
    for (const kpi of this.model.kpis.values()) this.checkKpi(kpi);
    this.checkCycles();
    this.checkUnusedSources();
    this.checkTests();
    return { diagnostics: this.diagnostics, columnRefs: this.columnRefs, usedSources: this.usedSources };
  }

  /** KPI tests: their sources and KPIs exist, and their as_of is a real date. */
  private checkTests(): void {
    for (const test of this.model.tests.values()) {
      if (test.asOf && /^\d{4}-\d{2}-\d{2}$/.test(test.asOf) && !isValidDate(test.asOf))
        this.at(['tests', test.name, 'as_of'], 'invalid-date', l10n.t("'{0}' is not a real date", test.asOf));
      for (const source of test.data.keys()) {
        if (!this.model.sources.has(source))
          this.unknown(
            this.doc.rangeOf(['tests', test.name, 'data', source], 'key'),
            'unknown-source',
            'source',
            source,
            this.model.sources.keys(),
          );
      }
      for (const e of test.expect) {
        if (!this.model.kpis.has(e.kpi))
          this.unknown(
            this.doc.rangeOf(['tests', test.name, 'expect', e.kpi], 'key'),
            'unknown-kpi',
            'KPI',
            e.kpi,
            this.model.kpis.keys(),
          );
      }
    }
  }

  private checkTop(): void {
    const { asOf, timezone } = this.model;
    if (asOf && /^\d{4}-\d{2}-\d{2}$/.test(asOf) && !isValidDate(asOf))
      this.at(['as_of'], 'invalid-date', l10n.t("'{0}' is not a real date", asOf));
    if (timezone !== undefined && !isValidTimeZone(timezone)) {
      this.at(
        ['timezone'],
        'invalid-timezone',
        l10n.t("'{0}' is not an IANA time zone; write e.g. Europe/Paris or UTC", timezone),
      );
    }
  }

  private checkPeriods(): void {
    for (const p of this.model.periods.values()) {
      const path = ['periods', p.name];
      for (const f of ['from', 'to'] as const) {
        const v = p[f];
        if (v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !isValidDate(v))
          this.at([...path, f], 'invalid-date', l10n.t("'{0}' is not a real date", v));
      }
      const hasRange = p.from !== undefined || p.to !== undefined;
      if (p.last !== undefined && hasRange) {
        this.at(
          [...path, 'last'],
          'period-conflict',
          l10n.t(
            "period '{0}' has both 'last' and '{1}': use 'last: N' or a from/to range, not both",
            p.name,
            p.from !== undefined ? 'from' : 'to',
          ),
        );
      } else if (p.last !== undefined && p.grain === undefined) {
        this.at(
          [...path, 'last'],
          'period-conflict',
          l10n.t(
            "period '{0}' has 'last' but no 'grain': 'last: {1}' counts grains, add e.g. 'grain: month'",
            p.name,
            p.last,
          ),
        );
      } else if (p.grain === undefined && !hasRange && this.doc.node([...path, 'grain']) === undefined) {
        this.at(
          path,
          'period-conflict',
          l10n.t("period '{0}' needs a 'grain' (with 'last: N') or a 'from'/'to' range", p.name),
          'error',
          'key',
        );
      }
      if (p.partial && p.last === undefined) {
        this.at(
          [...path, 'partial'],
          'period-conflict',
          l10n.t("'partial' only applies to a period with 'last: N'"),
          'warning',
        );
      }
      if (p.from && p.to && isValidDate(p.from) && isValidDate(p.to) && p.from > p.to) {
        this.at(
          [...path, 'to'],
          'period-range',
          l10n.t("period '{0}' ends ({1}) before it starts ({2})", p.name, p.to, p.from),
        );
      }
    }
  }

  private checkSegmentDefinitions(): void {
    for (const s of this.model.segments.values()) {
      const path = ['segments', s.name];
      if (isScoreSegment(this, s)) {
        checkScoreSegmentDefinition(this, s);
        continue;
      }
      if ((s.by === undefined) === (s.where === undefined)) {
        const msg =
          s.by === undefined
            ? l10n.t("segment '{0}' needs 'by' (a column to slice by) or 'where' (a filter)", s.name)
            : l10n.t("segment '{0}' has both 'by' and 'where': a segment is one or the other", s.name);
        this.at(path, 'segment-kind', msg, 'error', 'key');
      }
      if (s.by !== undefined && s.by.includes('.')) {
        const [src] = s.by.split('.');
        this.checkSourceName(src, this.doc.rangeOf([...path, 'by']), l10n.t("segment '{0}'", s.name));
      }
      if (s.where !== undefined) {
        const parsed = parseExpressionField(this.doc, [...path, 'where'], { expect: 'boolean' });
        if (parsed) {
          this.diagnostics.push(...parsed.diagnostics);
          for (const n of parsed.names)
            if (n.ref.parts.length === 2)
              this.checkSourceName(n.ref.parts[0], n.range, l10n.t("segment '{0}'", s.name));
        }
      }
    }
  }

  private checkDefaults(): void {
    const raw = isObject(this.doc.value) ? this.doc.value.defaults : undefined;
    if (!isObject(raw)) return;
    if (typeof raw.period === 'string') this.checkPeriodName(raw.period, this.doc.rangeOf(['defaults', 'period']));
    if (Array.isArray(raw.segments)) {
      raw.segments.forEach((s, i) => {
        if (typeof s === 'string') this.checkSegmentName(s, this.doc.rangeOf(['defaults', 'segments', i]));
      });
    }
  }

  private checkSources(): void {
    for (const s of this.model.sources.values()) {
      const path = ['sources', s.name];
      const usedBy = l10n.t("source '{0}'", s.name);
      this.checkSourceLocation(s.name, s.file, s.table, s.connection);
      if (s.time)
        this.columnRefs.push({ source: s.name, column: s.time, range: this.doc.rangeOf([...path, 'time']), usedBy });
      if (s.key)
        this.columnRefs.push({ source: s.name, column: s.key, range: this.doc.rangeOf([...path, 'key']), usedBy });
      for (const c of Object.keys(s.columns)) {
        this.columnRefs.push({
          source: s.name,
          column: c,
          range: this.doc.rangeOf([...path, 'columns', c], 'key'),
          usedBy,
        });
      }
      if (s.where !== undefined) this.checkFilter([...path, 'where'], s.name, usedBy);
    }
  }

  /** Where a source's rows come from: a file, or a table on a connection — one of them. */
  private checkSourceLocation(
    name: string,
    file: string | undefined,
    table: string | undefined,
    connection: string | undefined,
  ): void {
    const path = ['sources', name];
    if (file !== undefined && table !== undefined) {
      this.report(
        this.doc.rangeOf([...path, 'table'], 'key'),
        'source-location',
        l10n.t(
          "source '{0}' names both a file and a table: keep one ('file' for data files, 'table' with 'connection' for a database)",
          name,
        ),
      );
    } else if (file === undefined && table === undefined) {
      this.report(
        this.doc.rangeOf(path, 'key'),
        'source-location',
        l10n.t("source '{0}' needs 'file' (a data file) or 'table' with 'connection' (a database table)", name),
      );
    } else if (table !== undefined && connection === undefined) {
      this.report(
        this.doc.rangeOf([...path, 'table']),
        'source-location',
        l10n.t(
          "source '{0}' reads table '{1}' but names no 'connection': add 'connection: NAME', a connection of kpilens.connections.yaml",
          name,
          table,
        ),
      );
    }
    if (connection !== undefined && table === undefined) {
      this.report(
        this.doc.rangeOf([...path, 'connection']),
        'source-location',
        l10n.t("source '{0}' names a 'connection' but no 'table': a connection is only used to read a table", name),
      );
    }
  }

  /** A row filter on `source`: parse it; plain names are columns of `source`, a.b of a joined source. */
  private checkFilter(path: YamlPath, source: string | undefined, usedBy: string): void {
    const parsed = parseExpressionField(this.doc, path, { expect: 'boolean' });
    if (!parsed) return;
    this.diagnostics.push(...parsed.diagnostics);
    for (const n of parsed.names) this.columnName(n.ref.parts, n.range, source, usedBy);
  }

  /** Records a column read by a KPI of `source` (plain name) or through a join (a.b). */
  private columnName(parts: string[], range: Range, source: string | undefined, usedBy: string): void {
    if (parts.length === 2) {
      const [src, column] = parts;
      if (!this.checkSourceName(src, range, usedBy)) return;
      this.usedSources.add(src);
      this.columnRefs.push({ source: src, column, range, usedBy, inExpression: true });
      if (source && src !== source) this.checkJoin(source, src, range, usedBy);
    } else if (source && this.model.sources.has(source)) {
      this.columnRefs.push({ source, column: parts[0], range, usedBy, inExpression: true });
    }
  }

  /** A join between two sources needs `key` on both. */
  private checkJoin(from: string, to: string, range: Range, usedBy: string): void {
    for (const s of [from, to]) {
      const src = this.model.sources.get(s);
      if (src && src.key === undefined) {
        this.report(
          range,
          'missing-key',
          l10n.t(
            "{0} joins '{1}' to '{2}', but source '{3}' has no 'key' (the customer column that joins them)",
            usedBy,
            to,
            from,
            s,
          ),
        );
        return;
      }
    }
  }

  private checkSourceName(name: string, range: Range, _usedBy: string): boolean {
    if (this.model.sources.has(name)) return true;
    this.unknown(range, 'unknown-source', 'source', name, this.model.sources.keys());
    return false;
  }

  private checkPeriodName(name: string, range: Range): boolean {
    if (this.model.periods.has(name)) return true;
    this.unknown(range, 'unknown-period', 'period', name, this.model.periods.keys());
    return false;
  }

  private checkSegmentName(name: string, range: Range): boolean {
    if (this.model.segments.has(name)) return true;
    this.unknown(range, 'unknown-segment', 'segment', name, this.model.segments.keys());
    return false;
  }

  private checkKpi(kpi: KpiSpec): void {
    const def = kpiType(kpi.type);
    if (!def) {
      // The type is reported by the schema; its source still counts as used.
      if (kpi.source !== undefined && this.model.sources.has(kpi.source)) this.usedSources.add(kpi.source);
      return;
    }
    const path: YamlPath = ['kpis', kpi.name];
    const raw =
      isObject(this.doc.value) && isObject(this.doc.value.kpis) && isObject(this.doc.value.kpis[kpi.name])
        ? (this.doc.value.kpis[kpi.name] as Record<string, unknown>)
        : {};
    const label = l10n.t("KPI '{0}'", kpi.name);

    // Period: its own or the default.
    if (kpi.period === undefined) {
      this.at(
        path,
        'missing-period',
        l10n.t("{0} has no 'period' and the file has no 'defaults.period'", label),
        'error',
        'key',
      );
    } else if (typeof raw.period === 'string') {
      this.checkPeriodName(kpi.period, this.doc.rangeOf([...path, 'period']));
    }

    // Segments: its own (checked here) or the defaults (checked in checkDefaults).
    const source =
      def.usesSource && kpi.source !== undefined && this.model.sources.has(kpi.source) ? kpi.source : undefined;
    if (def.usesSource && kpi.source !== undefined) {
      if (this.checkSourceName(kpi.source, this.doc.rangeOf([...path, 'source']), label))
        this.usedSources.add(kpi.source);
    }
    const ownSegments = Array.isArray(raw.segments);
    kpi.segments.forEach((segName, i) => {
      const range = ownSegments ? this.doc.rangeOf([...path, 'segments', i]) : undefined;
      if (range && !this.checkSegmentName(segName, range)) return;
      const seg = this.model.segments.get(segName);
      if (!seg) return;
      if (seg.score) return checkScoreSegmentUse(this, kpi, seg, range);
      // A KPI may be broken down by another source's columns (a cohort's: the customers, not its activity rows).
      const field = def.segmentSourceField;
      const other =
        field !== undefined && typeof raw[field] === 'string' && this.model.sources.has(raw[field])
          ? raw[field]
          : undefined;
      this.segmentColumns(segName, kpi, other ?? source, ownSegments ? range : undefined);
    });

    // Time column.
    if (def.needsTime && source) {
      if (kpi.time !== undefined) {
        this.columnRefs.push({ source, column: kpi.time, range: this.doc.rangeOf([...path, 'time']), usedBy: label });
      } else if (this.model.sources.get(source)?.time === undefined) {
        this.at(
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

    if (kpi.where !== undefined && def.usesSource) this.checkFilter([...path, 'where'], source, label);

    // The type's own references.
    const fields = fieldsOf(def);
    for (const [fname, field] of Object.entries(def.fields)) {
      const value = raw[fname];
      if (value === undefined) continue;
      this.checkFieldRef(kpi, label, path, fname, field, value, raw, fields);
    }

    // Target.
    if (kpi.target?.min !== undefined && kpi.target.max !== undefined && kpi.target.min > kpi.target.max) {
      this.at(
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

    const defaults = isObject(this.doc.value) && isObject(this.doc.value.defaults) ? this.doc.value.defaults : {};
    const chosenCurrency = raw.format === 'currency' || (raw.format === undefined && defaults.format === 'currency');
    if (chosenCurrency && kpi.currency === undefined) {
      this.at(
        typeof raw.format === 'string' ? [...path, 'format'] : path,
        'missing-currency',
        l10n.t("{0} is a currency without 'currency:' (e.g. currency: EUR)", label),
        'warning',
        typeof raw.format === 'string' ? 'value' : 'key',
      );
    }

    this.checkTypeRules(kpi, label, path, raw, source);
  }

  private segmentColumns(segName: string, kpi: KpiSpec, source: string | undefined, range: Range | undefined): void {
    const seg = this.model.segments.get(segName);
    if (!seg || !source) return;
    const usedBy = l10n.t("segment '{0}' (used by KPI '{1}')", segName, kpi.name);
    if (seg.by !== undefined) {
      const parts = seg.by.split('.');
      const byRange = this.doc.rangeOf(['segments', segName, 'by']);
      if (parts.length === 2) {
        if (!this.model.sources.has(parts[0])) return; // reported once on the segment
        this.usedSources.add(parts[0]);
        this.columnRefs.push({ source: parts[0], column: parts[1], range: byRange, usedBy });
        if (parts[0] !== source)
          this.checkJoin(source, parts[0], range ?? byRange, l10n.t("segment '{0}' of KPI '{1}'", segName, kpi.name));
      } else {
        this.columnRefs.push({ source, column: seg.by, range: byRange, usedBy });
      }
    } else if (seg.where !== undefined) {
      const parsed = parseExpressionField(this.doc, ['segments', segName, 'where']);
      for (const n of parsed?.names ?? []) {
        if (n.ref.parts.length === 2) {
          const [src, column] = n.ref.parts;
          if (!this.model.sources.has(src)) continue;
          this.usedSources.add(src);
          this.columnRefs.push({ source: src, column, range: n.range, usedBy, inExpression: true });
          if (src !== source)
            this.checkJoin(source, src, range ?? n.range, l10n.t("segment '{0}' of KPI '{1}'", segName, kpi.name));
        } else {
          this.columnRefs.push({ source, column: n.ref.parts[0], range: n.range, usedBy, inExpression: true });
        }
      }
    }
  }

  private checkFieldRef(
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
    const range = this.doc.rangeOf(fpath);
    switch (ref.kind) {
      case 'column': {
        const owner = ref.ofField ? raw[ref.ofField] : kpi.source;
        if (typeof owner === 'string' && this.model.sources.has(owner)) {
          this.columnRefs.push({ source: owner, column: value, range, usedBy: label });
        }
        return;
      }
      case 'source':
        if (this.checkSourceName(value, range, label)) {
          this.usedSources.add(value);
          if (fname === 'cohort' && kpi.source && this.model.sources.has(kpi.source) && kpi.source !== value)
            this.checkJoin(kpi.source, value, range, label);
        }
        return;
      case 'kpi':
        this.checkKpiRef(kpi, label, value, range, ref.types);
        return;
      case 'source-column':
        this.checkSourceColumn(value, range, label);
        return;
      case 'kpi-or-source-column':
        if (value.includes('.')) this.checkSourceColumn(value, range, label);
        else this.checkKpiRef(kpi, label, value, range);
        return;
      case 'kpi-expression': {
        const parsed = parseExpressionField(this.doc, fpath, { expect: 'number', typeOfName: () => 'number' });
        if (!parsed) return;
        this.diagnostics.push(...parsed.diagnostics);
        for (const n of parsed.names) {
          if (n.ref.parts.length === 2) {
            this.report(
              n.range,
              'unknown-kpi',
              l10n.t(
                "'{0}' is a column; a formula combines KPIs by name (e.g. revenue / orders)",
                n.ref.parts.join('.'),
              ),
            );
          } else {
            this.checkKpiRef(kpi, label, n.ref.parts[0], n.range);
          }
        }
        return;
      }
    }
  }

  private checkSourceColumn(value: string, range: Range, label: string): void {
    const dot = value.indexOf('.');
    if (dot <= 0) {
      this.report(
        range,
        'invalid-value',
        l10n.t('{0} must name a column as source.column, e.g. orders.amount', quote(value)),
      );
      return;
    }
    const src = value.slice(0, dot);
    const column = value.slice(dot + 1);
    const srcRange = this.doc.source.range(range.startOffset, range.startOffset + src.length);
    if (!this.checkSourceName(src, srcRange, label)) return;
    this.usedSources.add(src);
    this.columnRefs.push({ source: src, column, range, usedBy: label });
  }

  private checkKpiRef(kpi: KpiSpec, label: string, name: string, range: Range, types?: readonly string[]): void {
    const target = this.model.kpis.get(name);
    if (!target) {
      this.unknown(
        range,
        'unknown-kpi',
        'KPI',
        name,
        [...this.model.kpis.keys()].filter((k) => k !== kpi.name),
      );
      return;
    }
    if (name === kpi.name) {
      this.report(range, 'kpi-cycle', l10n.t('{0} refers to itself', label));
      return;
    }
    if (types && !types.includes(target.type)) {
      this.report(
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
  private checkTypeRules(
    kpi: KpiSpec,
    label: string,
    path: YamlPath,
    raw: Record<string, unknown>,
    source: string | undefined,
  ): void {
    const def = kpiType(kpi.type);
    def?.check?.(this.kpiCheckContext(kpi, label, path, raw, source));
    if (def?.countsCustomers && source) {
      if (this.model.sources.get(source)?.key === undefined) {
        this.at(
          [...path, 'source'],
          'missing-key',
          l10n.t("{0} counts customers, but source '{1}' has no 'key' (the customer column)", label, source),
        );
      }
    }
  }

  /** What a type's `check` sees of a KPI and may report (kpis/kpiCheck.ts). */
  private kpiCheckContext(
    kpi: KpiSpec,
    label: string,
    path: YamlPath,
    raw: Record<string, unknown>,
    source: string | undefined,
  ): KpiCheckContext {
    const ownSegments = Array.isArray(raw.segments);
    const segmentRange = (i: number) => (ownSegments ? this.doc.rangeOf([...path, 'segments', i]) : undefined);
    return {
      label,
      raw,
      segments: kpi.segments,
      source,
      sourceOf: (name) => this.model.sources.get(name),
      report: (at, code, message, severity, part) => this.at([...path, ...at], code, message, severity, part),
      segmentSources: (segName) => {
        const seg = this.model.segments.get(segName);
        if (!seg) return undefined;
        if (seg.by !== undefined) return seg.by.includes('.') ? [seg.by.split('.')[0]] : [];
        if (seg.where === undefined) return [];
        return (parseExpressionField(this.doc, ['segments', segName, 'where'])?.names ?? [])
          .filter((n) => n.ref.parts.length === 2)
          .map((n) => n.ref.parts[0]);
      },
      reportSegment: (i, segName, code, message) =>
        this.report(segmentRange(i) ?? this.doc.rangeOf(['segments', segName]), code, message),
      checkSegmentOn: (i, segName, on) => this.segmentColumns(segName, kpi, on, segmentRange(i)),
      useSource: (name) => this.usedSources.add(name),
    };
  }

  /** KPIs that depend on each other in a circle; each member reported at its reference. */
  private checkCycles(): void {
    const deps = new Map<string, { name: string; range: Range }[]>();
    for (const kpi of this.model.kpis.values()) deps.set(kpi.name, this.kpiDependencies(kpi));
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const reported = new Set<string>();
    const visit = (name: string): void => {
      state.set(name, 'visiting');
      stack.push(name);
      for (const d of deps.get(name) ?? []) {
        if (d.name === name || !deps.has(d.name)) continue;
        const s = state.get(d.name);
        if (s === 'visiting') {
          const cycle = [...stack.slice(stack.indexOf(d.name)), d.name];
          const members = cycle.slice(0, -1);
          for (let i = 0; i < members.length; i++) {
            const from = members[i];
            const to = cycle[i + 1];
            const key = `${from}->${to}`;
            if (reported.has(key)) continue;
            reported.add(key);
            const ref = deps.get(from)?.find((x) => x.name === to);
            if (ref) {
              // Related: where each other member of the circle refers to the next.
              const related = members
                .filter((m) => m !== from)
                .flatMap((m, j) => {
                  const next = cycle[cycle.indexOf(m) + 1];
                  const r = deps.get(m)?.find((x) => x.name === next);
                  return r && j < 10
                    ? [{ file: this.doc.file, range: r.range, message: l10n.t("'{0}' uses '{1}' here", m, next) }]
                    : [];
                });
              this.diagnostics.push({
                file: this.doc.file,
                range: ref.range,
                severity: 'error',
                code: 'kpi-cycle',
                message: l10n.t('KPIs depend on each other in a circle: {0}', cycle.join(' → ')),
                ...(related.length ? { related } : {}),
              });
            }
          }
        } else if (s === undefined) {
          visit(d.name);
        }
      }
      stack.pop();
      state.set(name, 'done');
    };
    for (const name of deps.keys()) if (!state.has(name)) visit(name);
  }

  kpiDependencies(kpi: KpiSpec): { name: string; range: Range }[] {
    const def = kpiType(kpi.type);
    if (!def) return [];
    const out: { name: string; range: Range }[] = [];
    for (const [fname, field] of Object.entries(def.fields)) {
      const value = kpi.fields[fname];
      if (typeof value !== 'string' || !field.ref) continue;
      const path = ['kpis', kpi.name, fname];
      if (field.ref.kind === 'kpi' || (field.ref.kind === 'kpi-or-source-column' && !value.includes('.'))) {
        out.push({ name: value, range: this.doc.rangeOf(path) });
      } else if (field.ref.kind === 'kpi-expression') {
        const parsed = parseExpressionField(this.doc, path);
        for (const n of parsed?.names ?? [])
          if (n.ref.parts.length === 1) out.push({ name: n.ref.parts[0], range: n.range });
      }
    }
    return out;
  }

  private checkUnusedSources(): void {
    for (const s of this.model.sources.keys()) {
      if (!this.usedSources.has(s))
        this.at(['sources', s], 'unused-source', l10n.t("source '{0}' is not used by any KPI", s), 'warning', 'key');
    }
  }
}

type NameKind = 'source' | 'period' | 'segment' | 'KPI';

/** "unknown source 'x'" — one sentence per kind of name (French nouns have a gender). */
function unknownName(what: NameKind, name: string): string {
  switch (what) {
    case 'source':
      return l10n.t("unknown source '{0}'", name);
    case 'period':
      return l10n.t("unknown period '{0}'", name);
    case 'segment':
      return l10n.t("unknown segment '{0}'", name);
    case 'KPI':
      return l10n.t("unknown KPI '{0}'", name);
  }
}

/** "unknown source 'x' (the file declares no sources)". */
function unknownNameNoneDeclared(what: NameKind, name: string): string {
  switch (what) {
    case 'source':
      return l10n.t("unknown source '{0}' (the file declares no sources)", name);
    case 'period':
      return l10n.t("unknown period '{0}' (the file declares no periods)", name);
    case 'segment':
      return l10n.t("unknown segment '{0}' (the file declares no segments)", name);
    case 'KPI':
      return l10n.t("unknown KPI '{0}' (the file declares no KPIs)", name);
  }
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function checkSemantics(doc: YamlDocument, model: SpecModel): SemanticResult {
  return new Checker(doc, model).run();
}
