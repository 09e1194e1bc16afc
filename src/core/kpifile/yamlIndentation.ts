// The two indentation mistakes YAML reports in its own terms, said in the KPI file's: a key
// indented further than the key above it, whose value is already on its line (the parser: "implicit
// keys need to be on a single line" and "nested mappings are not allowed in compact mappings", at
// the value above), and a key at a column where no key above it starts (the parser: "all mapping
// items must start at the same column", at the line's first character). Each is told at the key
// that is out of line, with the fixes that indent it as a key above it. Pure: offsets into the text.
import type { YAMLError } from 'yaml';
import * as l10n from '../l10n/l10n';

/** What to say instead of a parser error: the range of the key out of line, the message, the fixes. */
export interface IndentationProblem {
  /** The key out of line (0-based offsets, end exclusive). */
  start: number;
  end: number;
  message: string;
  fixes: { title: string; start: number; end: number; newText: string }[];
}

/** A line of the text: its start offset, its indentation (spaces) and what follows it. */
interface Line {
  start: number;
  indent: number;
  content: string;
}

/** A key at the start of a line's content (after `- ` items): its column and name. */
interface LineKey {
  column: number;
  name: string;
}

/** A block key as people write them in KPI files: a plain name followed by `:` and a space or the end. */
const KEY = /^([A-Za-z0-9_$][^:#'"{}[\],]*?):(?:\s|$)/;

/**
 * The parser errors of the document explained as indentation mistakes: each error explained maps
 * to its problem, or to null when another error's problem says it (the second error of an
 * over-indented key). Errors not found here keep the parser's message.
 */
export function indentationProblems(
  text: string,
  errors: readonly YAMLError[],
): Map<YAMLError, IndentationProblem | null> {
  const out = new Map<YAMLError, IndentationProblem | null>();
  const lines = splitLines(text);
  for (const e of errors) {
    if (e.code !== 'MULTILINE_IMPLICIT_KEY') continue;
    const problem = overIndented(lines, e.pos[0], e.pos[1]);
    if (!problem) continue;
    out.set(e, problem);
    for (const other of errors)
      if (other.code === 'BLOCK_AS_IMPLICIT_KEY' && other.pos[0] >= e.pos[0] && other.pos[0] < e.pos[1])
        out.set(other, null);
  }
  for (const e of errors) {
    if (e.code !== 'BAD_INDENT' || !e.message.startsWith('All mapping items')) continue;
    const problem = keyOutOfColumn(lines, e.pos[0]);
    if (problem) out.set(e, problem);
  }
  return out;
}

/**
 * A key indented further than the key above it (`file: data/o.csv` then `     time: d`): YAML
 * reads it as the rest of that key's value. `start`..`end` is what the parser read as one key.
 */
function overIndented(lines: Line[], start: number, end: number): IndentationProblem | undefined {
  const at = lineIndexAt(lines, start);
  const above = lines[at];
  const key = keyOf(above);
  // The parser's key starts at the value of a key on its line: `file: ` before it, nothing else.
  if (!key || !/^\s*$/.test(textBetween(above, above.start + key.column + key.name.length + 1, start)))
    return undefined;
  for (let i = at + 1; i < lines.length && lines[i].start < end; i++) {
    const line = lines[i];
    if (isBlank(line)) continue;
    const inner = keyOf(line);
    if (!inner || inner.column <= key.column) return undefined;
    return {
      ...keyRange(line, inner),
      message: l10n.t(
        "'{0}' is indented further than '{1}' above it, whose value is on its line: YAML reads '{0}' as part of that value; indent it as '{1}' ({2} spaces)",
        inner.name,
        key.name,
        key.column,
      ),
      fixes: [indentFix(line, inner, key)],
    };
  }
  return undefined;
}

/** A key at a column where no key above it starts (`   column: amount` under `    source: o`). */
function keyOutOfColumn(lines: Line[], offset: number): IndentationProblem | undefined {
  const at = lineIndexAt(lines, offset);
  const line = lines[at];
  const key = keyOf(line);
  if (!key) return undefined;
  // The keys this one could belong with: the nearest above at each smaller indentation.
  const chain: LineKey[] = [];
  let deepest = Infinity;
  for (let i = at - 1; i >= 0 && deepest > 0; i--) {
    if (isBlank(lines[i])) continue;
    const above = keyOf(lines[i]);
    if (!above || above.column >= deepest) continue;
    chain.push(above);
    deepest = above.column;
  }
  if (chain.length === 0 || chain.some((k) => k.column === key.column)) return undefined;
  // The nearest columns on each side, the nearer first (the deeper one when both are as near),
  // then the key of the line above when it is neither.
  const deeper = [...chain].reverse().find((k) => k.column > key.column);
  const shallower = chain.find((k) => k.column < key.column);
  const choices = [deeper, shallower]
    .filter((k): k is LineKey => k !== undefined)
    .sort((a, b) => Math.abs(a.column - key.column) - Math.abs(b.column - key.column) || b.column - a.column);
  if (!choices.includes(chain[0])) choices.push(chain[0]);
  return {
    ...keyRange(line, key),
    message: l10n.t(
      "'{0}' starts at column {1}, where no key above it starts ({2}): the keys of a mapping start at the same column",
      key.name,
      key.column + 1,
      [...chain]
        .reverse()
        .map((k) => l10n.t("'{0}' at column {1}", k.name, k.column + 1))
        .join(', '),
    ),
    fixes: choices.map((k) => indentFix(line, key, k)),
  };
}

/** Where `key` is written on `line` (offsets, end exclusive). */
function keyRange(line: Line, key: LineKey): { start: number; end: number } {
  return { start: line.start + key.column, end: line.start + key.column + key.name.length };
}

/** The fix that indents `key` on `line` as `as` (its indentation made that many spaces). */
function indentFix(line: Line, key: LineKey, as: LineKey): IndentationProblem['fixes'][number] {
  const shift = as.column - key.column;
  return {
    title: l10n.t("Indent '{0}' as '{1}'", key.name, as.name),
    start: line.start,
    end: line.start + line.indent,
    newText: ' '.repeat(line.indent + shift),
  };
}

/** The key a line starts with, after its indentation and any `- ` of sequence items. */
function keyOf(line: Line): LineKey | undefined {
  let rest = line.content;
  let column = line.indent;
  for (let item = /^-[ ]+/.exec(rest); item; item = /^-[ ]+/.exec(rest)) {
    column += item[0].length;
    rest = rest.slice(item[0].length);
  }
  const m = KEY.exec(rest);
  return m ? { column, name: m[1].trimEnd() } : undefined;
}

function isBlank(line: Line): boolean {
  return line.content === '' || line.content.startsWith('#');
}

function textBetween(line: Line, from: number, to: number): string {
  return line.content.slice(from - line.start - line.indent, to - line.start - line.indent);
}

/** The index of the line holding `offset`. */
function lineIndexAt(lines: Line[], offset: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The text's lines (\n, \r\n or \r), each with its indentation of spaces. */
function splitLines(text: string): Line[] {
  const out: Line[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  for (;;) {
    const m = re.exec(text);
    const end = m ? m.index : text.length;
    const raw = text.slice(start, end);
    const indent = /^ */.exec(raw)?.[0].length ?? 0;
    out.push({ start, indent, content: raw.slice(indent).trimEnd() });
    if (!m) return out;
    start = m.index + m[0].length;
  }
}
