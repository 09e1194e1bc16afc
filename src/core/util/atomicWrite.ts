// Writes a file atomically: a temporary file in the same folder, then a rename, so a reader
// never sees half a report and a failure never leaves a truncated file behind. The temporary
// name is unpredictable and created exclusively ('wx'), so a planted file or link at that name
// is never written through; renaming over a link replaces the link, not the file it points to.
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await fs.promises.writeFile(tmp, content, { encoding: 'utf8', flag: 'wx' });
    await fs.promises.rename(tmp, file);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
}
