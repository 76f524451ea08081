/**
 * What a document's first print measured — the pages its table of contents points to, where a
 * briefing's 版记 fits — kept in the build cache by a hash of everything that print depends on:
 * the document as rendered for it, every file it may load (fonts, images), the Chromium version,
 * and the pipeline's code and packages. A document printed before then needs one print instead of
 * two, and gives the same bytes: the measurement is the one its first print would give.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { generatorHash } from '../build/input-hash.ts';
import { readCached, writeCached } from '../core/cache.ts';
import type { PrintBrowser } from './browser.ts';

const KIND = 'layout';
/** Enough for an archive of some hundred editions and their briefings. */
const KEEP = 1000;

/** The key of a first print of `html` whose document may load the files under `root`. */
export async function layoutKey(browser: PrintBrowser, root: string, html: string): Promise<string> {
  return documentKey(await browser.version(), 'layout 1', root, html);
}

/**
 * A hash of what Chromium `version` makes of `html` for `purpose`: the document, every file under
 * `root` it may load (HTML files aside: only the document itself is one), and the pipeline's code
 * and packages.
 */
export async function documentKey(version: string, purpose: string, root: string, html: string): Promise<string> {
  const hash = createHash('sha256').update(`daan ${purpose}\0${await generatorHash()}\0${version}\0${html}\0`);
  // HTML files, and another document's HTML being written beside this one (write-file-atomic's `<name>.<number>`), are no input.
  const files = (await readdir(root, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile() && !/\.(html(\.\d+)?|tmp)$/.test(entry.name));
  const paths = files.map((entry) => join(entry.parentPath, entry.name)).sort();
  for (const path of paths) {
    // A file gone since the listing was a temporary one, renamed into place meanwhile: no input either.
    const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (bytes) hash.update(`${relative(root, path)}\0`).update(bytes).update('\0');
  }
  return hash.digest('hex');
}

/** The measurement kept under `key`, or undefined. */
export async function readLayout(key: string): Promise<unknown> {
  const bytes = await readCached(KIND, `${key}.json`);
  if (!bytes) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}

export async function writeLayout(key: string, measured: unknown): Promise<void> {
  await writeCached(KIND, `${key}.json`, new TextEncoder().encode(JSON.stringify(measured)), KEEP);
}
