// The catalogue of functions callable in expressions: names, arities and argument/result types.

import { distance } from 'fastest-levenshtein';
import * as l10n from '../l10n/l10n';

export type FunctionName =
  'coalesce' | 'abs' | 'round' | 'least' | 'greatest' | 'lower' | 'upper' | 'year' | 'month' | 'day';

export interface FunctionInfo {
  name: FunctionName;
  minArgs: number;
  /** null: no upper limit. */
  maxArgs: number | null;
  /** Type every argument must have; 'same': all arguments share one (any) type. */
  argType: 'number' | 'string' | 'date' | 'same';
  /** Result type; 'same': the shared argument type. */
  returns: 'number' | 'string' | 'same';
}

/**
 * least/greatest accept a single argument (returning it), like coalesce; round takes an optional
 * number of decimals.
 */
export const FUNCTIONS: readonly FunctionInfo[] = [
  { name: 'coalesce', minArgs: 1, maxArgs: null, argType: 'same', returns: 'same' },
  { name: 'abs', minArgs: 1, maxArgs: 1, argType: 'number', returns: 'number' },
  { name: 'round', minArgs: 1, maxArgs: 2, argType: 'number', returns: 'number' },
  { name: 'least', minArgs: 1, maxArgs: null, argType: 'same', returns: 'same' },
  { name: 'greatest', minArgs: 1, maxArgs: null, argType: 'same', returns: 'same' },
  { name: 'lower', minArgs: 1, maxArgs: 1, argType: 'string', returns: 'string' },
  { name: 'upper', minArgs: 1, maxArgs: 1, argType: 'string', returns: 'string' },
  { name: 'year', minArgs: 1, maxArgs: 1, argType: 'date', returns: 'number' },
  { name: 'month', minArgs: 1, maxArgs: 1, argType: 'date', returns: 'number' },
  { name: 'day', minArgs: 1, maxArgs: 1, argType: 'date', returns: 'number' },
];

/** The function called `name` (any letter case), or undefined. */
export function lookupFunction(name: string): FunctionInfo | undefined {
  const lower = name.toLowerCase();
  return FUNCTIONS.find((f) => f.name === lower);
}

/** The known function closest to `name` within edit distance 2 (first in catalogue order on ties). */
export function suggestFunction(name: string): FunctionName | undefined {
  const lower = name.toLowerCase();
  let best: FunctionName | undefined;
  let bestDistance = 3;
  for (const f of FUNCTIONS) {
    const d = distance(lower, f.name);
    if (d < bestDistance) {
      best = f.name;
      bestDistance = d;
    }
  }
  return best;
}

/** "1 argument", "1 or 2 arguments", "at least 1 argument". */
export function describeArity(info: FunctionInfo): string {
  const { minArgs, maxArgs } = info;
  if (maxArgs === null)
    return minArgs === 1 ? l10n.t('at least 1 argument') : l10n.t('at least {0} arguments', minArgs);
  if (maxArgs === minArgs) return minArgs === 1 ? l10n.t('1 argument') : l10n.t('{0} arguments', minArgs);
  if (maxArgs === minArgs + 1)
    return maxArgs === 1 ? l10n.t('0 or 1 argument') : l10n.t('{0} or {1} arguments', minArgs, maxArgs);
  return l10n.t('{0} to {1} arguments', minArgs, maxArgs);
}
