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
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { dirname, join } from 'node:path';
import type { VFileMessage } from 'vfile-message';
import { cacheDir, readCached, readCachedValue, writeCached } from '../core/cache.ts';
import { checkedKey, currentHashOf, recordReads, sha256, withReads, type CheckedReads, type Read } from '../core/inputs.ts';
import { regularFileSha256 } from '../core/file-hashes.ts';
import { generatorHash } from '../build/input-hash.ts';
import { say } from '../report/messages.ts';
import { loadEdition, sortArticles } from './edition.ts';
import { loadArticle } from './article.ts';
import { realFileInside, refuseOutside } from './safe-path.ts';
import { decodeUtf8 } from './read-text.ts';
import { UserError } from '../report/problems.ts';
import type { Edition, Site } from './model.ts';

const KIND = 'loaded-editions';

interface Kept {
  reads: Read[];
  edition: Edition;
}

/**
 * loadEdition, from the build cache while nothing it read has changed. When only some of its
 * articles changed (an edited paragraph), those alone are loaded again and put in their places
 * (loadArticle, with the front matter taken from the kept article when it is the same): the
 * settings, the data and the other articles are not read, parsed or checked again.
 *
 * The articles' texts, two thirds of a kept edition, are a cache entry of their own: with `light`
 * (an edition the build reuses, whose pages are not made again), an edition taken from the cache
 * reads them only if something asks for an article's text (an article that includes another).
 */
export async function loadEditionCached(dir: string, site: Site, checked?: CheckedReads, light = false): Promise<{ edition?: Edition; problems: VFileMessage[] }> {
  const key = sha256(`${await generatorHash()}\0${process.versions.v8}\0${dir}\0${JSON.stringify(site)}`);
  const kept = await readKept(key);
  const changed = kept ? await changedReads(kept, dir, checked) : undefined;
  if (kept && changed?.length === 0) {
    const edition = light ? withTextsOnDemand(kept, key) : await withTexts(kept.edition, key);
    if (edition) {
      recordReads(kept.reads);
      return { edition, problems: [] };
    }
  }
  const whole = kept && changed?.length ? await withTexts(kept.edition, key) : undefined;
  const reloaded = kept && whole && changed ? await withArticlesReloaded({ reads: kept.reads, edition: whole }, dir, changed) : undefined;
  if (reloaded) {
    await writeKept(key, reloaded);
    return { edition: reloaded.edition, problems: [] };
  }
  const { value, reads } = await withReads(() => loadEdition(dir, site));
  if (value.edition && !value.problems.length) await writeKept(key, { reads, edition: value.edition });
  return value;
}

/** The kept edition, its articles without their texts (withTexts, withTextsOnDemand). */
function readKept(key: string): Promise<Kept | undefined> {
  return readCachedValue<Kept>(KIND, key);
}

/** The edition, and its articles' texts in an entry of their own. */
async function writeKept(key: string, kept: Kept): Promise<void> {
  await writeCached(KIND, textsKey(key), serialize(kept.edition.articles.map((article) => article.text)), 1000);
  await writeCached(KIND, key, serialize({ reads: kept.reads, edition: { ...kept.edition, articles: kept.edition.articles.map((article) => ({ ...article, text: '' })) } } satisfies Kept), 1000);
}

const textsKey = (key: string) => `${key}.texts`;

/** The kept texts of an edition's articles, or undefined (missing, damaged, not those articles). */
function keptTexts(bytes: Uint8Array | undefined, edition: Edition): string[] | undefined {
  if (!bytes) return undefined;
  try {
    const texts = deserialize(bytes) as unknown;
    return Array.isArray(texts) && texts.length === edition.articles.length && texts.every((text) => typeof text === 'string') ? texts : undefined;
  } catch {
    return undefined;
  }
}

/** The kept edition with its articles' texts; undefined when they are not in the cache. */
async function withTexts(edition: Edition, key: string): Promise<Edition | undefined> {
  const texts = keptTexts(await readCached(KIND, textsKey(key)), edition);
  return texts && { ...edition, articles: edition.articles.map((article, i) => ({ ...article, text: texts[i] })) };
}

/**
 * The kept edition, each article's text read when first asked for: from the cache, or else from
 * its file, which must then hold the bytes the edition was loaded from. Undefined when neither can be.
 */
function withTextsOnDemand(kept: Kept, key: string): Edition | undefined {
  const file = join(cacheDir(KIND), textsKey(key));
  if (!existsSync(file)) return undefined;
  let texts: string[] | undefined;
  const read = (): string[] => {
    texts ??= keptTexts(readFileSyncOr(file), kept.edition) ?? kept.edition.articles.map((article) => textOfFile(article.file, kept.reads));
    return texts;
  };
  const articles = kept.edition.articles.map((article, i) => {
    const lazy = { ...article };
    Object.defineProperty(lazy, 'text', { get: () => read()[i], enumerable: true, configurable: true });
    return lazy;
  });
  return { ...kept.edition, articles };
}

function readFileSyncOr(file: string): Uint8Array | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** An article's text read again from its file, which must hold the bytes the edition was loaded from (their hash, `reads`). */
function textOfFile(file: string, reads: Read[]): string {
  const bytes = readFileSync(file);
  const decoded = decodeUtf8(bytes, file);
  if (reads.find((read) => read.kind === 'file' && read.path === file)?.hash !== sha256(bytes) || 'error' in decoded) {
    throw new UserError(say('article-changed-during-build', { file }));
  }
  return decoded.text;
}

/**
 * The reads of the kept edition that are not as they were (none: it is current); what the planner
 * just hashed (`checked`) is not hashed again. Undefined when the kept edition cannot be trusted
 * at all: a folder it read from is no longer a folder, or its cover photo is no longer a file inside content/.
 */
async function changedReads(kept: Kept, dir: string, checked?: CheckedReads): Promise<Read[] | undefined> {
  // A file or folder that has become a symbolic link is checked by loadEdition (it may lead out of content/).
  const folders = new Set(kept.reads.filter((read) => read.kind === 'file').map((read) => dirname(read.path)));
  if (![...folders].every((folder) => lstatSync(folder, { throwIfNoEntry: false })?.isDirectory())) return undefined;
  const changed: Read[] = [];
  for (const read of kept.reads) {
    const now = checked?.get(checkedKey(read)) ?? (read.kind === 'file' ? await regularFileSha256(read.path) : await currentHashOf(read));
    if (now !== read.hash) changed.push(read);
  }
  const cover = kept.edition.cover.image;
  if (cover && 'refusal' in (await realFileInside(join(dir, cover.src), dirname(dir), say('noun-cover-image')))) return undefined;
  return changed;
}

/**
 * The kept edition with the articles whose files changed loaded again, as loadEdition would load
 * them; undefined (loadEdition decides) when anything else changed — the settings, the data, the
 * list of articles — or a changed article now has a problem, which loadEdition reports in its place.
 */
async function withArticlesReloaded(kept: Kept, dir: string, changed: Read[]): Promise<Kept | undefined> {
  const articles = new Map(kept.edition.articles.map((article) => [article.file, article]));
  const folder = join(dir, 'articles');
  if (!changed.every((read) => read.kind === 'file' && dirname(read.path) === folder && articles.has(read.path))) return undefined;
  const fresh = new Map<string, Read>();
  for (const read of changed) {
    // As loadEdition loads an article: one that is a symlink out of content/ (or not a file) is refused, not read.
    if (await refuseOutside(read.path, dirname(dir), say('noun-article'))) return undefined;
    const { value, reads } = await withReads(() => loadArticle(read.path, articles.get(read.path)));
    const now = reads.find((r) => r.kind === 'file' && r.path === read.path);
    if (!value.article || value.problems.length || !now) return undefined;
    articles.set(read.path, value.article);
    fresh.set(read.path, now);
  }
  // What the other parts of the edition read counts as read again (the reloaded articles recorded their own reads).
  recordReads(kept.reads.filter((read) => !(read.kind === 'file' && fresh.has(read.path))));
  const reads = kept.reads.map((read) => (read.kind === 'file' && fresh.get(read.path)) || read);
  return { reads, edition: { ...kept.edition, articles: sortArticles([...articles.values()], kept.edition.columns.map((column) => column.name)) } };
}
