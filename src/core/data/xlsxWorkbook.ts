// Excel workbooks (.xlsx) as sources, read with exceljs's streaming reader (rows come one at a
// time, never the whole sheet in memory): the header row of a sheet (the data checks) and the
// sheet as a UTF-8 CSV file (the engine reads that through its normal CSV reader). Excel date
// cells become ISO dates (YYYY-MM-DD, or YYYY-MM-DD HH:MM:SS when they carry a time), error
// cells (#N/A, #DIV/0!…) become empty and are counted with their row. Old binary workbooks
// (.xls) and password-protected ones (both OLE compound files) are refused in words.
import * as fs from 'fs';
import { once } from 'events';
import type * as ExcelJSModule from 'exceljs';
import { closest, didYouMean } from '../util/suggest';
import * as l10n from '../l10n/l10n';

/** Why a workbook cannot be read; `kind` tells the data checks where to put it. */
export class WorkbookError extends Error {
  constructor(
    message: string,
    readonly kind: 'unknown-sheet' | 'unreadable' = 'unreadable',
  ) {
    super(message);
  }
}

/** Which sheet and where its header row is. */
export interface SheetChoice {
  /** The sheet's name, or its 1-based position in the workbook; default the first sheet. */
  sheet?: string | number;
  /** Rows above the header row to pass over (the header is the first non-empty row after them). */
  skip?: number;
}

/** Cells that hold an Excel error (#N/A…): written empty, counted. */
export interface ErrorCells {
  count: number;
  /** The first few: the sheet's 1-based row number, the column's name, the error text. */
  examples: { row: number; column: string; error: string }[];
}

/**
 * The sheet choice of a source: its `sheet`, and its `skip` when the language has one (the
 * CSV dialect keys) — rows above the header.
 */
export function sheetChoiceOf(spec: { sheet?: string | number; csv?: { skip?: number } }): SheetChoice {
  const skip = spec.csv?.skip;
  return { ...(spec.sheet !== undefined ? { sheet: spec.sheet } : {}), ...(typeof skip === 'number' ? { skip } : {}) };
}

const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const ENCRYPTED_MARK = Buffer.from('EncryptedPackage', 'utf16le');
const EXAMPLES = 5;

/** Refuses files that are not a zip workbook: an .xls, an encrypted .xlsx, anything else. */
async function checkSignature(file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(1024 * 1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    if (bytes.subarray(0, 8).equals(OLE_SIGNATURE)) {
      if (bytes.includes(ENCRYPTED_MARK))
        throw new WorkbookError(
          l10n.t(
            'the workbook is protected by a password (encrypted): KPI Lens cannot open it; save a copy without a password (File › Info › Protect Workbook) or export the sheet as CSV',
          ),
        );
      throw new WorkbookError(
        l10n.t(
          'this is an Excel 97–2003 workbook (.xls), a binary format KPI Lens does not read: save it as an Excel Workbook (.xlsx) or export the sheet as CSV',
        ),
      );
    }
    if (!bytes.subarray(0, 4).equals(ZIP_SIGNATURE))
      throw new WorkbookError(l10n.t('not an Excel workbook (.xlsx): the file does not start like one'));
  } finally {
    await handle.close();
  }
}

/** A cell's value as CSV text (empty for no value); `error` is set for an error cell. */
export function cellText(value: unknown): { text: string; error?: string } {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number') return { text: Number.isFinite(value) ? String(value) : '' };
  if (typeof value === 'boolean') return { text: value ? 'true' : 'false' };
  if (value instanceof Date) return { text: isoDate(value) };
  if (typeof value === 'object') {
    const v = value as {
      richText?: { text: string }[];
      result?: unknown;
      text?: unknown;
      error?: unknown;
      formula?: unknown;
      sharedFormula?: unknown;
    };
    if (Array.isArray(v.richText)) return { text: v.richText.map((r) => r.text).join('') };
    if ('error' in v && typeof v.error === 'string') return { text: '', error: v.error };
    if ('formula' in v || 'sharedFormula' in v || 'result' in v) return cellText(v.result);
    if ('text' in v) return cellText(v.text);
  }
  return { text: String(value) };
}

/** An Excel date (exceljs gives it as a UTC Date) as ISO text, rounded to the second. */
export function isoDate(date: Date): string {
  const t = Math.round(date.getTime() / 1000) * 1000;
  if (!Number.isFinite(t)) return '';
  const iso = new Date(t).toISOString();
  const day = iso.slice(0, 10);
  const time = iso.slice(11, 19);
  if (day === '1899-12-30') return time; // a time of day alone (Excel's day zero)
  return time === '00:00:00' ? day : `${day} ${time}`;
}

/** A CSV field: quoted when it holds a comma, quote, line break or edge spaces. */
function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

interface SheetRow {
  number: number;
  cells: string[];
  errors: { index: number; error: string }[];
}

/**
 * The rows of the chosen sheet, in order, as texts (index 0 = column A). Throws a
 * WorkbookError for a file that is not a readable workbook or a sheet it does not have.
 * The sheet is streamed; a workbook whose own part (xl/workbook.xml, the sheets' names) comes
 * after its sheets in the file — the zip format lets a writer order the parts freely, and
 * exceljs's streaming reader cannot tell a sheet's name then — is read whole instead.
 */
async function* sheetRows(file: string, choice: SheetChoice): AsyncGenerator<SheetRow> {
  await checkSignature(file);
  // Loaded on the first workbook read: the editor and the CLI start without it (in the bundles
  // it is dist/exceljs.js, a CommonJS file whose exports arrive as the namespace's default).
  const imported = (await import('exceljs')) as typeof ExcelJSModule & { default?: typeof ExcelJSModule };
  const ExcelJS = imported.default?.stream ? imported.default : imported;
  try {
    yield* streamedSheetRows(ExcelJS, file, choice);
  } catch (err) {
    if (!(err instanceof NamesAfterSheets)) throw err;
    yield* loadedSheetRows(ExcelJS, file, choice);
  }
}

/** The streaming reader met a sheet before the workbook's part that names the sheets. */
class NamesAfterSheets extends Error {}

async function* streamedSheetRows(
  ExcelJS: typeof ExcelJSModule,
  file: string,
  choice: SheetChoice,
): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const state = reader as unknown as { model?: { sheets?: { name: string }[] }; stream?: fs.ReadStream };
  let found = false;
  let names: string[] = [];
  try {
    for await (const sheet of reader) {
      if (!state.model?.sheets) throw new NamesAfterSheets();
      const ws = sheet as unknown as { name: string } & AsyncIterable<{ number: number; values: unknown[] }>;
      names = state.model.sheets.map((s) => s.name);
      const target = targetSheet(choice.sheet, names);
      if (ws.name !== target) {
        for await (const row of ws) void row; // the stream must be read through
        continue;
      }
      found = true;
      for await (const row of ws) yield sheetRow(row.number, row.values);
      break;
    }
  } catch (err) {
    if (err instanceof WorkbookError || err instanceof NamesAfterSheets) throw err;
    // exceljs fails on a sheet met before the names: the whole-file read decides.
    if (!state.model?.sheets) throw new NamesAfterSheets();
    throw new WorkbookError(
      l10n.t('the workbook cannot be read: {0}', err instanceof Error ? err.message : String(err)),
    );
  } finally {
    state.stream?.destroy();
  }
  if (!found) throw missingSheet(choice.sheet, names);
}

/** The chosen sheet's rows of the workbook read whole (its parts in any order). */
async function* loadedSheetRows(
  ExcelJS: typeof ExcelJSModule,
  file: string,
  choice: SheetChoice,
): AsyncGenerator<SheetRow> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (err) {
    throw new WorkbookError(
      l10n.t('the workbook cannot be read: {0}', err instanceof Error ? err.message : String(err)),
    );
  }
  const names = workbook.worksheets.map((w) => w.name);
  const ws = workbook.worksheets.find((w) => w.name === targetSheet(choice.sheet, names));
  if (!ws) throw missingSheet(choice.sheet, names);
  const rows: SheetRow[] = [];
  ws.eachRow((row, number) => rows.push(sheetRow(number, row.values as unknown[])));
  yield* rows;
}

/** A row's cells as texts (exceljs gives its values from index 1, column A) and its error cells. */
function sheetRow(number: number, rowValues: unknown): SheetRow {
  const cells: string[] = [];
  const errors: { index: number; error: string }[] = [];
  const values = Array.isArray(rowValues) ? (rowValues as unknown[]) : [];
  for (let i = 1; i < values.length; i++) {
    const { text, error } = cellText(values[i]);
    cells[i - 1] = text;
    if (error !== undefined) errors.push({ index: i - 1, error });
  }
  for (let i = 0; i < cells.length; i++) cells[i] ??= '';
  return { number, cells, errors };
}

/** The name of the sheet a choice names (undefined when the workbook has no such sheet). */
function targetSheet(sheet: string | number | undefined, names: string[]): string | undefined {
  if (sheet === undefined) return names[0];
  if (typeof sheet === 'number') return names[sheet - 1];
  if (names.includes(sheet)) return sheet;
  const same = names.filter((n) => n.toLowerCase() === sheet.toLowerCase());
  return same.length === 1 ? same[0] : undefined;
}

function missingSheet(sheet: string | number | undefined, names: string[]): WorkbookError {
  const list = names.map((n) => `'${n}'`).join(', ');
  if (sheet === undefined) return new WorkbookError(l10n.t('the workbook has no sheet'), 'unknown-sheet');
  if (typeof sheet === 'number')
    return new WorkbookError(
      l10n.t('the workbook has no sheet number {0} (its sheets are {1})', sheet, list),
      'unknown-sheet',
    );
  return new WorkbookError(
    `${l10n.t("the workbook has no sheet '{0}' (its sheets are {1})", sheet, list)}${didYouMean(closest(sheet, names))}`,
    'unknown-sheet',
  );
}

/** Whether a row has no value in its first `width` cells (all of them when width is undefined). */
function isEmpty(cells: string[], width?: number): boolean {
  return cells.slice(0, width ?? cells.length).every((c) => c.trim() === '');
}

/** The header's names: trimmed, an empty cell named column<N> (1-based), up to the last named one. */
function headerNames(cells: string[]): string[] {
  let width = cells.length;
  while (width > 0 && cells[width - 1].trim() === '') width--;
  return cells.slice(0, width).map((c, i) => c.trim() || `column${i + 1}`);
}

/** The column names of the chosen sheet's header row. */
export async function readXlsxHeader(file: string, choice: SheetChoice = {}): Promise<string[]> {
  for await (const row of sheetRows(file, choice)) {
    if (row.number <= (choice.skip ?? 0) || isEmpty(row.cells)) continue;
    return headerNames(row.cells);
  }
  throw new WorkbookError(l10n.t('the sheet is empty: its first row should name the columns'));
}

/**
 * Writes the chosen sheet to `target` as UTF-8 CSV (header row, then every non-empty row),
 * streamed, the target created exclusively. Returns the data rows written and the error cells.
 */
export async function xlsxToCsv(
  file: string,
  target: string,
  choice: SheetChoice = {},
): Promise<{ rows: number; errors: ErrorCells }> {
  const out = fs.createWriteStream(target, { flags: 'wx' });
  const errors: ErrorCells = { count: 0, examples: [] };
  let header: string[] | undefined;
  let rows = 0;
  let buffer = '';
  const flush = async () => {
    if (!out.write(buffer)) await once(out, 'drain');
    buffer = '';
  };
  try {
    for await (const row of sheetRows(file, choice)) {
      if (row.number <= (choice.skip ?? 0)) continue;
      if (!header) {
        if (isEmpty(row.cells)) continue;
        header = headerNames(row.cells);
        buffer += `${header.map(csvField).join(',')}\n`;
        continue;
      }
      if (isEmpty(row.cells, header.length)) continue;
      const cells = header.map((_, i) => row.cells[i] ?? '');
      buffer += `${cells.map(csvField).join(',')}\n`;
      rows++;
      for (const e of row.errors) {
        if (e.index >= header.length) continue;
        errors.count++;
        if (errors.examples.length < EXAMPLES)
          errors.examples.push({ row: row.number, column: header[e.index], error: e.error });
      }
      if (buffer.length > 64 * 1024) await flush();
    }
    if (!header) throw new WorkbookError(l10n.t('the sheet is empty: its first row should name the columns'));
    await flush();
    out.end();
    await once(out, 'finish');
  } catch (err) {
    out.destroy();
    throw err;
  }
  return { rows, errors };
}
