// Whole files found UTF-8 or not, kept in a small JSON file of the columnar cache's folder
// (`utf8-checks.json`), so that a glob's files are not read whole again at every run of a new
// process (encoding.ts wholeFileInvalidUtf8Offset: about 0.2 s of CPU per GB). Keyed by the
// file's path and identity (size, times, inode): a changed file is simply a new key. Written
// atomically, bounded to the last KEPT files; a store that cannot be read or written is ignored
// (the files are read again), and none is made in a folder that does not exist yet (the cache
// makes it, with its .gitignore).
import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomic } from '../util/atomicWrite';

const STORE_FILE = 'utf8-checks.json';
/** Files kept: a glob of a few thousand files fits (about 150 bytes each). */
const KEPT = 4096;

/** Each store this process read, by folder: a glob's files ask one after the other. */
const READ = new Map<string, Promise<Record<string, unknown>>>();

/** What the store says of `key`: the offset of the first bad line, null (UTF-8), or undefined (not known). */
export async function storedUtf8Check(dir: string, key: string): Promise<number | null | undefined> {
  const stored = await storeOf(dir);
  const v = stored[key];
  return typeof v === 'number' || v === null ? v : undefined;
}

/** Remembers `key`'s result (offset, or null when UTF-8) in the store of `dir`, when that folder exists. */
export async function storeUtf8Check(dir: string, key: string, offset: number | null): Promise<void> {
  if (!fs.existsSync(dir)) return;
  const stored = await storeOf(dir);
  delete stored[key];
  stored[key] = offset;
  const keys = Object.keys(stored);
  for (const old of keys.slice(0, Math.max(0, keys.length - KEPT))) delete stored[old];
  await writeFileAtomic(path.join(dir, STORE_FILE), JSON.stringify(stored)).catch(() => undefined);
}

function storeOf(dir: string): Promise<Record<string, unknown>> {
  let stored = READ.get(dir);
  if (!stored) {
    stored = readStore(dir);
    READ.set(dir, stored);
  }
  return stored;
}

async function readStore(dir: string): Promise<Record<string, unknown>> {
  try {
    const parsed: unknown = JSON.parse(await fs.promises.readFile(path.join(dir, STORE_FILE), 'utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
