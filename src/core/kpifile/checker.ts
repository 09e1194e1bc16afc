// The state every semantic check shares (semanticChecks.ts runs them in order): the diagnostics,
// the column references for the data checks, the sources some KPI reads; and the checks they
// all use — reporting (with did-you-mean for unknown names), names of sources, periods and
// segments, columns of filters, joins and segments.
import type { DiagnosticCode } from './codes';
import type { Diagnostic, Fix, Range, Severity } from './diagnostic';
import { parseExpressionField } from './expressionField';
import { columnTypeProblems } from '../expr/columnTypeFit';
import { declaredColumnKinds } from './declaredColumnKinds';
import type { SpecModel, KpiSpec } from './model';
import type { YamlDocument, YamlPath } from './yamlDocument';
import { changeToTitle, closest, didYouMean } from '../util/suggest';
import { quoteAll } from '../util/quote';
import * as l10n from '../l10n/l10n';
import type { ColumnRef, SemanticResult } from './semanticChecks';

export class Checker {
  readonly diagnostics: Diagnostic[] = [];
  readonly columnRefs: ColumnRef[] = [];
  readonly usedSources = new Set<string>();

  constructor(
    readonly doc: YamlDocument,
    readonly model: SpecModel,
  ) {}

  /** What the checks found. */
  result(): SemanticResult {
    return { diagnostics: this.diagnostics, columnRefs: this.columnRefs, usedSources: this.usedSources };
  }

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

  /** A row filter on `source`: parse it; plain names are columns of `source`, a.b of a joined source. */
  checkFilter(path: YamlPath, source: string | undefined, usedBy: string): void {
    const parsed = parseExpressionField(this.doc, path, { expect: 'boolean' });
    if (!parsed) return;
    this.diagnostics.push(...parsed.diagnostics);
    for (const n of parsed.names) this.columnName(n.ref.parts, n.range, source, usedBy);
    // The types the file declares (`columns:`, the source's `time`) checked now, the others once read.
    if (parsed.expr && parsed.diagnostics.length === 0)
      for (const e of columnTypeProblems(parsed.expr, declaredColumnKinds(this.model, source), true))
        this.report(parsed.rangeOfSpan(e.span), 'expr-type', e.message);
  }

  /** Records a column read by a KPI of `source` (plain name) or through a join (a.b). */
  columnName(parts: string[], range: Range, source: string | undefined, usedBy: string): void {
    if (parts.length === 2) {
      const [src, column] = parts;
      if (!this.checkSourceName(src, range, usedBy)) return;
      this.usedSources.add(src);
      this.columnRefs.push({ source: src, column, range, usedBy, inExpression: true, qualifier: src });
      if (source && src !== source) this.checkJoin(source, src, range, usedBy);
    } else if (source && this.model.sources.has(source)) {
      this.columnRefs.push({ source, column: parts[0], range, usedBy, inExpression: true });
    }
  }

  /** A join between two sources needs `key` on both. */
  checkJoin(from: string, to: string, range: Range, usedBy: string): void {
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

  checkSourceName(name: string, range: Range, _usedBy: string): boolean {
    if (this.model.sources.has(name)) return true;
    this.unknown(range, 'unknown-source', 'source', name, this.model.sources.keys());
    return false;
  }

  checkPeriodName(name: string, range: Range): boolean {
    if (this.model.periods.has(name)) return true;
    this.unknown(range, 'unknown-period', 'period', name, this.model.periods.keys());
    return false;
  }

  checkSegmentName(name: string, range: Range): boolean {
    if (this.model.segments.has(name)) return true;
    this.unknown(range, 'unknown-segment', 'segment', name, this.model.segments.keys());
    return false;
  }

  /** `input`: the input KPI of a derived KPI whose rows the segment slices (its source is `source`). */
  segmentColumns(
    segName: string,
    kpi: KpiSpec,
    source: string | undefined,
    range: Range | undefined,
    input?: string,
  ): void {
    const seg = this.model.segments.get(segName);
    if (!seg || !source) return;
    const usedBy =
      input === undefined
        ? l10n.t("segment '{0}' (used by KPI '{1}')", segName, kpi.name)
        : l10n.t("segment '{0}' (used by KPI '{1}', on the rows of its input '{2}')", segName, kpi.name, input);
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
          this.columnRefs.push({ source: src, column, range: n.range, usedBy, inExpression: true, qualifier: src });
          if (src !== source)
            this.checkJoin(source, src, range ?? n.range, l10n.t("segment '{0}' of KPI '{1}'", segName, kpi.name));
        } else {
          this.columnRefs.push({ source, column: n.ref.parts[0], range: n.range, usedBy, inExpression: true });
        }
      }
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
