// Incremental YAML for the editor: a KPI file split by a small line scanner into its top-level
// sections and the items of a block `kpis:` mapping; each piece is parsed by `yaml` on its own
// and remembered by its text, and the file's node tree is assembled from the pieces (copied,
// ranges shifted to where each piece now starts). A keystroke re-parses one piece instead of
// the file. Whenever the split is not certain to give the tree a whole-file parse gives (tabs,
// CR, directives or `---`, a top-level line that is not a plain `key:`, odd indentation in
// `kpis:`, repeated keys, anchors or aliases, or any YAML error or warning in a piece),
// `assemble` returns undefined and the caller parses the whole file.
import {
  Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Pair,
  parseDocument,
  Scalar,
  visit,
  YAMLMap,
  YAMLSeq,
} from 'yaml';
import type { Node, ParsedNode } from 'yaml';
import { maxAliasExpansion, YAML_OPTIONS } from './yamlDocument';

type Range3 = [number, number, number];

/** The line a KPI of a split `kpis:` is parsed under (its ranges are shifted back by its length). */
const ITEM_PREFIX = 'kpis:\n';

/** One piece of the file: a top-level section, the `kpis:` line, or one KPI of it. */
interface PieceSpan {
  key: string;
  start: number;
  end: number;
  /** A KPI of the split `kpis:`: parsed under ITEM_PREFIX. */
  item: boolean;
  /**
   * The key that starts the next piece, with its indentation (`  orders:`, `periods:`), parsed
   * after the piece: a whole-file parse lets what follows a node decide where the node ends
   * (a block scalar takes the next line's indentation, a comment its line end), and so does
   * the piece's parse with it.
   */
  sentinel: string;
}

interface Split {
  /** Top-level sections in file order; `kpis` (when split) has items instead of a body. */
  sections: { span: PieceSpan; items?: PieceSpan[] }[];
}

/** A piece parsed on its own (ranges from the piece's start). */
interface ParsedPiece {
  pair: Pair<Scalar, ParsedNode | null>;
  /** The piece's root map's range, without the sentinel's pair. */
  rootRange: Range3;
  /** A KPI's piece: the range of the `kpis` map around it. */
  itemsRange?: Range3;
  /** The JS value of the pair's value, as `toJS` gives it. */
  value: unknown;
}

const KEY_LINE = /^([a-z_][a-z0-9_]*):(?: |$)/;
const NOT_PLAIN = /[\t\r\uFEFF]/;

/** Splits a KPI file into pieces, or undefined when the split is not certain. */
export function splitKpiText(text: string): Split | undefined {
  if (NOT_PLAIN.test(text)) return undefined;
  const sections: Split['sections'] = [];
  const seen = new Set<string>();
  let kpisBody: { index: number; lines: { start: number; end: number; line: string }[] } | undefined;
  let kpisLines: { start: number; end: number; line: string }[] | undefined;
  let kpisIndex = -1;
  for (let start = 0; start < text.length;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl + 1;
    const line = text.slice(start, nl < 0 ? text.length : nl);
    const first = line.charCodeAt(0);
    if (line.length > 0 && first !== 32 && first !== 35 /* # */) {
      const m = KEY_LINE.exec(line);
      if (!m || seen.has(m[1]) || m[1] === '__proto__') return undefined;
      seen.add(m[1]);
      if (sections.length) sections[sections.length - 1].span.sentinel = `${m[1]}:`;
      sections.push({ span: { key: m[1], start: sections.length === 0 ? 0 : start, end, item: false, sentinel: '' } });
      kpisBody =
        m[1] === 'kpis' && /^kpis: *(?:#.*)?$/.test(line) ? { index: sections.length - 1, lines: [] } : undefined;
      if (kpisBody) {
        kpisLines = kpisBody.lines;
        kpisIndex = kpisBody.index;
      }
    } else if (sections.length === 0) {
      if (line.trim() !== '' && !line.trimStart().startsWith('#')) return undefined;
    } else {
      sections[sections.length - 1].span.end = end;
      kpisBody?.lines.push({ start, end, line });
    }
    start = end;
  }
  if (sections.length === 0) return undefined;
  if (kpisLines) {
    const section = sections[kpisIndex];
    const items = splitItems(section.span, kpisLines);
    if (items === null) return undefined;
    if (items) section.items = items;
  }
  return { sections };
}

/** The `kpis:` items by indentation; undefined when there are none, null when uncertain. */
function splitItems(
  section: PieceSpan,
  lines: { start: number; end: number; line: string }[],
): PieceSpan[] | undefined | null {
  const isBlankOrComment = (l: string) => {
    const t = l.trimStart();
    return t === '' || t.startsWith('#');
  };
  const firstItem = lines.find((l) => !isBlankOrComment(l.line));
  if (!firstItem) return undefined;
  const indent = firstItem.line.length - firstItem.line.trimStart().length;
  const itemLine = new RegExp(`^ {${indent}}([a-z_][a-z0-9_]*):(?: |$)`);
  const items: PieceSpan[] = [];
  const seen = new Set<string>();
  for (const l of lines) {
    if (isBlankOrComment(l.line)) {
      if (items.length) items[items.length - 1].end = l.end;
      continue;
    }
    const lineIndent = l.line.length - l.line.trimStart().length;
    if (lineIndent < indent) return null;
    if (lineIndent > indent) {
      items[items.length - 1].end = l.end;
      continue;
    }
    const m = itemLine.exec(l.line);
    if (!m || seen.has(m[1]) || m[1] === '__proto__') return null;
    seen.add(m[1]);
    if (items.length) items[items.length - 1].sentinel = `${' '.repeat(indent)}${m[1]}:`;
    items.push({ key: m[1], start: l.start, end: l.end, item: true, sentinel: '' });
  }
  // The last KPI is followed by the next section (or the end), the `kpis:` line by the first KPI.
  items[items.length - 1].sentinel = section.sentinel;
  items.unshift({
    key: 'kpis',
    start: section.start,
    end: items[0].start,
    item: false,
    sentinel: `${' '.repeat(indent)}${items[0].key}:`,
  });
  return items;
}

/** The pairs of a block map, or undefined when it is not one. */
function blockPairs(n: unknown): Pair<unknown, unknown>[] | undefined {
  return isMap(n) && !n.flow && n.range ? (n.items as Pair<unknown, unknown>[]) : undefined;
}

/** A key's missing value (`key:` and nothing after it). */
function isEmpty(n: unknown): boolean {
  return n === null || (isScalar(n) && n.value === null && n.source === '');
}

/** The first of one or two pairs (the second the sentinel's, with no value): its key is `key`. */
function pieceItems(
  items: Pair<unknown, unknown>[] | undefined,
  key: string,
  sentinel: string,
): Pair<unknown, unknown> | undefined {
  const sentinelKey = sentinel.trim().slice(0, -1);
  if (!items || items.length !== (sentinel ? 2 : 1)) return undefined;
  const [pair, next] = items;
  if (!isPair(pair) || !isScalar(pair.key) || pair.key.value !== key || pair.key.type !== Scalar.PLAIN)
    return undefined;
  if (sentinel && (!isPair(next) || !isScalar(next.key) || next.key.value !== sentinelKey || !isEmpty(next.value)))
    return undefined;
  return pair;
}

/** Parses one piece: a block mapping of exactly `key`, nothing uncertain in it. */
function parsePiece(text: string, span: PieceSpan): ParsedPiece | undefined {
  const doc = parseDocument(text, YAML_OPTIONS);
  if (doc.errors.length > 0 || doc.warnings.length > 0) return undefined;
  const root = doc.contents;
  let pair: Pair<unknown, unknown> | undefined;
  let itemsRange: Range3 | undefined;
  if (span.item) {
    const sectionSentinel = span.sentinel.startsWith(' ') ? '' : span.sentinel;
    const kpis = pieceItems(blockPairs(root), 'kpis', sectionSentinel);
    const items = kpis?.value;
    pair = pieceItems(blockPairs(items), span.key, span.sentinel.startsWith(' ') ? span.sentinel : '');
    if (pair && isMap(items)) itemsRange = items.range as Range3;
  } else if (span.sentinel.startsWith(' ')) {
    // The `kpis:` line, followed by its first KPI's key: only its key node is used.
    pair = pieceItems(blockPairs(root), span.key, '');
    const only = blockPairs(pair?.value);
    if (
      !only ||
      only.length !== 1 ||
      !isScalar(only[0].key) ||
      only[0].key.value !== span.sentinel.trim().slice(0, -1) ||
      !isEmpty(only[0].value)
    )
      return undefined;
  } else {
    pair = pieceItems(blockPairs(root), span.key, span.sentinel);
  }
  if (!pair || !isMap(root) || !root.range) return undefined;
  let uncertain = false;
  if (text.includes('&') || text.includes('*') || text.includes('!')) {
    visit(doc, (_k, n) => {
      if (isAlias(n) || ((isScalar(n) || isMap(n) || isSeq(n)) && (n.anchor !== undefined || n.tag !== undefined))) {
        uncertain = true;
        return visit.BREAK;
      }
      return undefined;
    });
  }
  if (uncertain || hasDuplicateKey(pair.value)) return undefined;
  const js = doc.toJS({ maxAliasCount: maxAliasExpansion(text) }) as Record<string, Record<string, unknown>>;
  const value = span.item ? js.kpis[span.key] : js[span.key];
  return {
    pair: pair as Pair<Scalar, ParsedNode | null>,
    rootRange: root.range as Range3,
    ...(itemsRange ? { itemsRange } : {}),
    value,
  };
}

function hasDuplicateKey(node: unknown): boolean {
  let dup = false;
  if (!node || typeof node !== 'object') return false;
  visit(node as Node, {
    Map: (_k, map) => {
      const keys = new Set<string>();
      for (const p of map.items) {
        if (!isScalar(p.key)) continue;
        const id = `${typeof p.key.value}:${String(p.key.value)}`;
        if (keys.has(id)) {
          dup = true;
          return visit.BREAK;
        }
        keys.add(id);
      }
      return undefined;
    },
  });
  return dup;
}

function shifted(r: Range3 | null | undefined, by: number): Range3 | undefined {
  return r ? [r[0] + by, r[1] + by, r[2] + by] : undefined;
}

/** A copy of a parsed node with every range moved by `by` (the cached piece stays as it is). */
function copyNode<T>(n: T, by: number): T {
  if (isScalar(n)) {
    const c = new Scalar(n.value);
    Object.assign(c, n);
    c.range = shifted(n.range as Range3, by);
    return c as T;
  }
  if (isMap(n)) {
    const c = new YAMLMap(n.schema);
    Object.assign(c, n);
    c.range = shifted(n.range as Range3, by);
    c.items = n.items.map((p) => new Pair(copyNode(p.key, by), copyNode(p.value, by)));
    return c as T;
  }
  if (isSeq(n)) {
    const c = new YAMLSeq(n.schema);
    Object.assign(c, n);
    c.range = shifted(n.range as Range3, by);
    c.items = n.items.map((x) => copyNode(x, by));
    return c as T;
  }
  return n;
}

interface PlacedPiece {
  parsed: ParsedPiece;
  /** Where the piece's parsed text starts in the file (ITEM_PREFIX before a KPI's start). */
  offset: number;
  /** The copy placed at `offset` (reused while the piece stays there). */
  pair: Pair<Scalar, ParsedNode | null>;
}

/**
 * Remembers the pieces of one file between checks. `assemble(text)` gives the whole file's
 * document and JS value, or undefined (then parse the whole file).
 */
export class YamlPieceCache {
  private pieces = new Map<string, ParsedPiece | null>();
  private placed = new Map<string, PlacedPiece>();
  /** Pieces parsed (not found in the cache) by the last `assemble`, for tests and the bench. */
  lastParsed = 0;

  assemble(text: string): { doc: Document.Parsed; value: Record<string, unknown> } | undefined {
    const split = splitKpiText(text);
    this.lastParsed = 0;
    if (!split) return undefined;
    const nextPieces = new Map<string, ParsedPiece | null>();
    const nextPlaced = new Map<string, PlacedPiece>();
    const place = (span: PieceSpan): PlacedPiece | undefined => {
      const prefix = span.item ? ITEM_PREFIX : '';
      const pieceText = prefix + text.slice(span.start, span.end) + span.sentinel;
      const id = `${span.key}\u0000${pieceText}`;
      let parsed = nextPieces.has(id) ? nextPieces.get(id) : this.pieces.get(id);
      if (parsed === undefined) {
        parsed = parsePiece(pieceText, span) ?? null;
        this.lastParsed++;
      }
      nextPieces.set(id, parsed);
      if (!parsed) return undefined;
      const offset = span.start - prefix.length;
      const placeId = `${offset}\u0000${id}`;
      const p = this.placed.get(placeId) ?? {
        parsed,
        offset,
        pair: new Pair(copyNode(parsed.pair.key, offset), copyNode(parsed.pair.value, offset)),
      };
      nextPlaced.set(placeId, p);
      return p;
    };
    const top = new YAMLMap<Scalar, ParsedNode | null>();
    const value: Record<string, unknown> = {};
    let topStart: number | undefined;
    let topEnd: Range3 | undefined;
    let ok = true;
    for (const section of split.sections) {
      if (!section.items) {
        const p = place(section.span);
        if (!p) {
          ok = false;
          break;
        }
        top.items.push(p.pair);
        value[section.span.key] = p.parsed.value;
        topStart ??= p.parsed.rootRange[0] + p.offset;
        topEnd = shifted(p.parsed.rootRange, p.offset);
        continue;
      }
      const [head, ...items] = section.items;
      const h = place(head);
      if (!h) {
        ok = false;
        break;
      }
      const kpis = new YAMLMap<Scalar, ParsedNode | null>();
      const kpisValue: Record<string, unknown> = {};
      let first: number | undefined;
      let last: PlacedPiece | undefined;
      for (const item of items) {
        const p = place(item);
        if (!p || !p.parsed.itemsRange) {
          ok = false;
          break;
        }
        kpis.items.push(p.pair);
        kpisValue[item.key] = p.parsed.value;
        first ??= p.parsed.itemsRange[0] + p.offset;
        last = p;
      }
      if (!ok || first === undefined || !last?.parsed.itemsRange) {
        ok = false;
        break;
      }
      const end = shifted(last.parsed.itemsRange, last.offset) as Range3;
      kpis.range = [first, end[1], end[2]];
      top.items.push(new Pair(h.pair.key, kpis as unknown as ParsedNode));
      value.kpis = kpisValue;
      topStart ??= h.parsed.rootRange[0] + h.offset;
      topEnd = shifted(last.parsed.rootRange, last.offset);
    }
    this.pieces = nextPieces;
    this.placed = nextPlaced;
    if (!ok || topStart === undefined || !topEnd) return undefined;
    top.range = [topStart, topEnd[1], topEnd[2]];
    const doc = new Document(undefined, YAML_OPTIONS) as unknown as Document.Parsed;
    doc.contents = top as unknown as ParsedNode;
    doc.range = [0, text.length, text.length];
    return { doc, value };
  }
}
