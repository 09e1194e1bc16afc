// Parses an expression written in a YAML field (a `where`, a segment filter, a `formula`) and
// turns its errors and names into file ranges: the expression's spans are mapped through the
// scalar's quotes, escapes and folding back to the exact characters in the file.
import { checkTypes, collectNames, parseExpression } from '../expr';
import type { Expr, ExprType, NameRef, Span } from '../expr';
import type { Diagnostic, Fix, Range } from './diagnostic';
import { escapeForScalar, scalarRangeMap } from './scalarOffsets';
import { displayLocale } from '../l10n/l10n';
import type { YamlDocument, YamlPath } from './yamlDocument';
import { changeToTitle } from '../util/suggest';
import * as l10n from '../l10n/l10n';

export interface LocatedName {
  ref: NameRef;
  range: Range;
}

export interface ParsedField {
  text: string;
  expr: Expr | null;
  names: LocatedName[];
  diagnostics: Diagnostic[];
  rangeOfSpan(span: Span): Range;
}

export interface ExpressionFieldOptions {
  /** What the whole expression must give: a filter is boolean, a formula a number. */
  expect?: 'boolean' | 'number';
  typeOfName?: (ref: NameRef) => ExprType;
}

/**
 * Parses of recent expression texts: a keystroke re-checks every expression of the file, and
 * all but the edited one are unchanged. The trees are read only (spans are text offsets). Keyed
 * by the display locale too: a parse error's message is in the language it was made in.
 */
const recentParses = new Map<string, ReturnType<typeof parseExpression>>();
const MAX_RECENT_PARSES = 5000;
const MAX_REMEMBERED_CHARS = 4000;

function parsedText(text: string): ReturnType<typeof parseExpression> {
  if (text.length > MAX_REMEMBERED_CHARS) return parseExpression(text);
  const key = `${displayLocale()}\u0000${text}`;
  let hit = recentParses.get(key);
  if (!hit) {
    hit = parseExpression(text);
    if (recentParses.size >= MAX_RECENT_PARSES) recentParses.clear();
    recentParses.set(key, hit);
  }
  return hit;
}

export function parseExpressionField(
  doc: YamlDocument,
  path: YamlPath,
  options: ExpressionFieldOptions = {},
): ParsedField | undefined {
  const node = doc.scalar(path);
  if (!node || typeof node.value !== 'string') return undefined;
  const text = node.value;
  const map = scalarRangeMap(doc.source.text, node);
  const rangeOfSpan = (span: Span): Range => doc.source.range(...map(span.start, span.end));
  const { expr, errors } = parsedText(text);
  const diagnostics: Diagnostic[] = errors.map((e) => {
    const range = rangeOfSpan(e.span);
    const fixes: Fix[] | undefined =
      e.suggestion !== undefined
        ? [{ title: changeToTitle(e.suggestion), range, newText: escapeForScalar(node, e.suggestion) }]
        : undefined;
    return {
      file: doc.file,
      range,
      severity: 'error',
      code: e.code as Diagnostic['code'],
      message: e.message,
      ...(fixes ? { fixes } : {}),
    };
  });
  if (expr && errors.length === 0) {
    const typed = checkTypes(expr, options.typeOfName ?? (() => 'unknown'));
    for (const e of typed.errors)
      diagnostics.push({
        file: doc.file,
        range: rangeOfSpan(e.span),
        severity: 'error',
        code: 'expr-type',
        message: e.message,
      });
    const t = typed.type;
    if (typed.errors.length === 0 && options.expect && t !== 'unknown' && t !== 'null' && t !== options.expect) {
      const got =
        t === 'string'
          ? l10n.t('text')
          : t === 'boolean'
            ? l10n.t('true or false')
            : t === 'number'
              ? l10n.t('a number')
              : l10n.t('a date');
      const message =
        options.expect === 'boolean'
          ? l10n.t('this expression gives {0}, but it must give true or false for each row (a filter)', got)
          : l10n.t('this expression gives {0}, but it must give a number', got);
      diagnostics.push({
        file: doc.file,
        range: rangeOfSpan(expr.span),
        severity: 'error',
        code: 'expr-type',
        message,
      });
    }
  }
  const names = expr ? collectNames(expr).map((ref) => ({ ref, range: rangeOfSpan(ref.span) })) : [];
  return { text, expr, names, diagnostics, rangeOfSpan };
}
