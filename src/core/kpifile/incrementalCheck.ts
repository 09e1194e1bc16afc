// The editor's checker: `checkKpiFile` with memory between keystrokes. Each file's YAML is
// assembled from the pieces that did not change (yamlPieces.ts) instead of parsed whole, then
// checked by the same code as `checkKpiFile`, so the diagnostics are the same by construction
// (a property test compares both after random edits). A file the pieces cannot be trusted
// for is parsed whole.
import type { CheckOptions, CheckResult } from './checkFile';
import { checkYamlDocument } from './checkFile';
import { YamlDocument } from './yamlDocument';
import { YamlPieceCache } from './yamlPieces';

export class IncrementalChecker {
  private readonly files = new Map<string, YamlPieceCache>();
  /** What the last `document` did: assembled from pieces (how many parsed anew) or parsed whole. */
  last: { assembled: boolean; parsedPieces: number } = { assembled: false, parsedPieces: 0 };

  constructor(private readonly maxFiles = 50) {}

  /** The file's YAML: assembled from its cached pieces when that is certain, else parsed whole. */
  document(file: string, text: string): YamlDocument {
    let cache = this.files.get(file);
    if (cache) this.files.delete(file);
    else cache = new YamlPieceCache();
    this.files.set(file, cache);
    if (this.files.size > this.maxFiles) {
      const oldest = this.files.keys().next().value;
      if (oldest !== undefined) this.files.delete(oldest);
    }
    const assembled = cache.assemble(text);
    this.last = { assembled: assembled !== undefined, parsedPieces: cache.lastParsed };
    return new YamlDocument(file, text, assembled);
  }

  check(file: string, text: string, options: CheckOptions = {}): Promise<CheckResult> {
    return checkYamlDocument(this.document(file, text), options);
  }

  /** Drops what is remembered of a file (closed in the editor). */
  forget(file: string): void {
    this.files.delete(file);
  }
}
