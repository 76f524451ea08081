/** out/manifest.json: every output file with its size and sha256, in a stable order. */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

export interface ManifestEntry {
  path: string;
  size: number;
  sha256: string;
}

export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).replace(/\\/g, '/'))
    .sort();
}

export async function manifestEntries(dir: string, skip: (path: string) => boolean = (p) => p === 'manifest.json'): Promise<ManifestEntry[]> {
  const files = (await listFiles(dir)).filter((p) => !skip(p));
  return Promise.all(
    files.map(async (path) => {
      const bytes = await readFile(join(dir, path));
      return { path, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    }),
  );
}
