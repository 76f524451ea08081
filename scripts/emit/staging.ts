/**
 * Atomic output: a build writes into a staging folder beside out/ and swaps it in only when
 * everything succeeded, so a failed or interrupted build leaves the previous out/ as it was.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

const STAGING = '.daan-staging-';
const RETIRED = '.daan-retired-';

export interface Staging {
  dir: string;
  write(relativePath: string, data: string | Uint8Array): Promise<void>;
  /** Swap the staging folder in as outDir. */
  commit(): Promise<void>;
  /** Remove the staging folder (after a failure). */
  discard(): Promise<void>;
}

export async function createStaging(outDir: string): Promise<Staging> {
  const out = resolve(outDir);
  const parent = dirname(out);
  await mkdir(parent, { recursive: true });
  await removeLeftovers(parent, basename(out));
  const dir = join(parent, `${STAGING}${basename(out)}-${process.pid}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return {
    dir,
    async write(relativePath, data) {
      const target = join(dir, relativePath);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, data);
    },
    async commit() {
      const retired = join(parent, `${RETIRED}${basename(out)}-${process.pid}`);
      if (existsSync(out)) await rename(out, retired);
      await rename(dir, out);
      await rm(retired, { recursive: true, force: true });
    },
    async discard() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Staging folders of builds that were killed, and an out/ retired but not yet replaced. */
async function removeLeftovers(parent: string, name: string): Promise<void> {
  const entries = await readdir(parent).catch(() => [] as string[]);
  const out = join(parent, name);
  for (const entry of entries) {
    const path = join(parent, entry);
    if (entry.startsWith(`${RETIRED}${name}-`) && !existsSync(out)) await rename(path, out);
    else if (entry.startsWith(`${STAGING}${name}-`) || entry.startsWith(`${RETIRED}${name}-`)) await rm(path, { recursive: true, force: true });
  }
}
