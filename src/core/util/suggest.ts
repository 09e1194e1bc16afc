// "Did you mean …?": the closest known name to an unknown one, by edit distance.
import { distance } from 'fastest-levenshtein';
import * as l10n from '../l10n/l10n';

/** The best candidate within a distance that grows with the word's length, or undefined. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  const limit = Math.max(1, Math.min(3, Math.floor(w.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (c === word) continue;
    const d = c.toLowerCase() === w ? 0 : isTransposition(w, c.toLowerCase()) ? 1 : distance(w, c.toLowerCase());
    const prefix = c.toLowerCase().startsWith(w) || w.startsWith(c.toLowerCase());
    const score = prefix && d > limit ? limit : d;
    if (score <= limit && score < bestDistance) {
      best = c;
      bestDistance = score;
    }
  }
  return best;
}

/** Whether b is a with two neighbouring letters swapped ('nsp' / 'nps'): one typo, not two. */
function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  let i = 0;
  while (a[i] === b[i]) i++;
  return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** "; did you mean 'x'?" or "" — appended to messages. */
export function didYouMean(suggestion: string | undefined): string {
  return suggestion === undefined ? '' : l10n.t("; did you mean '{0}'?", suggestion);
}

/** The title of the quick fix that replaces an unknown name with the suggestion: "Change to 'x'". */
export function changeToTitle(suggestion: string): string {
  return l10n.t("Change to '{0}'", suggestion);
}
