/**
 * The build cache: results that are slow to make and depend only on their inputs (font subsets,
 * chart drawings), kept under node_modules/.cache/daan/<kind>/ (or $DAAN_CACHE_DIR/<kind>/) by a
 * hash of everything they were made from (also what a first print measured: see print/layout-cache.ts). Deleting it only costs time; a cache that cannot be
 * written does too, nothing else. Each kind keeps its newest `keep` entries.
 */
import { mkdir, readFile, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export function cacheDir(kind: string): string {
  return join(process.env.DAAN_CACHE_DIR ?? join(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'daan'), kind);
}

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
  const hit = await readFile(file).catch(() => undefined);
  if (!hit) return undefined;
  const now = new Date();
  await utimes(file, now, now).catch(() => undefined);
  return new Uint8Array(hit);
}

/** Keeps `bytes` as the entry `key` of `kind` (and the newest `keep` entries of the kind). */
export async function writeCached(kind: string, key: string, bytes: Uint8Array, keep = 160): Promise<void> {
  const dir = cacheDir(kind);
  const file = join(dir, key);
  try {
    await mkdir(dir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, file);
    await prune(dir, keep);
  } catch {
    // A read-only node_modules: no cache, same result.
  }
}

async function prune(dir: string, keep: number): Promise<void> {
  const names = (await readdir(dir)).filter((n) => !n.endsWith('.tmp'));
  if (names.length <= keep) return;
  const dated = await Promise.all(names.map(async (name) => ({ name, time: (await stat(join(dir, name)).catch(() => undefined))?.mtimeMs ?? 0 })));
  dated.sort((a, b) => b.time - a.time);
  await Promise.all(dated.slice(keep).map(({ name }) => rm(join(dir, name), { force: true })));
}
