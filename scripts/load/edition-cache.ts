/**
 * The load stage's own cache: an edition as loadEdition made it, kept in the build cache with
 * what it read (edition.yaml, the articles and their folder's listing, the data files) and their
 * hashes. While every one of those is unchanged — files compared by their remembered hashes
 * (core/file-hashes.ts), so an unchanged archive is not even read — the edition is taken from
 * the cache and its reads are recorded again, as if they had been made. Only an edition loaded
 * without any problem is kept: bad input is always read and parsed, and its message names the
 * file, line and column. A file read through a symbolic link, or a cover photo that is no longer
 * a file inside content/, sends the edition back to loadEdition, which decides.
 */
import { lstatSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { dirname, join } from 'node:path';
import type { VFileMessage } from 'vfile-message';
import { readCached, writeCached } from '../core/cache.ts';
import { checkedKey, currentHashOf, recordReads, sha256, withReads, type CheckedReads, type Read } from '../core/inputs.ts';
import { regularFileSha256 } from '../core/file-hashes.ts';
import { generatorHash } from '../build/input-hash.ts';
import { say } from '../report/messages.ts';
import { loadEdition } from './edition.ts';
import { realFileInside } from './safe-path.ts';
import type { Edition, Site } from './model.ts';

const KIND = 'loaded-editions';

interface Kept {
  reads: Read[];
  edition: Edition;
}

/** loadEdition, from the build cache while nothing it read has changed. */
export async function loadEditionCached(dir: string, site: Site, checked?: CheckedReads): Promise<{ edition?: Edition; problems: VFileMessage[] }> {
  const key = sha256(`${await generatorHash()}\0${process.versions.v8}\0${dir}\0${JSON.stringify(site)}`);
  const kept = await readKept(key);
  if (kept && (await stillCurrent(kept, dir, checked))) {
    recordReads(kept.reads);
    return { edition: kept.edition, problems: [] };
  }
  const { value, reads } = await withReads(() => loadEdition(dir, site));
  if (value.edition && !value.problems.length) await writeCached(KIND, key, serialize({ reads, edition: value.edition } satisfies Kept), 1000);
  return value;
}

async function readKept(key: string): Promise<Kept | undefined> {
  const bytes = await readCached(KIND, key);
  if (!bytes) return undefined;
  try {
    return deserialize(bytes) as Kept;
  } catch {
    return undefined;
  }
}

/** Whether every read of the kept edition is as it was; what the planner just hashed (`checked`) is not hashed again. */
async function stillCurrent(kept: Kept, dir: string, checked?: CheckedReads): Promise<boolean> {
  // A file or folder that has become a symbolic link is checked by loadEdition (it may lead out of content/).
  const folders = new Set(kept.reads.filter((read) => read.kind === 'file').map((read) => dirname(read.path)));
  if (![...folders].every((folder) => lstatSync(folder, { throwIfNoEntry: false })?.isDirectory())) return false;
  for (const read of kept.reads) {
    const now = checked?.get(checkedKey(read)) ?? (read.kind === 'file' ? await regularFileSha256(read.path) : await currentHashOf(read));
    if (now !== read.hash) return false;
  }
  const cover = kept.edition.cover.image;
  if (cover && 'refusal' in (await realFileInside(join(dir, cover.src), dirname(dir), say('noun-cover-image')))) return false;
  return true;
}
