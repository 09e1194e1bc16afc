// The words of the gates' verdict (`--fail-on`, gates.ts): a first line saying whether the
// diff passes the rules, then one line per reason.
import type { SpecDiff } from '../specDiff';
import * as l10n from '../../l10n/l10n';

/** `Gates failed (abs-delta>2pp, target-flip): 2 reasons` and the reasons, or `Gates passed (…)`. */
export function gateLines(gates: NonNullable<SpecDiff['gates']>): string[] {
  const rules = gates.rules.join(', ');
  if (!gates.failed) return [l10n.t('Gates passed ({0})', rules)];
  return [l10n.t('Gates failed ({0}): {1}', rules, gates.reasons.length), ...gates.reasons];
}
