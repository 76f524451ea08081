/**
 * The build cache, the one cache service of every stage: results that are slow to make and depend only on their inputs (font subsets,
 * chart drawings, what a first print measured, cover thumbnails), kept under
 * node_modules/.cache/daan/<kind>/ (or $DAAN_CACHE_DIR/<kind>/) by a hash of everything they were
 * made from. Deleting it only costs time; a cache that cannot be written does too, nothing else.
 * Each kind keeps every entry this process used (an archive of a hundred editions prints with
 * four hundred font subsets, which a smaller cache would throw away on every build) and the
 * newest `keep` of the others (pruned to that once they are a quarter more; looked at when this
 * process first writes to the kind, and then once another build changed it or it may be over that bound).
 */
import { type Dir, mkdirSync, opendirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize } from 'node:v8';
import { cacheDir } from './config.ts';

export { cacheDir };

/** The entry `key` of `kind`, made with `make` (and kept) when it is not there. */
export async function cached(kind: string, key: string, make: () => Promise<Uint8Array>, keep = 160): Promise<Uint8Array> {
  const hit = await readCached(kind, key);
  if (hit) return hit;
  const bytes = await make();
  await writeCached(kind, key, bytes, keep);
  return bytes;
}

/** The entry `key` of `kind`, or undefined. */
export async function readCached(kind: string, key: string): Promise<Uint8Array | undefined> {
  const file = join(cacheDir(kind), key);
  used.add(file);
  // Synchronous: a build reads hundreds of small entries, and a promise each costs several times the reading.
  let hit: Buffer;
  try {
    hit = readFileSync(file);
  } catch {
    return undefined;
  }
  // Entries are written without fsync (see writeEntry): one cut short by a crash is empty.
  if (hit.length === 0) return undefined;
  read.add(file);
  // A view, not a copy (callers only read it).
  return new Uint8Array(hit.buffer, hit.byteOffset, hit.length);
}

/** Whether `kind` has any entry (one look into its folder, however many it holds). */
export function hasEntries(kind: string): boolean {
  let dir: Dir | undefined;
  try {
    dir = opendirSync(cacheDir(kind));
    return dir.readSync() !== null;
  } catch {
    return false;
  } finally {
    dir?.closeSync();
  }
}

/** The value kept as the entry `key` of `kind` with v8's serialize(), or undefined when there is none or it cannot be read. */
export async function readCachedValue<T>(kind: string, key: string): Promise<T | undefined> {
  const bytes = await readCached(kind, key);
  if (!bytes) return undefined;
  try {
    return deserialize(bytes) as T;
  } catch {
    return undefined;
  }
}

/** Entries read since the last markUsed(): marked as used then, all at once. */
const read = new Set<string>();

/**
 * Marks the entries this process read as just used (their modification time), so that pruning
 * keeps them: at the end of a plan or a build, in one synchronous pass (a build reads hundreds of
 * entries, and a promise each cost more than the marking).
 */
export function markUsed(): void {
  const now = new Date();
  for (const file of read) {
    try {
      utimesSync(file, now, now);
    } catch {
      // Pruned meanwhile by another build: nothing to mark.
    }
  }
  read.clear();
}

/** Keeps `bytes` as the entry `key` of `kind`, then prunes the kind to what was used and the newest `keep` others. */
export async function writeCached(kind: string, key: string, bytes: Uint8Array, keep = 160): Promise<void> {
  const dir = cacheDir(kind);
  const file = join(dir, key);
  used.add(file);
  try {
    const count = counts.get(dir) ?? { writes: 0 };
    counts.set(dir, count);
    // The folder changed since this process's last write to it: another build wrote or pruned there.
    const changed = folderTime(dir) !== count.time;
    writeEntry(dir, file, bytes);
    count.writes++;
    count.time = folderTime(dir);
    // Not waited for: the writes made meanwhile share the next pruning.
    if (count.listed === undefined || changed || count.listed.entries + count.writes - count.listed.writes > keep + Math.floor(keep / 4)) pruneSoon(dir, keep).catch(() => undefined);
  } catch {
    // A read-only node_modules, a full disk: no cache, same result.
  }
}

let written = 0;

/**
 * Per folder: this process's writes to it, how many entries its last pruning left (and after how
 * many of those writes it listed the folder), and its modification time after this process's last
 * write. A folder is pruned at this process's first write to it, and again only once another
 * build changed it or this process's writes may take it over its bound: listing it at every write
 * (a cold build of a hundred editions writes some two thousand entries, 1,400 of them into one
 * kind) cost that build half a second.
 */
const counts = new Map<string, { writes: number; listed?: { entries: number; writes: number }; time?: number }>();

/** The folder's modification time (an entry added, renamed or removed), as this process's writes leave it. */
function folderTime(dir: string): number | undefined {
  return statSync(dir, { throwIfNoEntry: false })?.mtimeMs;
}

/**
 * Written beside the entry, then renamed over it, so a reader never sees half of it; without
 * write-file-atomic's fsyncs (some 3 ms an entry here, and a build of a hundred editions writes
 * thousands): a cache entry lost to a crash only costs its making again.
 */
function writeEntry(dir: string, file: string, bytes: Uint8Array): void {
  const temporary = `${file}.${process.pid}${++written}`;
  try {
    try {
      writeFileSync(temporary, bytes);
    } catch (error) {
      // The folder is not there yet (or was removed since: a test, a user clearing the cache).
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(dir, { recursive: true });
      writeFileSync(temporary, bytes);
    }
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Resolves when no pruning is under way (tests, and whatever wants the folder as pruning leaves it). */
export async function cacheSettled(): Promise<void> {
  while (pruning.size) await Promise.allSettled([...pruning.values()].map((p) => p.running));
}

/** Cache files this process read or wrote. */
const used = new Set<string>();
/** Per folder: the pruning under way, and whether a write since asks for one more. */
const pruning = new Map<string, { running: Promise<void>; again: boolean }>();

/** One pruning of a folder at a time; writes meanwhile ask for one more after it. */
function pruneSoon(dir: string, keep: number): Promise<void> {
  const current = pruning.get(dir);
  if (current) {
    current.again = true;
    return current.running;
  }
  const state = { running: prune(dir, keep), again: false };
  pruning.set(dir, state);
  state.running = state.running.finally(() => {
    pruning.delete(dir);
    if (state.again) void pruneSoon(dir, keep).catch(() => undefined);
  });
  return state.running;
}

/** An entry being written (`name.<number>`), never pruned from under it. */
const TEMPORARY = /\.\d+$/;

/**
 * The kind's entries beyond those used and the newest `keep` others are removed, once they are more
 * than a quarter over: pruning looks at every entry's time, and a kind of tens of thousands of
 * entries (the per-page caches) would otherwise be looked at by every build that adds one.
 */
async function prune(dir: string, keep: number): Promise<void> {
  const bound = keep + Math.floor(keep / 4);
  const count = counts.get(dir) ?? { writes: 0 };
  counts.set(dir, count);
  const writes = count.writes;
  const all = await readdir(dir);
  count.listed = { entries: all.length, writes };
  if (all.length <= bound) return;
  const names = all.filter((n) => !TEMPORARY.test(n) && !used.has(join(dir, n)));
  if (names.length <= bound) return;
  const dated = await Promise.all(names.map(async (name) => ({ name, time: (await stat(join(dir, name)).catch(() => undefined))?.mtimeMs ?? 0 })));
  dated.sort((a, b) => b.time - a.time);
  const removed = dated.slice(keep);
  await Promise.all(removed.map(({ name }) => rm(join(dir, name), { force: true })));
  count.listed = { entries: all.length - removed.length, writes };
}
