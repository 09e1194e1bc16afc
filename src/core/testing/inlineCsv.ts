// Writes a KPI test's inline rows as a CSV file the engine reads like any source: a header
// with every column in order of first appearance, cells quoted when they hold a comma, a
// quote, a line break or edge spaces (quotes doubled), null as an empty cell. The text never
// reaches SQL: DuckDB reads the file.
import type { CellValue } from '../kpifile/testsModel';

export function csvCell(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  const text = typeof v === 'string' ? v : String(v);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV text of rows; `columns` gives the header when there is no row. */
export function inlineRowsCsv(rows: Record<string, CellValue>[], columns: string[] = []): string {
  const header: string[] = [];
  for (const row of rows) for (const c of Object.keys(row)) if (!header.includes(c)) header.push(c);
  if (header.length === 0) header.push(...columns);
  const lines = [header.map(csvCell).join(','), ...rows.map((r) => header.map((c) => csvCell(r[c])).join(','))];
  return lines.join('\n') + '\n';
}
