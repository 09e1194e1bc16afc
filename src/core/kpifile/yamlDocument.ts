// The positioned YAML document: parses a KPI file with `yaml`, keeps every node's range,
// turns YAML errors into diagnostics and finds the node (key or value) behind a path.
import { Document as YamlDoc, isCollection, isMap, isPair, isScalar, isSeq, parseDocument, Scalar, visit } from 'yaml';
import type { Document, Node, Pair, YAMLError } from 'yaml';
import type { Diagnostic, Range } from './diagnostic';
import { SourceText } from './sourceText';
import { yamlParserMessage } from './yamlMessages';
import { indentationProblems, type IndentationProblem } from './yamlIndentation';
import * as l10n from '../l10n/l10n';

export type PathSegment = string | number;

/** How every KPI file is parsed (the whole file, or each piece of it in yamlPieces.ts). */
export const YAML_OPTIONS = {
  uniqueKeys: false,
  prettyErrors: false,
  strict: true,
  version: '1.2',
  logLevel: 'error',
} as const;

/**
 * How far a file's aliases may expand, in `yaml`'s own measure (an anchor's uses × the aliases
 * inside it): one per character of the file. A file that names the same anchor in each of its
 * KPIs (`segments: *all`) expands about once per alias, and writing an alias takes at least two
 * characters, so such files always fit — `yaml`'s default of 100 refused the 101st use of an
 * anchor. Aliases of aliases (the "billion laughs") expand exponentially and are still refused.
 */
export function maxAliasExpansion(text: string): number {
  return Math.max(100, text.length);
}

/** A tree assembled from pieces parsed without any error, warning or repeated key. */
export interface AssembledYaml {
  doc: Document.Parsed;
  value: unknown;
}
export type YamlPath = readonly PathSegment[];

export class YamlDocument {
  readonly source: SourceText;
  readonly doc: Document.Parsed;
  readonly value: unknown;
  readonly syntaxDiagnostics: Diagnostic[];

  constructor(
    readonly file: string,
    text: string,
    assembled?: AssembledYaml,
  ) {
    this.source = new SourceText(text);
    if (assembled) {
      this.doc = assembled.doc;
      this.value = assembled.value;
      this.syntaxDiagnostics = [];
      return;
    }
    // logLevel 'error': the parser's own warnings (a collection used as a key…) stay out of the
    // process's warnings (stderr of the CLI, the extension host's log); the checks report them.
    // Duplicate keys are found by duplicateKeyOffsets (linear) rather than by `yaml`'s
    // uniqueKeys (quadratic in the keys of a mapping: slow on a file of hundreds of KPIs).
    this.doc = parseDocument(text, YAML_OPTIONS);
    // Indentation mistakes are told at the key out of line, in the file's terms (yamlIndentation.ts).
    const indentation = indentationProblems(text, this.doc.errors);
    this.syntaxDiagnostics = [
      ...this.doc.errors.flatMap((e) => {
        const problem = indentation.get(e);
        if (problem === undefined) return [this.fromYamlError(e, 'error')];
        return problem ? [this.indentationDiagnostic(problem)] : [];
      }),
      // A key out of line is often a second one of the mapping the parser put it in: told once.
      ...duplicateKeyOffsets(this.doc)
        .filter((offset) => ![...indentation.values()].some((p) => p?.start === offset))
        .map((offset) => this.duplicateKey(offset)),
      ...this.doc.warnings.map((e) => this.fromYamlError(e, 'warning')),
    ];
    let value: unknown = null;
    try {
      value = this.doc.toJS({ maxAliasCount: maxAliasExpansion(text) });
    } catch (err) {
      const excessive = err instanceof ReferenceError && /excessive alias count/i.test(err.message);
      this.syntaxDiagnostics.push({
        file,
        range: this.source.range(0, 0),
        severity: 'error',
        code: 'yaml-syntax',
        message: excessive
          ? l10n.t(
              'the YAML cannot be read: its aliases of aliases expand to more than {0} values (aliases nested inside anchors multiply); repeat the text instead',
              maxAliasExpansion(text),
            )
          : l10n.t('the YAML cannot be read: {0}', err instanceof Error ? err.message : String(err)),
      });
    }
    this.value = value;
  }

  /** The range of the first occurrence of a key in the same mapping as the key at `offset`. */
  private firstKeyBefore(key: string, offset: number): Range | undefined {
    let found: Range | undefined;
    visit(this.doc, {
      Map: (_k, map) => {
        const keys = map.items
          .map((p) => p.key)
          .filter((k): k is Scalar => isScalar(k) && String(k.value) === key && !!k.range);
        if (keys.length > 1 && keys.some((k) => k.range && k.range[0] === offset) && keys[0].range) {
          found = this.source.range(keys[0].range[0], keys[0].range[1]);
          return visit.BREAK;
        }
        return undefined;
      },
    });
    return found;
  }

  get hasSyntaxErrors(): boolean {
    return this.syntaxDiagnostics.some((d) => d.severity === 'error');
  }

  private indentationDiagnostic(p: IndentationProblem): Diagnostic {
    return {
      file: this.file,
      range: this.source.range(p.start, p.end),
      severity: 'error',
      code: 'yaml-syntax',
      message: l10n.t('YAML syntax: {0}', p.message),
      fixes: p.fixes.map((f) => ({ title: f.title, range: this.source.range(f.start, f.end), newText: f.newText })),
    };
  }

  private fromYamlError(e: YAMLError, severity: 'error' | 'warning'): Diagnostic {
    const [start, end] = e.pos;
    if (e.code === 'DUPLICATE_KEY') return this.duplicateKey(start, end, severity);
    if (e.code === 'MULTIPLE_DOCS')
      return {
        file: this.file,
        range: this.source.range(start, Math.max(end, start + 1)),
        severity,
        code: 'yaml-syntax',
        // The parser's words advise a function of its own API.
        message: l10n.t(
          'YAML syntax: a KPI file holds one YAML document, and a second one starts here: remove this `---` and what follows, or move it to a file of its own',
        ),
      };
    let message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    // The parser quotes the token it stopped at, which may be the rest of the file.
    message = message.replace(/"((?:[^"\\]|\\.){40})(?:[^"\\]|\\.)+"/g, '"$1…"');
    message = l10n.t('YAML syntax: {0}', yamlParserMessage(`${message.charAt(0).toLowerCase()}${message.slice(1)}`));
    const opened = e.code === 'MISSING_CHAR' ? this.openingQuote(e.message, start) : undefined;
    if (opened !== undefined) {
      // Reported where the quote opens; where the parser gave up (the end of the file) is related.
      const lineEnd = this.source.text.indexOf('\n', opened);
      const related = [
        {
          file: this.file,
          range: this.source.range(start, Math.max(end, start + 1)),
          message: l10n.t('the quoted text runs on to here'),
        },
      ];
      return {
        file: this.file,
        range: this.source.range(opened, lineEnd < 0 ? this.source.text.length : lineEnd),
        severity,
        code: 'yaml-syntax',
        message,
        related,
      };
    }
    const quoted = e.code === 'UNEXPECTED_TOKEN' ? this.quotedExpression(start) : undefined;
    if (quoted) {
      message = l10n.t(
        'YAML reads an expression that starts with a double-quoted name ("Région" = …) as a quoted text: write the whole expression in single quotes, {0}',
        quoted.newText,
      );
      return {
        file: this.file,
        range: quoted.range,
        severity,
        code: 'yaml-syntax',
        message,
        fixes: [{ title: l10n.t('Quote the expression'), range: quoted.range, newText: quoted.newText }],
      };
    }
    return {
      file: this.file,
      range: this.source.range(start, Math.max(end, start + 1)),
      severity,
      code: 'yaml-syntax',
      message,
    };
  }

  /** Where the quoted scalar that a "missing closing quote" error at `at` belongs to opens. */
  private openingQuote(message: string, at: number): number | undefined {
    const quote = /^Missing closing (["'])quote/.exec(message)?.[1];
    if (!quote) return undefined;
    const type = quote === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE';
    let opened: number | undefined;
    visit(this.doc, {
      Scalar: (_k, n) => {
        if (n.type === type && n.range && n.range[0] < at && n.range[1] >= at && this.source.text[n.range[0]] === quote)
          opened = n.range[0];
      },
    });
    return opened;
  }

  /**
   * `where: "Région" = 'x'` on one line: YAML stops after the quoted name. The expression (to
   * the end of the line) and the same in single quotes, a quote doubled.
   */
  private quotedExpression(at: number): { range: Diagnostic['range']; newText: string } | undefined {
    const text = this.source.text;
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const lineEnd = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at);
    const m = /^(\s*(?:-\s+)?(?:where|expr):[ \t]+)("(?:[^"\\]|"")*"[^#\r\n]*?)[ \t]*\r?$/.exec(
      text.slice(lineStart, lineEnd),
    );
    if (!m) return undefined;
    const valueStart = lineStart + m[1].length;
    const value = m[2];
    return {
      range: this.source.range(valueStart, valueStart + value.length),
      newText: `'${value.replace(/'/g, "''")}'`,
    };
  }

  /** A key that repeats one of its mapping, at the offset where the repeated key starts. */
  private duplicateKey(start: number, end = start + 1, severity: 'error' | 'warning' = 'error'): Diagnostic {
    const match = /^("(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^:#\n{},[\]]+)/.exec(this.source.text.slice(start));
    const keyText = match ? match[1].trim() : this.source.text.slice(start, end);
    const fullKey = keyText.replace(/^["']|["']$/g, '');
    const key = fullKey.length > 80 ? `${fullKey.slice(0, 80)}…` : fullKey;
    const message = l10n.t("duplicate key '{0}': keys must be unique in a mapping", key);
    const first = this.firstKeyBefore(fullKey, start);
    const related = first
      ? [{ file: this.file, range: first, message: l10n.t("'{0}' is first defined here", key) }]
      : undefined;
    return {
      file: this.file,
      range: this.source.range(start, start + keyText.length),
      severity,
      code: 'duplicate-key',
      message,
      ...(related ? { related } : {}),
    };
  }

  /** The node at a path of keys and indexes, or undefined. */
  node(path: YamlPath): Node | undefined {
    let current: unknown = this.doc.contents;
    for (const seg of path) {
      if (isMap(current)) {
        const pair = findPair(current.items, seg);
        current = pair?.value ?? undefined;
      } else if (isSeq(current) && typeof seg === 'number') {
        current = current.items[seg];
      } else {
        return undefined;
      }
      if (current === undefined || current === null) return undefined;
    }
    return current as Node;
  }

  /** The key node of the last path segment, when it is a mapping key. */
  keyNode(path: YamlPath): Node | undefined {
    if (path.length === 0) return undefined;
    const parent = path.length === 1 ? this.doc.contents : this.node(path.slice(0, -1));
    if (!isMap(parent)) return undefined;
    const pair = findPair(parent.items, path[path.length - 1]);
    return pair && (isScalar(pair.key) || isCollection(pair.key)) ? pair.key : undefined;
  }

  /** The pairs of the mapping at `path` (empty when it is not a mapping). */
  pairs(path: YamlPath): Pair<unknown, unknown>[] {
    const n = path.length === 0 ? this.doc.contents : this.node(path);
    return isMap(n) ? (n.items as Pair<unknown, unknown>[]) : [];
  }

  /**
   * The range to report for a path: the value (or, with `part: 'key'`, its key); when the
   * path does not exist, the nearest existing ancestor's key. Never fails.
   */
  rangeOf(path: YamlPath, part: 'value' | 'key' = 'value'): Range {
    for (let len = path.length; len >= 0; len--) {
      const p = path.slice(0, len);
      const wantKey = part === 'key' || len < path.length;
      if (wantKey) {
        const k = this.keyNode(p);
        if (k?.range) return this.source.range(k.range[0], k.range[1]);
      }
      const n = len === 0 ? this.doc.contents : this.node(p);
      if (n && n.range) {
        if (len === 0 || isScalar(n) || (isSeq(n) && n.flow) || (isMap(n) && n.flow)) return this.nodeRange(n);
        const k = this.keyNode(p);
        if (k?.range) return this.source.range(k.range[0], k.range[1]);
        return this.nodeRange(n);
      }
    }
    return this.source.range(0, 0);
  }

  nodeRange(n: Node): Range {
    if (!n.range) return this.source.range(0, 0);
    const [start, valueEnd] = n.range;
    return this.source.range(start, Math.max(valueEnd, start));
  }

  /** The scalar value whose source holds `offset` (inside its quotes or at them), if any. */
  scalarAt(offset: number): Scalar | undefined {
    let found: Scalar | undefined;
    visit(this.doc, {
      Scalar: (_k, node) => {
        if (node.range && node.range[0] <= offset && offset < node.range[1]) {
          found = node;
          return visit.BREAK;
        }
        return undefined;
      },
    });
    return found;
  }

  /** The scalar node at a path, if the value there is a scalar. */
  scalar(path: YamlPath): Scalar | undefined {
    const n = this.node(path);
    return isScalar(n) ? n : undefined;
  }
}

/**
 * The start offsets of the keys that repeat an earlier key of the same mapping (scalar keys
 * with the same value, as `yaml`'s uniqueKeys compares them), in document order.
 */
function duplicateKeyOffsets(doc: Document.Parsed): number[] {
  const out: number[] = [];
  visit(doc, {
    Map: (_k, map) => {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key)) continue;
        const id = `${typeof key.value}:${String(key.value)}`;
        if (seen.has(id) && key.range) out.push(key.range[0]);
        seen.add(id);
      }
      return undefined;
    },
  });
  return out;
}

/** Per mapping: its first pair for each key text (large files look keys up thousands of times). */
const pairIndexes = new WeakMap<readonly unknown[], { size: number; index: Map<string, Pair<unknown, unknown>> }>();

function findPair(items: readonly unknown[], key: PathSegment): Pair<unknown, unknown> | undefined {
  let entry = pairIndexes.get(items);
  if (!entry || entry.size !== items.length) {
    const index = new Map<string, Pair<unknown, unknown>>();
    for (const item of items) {
      if (!isPair(item)) continue;
      const k = item.key;
      // A collection used as a key becomes its flow text in the JS value (as toJS writes it).
      const kv = isScalar(k)
        ? k.value
        : isCollection(k)
          ? new YamlDoc(k).toString({ collectionStyle: 'flow', lineWidth: 0 }).trimEnd()
          : k;
      // The first of duplicate keys wins, as in a linear search.
      if (kv !== null && kv !== undefined && !index.has(String(kv)))
        index.set(String(kv), item as Pair<unknown, unknown>);
    }
    entry = { size: items.length, index };
    pairIndexes.set(items, entry);
  }
  return entry.index.get(String(key));
}
