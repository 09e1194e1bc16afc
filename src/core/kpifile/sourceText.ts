// A KPI file's text with its line index: turns offsets into the 1-based lines and columns
// that diagnostics carry. Columns count UTF-16 code units, as VS Code does.
import type { Range } from './diagnostic';

export class SourceText {
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
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
    return { line: lo + 1, column: o - this.lineStarts[lo] + 1 };
  }

  range(startOffset: number, endOffset: number): Range {
    const s = Math.max(0, Math.min(startOffset, this.text.length));
    const e = Math.max(s, Math.min(endOffset, this.text.length));
    return { startOffset: s, endOffset: e, start: this.position(s), end: this.position(e) };
  }

  /** Offset of a 1-based line and column (used by the editor adapters). */
  offsetAt(line: number, column: number): number {
    const l = Math.max(1, Math.min(line, this.lineStarts.length));
    return Math.min(this.lineStarts[l - 1] + Math.max(0, column - 1), this.text.length);
  }
}
