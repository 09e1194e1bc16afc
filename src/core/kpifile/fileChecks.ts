// Semantic checks of a file's top-level sections: as_of and timezone, periods (real dates,
// ranges), segment definitions, defaults, and the KPI tests' names and dates.
import { parseExpressionField } from './expressionField';
import { isObject } from './model';
import * as l10n from '../l10n/l10n';
import { isValidDate } from '../expr';
import type { Checker } from './checker';
import { checkPeriodTime } from './periodTimeChecks';
import { checkScoreSegmentDefinition, isScoreSegment } from './scoreSegmentChecks';

export function checkTop(c: Checker): void {
  const { asOf, timezone } = c.model;
  if (asOf && /^\d{4}-\d{2}-\d{2}$/.test(asOf) && !isValidDate(asOf))
    c.at(['as_of'], 'invalid-date', l10n.t("'{0}' is not a real date", asOf));
  if (timezone !== undefined && !isValidTimeZone(timezone)) {
    c.at(
      ['timezone'],
      'invalid-timezone',
      l10n.t("'{0}' is not an IANA time zone; write e.g. Europe/Paris or UTC", timezone),
    );
  }
}

export function checkPeriods(c: Checker): void {
  for (const p of c.model.periods.values()) {
    const path = ['periods', p.name];
    for (const f of ['from', 'to'] as const) {
      const v = p[f];
      if (v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !isValidDate(v))
        c.at([...path, f], 'invalid-date', l10n.t("'{0}' is not a real date", v));
    }
    const hasRange = p.from !== undefined || p.to !== undefined;
    if (p.last !== undefined && hasRange) {
      c.at(
        [...path, 'last'],
        'period-conflict',
        l10n.t(
          "period '{0}' has both 'last' and '{1}': use 'last: N' or a from/to range, not both",
          p.name,
          p.from !== undefined ? 'from' : 'to',
        ),
      );
    } else if (p.last !== undefined && p.grain === undefined && c.doc.node([...path, 'grain']) === undefined) {
      // (A grain written but not valid, `grain: monht`, is told once, at its value.)
      c.at(
        [...path, 'last'],
        'period-conflict',
        l10n.t(
          "period '{0}' has 'last' but no 'grain': 'last: {1}' counts grains, add e.g. 'grain: month'",
          p.name,
          p.last,
        ),
      );
    } else if (p.grain === undefined && !hasRange && c.doc.node([...path, 'grain']) === undefined) {
      c.at(
        path,
        'period-conflict',
        l10n.t("period '{0}' needs a 'grain' (with 'last: N') or a 'from'/'to' range", p.name),
        'error',
        'key',
      );
    }
    checkPeriodTime(p, c);
    if (p.partial && p.last === undefined) {
      c.at(
        [...path, 'partial'],
        'period-conflict',
        l10n.t("'partial' only applies to a period with 'last: N'"),
        'warning',
      );
    }
    if (p.from && p.to && isValidDate(p.from) && isValidDate(p.to) && p.from > p.to) {
      c.at(
        [...path, 'to'],
        'period-range',
        l10n.t("period '{0}' ends ({1}) before it starts ({2})", p.name, p.to, p.from),
      );
    }
  }
}

export function checkSegmentDefinitions(c: Checker): void {
  for (const s of c.model.segments.values()) {
    const path = ['segments', s.name];
    if (isScoreSegment(c, s)) {
      checkScoreSegmentDefinition(c, s);
      continue;
    }
    if ((s.by === undefined) === (s.where === undefined)) {
      const msg =
        s.by === undefined
          ? l10n.t("segment '{0}' needs 'by' (a column to slice by) or 'where' (a filter)", s.name)
          : l10n.t("segment '{0}' has both 'by' and 'where': a segment is one or the other", s.name);
      c.at(path, 'segment-kind', msg, 'error', 'key');
    }
    if (s.by !== undefined && s.by.includes('.')) {
      const [src] = s.by.split('.');
      c.checkSourceName(src, c.doc.rangeOf([...path, 'by']), l10n.t("segment '{0}'", s.name));
    }
    if (s.where !== undefined) {
      const parsed = parseExpressionField(c.doc, [...path, 'where'], { expect: 'boolean' });
      if (parsed) {
        c.diagnostics.push(...parsed.diagnostics);
        for (const n of parsed.names)
          if (n.ref.parts.length === 2) c.checkSourceName(n.ref.parts[0], n.range, l10n.t("segment '{0}'", s.name));
      }
    }
  }
}

export function checkDefaults(c: Checker): void {
  const raw = isObject(c.doc.value) ? c.doc.value.defaults : undefined;
  if (!isObject(raw)) return;
  if (typeof raw.period === 'string') c.checkPeriodName(raw.period, c.doc.rangeOf(['defaults', 'period']));
  if (Array.isArray(raw.segments)) {
    raw.segments.forEach((s, i) => {
      if (typeof s === 'string') c.checkSegmentName(s, c.doc.rangeOf(['defaults', 'segments', i]));
    });
  }
}

/** KPI tests: their sources and KPIs exist, and their as_of is a real date. */
export function checkTests(c: Checker): void {
  for (const test of c.model.tests.values()) {
    if (test.asOf && /^\d{4}-\d{2}-\d{2}$/.test(test.asOf) && !isValidDate(test.asOf))
      c.at(['tests', test.name, 'as_of'], 'invalid-date', l10n.t("'{0}' is not a real date", test.asOf));
    for (const source of test.data.keys()) {
      if (!c.model.sources.has(source))
        c.unknown(
          c.doc.rangeOf(['tests', test.name, 'data', source], 'key'),
          'unknown-source',
          'source',
          source,
          c.model.sources.keys(),
        );
    }
    for (const e of test.expect) {
      if (!c.model.kpis.has(e.kpi))
        c.unknown(
          c.doc.rangeOf(['tests', test.name, 'expect', e.kpi], 'key'),
          'unknown-kpi',
          'KPI',
          e.kpi,
          c.model.kpis.keys(),
        );
    }
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
