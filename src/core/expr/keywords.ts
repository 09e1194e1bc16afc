// The reserved words of the expression language; matched case-insensitively, never usable as bare names.

export type Keyword = 'and' | 'or' | 'not' | 'in' | 'between' | 'is' | 'null' | 'true' | 'false' | 'date';

export const KEYWORDS: readonly Keyword[] = [
  'and',
  'or',
  'not',
  'in',
  'between',
  'is',
  'null',
  'true',
  'false',
  'date',
];

/** The keyword spelled by `word` in any letter case, or undefined. */
export function keywordOf(word: string): Keyword | undefined {
  const lower = word.toLowerCase();
  return KEYWORDS.find((k) => k === lower);
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True when `word` can be written as a bare name: identifier syntax and not a keyword. */
export function isBareName(word: string): boolean {
  return IDENTIFIER.test(word) && keywordOf(word) === undefined;
}

/** A name as a double-quoted name: `Montant TTC` → `"Montant TTC"`, a `"` doubled. */
export function quoteName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A name as an expression writes it: bare when it can be, else double-quoted. */
export function writtenName(name: string): string {
  return isBareName(name) ? name : quoteName(name);
}
