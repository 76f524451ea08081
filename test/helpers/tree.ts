/** A folder's content as one hash: every path (files, folders, symlinks) with its bytes, in order. */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

export function hashTree(dir: string): string {
  const hash = createHash('sha256');
  const walk = (rel: string) => {
    const entries = readdirSync(join(dir, rel)).sort();
    for (const name of entries) {
      const path = rel ? `${rel}/${name}` : name;
      const info = lstatSync(join(dir, path));
      if (info.isSymbolicLink()) hash.update(`L ${path} -> ${readlinkSync(join(dir, path))}\n`);
      else if (info.isDirectory()) {
        hash.update(`D ${path}\n`);
        walk(path);
      } else {
        hash.update(`F ${path} ${info.size}\n`);
        hash.update(readFileSync(join(dir, path)));
      }
    }
  };
  walk('');
  return hash.digest('hex');
}

/** Every file below `dir` with its sha256, for messages that say what changed. */
export function listTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[path.slice(dir.length + 1)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return files;
}
