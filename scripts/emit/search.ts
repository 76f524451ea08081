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
import { lstatSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PagefindIndex } from 'pagefind';
import { createWatchedIndex, pagefindStopped, stopPagefind } from './pagefind-service.ts';
import { UserError } from '../report/problems.ts';
import { say } from '../report/messages.ts';
import { readCached, writeCached } from '../core/cache.ts';
import { generatorHash } from '../build/input-hash.ts';
import { reuseFiles } from '../build/incremental.ts';
import { outFileSha256 } from '../core/file-hashes.ts';
import { byPath, PAGEFIND_DIR, type Manifest, type ManifestEntry } from './manifest.ts';
import { isDiskFull, writeError, type Staging } from './staging.ts';

/** A page of out/ by its content hash, read only when its indexed copy is not in the build cache. */
export interface HashedPage {
  path: string;
  sha256: string;
  html: () => Promise<string>;
}

/** Pagefind's bundled UIs: search.js does without them. */
const UNUSED = /^pagefind-(ui|modular-ui|component-ui|highlight)\.|^playground\//;

export { indexedPage, punctuateBlocks, segmentHan } from './search-words.mjs';

/** Where a search bundle of the previous build can be taken from: its key (see SearchIndexer) and out/'s files. */
export interface PreviousSearch {
  outDir: string;
  /** Bundle name → key, as the previous manifest recorded them (units `search/<bundle>`). */
  keys: Record<string, string>;
  files: ManifestEntry[];
}

/** Where the index is written: the staging folder, which learns the files linked from out/ (emit/staging.ts), and the out/ it will become. */
type SearchStaging = Pick<Staging, 'dir' | 'linked'> & Partial<Pick<Staging, 'out'>>;

/** The search index in bundles: pagefind/<bundle>/, listed in this file for search.js. */
export const SEARCH_BUNDLES = 'bundles.json';

/** The bundle of the pages of no year: the editions' own pages (covers and tables of contents), the archive's and the briefings'. */
export const SITE_BUNDLE = 'site';

interface Bundle {
  /** Every page handed in, for the key: `path sha256` (of the page, or of its indexed copy). */
  pages: (string[] | Promise<string[]>)[];
  /** Pages held back while the bundle may still be reused. */
  held: (() => Promise<[string, string][]>)[];
  /** Its pages go to Pagefind as they come (one was rendered this time, or there is nothing to reuse). */
  indexing: boolean;
  /** The pages handed to Pagefind, in order (the index depends on it). */
  queue: Promise<unknown>;
  /** Each page's addition to the index. */
  adds: Promise<unknown>[];
  index?: Promise<PagefindIndex>;
  indexed: number;
  /** Once it has all its pages: its key, and its files written (or taken from out/). */
  sealed?: Promise<void>;
  key?: string;
  reused?: boolean;
}

/**
 * The search index of the archive, cut into bundles: one per year of the editions' articles, one
 * for the pages of no year. The browser merges them (Pagefind's mergeIndex; the merged bundles use the
 * first one's WebAssembly). Pagefind cannot update an index (upstream issue 71), but a bundle whose
 * pages are the same as last time is taken from the previous out/ as it is: an edited article
 * costs the index of its year, not the archive's. A bundle's key is the hash of its pages (paths
 * and contents) and of the pipeline; a bundle that holds a page rebuilt this time is indexed as
 * its pages come, beside the rest of the build, the others once all their pages are known. A
 * bundle is written as soon as it has all its pages (sealGroups), while the build goes on.
 *
 * Smaller bundles would re-index less (Pagefind costs ~6 ms a page), but a search fetches a part
 * of the word index of every bundle, ~25 KB a word each: with the 100-edition archive, a search
 * fetched 0.5–1.3 MB with bundles per year, 1.0–2.1 MB per half-year, 3.0–3.2 MB per edition
 * (npm run bench:search).
 */
export class SearchIndexer {
  private readonly bundles = new Map<string, Bundle>();
  private stopping?: Promise<void>;
  private stop(): Promise<void> {
    this.stopping ??= stopSearchService().catch(() => undefined);
    return this.stopping;
  }

  /** Every edition's pages are in (sealGroups without an open bundle, finish, abort): the unchanged bundles are taken from out/ then. */
  private editionsIn: () => void = () => {};
  private readonly allEditions = new Promise<void>((resolve) => (this.editionsIn = resolve));
  private constructor(private readonly previous: PreviousSearch | undefined) {}

  /**
   * Starts Pagefind at once (startSearchAhead: its start costs a third of a second, and more once
   * the build's heap has grown): call it before the content loads, and abort() it if the build fails.
   */
  static start(previous?: PreviousSearch, options: { wordsAhead?: boolean } = {}): SearchIndexer {
    startSearchAhead();
    if (options.wordsAhead) startWordsAhead();
    return new SearchIndexer(previous);
  }

  /**
   * Queues pages (paths relative to out/) of the bundle of no year; only pages with
   * data-pagefind-body are indexed. Their indexed copies are made at once, and the bundle's key is
   * theirs: most of its pages have nothing to index (the home page, the editions' own pages), and
   * those change with every PDF printed, whose size they show, which leaves the index as it was.
   */
  addSitePages(pages: HashedPage[]): void {
    const copies = Promise.all(pages.map(async (page): Promise<[string, string]> => [page.path, await page.html()])).then(async (html) => (await indexedCopiesOffThread(html)).indexed);
    const keys = copies.then((indexed) => indexed.map(([path, copy]) => `${path} ${createHash('sha256').update(copy).digest('hex')}`));
    // Awaited when the bundle is sealed; a build that fails first (its words thread ended) never seals it.
    for (const pending of [copies, keys]) pending.catch(() => undefined);
    this.addTo(SITE_BUNDLE, keys, () => copies, false);
  }

  /**
   * Queues the pages of one edition, in order, into `bundle`; `fresh` when they were rendered this
   * time (their bundle is indexed at once). Their indexed copies are kept in the build cache by
   * the pages' hashes: an edition reused from the previous build is neither read back nor
   * segmented again (segmenting every page of a large archive costs seconds).
   */
  async addGroup(bundle: string, pages: HashedPage[], fresh = true): Promise<void> {
    this.ahead.delete(bundle);
    this.addHashed(bundle, pages, fresh);
  }

  /**
   * Queues reused pages of a bundle that will be indexed again (an edition rebuilt this time comes
   * later in it), before anything is rendered: Pagefind adds them while the build loads and
   * renders. The bundle stays open (sealGroups passes it by) until addGroup gives it its next pages.
   */
  addAhead(bundle: string, pages: HashedPage[]): void {
    this.ahead.add(bundle);
    this.addHashed(bundle, pages, true);
  }

  /** Pages keyed by their hashes, their indexed copies from the build cache by the same (indexedCopies). */
  private addHashed(bundle: string, pages: HashedPage[], fresh: boolean): void {
    this.addTo(bundle, pages.map((page) => `${page.path} ${page.sha256}`), () => indexedCopies(pages), fresh);
  }

  /** Bundles given pages by addAhead that the editions in order have not reached yet. */
  private readonly ahead = new Set<string>();

  private addTo(name: string, pages: string[] | Promise<string[]>, indexed: () => Promise<[string, string][]>, fresh: boolean): void {
    let bundle = this.bundles.get(name);
    if (!bundle) {
      bundle = { pages: [], held: [], indexing: false, queue: Promise.resolve(), adds: [], indexed: 0 };
      this.bundles.set(name, bundle);
    }
    if (bundle.sealed) throw new Error(`search bundle ${name} was given a page after it was sealed`);
    // The words thread starts with the first pages (~40 ms, beside the build), not before: while
    // Chromium prints, its memory (~14 MB idle) would add to the build's peak.
    words ??= startWordsThread();
    bundle.pages.push(pages);
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
          const added = bundle.index.then((index) => index.addHTMLFile({ url: `/${path}`, content })).then((r) => {
            if (r.errors.length) throw new Error(r.errors.map((e) => `${path}: ${e}`).join('; '));
          });
          added.catch(() => undefined);
          bundle.adds.push(added);
        }
      });
      bundle.queue.catch(() => undefined);
    }
  }

  /**
   * The bundles of editions (all but the site's, and but `open`, which is still given pages) have
   * all their pages: each is written into pagefind/<bundle>/ of the staging folder, or taken from
   * out/, beside the rest of the build.
   */
  sealGroups(staging: SearchStaging, open?: string): void {
    for (const [name, bundle] of this.bundles) if (name !== SITE_BUNDLE && name !== open && !(open !== undefined && this.ahead.has(name)) && !bundle.sealed) this.seal(name, bundle, staging);
    if (open === undefined) this.editionsIn();
  }

  /**
   * Has Pagefind write the bundle's index into pagefind/<bundle>/ of the staging folder itself
   * (handing the files back over its pipe, base64 in one JSON message, costs more than writing
   * them), once its pages are all in; a bundle unchanged since the previous build is linked from
   * out/ instead.
   */
  private seal(name: string, bundle: Bundle, staging: SearchStaging): void {
    const stagingDir = staging.dir;
    const sealing = async () => {
      const generator = await generatorHash();
      const pages = (await Promise.all(bundle.pages)).flat();
      bundle.key = createHash('sha256').update(`${generator}\0${process.versions.icu}\0${pages.join('\n')}`).digest('hex');
      if (!bundle.indexing) {
        // Linking its files waits until the bundles being indexed again have all their pages: those are the build's critical path.
        await this.allEditions;
        if (await this.reuse(name, bundle.key, staging)) {
          bundle.reused = true;
          return;
        }
        this.release(bundle);
      }
      await bundle.queue;
      await Promise.all(bundle.adds);
      // No page of it has a body to index: it is not written.
      if (!bundle.index) return;
      const written = await (await bundle.index).writeFiles({ outputPath: join(stagingDir, PAGEFIND_DIR, name) });
      if (written.errors.length) throw new Error(written.errors.join('; '));
      await removeUnused(join(stagingDir, PAGEFIND_DIR, name));
    };
    bundle.sealed = sealing().catch((error) => {
      throw stoppedError(error, join(staging.out ?? stagingDir, PAGEFIND_DIR, name));
    });
    bundle.sealed.catch(() => undefined);
  }

  /**
   * Seals the bundles not sealed yet, waits for every bundle, and writes the list of bundles
   * (bundles.json). Returns the pages indexed this time, the bundles reused, and each bundle's key
   * for the manifest.
   */
  async finish(staging: SearchStaging): Promise<{ pages: number; reused: number; keys: Record<string, string> }> {
    const stagingDir = staging.dir;
    this.editionsIn();
    try {
      for (const [name, bundle] of this.bundles) if (!bundle.sealed) this.seal(name, bundle, staging);
      await Promise.all([...this.bundles.values()].map((bundle) => bundle.sealed));
      const keys: Record<string, string> = {};
      let pages = 0;
      let reused = 0;
      for (const [name, bundle] of this.bundles) {
        if (bundle.reused) reused++;
        // Indexed, but without a page to index: not written, so not listed.
        else if (!bundle.index) continue;
        pages += bundle.indexed;
        keys[name] = bundle.key!;
      }
      const names = Object.keys(keys).sort(byPath);
      await mkdir(join(stagingDir, PAGEFIND_DIR), { recursive: true });
      await writeFile(join(stagingDir, PAGEFIND_DIR, SEARCH_BUNDLES), `${JSON.stringify(names)}\n`);
      return { pages, reused, keys: Object.fromEntries(names.map((name) => [name, keys[name]])) };
    } catch (error) {
      // A full disk is said as such by the build (build/index.ts), not as the index's failure.
      if (error instanceof UserError || isDiskFull(error)) throw error;
      throw new UserError(say('search-build', { error: (error as Error).message }), { cause: error });
    } finally {
      // Pagefind's service ends beside the rest of the build (the manifest, the commit); abort() waits for it.
      this.stop();
    }
  }

  /** Links the previous build's files of the bundle into `dir` when its key is the same and they are intact in out/. */
  private async reuse(name: string, key: string, staging: SearchStaging): Promise<boolean> {
    const previous = this.previous;
    if (!previous || previous.keys[name] !== key) return false;
    const prefix = `${PAGEFIND_DIR}/${name}/`;
    const files = previous.files.filter((f) => f.path.startsWith(prefix));
    if (!files.length) return false;
    // Trusted by their size, modification time and inode where they were read before, as out/'s other files are (core/file-hashes.ts outFileSha256).
    for (const f of files) {
      const path = join(previous.outDir, f.path);
      if ((await outFileSha256(path, lstatSync(path, { throwIfNoEntry: false }))) !== f.sha256) return false;
    }
    await reuseFiles(previous.outDir, staging.dir, files);
    staging.linked(files);
    return true;
  }

  /**
   * Stops Pagefind (the build failed, or finished): first, so that what it was still doing ends
   * with it (a part being written onto a full disk is retried by Pagefind for ever).
   */
  async abort(): Promise<void> {
    this.editionsIn();
    await this.stop();
    await Promise.allSettled([...this.bundles.values()].flatMap((bundle) => [bundle.queue, ...bundle.adds, bundle.sealed]));
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

export { PAGEFIND_DIR };

/**
 * A request that failed because Pagefind's process died unasked, as the editor can act on it: a
 * system error its panic names (a full disk) is said as any write of the build's is (writeError),
 * any other stop with what Pagefind said. Other errors are left as they are.
 */
function stoppedError(error: unknown, bundleDir: string): unknown {
  const stopped = pagefindStopped();
  if (!stopped || error instanceof UserError) return error;
  if (stopped.code) return writeError(Object.assign(new Error(stopped.panic), { code: stopped.code }), bundleDir);
  return new UserError(say('search-stopped', { exit: stopped.exit, said: stopped.panic ?? '' }), { cause: error });
}

/**
 * An index started ahead of the search step (startSearchAhead): starting Pagefind's service forks
 * this process, which costs the build's one thread about a tenth of a second once its heap has
 * grown, so it is started before the content loads (SearchIndexer.start).
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
  await stopPagefind();
  await stopWordsThread();
}

async function startIndex(): Promise<PagefindIndex> {
  const started = ahead;
  ahead = undefined;
  return started ?? createSearchIndex();
}

async function createSearchIndex(): Promise<PagefindIndex> {
  const { index, errors } = await createWatchedIndex();
  if (!index) throw new UserError(say('search-start', { errors: errors.join('; ') }));
  return index;
}

/**
 * The indexed copies of an edition's pages, from the build cache by the pages' hashes, or made
 * (beside the build's thread, see indexedCopiesOffThread) and kept there as one entry. An
 * edition with one page changed makes all of its copies again: a dozen pages cost the thread that
 * makes them some milliseconds, less than an entry of its own for each page of the archive costs
 * a clean build.
 */
async function indexedCopies(pages: HashedPage[]): Promise<[string, string][]> {
  const hash = createHash('sha256').update(`${await generatorHash()}\0${process.versions.icu}`);
  for (const page of pages) hash.update(`\0${page.path}\0${page.sha256}`);
  const key = `${hash.digest('hex')}.json`;
  const hit = await readCached(SEARCH_INPUT, key);
  if (hit) return JSON.parse(new TextDecoder().decode(hit)) as [string, string][];
  const made = await indexedCopiesOffThread(await Promise.all(pages.map(async (page): Promise<[string, string]> => [page.path, await page.html()])));
  await writeCached(SEARCH_INPUT, key, made.entry, SEARCH_INPUT_KEEP);
  return made.indexed;
}

const SEARCH_INPUT = 'search-input';
/** Entries kept beyond those a build used: one an edition. */
const SEARCH_INPUT_KEEP = 2_000;

/** Pages with their indexed copies (those with nothing to index left out), the build cache's entry of them (their JSON), and the thread that made them. */
interface CopiesMade {
  indexed: [string, string][];
  entry: Uint8Array;
  thread: number;
}

/**
 * The thread that makes the indexed copies (search-words-worker.mjs): segmenting the pages of a
 * large archive costs seconds of ICU's dictionary, which the build's own thread is better spent
 * without. Started with the first pages the index is given, ended with Pagefind's service.
 */
interface WordsThread {
  worker: Worker;
  waiting: Map<number, { resolve: (made: CopiesMade) => void; reject: (error: Error) => void }>;
  next: number;
}
let words: WordsThread | undefined;

/** The indexed copies of the pages (path, html), made on the words thread, not the build's. */
export function indexedCopiesOffThread(pages: [string, string][]): Promise<CopiesMade> {
  const thread = (words ??= startWordsThread());
  const id = thread.next++;
  return new Promise((resolve, reject) => {
    thread.waiting.set(id, { resolve, reject });
    // The build waits for its answer: the thread keeps the process alive while it has work, never after.
    if (thread.waiting.size === 1) thread.worker.ref();
    thread.worker.postMessage({ id, pages });
  });
}

interface WordsAnswer extends Partial<CopiesMade> {
  id: number;
  error?: string;
}

function startWordsThread(): WordsThread {
  const worker = new Worker(new URL('./search-words-worker.mjs', import.meta.url));
  const thread: WordsThread = { worker, waiting: new Map(), next: 0 };
  worker.unref();
  const settle = (answer: WordsAnswer) => {
    const waiter = thread.waiting.get(answer.id);
    if (!waiter) return;
    thread.waiting.delete(answer.id);
    if (!thread.waiting.size) worker.unref();
    if (answer.indexed) waiter.resolve({ indexed: answer.indexed, entry: answer.entry!, thread: answer.thread! });
    else waiter.reject(new Error(answer.error));
  };
  worker.on('message', settle);
  const fail = (error: Error) => {
    if (words === thread) words = undefined;
    for (const id of [...thread.waiting.keys()]) settle({ id, error: error.message });
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the thread that segments the pages' words ended (${code})`)));
  return thread;
}

/**
 * Starts the words thread now and has it segment a word (ICU loads its dictionary): starting and
 * warming it costs about a tenth of a second, which a one-article change would otherwise wait for
 * before its edition's pages reach Pagefind.
 */
function startWordsAhead(): void {
  words ??= startWordsThread();
  words.worker.postMessage({ id: -1, pages: [['', '<main data-pagefind-body><p>大安区</p></main>']] });
}

/** Ends the words thread (with Pagefind's service: the build finished, or failed). */
async function stopWordsThread(): Promise<void> {
  const thread = words;
  words = undefined;
  await thread?.worker.terminate();
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
