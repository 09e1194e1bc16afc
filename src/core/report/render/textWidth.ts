// The width of text in a terminal, counted in code points (so "≥", "é", "▲" count one),
// with combining marks and zero-width characters counting none; and cutting text to a width.

// Combining marks (variation selectors are among them), zero-width space / joiners, word joiner, BOM.
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200b-\u200d\u2060\ufeff]$/u;

/** How many terminal columns `text` takes. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const c of text) if (!ZERO_WIDTH.test(c)) width++;
  return width;
}

/** `text` cut to at most `max` columns, ending with "…" when cut. */
export function truncate(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  let out = '';
  let width = 0;
  for (const c of text) {
    const w = ZERO_WIDTH.test(c) ? 0 : 1;
    if (width + w > max - 1) break;
    out += c;
    width += w;
  }
  return `${out}…`;
}
