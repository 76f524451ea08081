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
import { createIndex, close, type PagefindIndex } from 'pagefind';
import { UserError } from '../report/problems.ts';
import { say } from '../report/messages.ts';

export interface SearchFile {
  path: string;
  bytes: Uint8Array;
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
    if (!html.includes('data-pagefind-body')) return;
    this.pages++;
    const added = this.index.addHTMLFile({ url: `/${path}`, content: indexedPage(html) }).then((r) => this.errors.push(...r.errors.map((e) => `${path}: ${e}`)));
    added.catch(() => undefined);
    this.pending.push(added);
  }

  /** Waits for every page, then returns the files of out/pagefind/ (paths relative to it), sorted. */
  async finish(): Promise<{ pages: number; files: SearchFile[] }> {
    try {
      await Promise.all(this.pending);
      if (this.errors.length) throw new Error(this.errors.slice(0, 5).join('; '));
      const written = await this.index.getFiles();
      if (written.errors.length) throw new Error(written.errors.join('; '));
      const files = written.files
        .map((f) => ({ path: f.path.replace(/\\/g, '/'), bytes: f.content }))
        .filter((f) => !UNUSED.test(f.path))
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      return { pages: this.pages, files };
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
