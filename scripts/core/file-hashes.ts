/**
 * File hashes remembered by the file's identity, as Git's index does: a file whose size,
 * modification and change times, inode and device are those it had when it was hashed is not
 * read again. A file changed less than two seconds before it was hashed is read again next time,
 * so that a change within one tick of the file system's clock is never missed; the change time
 * cannot be set back by hand, so a file written since it was hashed always looks changed.
 * Symbolic links are always read. The hashes are kept in the build cache (one entry, written at
 * the end of a plan or a build) and loaded once per process.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, lstatSync, openSync, readFileSync, readSync, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import { markUsed, readCached, writeCached, cacheDir } from './cache.ts';

/** What a path hashes to when it cannot be read (a removed file is a change). */
export const MISSING = 'missing';

/** A file's sha256, read as a stream (an image may be large); `missing` when it cannot be read. */
export async function readSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch {
    return MISSING;
  }
  return hash.digest('hex');
}

/**
 * A file's sha256 read now, synchronously, in chunks of 1 MiB (a PDF may be large); `missing`
 * when it cannot be read. For out/'s files (see outFileSha256): thousands of small files are read
 * several times faster without a promise each.
 */
export function readSha256Now(path: string): string {
  const hash = createHash('sha256');
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    chunk ??= Buffer.allocUnsafe(READ_WHOLE);
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) hash.update(chunk.subarray(0, n));
  } catch {
    return MISSING;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return hash.digest('hex');
}

/** readSha256Now's one buffer (it is synchronous, so never shared): a megabyte allocated per file cost seconds of garbage collection over out/'s thousands. */
let chunk: Buffer | undefined;

interface Known {
  size: number;
  mtime: number;
  ctime: number;
  ino: number;
  dev: number;
  /** When it was hashed (ms since the epoch). */
  at: number;
  sha256: string;
}

/** Files written this close to their hashing are read again next time (file systems with a two-second clock included). */
const SETTLED_MS = 2000;
/** Small files are read in one go, larger ones streamed. */
const READ_WHOLE = 1024 * 1024;
/** Entries kept beyond those this process used. */
const KEEP = 50_000;
const KIND = 'file-hashes';
const ENTRY = 'known.json';

interface Memory {
  known: Map<string, Known>;
  used: Set<string>;
  changed: boolean;
}

/** Remembered hashes of out/'s files (outFileSha256), an entry of their own: read only by a build that reuses files. */
const OUT_ENTRY = 'out.json';

/** Per cache folder (a test may switch $DAAN_CACHE_DIR between builds). */
const memories = new Map<string, Promise<Memory>>();

function memory(entry = ENTRY): Promise<Memory> {
  const dir = join(cacheDir(KIND), entry);
  let found = memories.get(dir);
  if (!found) {
    found = readCached(KIND, entry).then((bytes) => {
      let entries: [string, Known][] = [];
      try {
        if (bytes) entries = JSON.parse(new TextDecoder().decode(bytes)) as [string, Known][];
      } catch {
        // A damaged entry only costs the reading.
      }
      return { known: new Map(Array.isArray(entries) ? entries : []), used: new Set<string>(), changed: false };
    });
    memories.set(dir, found);
  }
  return found;
}

/** Whether `info` is the file `known` was hashed from: the same size, modification time, inode and device, and change time unless `ctime` is false (out/'s files, see outFileSha256). */
function sameFile(known: Known, info: Stats, ctime = true): boolean {
  return known.size === info.size && known.mtime === info.mtimeMs && (!ctime || known.ctime === info.ctimeMs) && known.ino === info.ino && known.dev === info.dev;
}

/** Whether `info` describes a regular file that has not changed since `known` was hashed, long enough after its last change. */
function trusted(known: Known | undefined, info: Stats, ctime = true): known is Known {
  return known !== undefined && info.isFile() && sameFile(known, info, ctime) && (ctime ? Math.max(info.mtimeMs, info.ctimeMs) : info.mtimeMs) < known.at - SETTLED_MS;
}

/** Remembers `sha256`, read from `path` as `info` described it at `at`, unless the file changed while it was read (it is then read again next time). */
function remember(mem: Memory, path: string, info: Stats, at: number, sha256: string, ctime: boolean): void {
  const known: Known = { size: info.size, mtime: info.mtimeMs, ctime: info.ctimeMs, ino: info.ino, dev: info.dev, at, sha256 };
  const after = lstatSync(path, { throwIfNoEntry: false });
  if (after && sameFile(known, after, ctime)) {
    mem.known.set(path, known);
    mem.changed = true;
  }
}

/**
 * A file's sha256 (`missing` when it cannot be read), read only when the file changed since it
 * was last hashed.
 */
export async function fileSha256(file: string): Promise<string> {
  return (await regularFileSha256(file)) ?? readSha256(resolve(file));
}

/** fileSha256 of a regular file; undefined for anything else (a symbolic link, a folder, nothing), which is not read. */
export async function regularFileSha256(file: string): Promise<string | undefined> {
  const path = resolve(file);
  const info = lstatSync(path, { throwIfNoEntry: false });
  if (!info?.isFile()) return undefined;
  const mem = await memory();
  const known = mem.known.get(path);
  mem.used.add(path);
  if (trusted(known, info)) return known.sha256;
  const at = Date.now();
  let sha256: string;
  if (info.size <= READ_WHOLE) {
    try {
      sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
    } catch {
      return MISSING;
    }
  } else {
    sha256 = await readSha256(path);
    if (sha256 === MISSING) return MISSING;
  }
  remember(mem, path, info, at, sha256, true);
  return sha256;
}

/**
 * The sha256 of a file of out/ (`missing` when it cannot be read), read only when it may have
 * changed since it was last read: `info` is its lstat (the plan's). Unlike content files, out/'s
 * are trusted on their size, modification time, inode and device without their change time:
 * every build hard-links the files it reuses into the next out/ and unlinks the previous one,
 * each of which sets the change time, so that with it no file of out/ would ever be trusted.
 * A file written in place keeps its inode but gets a new modification time, a file copied or
 * moved in gets another inode, and one written within two seconds before it was read is read
 * again; what it misses is a same-size edit whose modification time was then set back by hand.
 */
export async function outFileSha256(file: string, info: Stats | undefined): Promise<string> {
  const path = resolve(file);
  const mem = await memory(OUT_ENTRY);
  const known = mem.known.get(path);
  mem.used.add(path);
  if (info && trusted(known, info, false)) return known.sha256;
  const at = Date.now();
  const before = lstatSync(path, { throwIfNoEntry: false });
  const sha256 = readSha256Now(path);
  if (sha256 !== MISSING && before?.isFile()) remember(mem, path, before, at, sha256, false);
  return sha256;
}

/**
 * Keeps what this process hashed in the build cache (nothing to do when nothing new was hashed),
 * and marks the cache entries read meanwhile as used (cache.ts markUsed): at the end of a plan or a build.
 */
export async function saveFileHashes(): Promise<void> {
  markUsed();
  for (const entry of [ENTRY, OUT_ENTRY]) {
    const found = memories.get(join(cacheDir(KIND), entry));
    if (!found) continue;
    const mem = await found;
    if (!mem.changed) continue;
    mem.changed = false;
    const used = [...mem.known].filter(([path]) => mem.used.has(path));
    const others = [...mem.known].filter(([path]) => !mem.used.has(path)).sort((a, b) => b[1].at - a[1].at).slice(0, KEEP);
    await writeCached(KIND, entry, new TextEncoder().encode(JSON.stringify([...used, ...others])));
  }
}
