// The gates of `kpilens diff --fail-on RULES`: a small grammar of rules, any of which fails
// the diff (exit 1) with its reasons. RULES is a comma-separated list (the option may also
// be repeated); each rule is one of
//   any-change         a row of a KPI moved (or a KPI was added or removed)
//   target-flip        a row whose target was met in the base is missed in the head
//   significant        a share's change is statistically significant (compareRows.ts)
//   abs-delta>Npp      a percent KPI's row moved by more than N percentage points
//   abs-delta>N        another KPI's row moved by more than N in its unit (points for a score)
//   rel-change>N%      a row moved by more than N % of its base value (not percents, scores)
// N is a number (`2`, `0.5`); spaces around the rule are ignored. A rule that does not parse is
// a usage error naming the rule and the grammar.
import * as l10n from '../l10n/l10n';
import type { KpiDiff, RowChange, SpecDiff } from './specDiff';
import { changedKpis } from './specDiff';
import { rowDeltaText, rowValueText, segmentText } from './render/rowsText';

export type GateRule =
  | { kind: 'any-change' }
  | { kind: 'target-flip' }
  | { kind: 'significant' }
  | { kind: 'abs-delta'; limit: number; points: boolean }
  | { kind: 'rel-change'; limit: number };

/** A rule of --fail-on that does not parse. */
export class GateSyntaxError extends Error {}

export const GATE_GRAMMAR = 'any-change, target-flip, significant, abs-delta>Npp, abs-delta>N, rel-change>N%';

/** The rules of one or more --fail-on values (each a comma-separated list). */
export function parseGates(values: readonly string[]): GateRule[] {
  const rules: GateRule[] = [];
  for (const part of values.flatMap((v) => v.split(','))) {
    const text = part.trim();
    if (text === '') continue;
    if (text === 'any-change' || text === 'target-flip' || text === 'significant') {
      rules.push({ kind: text });
      continue;
    }
    const abs = /^abs-delta\s*>\s*(\d+(?:\.\d+)?)\s*(pp)?$/.exec(text);
    if (abs) {
      rules.push({ kind: 'abs-delta', limit: Number(abs[1]), points: abs[2] === 'pp' });
      continue;
    }
    const rel = /^rel-change\s*>\s*(\d+(?:\.\d+)?)\s*%$/.exec(text);
    if (rel) {
      rules.push({ kind: 'rel-change', limit: Number(rel[1]) });
      continue;
    }
    throw new GateSyntaxError(l10n.t("--fail-on: '{0}' is not a rule; use {1}", text, GATE_GRAMMAR));
  }
  return rules;
}

/** The rule as written: `abs-delta>2pp`. */
export function gateText(rule: GateRule): string {
  switch (rule.kind) {
    case 'abs-delta':
      return `abs-delta>${rule.limit}${rule.points ? 'pp' : ''}`;
    case 'rel-change':
      return `rel-change>${rule.limit}%`;
    default:
      return rule.kind;
  }
}

function breaks(rule: GateRule, k: KpiDiff, r: RowChange): boolean {
  const format = k.unit?.format ?? 'number';
  switch (rule.kind) {
    case 'any-change':
      return true;
    case 'target-flip':
      return r.targetFlip === 'now_missed';
    case 'significant':
      return r.significant === true;
    // A percent's delta is a fraction: 0.025 is 2.5 points. Rounded to 1e-9 so 0.02 is not above 2pp.
    case 'abs-delta':
      return (
        r.delta !== null &&
        (rule.points
          ? format === 'percent' && Math.round(Math.abs(r.delta) * 100 * 1e9) / 1e9 > rule.limit
          : format !== 'percent' && Math.abs(r.delta) > rule.limit)
      );
    case 'rel-change':
      return r.relative !== null && Math.round(Math.abs(r.relative) * 100 * 1e9) / 1e9 > rule.limit;
  }
}

export interface GateVerdict {
  rules: string[];
  failed: boolean;
  /** One line per broken rule and row: `revenue (channel = store, 2025-03): −70 EUR (−58.3 %) [rel-change>5%]`. */
  reasons: string[];
}

/** The verdict of the rules on a diff: every row (and added or removed KPI) that breaks a rule. */
export function checkGates(diff: SpecDiff, rules: readonly GateRule[]): GateVerdict {
  const reasons: string[] = [];
  for (const k of changedKpis(diff)) {
    if ((k.kind === 'added' || k.kind === 'removed') && rules.some((r) => r.kind === 'any-change')) {
      reasons.push(`${diff.file}: ${k.name}: ${k.kind === 'added' ? l10n.t('added') : l10n.t('removed')} [any-change]`);
      continue;
    }
    for (const r of k.rows ?? []) {
      const broken = rules.filter((rule) => breaks(rule, k, r));
      if (broken.length === 0) continue;
      const where = [
        segmentText(r.segment),
        r.day !== undefined ? `D${r.day}` : r.step !== undefined ? l10n.t('step {0}', r.step) : '',
        r.period,
      ]
        .filter((x) => x !== '')
        .join(', ');
      const change = r.delta === null ? `${rowValueText(k, r.before)} → ${rowValueText(k, r.after)}` : rowDeltaText(r);
      const what = r.targetFlip === 'now_missed' ? `${change}, ${l10n.t('target met → missed')}` : change;
      reasons.push(`${diff.file}: ${k.name} (${where}): ${what} [${broken.map(gateText).join(', ')}]`);
    }
  }
  return { rules: rules.map(gateText), failed: reasons.length > 0, reasons };
}
