// The width of text in a terminal, the one rule of every text table (`kpilens run`, `kpilens
// diff`): text is cut into graphemes (what a reader sees as one character: "é" written e + ◌́,
// a flag, a family emoji joined by ZWJ); a grapheme takes two columns when its first character
// is East-Asian Wide or Fullwidth (中, ｱ of fullwidth forms, 😀 — the Unicode East Asian Width
// property, through get-east-asian-width), when it is an emoji shown as a picture (❤️ with the
// variation selector U+FE0F, a ZWJ sequence, a flag of two regional indicators); one column
// otherwise, Ambiguous characters included (▲, ≥, é: narrow, as Unicode advises outside an East
// Asian context); none for combining marks and zero-width characters on their own. Cutting
// text to a width never splits a grapheme.
import { eastAsianWidth } from 'get-east-asian-width';

// Combining marks (variation selectors are among them), zero-width space / joiners, word joiner, BOM.
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200b-\u200d\u2060\ufeff]+$/u;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
const REGIONAL_INDICATOR = /^\p{Regional_Indicator}{2}$/u;

// Made on first use: creating it initialises ICU (about 25 ms) at the bundle's load otherwise.
let segmenter: Intl.Segmenter | undefined;

/** The columns one grapheme takes: 0, 1 or 2. */
function graphemeWidth(grapheme: string): number {
  if (ZERO_WIDTH.test(grapheme)) return 0;
  const first = grapheme.codePointAt(0) ?? 0;
  if (REGIONAL_INDICATOR.test(grapheme)) return 2;
  if (PICTOGRAPHIC.test(grapheme) && (grapheme.includes('\ufe0f') || grapheme.includes('\u200d'))) return 2;
  return eastAsianWidth(first, { ambiguousAsWide: false });
}

function* graphemes(text: string): Generator<string> {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  for (const s of segmenter.segment(text)) yield s.segment;
}

/** How many terminal columns `text` takes. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const g of graphemes(text)) width += graphemeWidth(g);
  return width;
}

/** `text` cut to at most `max` columns, ending with "…" when cut (never inside a grapheme). */
export function truncate(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  let out = '';
  let width = 0;
  for (const g of graphemes(text)) {
    const w = graphemeWidth(g);
    if (width + w > max - 1) break;
    out += g;
    width += w;
  }
  return `${out}…`;
}
