// Remembers the columns of each data file, keyed by path, size and modification time, so
// validating as the user types never re-reads an unchanged file.
import * as fs from 'fs';
import type { DataFormat } from './dataFiles';
import { HeaderError, readHeader } from './headerReaders';
import type { HeaderOptions } from './headerReaders';
import * as l10n from '../l10n/l10n';
import { fileIdentity } from './fileChanges';

export type HeaderResult = { ok: true; columns: string[] } | { ok: false; message: string; unknownSheet?: boolean };

export class HeaderCache {
  private readonly entries = new Map<string, { stamp: string; result: Promise<HeaderResult> }>();

  constructor(private readonly maxEntries = 500) {}

  async columns(file: string, format: DataFormat, options: HeaderOptions = {}): Promise<HeaderResult> {
    let stamp: string;
    try {
      const st = await fs.promises.stat(file);
      stamp = `${format}:${JSON.stringify(fileIdentity(st))}:${JSON.stringify(options)}`;
    } catch (err) {
      return {
        ok: false,
        message: l10n.t('cannot read the file: {0}', err instanceof Error ? err.message : String(err)),
      };
    }
    const hit = this.entries.get(file);
    if (hit && hit.stamp === stamp) return hit.result;
    const result = readHeader(file, format, options).then(
      (columns): HeaderResult => ({ ok: true, columns }),
      (err: unknown): HeaderResult => ({
        ok: false,
        message:
          err instanceof HeaderError
            ? err.message
            : l10n.t('cannot read the file: {0}', err instanceof Error ? err.message : String(err)),
        ...(err instanceof HeaderError && err.kind === 'unknown-sheet' ? { unknownSheet: true } : {}),
      }),
    );
    this.entries.delete(file);
    this.entries.set(file, { stamp, result });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return result;
  }
}
