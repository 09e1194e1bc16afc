// Maps a character of a YAML scalar's value back to its offset in the file, through quotes,
// '' and \ escapes, line folding and block indentation, so an expression error points at
// the exact character the user typed.
import { Scalar } from 'yaml';

export type OffsetMap = (valueIndex: number) => number;

/**
 * Aligns the decoded value with the scalar's source text. Each value character is matched to
 * the next source character equal to it (whitespace matches any whitespace, for folding);
 * characters that only exist in the source (quotes, escape marks, indentation) are skipped.
 * When alignment fails (an escape the value does not spell out), the rest maps to the end.
 */
export function scalarOffsetMap(text: string, node: Scalar): OffsetMap {
  const range = node.range;
  const value = typeof node.value === 'string' ? node.value : String(node.value);
  if (!range) return () => 0;
  const [start, end] = range;
  let j = start;
  if (node.type === Scalar.QUOTE_SINGLE || node.type === Scalar.QUOTE_DOUBLE) j += 1;
  if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
    const nl = text.indexOf('\n', j);
    j = nl < 0 ? end : nl + 1;
  }
  const offsets = new Array<number>(value.length + 1);
  const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  let failed = false;
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (
      !failed &&
      node.type === Scalar.QUOTE_DOUBLE &&
      text[j] === '\\' &&
      text[j + 1] !== '\n' &&
      text[j + 1] !== '\r'
    ) {
      // An escape stands for this value character: \x41, \u0041, \U00000041 or \n, \", \\ …
      const lengths: Record<string, number> = { x: 4, u: 6, U: 10 };
      const len = lengths[text[j + 1]] ?? 2;
      offsets[i] = j;
      const isPair = len === 10 && v.charCodeAt(0) >= 0xd800 && v.charCodeAt(0) < 0xdc00 && i + 1 < value.length;
      if (isPair) offsets[++i] = j;
      j += len;
      continue;
    }
    if (!failed) {
      let k = j;
      while (k < end && !(text[k] === v || (isSpace(v) && isSpace(text[k])))) k++;
      if (k >= end) failed = true;
      else {
        offsets[i] = k;
        j = k + 1;
        if (node.type === Scalar.QUOTE_SINGLE && v === "'" && text[j] === "'") j++;
        continue;
      }
    }
    offsets[i] = Math.max(start, end - 1);
  }
  offsets[value.length] = value.length > 0 ? offsets[value.length - 1] + 1 : j;
  return (i: number) => offsets[Math.max(0, Math.min(i, value.length))];
}
