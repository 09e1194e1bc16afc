// The memory of earlier evaluations, for incremental re-runs while editing: what a query
// gave, keyed by a hash of everything that decides it — the KPI's own fields, its source's
// definition and data files' sizes and modification times (and those of joined sources),
// its segments' definitions, its period's resolved windows and as_of. A KPI whose key is
// unchanged is not queried again; an edited KPI gets a new key and is, as are the KPIs that
// depend on it (ratio, formula… are computed from their inputs' values). Bounded; the least
// recently used entries are dropped first.
import { createHash } from 'crypto';

export class EvaluationMemo {
  private readonly entries = new Map<string, unknown>();

  constructor(private readonly maxEntries = 10_000) {}

  /** A short stable key for any JSON-serialisable description. */
  static key(kind: string, description: unknown): string {
    return `${kind}:${createHash('sha256').update(JSON.stringify(description)).digest('base64')}`;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  get<T>(key: string): T | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key);
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value as T;
  }

  set(key: string, value: unknown): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
