// A KPI file's text with its line index: turns offsets into the 1-based lines and columns
// that diagnostics carry. Columns count UTF-16 code units, as VS Code does; a byte order mark
// at the start (kept by a read of the file from disk) takes no column, as in every editor.
import type { Range } from './diagnostic';

export class SourceText {
  private readonly lineStarts: number[];
  /** 1 when the text starts with a byte order mark, which editors do not show. */
  private readonly bom: number;

  constructor(readonly text: string) {
    this.bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) starts.push(i + 1);
    }
    this.lineStarts = starts;
  }

  position(offset: number): { line: number; column: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    const hidden = lo === 0 ? Math.min(this.bom, o) : 0;
    return { line: lo + 1, column: o - this.lineStarts[lo] - hidden + 1 };
  }

  range(startOffset: number, endOffset: number): Range {
    const s = Math.max(0, Math.min(startOffset, this.text.length));
    const e = Math.max(s, Math.min(endOffset, this.text.length));
    return { startOffset: s, endOffset: e, start: this.position(s), end: this.position(e) };
  }

  /** Offset of a 1-based line and column (used by the editor adapters). */
  offsetAt(line: number, column: number): number {
    const l = Math.max(1, Math.min(line, this.lineStarts.length));
    const hidden = l === 1 ? this.bom : 0;
    return Math.min(this.lineStarts[l - 1] + hidden + Math.max(0, column - 1), this.text.length);
  }
}
