// The tokenizer of the expression language: splits the text into tokens with exact spans.
// A name is bare (`amount`) or double-quoted (`"Montant TTC"`, `"Région"`, a doubled `""`
// inside): the quoted form names any column, spaces and accents included.

import type { Span } from './ast';
import { exprError, type ExprError } from './errors';
import { plainDecimal } from './decimal';
import { keywordOf, type Keyword } from './keywords';
import * as l10n from '../l10n/l10n';

export type Punctuator = '+' | '-' | '*' | '/' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '(' | ')' | ',' | '.';

export type Token =
  | { kind: 'number'; text: string; value: number; span: Span }
  /** `value` is unescaped; `text` includes the quotes. */
  | { kind: 'string'; text: string; value: string; span: Span }
  /** `name` is the name itself (unquoted, `""` undoubled); `text` is as written. */
  | { kind: 'identifier'; text: string; name: string; quoted: boolean; span: Span }
  /** `keyword` is lower-case; `text` is as written. */
  | { kind: 'keyword'; text: string; keyword: Keyword; span: Span }
  /** `<>` is read as the punctuator `!=` (its text stays `<>`). */
  | { kind: 'punctuator'; text: string; punctuator: Punctuator; span: Span }
  /** Always the last token, with an empty span at the end of the text. */
  | { kind: 'end'; text: ''; span: Span };

export interface TokenizeResult {
  tokens: Token[];
  errors: ExprError[];
}

const TWO_CHAR: Readonly<Record<string, Punctuator>> = { '!=': '!=', '<>': '!=', '<=': '<=', '>=': '>=' };
const ONE_CHAR: Readonly<Record<string, Punctuator>> = {
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  '=': '=',
  '<': '<',
  '>': '>',
  '(': '(',
  ')': ')',
  ',': ',',
  '.': '.',
};
/** Operators from other languages, with what to write instead. */
const FOREIGN: Readonly<Record<string, string>> = { '==': '=', '&&': 'and', '||': 'or' };

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isIdentStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_]/.test(c);
const isIdentPart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);

class Tokenizer {
  private pos = 0;
  readonly tokens: Token[] = [];
  readonly errors: ExprError[] = [];

  constructor(private readonly text: string) {}

  run(): void {
    const text = this.text;
    while (this.pos < text.length) {
      const c = text[this.pos];
      if (/\s/.test(c)) this.pos++;
      else if (isDigit(c)) this.number();
      else if (c === '.' && isDigit(text[this.pos + 1]) && !this.followsWordOrNumber()) this.leadingDotNumber();
      else if (isIdentStart(c)) this.word();
      else if (c === "'") this.string();
      else if (c === '"') this.doubleQuoted();
      else this.punctuator();
    }
    this.tokens.push({ kind: 'end', text: '', span: { start: text.length, end: text.length } });
  }

  private error(message: string, start: number, end: number, suggestion?: string): void {
    this.errors.push(exprError('expr-syntax', message, { start, end }, suggestion));
  }

  /** True when a name or number ends right at the current position (`t.5`, `1.5.3`): the dot is then a punctuator. */
  private followsWordOrNumber(): boolean {
    const last = this.tokens[this.tokens.length - 1];
    return last !== undefined && last.span.end === this.pos && ['identifier', 'keyword', 'number'].includes(last.kind);
  }

  private digits(): void {
    while (isDigit(this.text[this.pos])) this.pos++;
  }

  private number(): void {
    const text = this.text;
    const start = this.pos;
    this.digits();
    if (text[this.pos] === '.' && isDigit(text[this.pos + 1])) {
      this.pos++;
      this.digits();
    } else if (text[this.pos] === '.' && !isIdentStart(text[this.pos + 1])) {
      this.pos++;
      const written = text.slice(start, this.pos);
      this.error(
        l10n.t("expected digits after the decimal point in '{0}'", written),
        start,
        this.pos,
        written.slice(0, -1),
      );
      return;
    }
    const mantissaEnd = this.pos;
    if (text[this.pos] === 'e' || text[this.pos] === 'E') {
      let j = this.pos + 1;
      if (text[j] === '+' || text[j] === '-') j++;
      if (isDigit(text[j])) {
        this.pos = j;
        this.digits();
        const written = text.slice(start, this.pos);
        const value = Number(written);
        const plain = Number.isFinite(value) ? plainDecimal(value) : undefined;
        const suggestion = plain !== undefined && plain.length <= 30 ? plain : undefined;
        this.error(
          l10n.t('scientific notation is not supported: write the number in full'),
          start,
          this.pos,
          suggestion,
        );
        return;
      }
    }
    if (isIdentPart(text[this.pos])) {
      while (isIdentPart(text[this.pos])) this.pos++;
      const written = text.slice(start, this.pos);
      this.error(
        l10n.t("'{0}' is neither a number nor a name: names start with a letter or '_'", written),
        start,
        this.pos,
      );
      return;
    }
    const written = text.slice(start, mantissaEnd);
    const value = Number(written);
    if (!Number.isFinite(value)) {
      this.error(l10n.t('number is too large'), start, mantissaEnd);
      return;
    }
    this.tokens.push({ kind: 'number', text: written, value, span: { start, end: mantissaEnd } });
  }

  private leadingDotNumber(): void {
    const start = this.pos;
    this.pos++;
    this.digits();
    const written = this.text.slice(start, this.pos);
    this.error(l10n.t("write '0{0}', not '{0}'", written), start, this.pos, `0${written}`);
  }

  private word(): void {
    const start = this.pos;
    while (isIdentPart(this.text[this.pos])) this.pos++;
    const text = this.text.slice(start, this.pos);
    const span = { start, end: this.pos };
    const keyword = keywordOf(text);
    if (keyword !== undefined) this.tokens.push({ kind: 'keyword', text, keyword, span });
    else this.tokens.push({ kind: 'identifier', text, name: text, quoted: false, span });
  }

  private string(): void {
    const text = this.text;
    const start = this.pos;
    let value = '';
    let i = start + 1;
    while (i < text.length) {
      if (text[i] === "'") {
        if (text[i + 1] === "'") {
          value += "'";
          i += 2;
          continue;
        }
        this.pos = i + 1;
        this.tokens.push({ kind: 'string', text: text.slice(start, this.pos), value, span: { start, end: this.pos } });
        return;
      }
      value += text[i];
      i++;
    }
    this.pos = text.length;
    this.error(l10n.t("unterminated string: add a closing '"), start, text.length, `${text.slice(start)}'`);
  }

  /** A quoted name: `"Montant TTC"`; `""` inside is one `"`. */
  private doubleQuoted(): void {
    const text = this.text;
    const start = this.pos;
    let name = '';
    let i = start + 1;
    while (i < text.length) {
      if (text[i] === '"') {
        if (text[i + 1] === '"') {
          name += '"';
          i += 2;
          continue;
        }
        this.pos = i + 1;
        if (name === '') {
          this.error(
            l10n.t('a quoted name cannot be empty: write a column name between the double quotes'),
            start,
            this.pos,
          );
          return;
        }
        this.tokens.push({
          kind: 'identifier',
          text: text.slice(start, this.pos),
          name,
          quoted: true,
          span: { start, end: this.pos },
        });
        return;
      }
      name += text[i];
      i++;
    }
    this.pos = text.length;
    this.error(
      l10n.t('unterminated quoted name: add a closing " (text is written in single quotes)'),
      start,
      text.length,
      `${text.slice(start)}"`,
    );
  }

  private punctuator(): void {
    const text = this.text;
    const start = this.pos;
    const two = text.slice(start, start + 2);
    const foreign = FOREIGN[two];
    if (foreign !== undefined) {
      this.pos += 2;
      this.error(l10n.t("'{0}' is not an operator: use '{1}'", two, foreign), start, this.pos, foreign);
      return;
    }
    const twoPunct = TWO_CHAR[two];
    if (twoPunct !== undefined) {
      this.pos += 2;
      this.tokens.push({ kind: 'punctuator', text: two, punctuator: twoPunct, span: { start, end: this.pos } });
      return;
    }
    const c = text[start];
    const onePunct = ONE_CHAR[c];
    if (onePunct !== undefined) {
      this.pos++;
      this.tokens.push({ kind: 'punctuator', text: c, punctuator: onePunct, span: { start, end: this.pos } });
      return;
    }
    // A whole code point, so an emoji is one error rather than two broken halves.
    const codePoint = text.codePointAt(start) ?? 0;
    const char = String.fromCodePoint(codePoint);
    this.pos += char.length;
    if (char === '!') this.error(l10n.t("unexpected character '!': use 'not', or '!=' to compare"), start, this.pos);
    else this.error(l10n.t('unexpected character {0}', visibleChar(char, codePoint)), start, this.pos);
  }
}

/** A character as a message shows it: quoted, or as U+XXXX when it would be invisible (NUL, a control, a format or a space character, a lone surrogate). */
function visibleChar(char: string, codePoint: number): string {
  if (/^[\p{C}\p{Z}]$/u.test(char)) return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  return l10n.t("'{0}'", char);
}

/** Splits `text` into tokens (ending with an 'end' token); bad characters are reported and skipped. */
export function tokenize(text: string): TokenizeResult {
  const tokenizer = new Tokenizer(text);
  tokenizer.run();
  return { tokens: tokenizer.tokens, errors: tokenizer.errors };
}
