// Escaping data text (titles, segment values, periods, messages) for each output: HTML,
// Markdown, CSV and the terminal, so no value from a KPI file or a data file can change the
// structure of a report, inject markup, a link, a spreadsheet formula or a terminal command.

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an HTML element or a quoted attribute value: & < > " ' become entities. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

/**
 * Text for inline Markdown (GitHub flavour): a heading, a table cell, a list item.
 * - line breaks become spaces (a table row is one line);
 * - `&`, `<` and `>` become entities, so no HTML tag can open;
 * - `\` and the inline markup characters (`` ` * _ [ ] | # ~ ! $ ``) get a backslash, so no
 *   code span, emphasis, link, image, math, table cell or heading closer can start;
 * - `://` and `www.` are broken with a backslash, so no bare URL becomes an autolink.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n|[\r\n]/g, ' ')
    .replace(/[\\`*_[\]|#~!$]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c])
    .replace(/:\/\//g, '\\://')
    .replace(/\b(www)\./gi, '$1\\.');
}

/**
 * Guards a CSV text cell against formula injection (CWE-1236): a cell starting with
 * `=`, `+`, `-`, `@`, a tab, a carriage return or a line feed is read as a formula by
 * spreadsheet programs, so it gets a leading apostrophe (`'=1+1`), which they show as text.
 * Only text cells are guarded; numbers (a negative value starts with `-`) are written as is.
 */
export function guardCsvFormula(text: string): string {
  return /^[=+\-@\t\r\n]/.test(text) ? `'${text}` : text;
}

/** One CSV field (RFC 4180): quoted when it holds a comma, a double quote, CR or LF; quotes doubled. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Text for a terminal: control characters (C0, DEL, C1 — ANSI escape sequences start with
 * one) and bidirectional overrides (which can reorder what is shown) become U+FFFD, so a
 * value cannot move the cursor, recolour, clear the screen or disguise itself.
 */
export function escapeTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '\ufffd');
}
