// Checks of score segments (scoreSegmentSpec.ts), called by semanticChecks.ts: one form per
// segment (by, where or score), `revenue` naming a declared source with `key` and `time` and
// one of its columns (checked against the data like every column), bands that are ordered
// (and probabilities for p_alive), fields that do nothing for the score named (a warning);
// and, per KPI, that its rows have a customer (`key`) to join the score on and that its type
// can be sliced by a score (not cohort_retention, not a predictive clv: both read customers
// through their own summary in this release).
import type { DiagnosticCode } from './codes';
import type { Range, Severity } from './diagnostic';
import type { KpiSpec, SegmentSpec, SpecModel } from './model';
import { isObject } from './model';
import type { ColumnRef } from './semanticChecks';
import type { YamlDocument, YamlPath } from './yamlDocument';
import { evaluationOf } from '../kpis/kpiRules';
import * as l10n from '../l10n/l10n';

/** What the checks need of the semantic checker. */
export interface ScoreChecker {
  readonly doc: YamlDocument;
  readonly model: SpecModel;
  readonly columnRefs: ColumnRef[];
  readonly usedSources: Set<string>;
  report(range: Range, code: DiagnosticCode, message: string, severity?: Severity): void;
  at(path: YamlPath, code: DiagnosticCode, message: string, severity?: Severity, part?: 'key' | 'value'): void;
  unknown(range: Range, code: DiagnosticCode, what: 'source', name: string, knownNames: Iterable<string>): void;
}

const SCORE_ONLY = ['revenue', 'bands', 'horizon_months', 'discount_rate'];

/** The raw mapping of a segment, when it is one. */
function rawSegment(c: ScoreChecker, name: string): Record<string, unknown> | undefined {
  const top = isObject(c.doc.value) ? c.doc.value.segments : undefined;
  const raw = isObject(top) ? top[name] : undefined;
  return isObject(raw) ? raw : undefined;
}

/** Whether the segment is (or tries to be) a score segment: its checks are then done here. */
export function isScoreSegment(c: ScoreChecker, s: SegmentSpec): boolean {
  const raw = rawSegment(c, s.name);
  return s.score !== undefined || (raw !== undefined && SCORE_ONLY.concat('score').some((k) => k in raw));
}

export function checkScoreSegmentDefinition(c: ScoreChecker, s: SegmentSpec): void {
  const raw = rawSegment(c, s.name) ?? {};
  const path = ['segments', s.name];
  if (!('score' in raw)) {
    const key = SCORE_ONLY.find((k) => k in raw) ?? 'revenue';
    c.at(
      [...path, key],
      'segment-kind',
      l10n.t(
        "segment '{0}': '{1}' is a field of score segments: add 'score:' (rfm, rfm_group, p_alive, clv_decile or tenure)",
        s.name,
        key,
      ),
      'error',
      'key',
    );
    return;
  }
  if (s.by !== undefined || s.where !== undefined) {
    c.at(
      [...path, s.by !== undefined ? 'by' : 'where'],
      'segment-kind',
      l10n.t(
        "segment '{0}' has 'score' and '{1}': a segment is one of 'by', 'where' and 'score'",
        s.name,
        s.by !== undefined ? 'by' : 'where',
      ),
      'error',
      'key',
    );
  }
  const score = s.score;
  if (!score) return; // an unknown score name: the schema reports it
  if (score.revenue === undefined) {
    c.at(
      path,
      'missing-field',
      l10n.t(
        "segment '{0}' (score: {1}) needs 'revenue': the purchases as source.column, e.g. orders.amount",
        s.name,
        score.kind,
      ),
      'error',
      'key',
    );
  } else if (score.revenue.includes('.')) {
    const [source, column] = score.revenue.split('.');
    const range = c.doc.rangeOf([...path, 'revenue']);
    const spec = c.model.sources.get(source);
    if (!spec) c.unknown(range, 'unknown-source', 'source', source, c.model.sources.keys());
    else {
      c.usedSources.add(source);
      const usedBy = l10n.t("segment '{0}'", s.name);
      c.columnRefs.push({ source, column, range, usedBy });
      if (spec.key === undefined)
        c.report(
          range,
          'missing-key',
          l10n.t("segment '{0}' scores customers, but source '{1}' has no 'key' (the customer column)", s.name, source),
        );
      if (spec.time === undefined)
        c.report(
          range,
          'missing-time',
          l10n.t(
            "segment '{0}' scores customers at each period end, but source '{1}' has no 'time' column (the purchase date)",
            s.name,
            source,
          ),
        );
    }
  }
  checkFields(c, s, raw, path);
}

function checkFields(c: ScoreChecker, s: SegmentSpec, raw: Record<string, unknown>, path: string[]): void {
  const kind = s.score?.kind;
  const bands = s.score?.bands;
  if ('bands' in raw && kind !== 'p_alive' && kind !== 'tenure')
    c.at(
      [...path, 'bands'],
      'invalid-value',
      l10n.t("'bands' is for score: p_alive or tenure; score: {0} ignores it", String(kind)),
      'warning',
      'key',
    );
  else if (bands) {
    const i = bands.findIndex((b, j) => (j > 0 && b <= bands[j - 1]) || (kind === 'p_alive' && b >= 1));
    if (i >= 0)
      c.at(
        [...path, 'bands', i],
        'invalid-value',
        kind === 'p_alive' && bands[i] >= 1
          ? l10n.t('a p_alive band edge is a probability below 1, not {0}', bands[i])
          : l10n.t('band edges must increase: {0} comes after {1}', bands[i], bands[i - 1]),
      );
  }
  for (const f of ['horizon_months', 'discount_rate'])
    if (f in raw && kind !== 'clv_decile')
      c.at(
        [...path, f],
        'invalid-value',
        l10n.t("'{0}' is for score: clv_decile; score: {1} ignores it", f, String(kind)),
        'warning',
        'key',
      );
}

/** A KPI sliced by a score segment: its type allows it and its rows name their customer. */
export function checkScoreSegmentUse(c: ScoreChecker, kpi: KpiSpec, seg: SegmentSpec, range: Range | undefined): void {
  const at = range ?? c.doc.rangeOf(['segments', seg.name], 'key');
  const kind = evaluationOf(kpi)?.kind;
  if (kind === 'cohort' || kind === 'predictive-clv') {
    c.report(
      at,
      'unsupported-feature',
      l10n.t(
        "KPI '{0}' ({1}) cannot be sliced by the score segment '{2}' in this release: use it with KPIs over rows (sum, count, nps, churn…)",
        kpi.name,
        kpi.type,
        seg.name,
      ),
    );
    return;
  }
  const source = kpi.source !== undefined ? c.model.sources.get(kpi.source) : undefined;
  if (source && source.key === undefined)
    c.report(
      at,
      'missing-key',
      l10n.t(
        "segment '{0}' of KPI '{1}' is a customer score, but source '{2}' has no 'key' to find each row's customer",
        seg.name,
        kpi.name,
        source.name,
      ),
    );
}
