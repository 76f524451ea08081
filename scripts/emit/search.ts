/**
 * Full-text search across every edition: a Pagefind index of the article pages (the element
 * marked data-pagefind-body), written to out/pagefind/ in bundles (see SearchIndexer). search.html and assets/search.js query it
 * in the browser. Pagefind loads its index with fetch(), which browsers refuse for file:// pages:
 * search needs the archive served (daan serve, or any static server over out/).
 *
 * Pages are handed to Pagefind (a separate process) as they are rendered, so that indexing runs
 * beside the rest of the build. Chinese has no spaces between words: each run of Han characters
 * is cut into words first (Intl.Segmenter, ICU's dictionary — the same segmentation the browser
 * applies to a query) and the words are separated by U+200B ZERO WIDTH SPACE, which Pagefind
 * splits on. That is three times faster than letting Pagefind segment on its own, and the page
 * text Pagefind keeps for excerpts reads the same (search.js removes the zero width spaces).
 *
 * Pagefind ends every block that does not end in punctuation (a title, a heading, a table cell)
 * with ". ", an English full stop, which its excerpts then show between Chinese fields. The copy
 * it is given ends such blocks with Chinese punctuation instead: a cell with "，", any other
 * block with "。". The pages themselves are unchanged.
 */
import { createHash } from 'node:crypto';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { createIndex, close, type PagefindIndex } from 'pagefind';
import { UserError } from '../report/problems.ts';
import { say } from '../report/messages.ts';
import { readCached, writeCached } from '../core/cache.ts';
import { generatorHash } from '../build/input-hash.ts';
import { reuseFiles } from '../build/incremental.ts';
import { readSha256Now } from '../core/file-hashes.ts';
import { byPath, type Manifest, type ManifestEntry } from './manifest.ts';

/** A page of out/ by its content hash, read only when its indexed copy is not in the build cache. */
export interface HashedPage {
  path: string;
  sha256: string;
  html: () => Promise<string>;
}

/** Pagefind's bundled UIs: search.js does without them. */
const UNUSED = /^pagefind-(ui|modular-ui|component-ui|highlight)\.|^playground\//;

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** Han runs cut into words separated by U+200B; everything else as it is. */
export function segmentHan(text: string): string {
  return text.replace(/\p{Script=Han}{2,}/gu, (run) => {
    let out = '';
    for (const { segment } of segmenter.segment(run)) out += out ? `\u200b${segment}` : segment;
    return out;
  });
}

/**
 * The last character of a block (skipping white space and the end tags of inline elements)
 * and the block's end tag.
 */
const BLOCK_END = /([^\s>])((?:\s*<\/(?:a|abbr|b|bdi|bdo|cite|dfn|em|i|mark|q|s|small|span|strong|sub|sup|time|u)>)*)(\s*<\/(p|h[1-6]|li|dt|dd|td|th|caption|figcaption|blockquote)>)/g;

/** What Pagefind takes as a block's closing punctuation: any but ASCII, and ASCII . ! ? */
const CLOSED = /[.!?]|(?![\x00-\x7f])\p{P}/u;

/** Blocks that end without punctuation end with Chinese punctuation: "，" after a cell, else "。". */
export function punctuateBlocks(html: string): string {
  return html.replace(BLOCK_END, (whole, last: string, inline: string, end: string, tag: string) =>
    CLOSED.test(last) ? whole : `${last}${inline}${tag === 'td' || tag === 'th' ? '，' : '。'}${end}`,
  );
}

/**
 * Pagefind titles a page with its first h1, which punctuateBlocks() would end with "。": a page
 * that names no title of its own gets that h1's text as it stands, in a meta element.
 */
function keepTitle(html: string): string {
  if (/data-pagefind-meta="title/.test(html)) return html;
  const h1 = /<h1\b[^>]*>([\s\S]*?)<\/h1>/.exec(html);
  const title = h1?.[1].replace(/<[^>]*>/g, '').trim().replace(/"/g, '&quot;');
  return title ? html.replace(/<head>/, `<head><meta data-pagefind-meta="title[content]" content="${title}">`) : html;
}

/** The text of the page's elements punctuated and segmented; tags, attributes and scripts untouched. */
export function indexedPage(html: string): string {
  return punctuateBlocks(keepTitle(html)).replace(/>([^<]+)</g, (_, text: string) => `>${segmentHan(text)}<`);
}

/** Where a search bundle of the previous build can be taken from: its key (see SearchIndexer) and out/'s files. */
export interface PreviousSearch {
  outDir: string;
  /** Bundle name → key, as the previous manifest recorded them (units `search/<bundle>`). */
  keys: Record<string, string>;
  files: ManifestEntry[];
}

/** The search index in bundles: pagefind/<bundle>/, listed in this file for search.js. */
export const SEARCH_BUNDLES = 'bundles.json';

/** The bundle of the pages that belong to no edition (the briefings'). */
export const SITE_BUNDLE = 'site';

interface Bundle {
  /** Every page handed in, for the key: `path sha256`. */
  pages: string[];
  /** Pages held back while the bundle may still be reused. */
  held: (() => Promise<[string, string][]>)[];
  /** Its pages go to Pagefind as they come (one was rendered this time, or there is nothing to reuse). */
  indexing: boolean;
  /** The pages handed to Pagefind, in order (the index depends on it). */
  queue: Promise<unknown>;
  index?: Promise<PagefindIndex>;
  indexed: number;
}

/**
 * The search index of the archive, cut into bundles: one per year of editions, one for the
 * pages of no edition. The browser merges them (Pagefind's mergeIndex; the merged bundles use the
 * first one's WebAssembly). Pagefind cannot update an index (upstream issue 71), but a bundle whose
 * pages are the same as last time is taken from the previous out/ as it is: an edited article
 * costs the index of its year, not the archive's. A bundle's key is the hash of its pages (paths
 * and contents) and of the pipeline; a bundle that holds a page rebuilt this time is indexed as
 * its pages come, beside the rest of the build, the others once all their pages are known.
 */
export class SearchIndexer {
  private readonly pending: Promise<unknown>[] = [];
  private readonly errors: string[] = [];
  private readonly bundles = new Map<string, Bundle>();

  private constructor(private readonly previous: PreviousSearch | undefined) {}

  static async start(previous?: PreviousSearch): Promise<SearchIndexer> {
    return new SearchIndexer(previous);
  }

  /** Queues one page (path relative to out/) of the bundle of no edition; only pages with data-pagefind-body are indexed. */
  add(path: string, html: string): void {
    const sha256 = createHash('sha256').update(html).digest('hex');
    this.addTo(SITE_BUNDLE, [`${path} ${sha256}`], async () => (html.includes('data-pagefind-body') ? [[path, indexedPage(html)]] : []), false);
  }

  /**
   * Queues the pages of one edition, in order, into `bundle`; `fresh` when they were rendered this
   * time (their bundle is indexed at once). Their indexed copies are kept in the build cache by
   * the pages' hashes: an edition reused from the previous build is neither read back nor
   * segmented again (segmenting every page of a large archive costs seconds).
   */
  async addGroup(bundle: string, pages: HashedPage[], fresh = true): Promise<void> {
    this.addTo(bundle, pages.map((page) => `${page.path} ${page.sha256}`), () => indexedCopies(pages), fresh);
  }

  private addTo(name: string, pages: string[], indexed: () => Promise<[string, string][]>, fresh: boolean): void {
    let bundle = this.bundles.get(name);
    if (!bundle) {
      bundle = { pages: [], held: [], indexing: false, queue: Promise.resolve(), indexed: 0 };
      this.bundles.set(name, bundle);
    }
    bundle.pages.push(...pages);
    bundle.held.push(indexed);
    if (fresh || bundle.indexing || !this.previous?.keys[name]) this.release(bundle);
  }

  /** Hands the bundle's held pages to its Pagefind index (started on the first), in the order they came. */
  private release(bundle: Bundle): void {
    bundle.indexing = true;
    for (const indexed of bundle.held.splice(0)) {
      bundle.queue = bundle.queue.then(async () => {
        for (const [path, content] of await indexed()) {
          bundle.indexed++;
          bundle.index ??= startIndex();
          const added = bundle.index.then((index) => index.addHTMLFile({ url: `/${path}`, content })).then((r) => this.errors.push(...r.errors.map((e) => `${path}: ${e}`)));
          added.catch(() => undefined);
          this.pending.push(added);
        }
      });
      bundle.queue.catch(() => undefined);
      this.pending.push(bundle.queue);
    }
  }

  /**
   * Waits for every page, then has Pagefind write each bundle's index into pagefind/<bundle>/ of
   * the staging folder itself: handing the files back over its pipe, base64 in one JSON
   * message, costs more than writing them. A bundle unchanged since the previous build is linked
   * from out/ instead. Writes the list of bundles (bundles.json) and returns the pages indexed
   * this time, the bundles reused, and each bundle's key for the manifest.
   */
  async finish(stagingDir: string): Promise<{ pages: number; reused: number; keys: Record<string, string> }> {
    const dir = join(stagingDir, PAGEFIND_DIR);
    try {
      const keys: Record<string, string> = {};
      const generator = await generatorHash();
      let reused = 0;
      for (const [name, bundle] of this.bundles) {
        keys[name] = createHash('sha256').update(`${generator}\0${process.versions.icu}\0${bundle.pages.join('\n')}`).digest('hex');
        if (bundle.indexing) continue;
        if (await this.reuse(name, keys[name], stagingDir)) reused++;
        else this.release(bundle);
      }
      // Each bundle's queue, and the pages it queued meanwhile.
      for (let done = 0; done < this.pending.length; ) {
        const waiting = this.pending.slice(done);
        done = this.pending.length;
        await Promise.all(waiting);
      }
      if (this.errors.length) throw new Error(this.errors.slice(0, 5).join('; '));
      let pages = 0;
      for (const [name, bundle] of this.bundles) {
        if (!bundle.index) {
          // Not indexed: reused, or no page of it has a body to index (then it is not written).
          if (bundle.indexing) delete keys[name];
          continue;
        }
        pages += bundle.indexed;
        const written = await (await bundle.index).writeFiles({ outputPath: join(dir, name) });
        if (written.errors.length) throw new Error(written.errors.join('; '));
        await removeUnused(join(dir, name));
      }
      const names = Object.keys(keys).sort(byPath);
      await writeFile(join(dir, SEARCH_BUNDLES), `${JSON.stringify(names)}\n`);
      return { pages, reused, keys: Object.fromEntries(names.map((name) => [name, keys[name]])) };
    } catch (error) {
      throw new UserError(say('search-build', { error: (error as Error).message }), { cause: error });
    } finally {
      await stopSearchService();
    }
  }

  /** Links the previous build's files of the bundle into `dir` when its key is the same and they are intact in out/. */
  private async reuse(name: string, key: string, stagingDir: string): Promise<boolean> {
    const previous = this.previous;
    if (!previous || previous.keys[name] !== key) return false;
    const prefix = `${PAGEFIND_DIR}/${name}/`;
    const files = previous.files.filter((f) => f.path.startsWith(prefix));
    if (!files.length) return false;
    if (!files.every((f) => readSha256Now(join(previous.outDir, f.path)) === f.sha256)) return false;
    await reuseFiles(previous.outDir, stagingDir, files);
    return true;
  }

  /** Stops Pagefind without writing (the build failed). */
  async abort(): Promise<void> {
    await Promise.allSettled(this.pending);
    await stopSearchService();
  }
}

/** The bundles' keys as the manifest records them: units `search/<bundle>`. */
export function searchUnits(keys: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(keys).map(([name, key]) => [`search/${name}`, key]));
}

/** The bundles' keys of a previous build's manifest. */
export function searchKeys(manifest: Manifest): Record<string, string> {
  return Object.fromEntries(Object.entries(manifest.units ?? {}).flatMap(([unit, key]) => (unit.startsWith('search/') ? [[unit.slice('search/'.length), key]] : [])));
}

/** out/pagefind/: the bundles and their list. */
export const PAGEFIND_DIR = 'pagefind';

/**
 * An index started ahead of the search step (startSearchAhead): starting Pagefind's service forks
 * this process, which costs the build's one thread about a tenth of a second once its heap has
 * grown, so it is better started while the build waits for Chromium.
 */
let ahead: Promise<PagefindIndex> | undefined;

/** Starts Pagefind's service and its first index now, for the search step to take; stopSearchService() ends it if the build stops first. */
export function startSearchAhead(): void {
  if (ahead) return;
  ahead = createSearchIndex();
  ahead.catch(() => undefined);
}

/** Ends Pagefind's service (and so any index started ahead). */
export async function stopSearchService(): Promise<void> {
  const started = ahead;
  ahead = undefined;
  await started?.catch(() => undefined);
  await close();
}

async function startIndex(): Promise<PagefindIndex> {
  const started = ahead;
  ahead = undefined;
  return started ?? createSearchIndex();
}

async function createSearchIndex(): Promise<PagefindIndex> {
  const { index, errors } = await createIndex({});
  if (!index) throw new UserError(say('search-start', { errors: errors.join('; ') }));
  return index;
}

/**
 * The indexed copies of an edition's pages, from the build cache by the pages' hashes, or made and
 * kept there: the edition's as one entry, and each page's as one of its own, so that an edition
 * with one page changed segments that page alone.
 */
async function indexedCopies(pages: HashedPage[]): Promise<[string, string][]> {
  const base = `${await generatorHash()}\0${process.versions.icu}`;
  const hash = createHash('sha256').update(base);
  for (const page of pages) hash.update(`\0${page.path}\0${page.sha256}`);
  const key = `${hash.digest('hex')}.json`;
  const hit = await readCached(SEARCH_INPUT, key);
  if (hit) return JSON.parse(new TextDecoder().decode(hit)) as [string, string][];
  const indexed: [string, string][] = [];
  for (const page of pages) {
    const copy = await indexedCopy(page, base);
    if (copy !== undefined) indexed.push([page.path, copy]);
  }
  await writeCached(SEARCH_INPUT, key, new TextEncoder().encode(JSON.stringify(indexed)), SEARCH_INPUT_KEEP);
  return indexed;
}

const SEARCH_INPUT = 'search-input';
/** Entries kept beyond those a build used: an edition's and each of its pages' (a large archive has thousands of pages). */
const SEARCH_INPUT_KEEP = 20_000;

/** One page's indexed copy (undefined: it has nothing to index), from the build cache by its hash. */
async function indexedCopy(page: HashedPage, base: string): Promise<string | undefined> {
  const key = `${createHash('sha256').update(`${base}\0page\0${page.path}\0${page.sha256}`).digest('hex')}.json`;
  const hit = await readCached(SEARCH_INPUT, key);
  if (hit) return (JSON.parse(new TextDecoder().decode(hit)) as { copy?: string }).copy;
  const html = await page.html();
  const copy = html.includes('data-pagefind-body') ? indexedPage(html) : undefined;
  await writeCached(SEARCH_INPUT, key, new TextEncoder().encode(JSON.stringify({ copy })), SEARCH_INPUT_KEEP);
  return copy;
}

/** Pagefind's bundled UIs and their folders: search.js does without them. */
async function removeUnused(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = relative(dir, join(entry.parentPath, entry.name)).replace(/\\/g, '/');
    if (UNUSED.test(path)) await rm(join(dir, path));
  }
  for (const entry of await readdir(dir, { withFileTypes: true })) if (entry.isDirectory() && UNUSED.test(`${entry.name}/`)) await rm(join(dir, entry.name), { recursive: true, force: true });
}
