// What reading a CSV/TSV source found, in words: values that do not convert (per column,
// with file:line examples and the reason), inferred types widened by a late value, rows
// left out for their shape; and the real cause of a read that failed (DuckDB's sniffer,
// mixed CRLF/LF line endings, a file that is not UTF-8), each at the source in the KPI file.
import * as fs from 'fs';
import * as path from 'path';
import type { ColumnSqlType, CsvDialect, ReadColumn } from './csvDialect';
import { isDecimal, typeName } from './csvDialect';
import type { CsvReadReport, InvalidValues } from './csvSourceRead';
import { INFER_SAMPLE_ROWS } from './csvSourceRead';
import type { SourceProblem } from './profile';
import { duckdbMessage } from './profile';
import * as l10n from '../../l10n/l10n';
import { oneLine } from '../../util/quote';
import { NOT_UTF8_KINDS } from './csvRejects';
import { brokenNdjsonLine } from './ndjsonFaults';
import type { FoundNumberFormat } from './csvNumberFormat';

/**
 * The first of a date column's unreadable values and its date, when they all are Excel day
 * numbers (days since 1899-12-30: 45667 is 2025-01-10, 45667.5 its noon) of the years 1955–2118:
 * a workbook's date cells saved as numbers.
 */
export function excelDayNumber(values: string[]): { text: string; date: string } | undefined {
  const days = values.map((v) => (/^\s*[0-9]{5}([.,][0-9]+)?\s*$/.test(v) ? Number(v.trim().replace(',', '.')) : NaN));
  if (days.length === 0 || !days.every((d) => d >= 20000 && d < 80000)) return undefined;
  const date = new Date(Date.UTC(1899, 11, 30) + Math.floor(days[0]) * 86_400_000).toISOString().slice(0, 10);
  return { text: values[0].trim(), date };
}

/** What a value of a type must be, for "'N/A' is not {a number}". */
function typeWords(
  type: ColumnSqlType,
  dialect: Pick<CsvDialect, 'decimal' | 'dateFormat' | 'timestampFormat'>,
): string {
  if (isDecimal(type)) return typeWords('DOUBLE', dialect);
  switch (type) {
    case 'BIGINT':
      return l10n.t('a whole number');
    case 'DOUBLE':
      return dialect.decimal === ',' ? l10n.t('a number (decimal comma)') : l10n.t('a number');
    case 'BOOLEAN':
      return l10n.t('true or false');
    case 'DATE':
      return dialect.dateFormat ? l10n.t('a date written {0}', dialect.dateFormat) : l10n.t('a date (YYYY-MM-DD)');
    case 'TIMESTAMP':
      return dialect.timestampFormat
        ? l10n.t('a timestamp written {0}', dialect.timestampFormat)
        : l10n.t('a date or timestamp (YYYY-MM-DD hh:mm:ss, optional offset)');
    case 'VARCHAR':
      return l10n.t('text');
  }
}

function examplesText(v: InvalidValues): string {
  const shown = v.examples.map((e) =>
    e.at?.unit === 'row'
      ? l10n.t("'{0}' at row {1} of {2}", oneLine(e.value), e.at.line, e.at.file)
      : e.at
        ? l10n.t("'{0}' at {1}", oneLine(e.value), `${e.at.file}:${e.at.line}${e.at.column ? `:${e.at.column}` : ''}`)
        : l10n.t("'{0}'", oneLine(e.value)),
  );
  return shown.join(', ') + (v.count > v.examples.length ? ', …' : '');
}

/** The problems of a source's CSV read, each at the source (or its declared column). */
export function csvReadProblems(
  source: string,
  csv: { dialect: CsvDialect; columns: ReadColumn[]; report: CsvReadReport },
): SourceProblem[] {
  const out: SourceProblem[] = [];
  const { report, dialect } = csv;
  for (const v of report.invalid) {
    const examples = examplesText(v);
    if (v.widenedFrom) {
      const toText = v.type === 'VARCHAR';
      out.push({
        source,
        field: 'file',
        severity: toText ? 'warning' : 'info',
        code: 'invalid-values',
        count: v.count,
        message: toText
          ? l10n.t(
              "column '{0}' of source '{1}' holds {2} in its first {3} rows but {4} value(s) further down are not ({5}): it is read as text for the whole file; declare its type under 'columns' to read it as {6} and have those values reported",
              v.column,
              source,
              typeWords(v.widenedFrom, dialect),
              INFER_SAMPLE_ROWS,
              v.count,
              examples,
              typeName(v.widenedFrom),
            )
          : v.count === 1
            ? l10n.t(
                "column '{0}' of source '{1}' is read as {2} for the whole file: 1 value further down than its first {3} rows is not {4} ({5})",
                v.column,
                source,
                typeName(v.type),
                INFER_SAMPLE_ROWS,
                typeWords(v.widenedFrom, dialect),
                examples,
              )
            : l10n.t(
                "column '{0}' of source '{1}' is read as {2} for the whole file: {3} values further down than its first {4} rows are not {5} ({6})",
                v.column,
                source,
                typeName(v.type),
                v.count,
                INFER_SAMPLE_ROWS,
                typeWords(v.widenedFrom, dialect),
                examples,
              ),
      });
      continue;
    }
    out.push(invalidValuesProblem(source, v, dialect));
  }
  if (report.numberFormat) out.push(numberFormatProblem(source, report.numberFormat));
  const m = report.malformed;
  if (m.count > 0) {
    const where =
      m.examples.map((e) => `${e.file}:${e.line} (${malformedKind(e.kind)})`).join(', ') +
      (m.examples.length > 0 && m.count > m.examples.length ? ', …' : '');
    const message =
      m.count === 1
        ? l10n.t("1 malformed row of source '{0}' (a wrong number of fields or a broken quote) is left out", source)
        : l10n.t(
            "{0} malformed rows of source '{1}' (a wrong number of fields or a broken quote) are left out",
            m.count,
            source,
          );
    out.push({
      source,
      field: 'file',
      severity: 'warning',
      code: 'invalid-values',
      count: m.count,
      message:
        (where ? l10n.t('{0}: {1}', message, where) : message) +
        // Bytes that are not UTF-8 after the first megabyte (the file was taken for UTF-8).
        (m.examples.some((e) => NOT_UTF8_KINDS.has(e.kind))
          ? l10n.t(
              "; the file is not all UTF-8: set the source's 'encoding' (e.g. encoding: windows-1252) to read those rows",
            )
          : ''),
    });
  }
  return out;
}

/** The number separators told from a source's values (csvNumberFormat.ts), as an information at the source. */
function numberFormatProblem(source: string, found: FoundNumberFormat): SourceProblem {
  const keys = [
    ...(found.decimal ? [`decimal: ${JSON.stringify(found.decimal)}`] : []),
    ...(found.thousands ? [`thousands: ${JSON.stringify(found.thousands)}`] : []),
  ];
  const settings = keys.length === 2 ? l10n.t('{0} and {1}', keys[0], keys[1]) : keys[0];
  return {
    source,
    field: 'file',
    severity: 'info',
    code: 'number-format',
    message: l10n.t(
      "source '{0}' writes its numbers with {1} (column '{2}': '{3}'): they are read so; set the source's decimal and thousands to read them otherwise",
      source,
      settings,
      found.column,
      oneLine(found.example),
    ),
  };
}

/**
 * Values of a column that its conversion refused (`v.type`: what they are not, in the words of
 * `dialect`), as a problem at the source, its declared column or its time.
 */
export function invalidValuesProblem(
  source: string,
  v: InvalidValues,
  dialect: Pick<CsvDialect, 'decimal' | 'dateFormat' | 'timestampFormat'>,
): SourceProblem {
  const examples = examplesText(v);
  const declared = v.origin === 'declared';
  const time = v.origin === 'time';
  const message =
    v.count === 1
      ? l10n.t(
          "1 value of column '{0}' in source '{1}' is not {2} ({3}): it is read as empty",
          v.column,
          source,
          typeWords(v.type, dialect),
          examples,
        )
      : l10n.t(
          "{0} values of column '{1}' in source '{2}' are not {3} ({4}): they are read as empty",
          v.count,
          v.column,
          source,
          typeWords(v.type, dialect),
          examples,
        );
  const serial =
    v.type === 'DATE' || v.type === 'TIMESTAMP' ? excelDayNumber(v.examples.map((e) => e.value)) : undefined;
  const hint =
    (serial
      ? v.count === 1
        ? l10n.t(
            '; it looks like an Excel day number ({0} is {1}): format the column as dates in the workbook before exporting it, or read the workbook itself',
            serial.text,
            serial.date,
          )
        : l10n.t(
            '; they look like Excel day numbers ({0} is {1}): format the column as dates in the workbook before exporting it, or read the workbook itself',
            serial.text,
            serial.date,
          )
      : '') +
    (time && !dialect.dateFormat && !dialect.timestampFormat && !serial
      ? l10n.t(
          "; rows without a date are left out of the KPIs; if the dates are written otherwise, set the source's 'date_format' or 'timestamp_format' (e.g. %d/%m/%Y)",
        )
      : time
        ? l10n.t('; rows without a date are left out of the KPIs')
        : '');
  return {
    source,
    field: time ? 'time' : 'file',
    ...(declared ? { at: ['sources', source, 'columns', v.column] } : {}),
    severity: 'warning',
    code: 'invalid-values',
    count: v.count,
    message: message + hint,
  };
}

function malformedKind(kind: string): string {
  if (NOT_UTF8_KINDS.has(kind)) return l10n.t('not UTF-8');
  switch (kind) {
    case 'MISSING COLUMNS':
      return l10n.t('too few fields');
    case 'TOO MANY COLUMNS':
      return l10n.t('too many fields');
    case 'UNQUOTED VALUE':
      return l10n.t('a quote inside an unquoted field');
    case 'LINE SIZE OVER MAXIMUM':
      return l10n.t('line too long');
    default:
      return kind.toLowerCase();
  }
}

/** Bytes looked at for line endings when a read fails. */
const SCAN_BYTES = 64 * 1024 * 1024;

/**
 * What a failed sniff may come from, in the file's first bytes (outside quotes): the first line
 * ending with CRLF and the first with a bare LF, when it mixes them; the line of a quote opened
 * and never closed (the file ends inside it), when the whole file was looked at; else the line
 * end seen (csvLayout.ts reads the file with it).
 */
export async function layoutFaults(
  file: string,
  quote = '"',
): Promise<{ mixed?: { crlf: number; lf: number }; unclosedQuote?: number; lineEnd?: 'crlf' | 'lf' }> {
  const handle = await fs.promises.open(file, 'r');
  const q = quote.length === 1 ? quote.charCodeAt(0) : -1;
  try {
    const buf = Buffer.alloc(1024 * 1024);
    let line = 1;
    let crlf = 0;
    let lf = 0;
    let prev = 0;
    let read = 0;
    let quoted = false;
    let openedOn = 0;
    while (read < SCAN_BYTES) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, read);
      if (bytesRead === 0) break;
      for (let i = 0; i < bytesRead; i++) {
        const b = buf[i];
        if (b === q) {
          quoted = !quoted;
          if (quoted) openedOn = line;
        } else if (b === 0x0a) {
          if (!quoted) {
            if (prev === 0x0d) crlf ||= line;
            else lf ||= line;
            if (crlf && lf) return { mixed: { crlf, lf } };
          }
          line++;
        }
        prev = b;
      }
      read += bytesRead;
    }
    // The whole file seen (not the scan's cap), ending inside a quote: it was never closed.
    if (quoted && read < SCAN_BYTES) return { unclosedQuote: openedOn };
    return crlf ? { lineEnd: 'crlf' } : lf ? { lineEnd: 'lf' } : {};
  } finally {
    await handle.close();
  }
}

/** DuckDB's words when its sniffer cannot tell how a CSV file is written. */
export const SNIFF_FAILURE = /Error when sniffing file|invalid state|not possible to automatically detect/i;

/** The cause of a failed read in words: what DuckDB said, with the cause it does not name. */
export async function readFailureMessage(message: string, file: string | undefined, quote?: string): Promise<string> {
  const sniffing = SNIFF_FAILURE.test(message);
  if (file && sniffing) {
    const { mixed, unclosedQuote } = await layoutFaults(file, quote).catch(() => ({
      mixed: undefined,
      unclosedQuote: undefined,
    }));
    if (unclosedQuote)
      return l10n.t(
        'a quote opened on {0} is never closed: the lines after it would be read as one field and their rows lost; close the quote, or write a quote inside a field doubled ("")',
        `${path.basename(file)}:${unclosedQuote}`,
      );
    if (mixed)
      return l10n.t(
        'the file mixes line endings: line {0} ends with CRLF (Windows) and line {1} with LF alone; save it with one kind of line ending',
        mixed.crlf,
        mixed.lf,
      );
  }
  const json = await brokenNdjsonLine(message).catch(() => undefined);
  if (json)
    return l10n.t(
      'line {0} is not a JSON value on its own ({1}): each line of an NDJSON file holds one whole object',
      `${path.basename(json.file)}:${json.line}`,
      json.reason,
    );
  if (/Error when sniffing file/i.test(message)) {
    return l10n.t(
      "DuckDB could not tell how '{0}' is written (its delimiter, quotes and line endings do not agree on the first rows); set the source's 'delimiter' and 'quote', or check the file in a text editor",
      path.basename(file ?? ''),
    );
  }
  return duckdbMessage(message);
}
