// Building blocks of the generated tables: append-only typed columns, a stable counting sort by
// a small integer key (the day), id and cents formatting, and the CSV writer that hands its
// lines on in chunks.

/** An append-only column of numbers that grows as needed. */
export class Column<T extends Int32Array | Uint8Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (size: number) => T,
  ) {}
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
}
export const int32Column = (capacity: number): Column<Int32Array> =>
  new Column(new Int32Array(Math.max(16, capacity)), (n) => new Int32Array(n));
export const uint8Column = (capacity: number): Column<Uint8Array> =>
  new Column(new Uint8Array(Math.max(16, capacity)), (n) => new Uint8Array(n));

/** Positions 0..count−1 ordered by key (small non-negative integers), stable: a counting sort. */
export function orderByKey(keys: Int32Array, count: number, keyRange: number): Int32Array {
  const starts = new Int32Array(keyRange + 1);
  for (let i = 0; i < count; i++) starts[keys[i] + 1]++;
  for (let k = 0; k < keyRange; k++) starts[k + 1] += starts[k];
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[starts[keys[i]]++] = i;
  return order;
}

export function padId(prefix: string, n: number, width: number): string {
  return prefix + String(n).padStart(width, '0');
}

/** Cents as a decimal with exactly two digits, without floating-point formatting. */
export function formatCents(cents: number): string {
  const rest = cents % 100;
  return `${(cents - rest) / 100}.${rest < 10 ? '0' : ''}${rest}`;
}

export const CHUNK_ROWS = 50_000;

/** Collects CSV lines and hands them to `emit` in chunks of text ending with a newline. */
export class CsvWriter {
  rows = 0;
  private buffer: string[] = [];
  constructor(
    private readonly emit: (text: string) => void,
    columns: readonly string[],
  ) {
    this.buffer.push(columns.join(','));
  }
  line(text: string): void {
    this.buffer.push(text);
    this.rows++;
    if (this.buffer.length >= CHUNK_ROWS) this.flush();
  }
  flush(): void {
    if (this.buffer.length === 0) return;
    this.emit(this.buffer.join('\n') + '\n');
    this.buffer = [];
  }
}
