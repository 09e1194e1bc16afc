// Writes a file atomically: a temporary file in the same folder, then a rename, so a reader
// never sees half a report and a failure never leaves a truncated file behind. The temporary
// name is unpredictable and created exclusively ('wx'), so a planted file or link at that name
// is never written through; renaming over a link replaces the link, not the file it points to.
// On Windows a file open in Excel or scanned by an antivirus refuses the rename for a moment
// (EPERM, EBUSY): the rename is retried with a growing pause, then FileLockedError names the file.
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as l10n from '../l10n/l10n';

/** The pauses (ms) before each new try of a refused rename: about 1.5 s in all. */
export const RENAME_RETRY_DELAYS_MS: readonly number[] = [50, 100, 200, 400, 800];

/** What a locked target gives on rename (Windows: sharing violation, or a file being scanned). */
const LOCKED_CODES = new Set(['EPERM', 'EBUSY']);

/** The target stayed locked (or not replaceable) through every retry. */
export class FileLockedError extends Error {
  constructor(
    readonly file: string,
    readonly code: string,
  ) {
    super(
      l10n.t(
        'cannot replace {0}: it is locked by another program (a spreadsheet or an antivirus has it open) or read-only ({1}); close it and try again',
        file,
        code,
      ),
    );
    this.name = 'FileLockedError';
  }
}

/** For tests: the rename and the pause (the real ones by default). */
export interface AtomicWriteHooks {
  rename?: (from: string, to: string) => Promise<void>;
  sleep?: (ms: number) => Promise<void>;
}

const errorCode = (err: unknown): string | undefined =>
  err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;

export async function writeFileAtomic(file: string, content: string, hooks: AtomicWriteHooks = {}): Promise<void> {
  const rename = hooks.rename ?? ((from: string, to: string) => fs.promises.rename(from, to));
  const sleep = hooks.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await fs.promises.writeFile(tmp, content, { encoding: 'utf8', flag: 'wx' });
    for (let attempt = 0; ; attempt++) {
      try {
        await rename(tmp, file);
        return;
      } catch (err) {
        const code = errorCode(err);
        if (code === undefined || !LOCKED_CODES.has(code)) throw err;
        if (attempt >= RENAME_RETRY_DELAYS_MS.length) throw new FileLockedError(file, code);
        await sleep(RENAME_RETRY_DELAYS_MS[attempt]);
      }
    }
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
}
