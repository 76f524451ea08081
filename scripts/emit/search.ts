/**
 * Full-text search across every edition: a Pagefind index of the article pages (the element
 * marked data-pagefind-body), written to out/pagefind/. search.html and assets/search.js query it
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
import { readdir, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { createIndex, close, type PagefindIndex } from 'pagefind';
import { UserError } from '../report/problems.ts';
import { say } from '../report/messages.ts';
import { readCached, writeCached } from '../core/cache.ts';
import { generatorHash } from '../build/input-hash.ts';

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

export class SearchIndexer {
  private readonly pending: Promise<unknown>[] = [];
  private readonly errors: string[] = [];
  private pages = 0;

  private constructor(private readonly index: PagefindIndex) {}

  static async start(): Promise<SearchIndexer> {
    const { index, errors } = await createIndex({});
    if (!index) throw new UserError(say('search-start', { errors: errors.join('; ') }));
    return new SearchIndexer(index);
  }

  /** Queues one page (path relative to out/) for indexing; only pages with data-pagefind-body are indexed. */
  add(path: string, html: string): void {
    if (html.includes('data-pagefind-body')) this.addIndexed(path, indexedPage(html));
  }

  /**
   * Queues the pages of one edition, in order. Their indexed copies are kept in the build cache
   * by the pages' hashes: an edition reused from the previous build is neither read back nor
   * segmented again (segmenting every page of a large archive costs seconds).
   */
  async addGroup(pages: HashedPage[]): Promise<void> {
    const hash = createHash('sha256').update(`${await generatorHash()}\0${process.versions.icu}`);
    for (const page of pages) hash.update(`\0${page.path}\0${page.sha256}`);
    const key = `${hash.digest('hex')}.json`;
    const hit = await readCached('search-input', key);
    let indexed: [string, string][];
    if (hit) {
      indexed = JSON.parse(new TextDecoder().decode(hit)) as [string, string][];
    } else {
      indexed = [];
      for (const page of pages) {
        const html = await page.html();
        if (html.includes('data-pagefind-body')) indexed.push([page.path, indexedPage(html)]);
      }
      await writeCached('search-input', key, new TextEncoder().encode(JSON.stringify(indexed)));
    }
    for (const [path, content] of indexed) this.addIndexed(path, content);
  }

  private addIndexed(path: string, content: string): void {
    this.pages++;
    const added = this.index.addHTMLFile({ url: `/${path}`, content }).then((r) => this.errors.push(...r.errors.map((e) => `${path}: ${e}`)));
    added.catch(() => undefined);
    this.pending.push(added);
  }

  /**
   * Waits for every page, then has Pagefind write the index into `dir` (out/pagefind/ of the
   * staging folder) itself: handing the files back over its pipe, base64 in one JSON message,
   * costs more than writing them. Returns the paths written (relative to dir), sorted.
   */
  async finish(dir: string): Promise<{ pages: number; files: string[] }> {
    try {
      await Promise.all(this.pending);
      if (this.errors.length) throw new Error(this.errors.slice(0, 5).join('; '));
      const written = await this.index.writeFiles({ outputPath: dir });
      if (written.errors.length) throw new Error(written.errors.join('; '));
      const files: string[] = [];
      for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
        if (!entry.isFile()) continue;
        const path = relative(dir, join(entry.parentPath, entry.name)).replace(/\\/g, '/');
        if (UNUSED.test(path)) await rm(join(dir, path));
        else files.push(path);
      }
      // The bundled UIs' folders, now empty.
      for (const entry of await readdir(dir, { withFileTypes: true })) if (entry.isDirectory() && UNUSED.test(`${entry.name}/`)) await rm(join(dir, entry.name), { recursive: true, force: true });
      return { pages: this.pages, files: files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) };
    } catch (error) {
      throw new UserError(say('search-build', { error: (error as Error).message }), { cause: error });
    } finally {
      await close();
    }
  }

  /** Stops Pagefind without writing (the build failed). */
  async abort(): Promise<void> {
    await Promise.allSettled(this.pending);
    await close();
  }
}
