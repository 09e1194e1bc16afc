// Maps a character of a YAML scalar's value back to its offset in the file, through quotes,
// '' and \ escapes, line folding and block indentation, so an expression error points at
// the exact character the user typed.
import { Scalar } from 'yaml';

/**
 * The file range [start, end) of the value's characters [from, to): the end is after the last
 * one's whole source (a '' or an escape such as \" ends the range after it, not inside it).
 */
export function scalarRangeMap(text: string, node: Scalar): (from: number, to: number) => [number, number] {
  const { starts, ends } = alignScalar(text, node);
  const at = (i: number) => Math.max(0, Math.min(i, starts.length - 1));
  return (from, to) => {
    const start = starts[at(from)];
    return [start, to > from ? Math.max(start, ends[at(to - 1)]) : start];
  };
}

/**
 * `text` written inside `node`'s quotes: a single-quoted scalar doubles its quotes, a
 * double-quoted one escapes its quotes and backslashes; a plain or block scalar takes it as is.
 */
export function escapeForScalar(node: Scalar | undefined, text: string): string {
  if (node?.type === Scalar.QUOTE_SINGLE) return text.replace(/'/g, "''");
  if (node?.type === Scalar.QUOTE_DOUBLE) return text.replace(/[\\"]/g, (c) => `\\${c}`);
  return text;
}

/** For each value character, the offset of its first source character and the offset after its last one. */
function alignScalar(text: string, node: Scalar): { starts: number[]; ends: number[] } {
  const range = node.range;
  const value = typeof node.value === 'string' ? node.value : String(node.value);
  if (!range) return { starts: [0], ends: [0] };
  const [start, end] = range;
  let j = start;
  if (node.type === Scalar.QUOTE_SINGLE || node.type === Scalar.QUOTE_DOUBLE) j += 1;
  if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
    const nl = text.indexOf('\n', j);
    j = nl < 0 ? end : nl + 1;
  }
  const offsets = new Array<number>(value.length + 1);
  const ends = new Array<number>(value.length + 1);
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
      ends[i] = j;
      if (isPair) ends[i - 1] = j;
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
        ends[i] = j;
        continue;
      }
    }
    offsets[i] = Math.max(start, end - 1);
    ends[i] = offsets[i] + 1;
  }
  offsets[value.length] = value.length > 0 ? offsets[value.length - 1] + 1 : j;
  ends[value.length] = offsets[value.length];
  return { starts: offsets, ends };
}
