/** The copy of a page given to Pagefind: Chinese punctuation where Pagefind would put ". ", Han words separated for its index. */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { indexedPage, punctuateBlocks } from '../../scripts/emit/search.ts';
import { commandLine, descendants, eventually, gone } from '../helpers/processes.ts';
import { repoRoot } from '../helpers/cli.ts';

describe('the page text the search index keeps', () => {
  it('ends unpunctuated blocks with Chinese punctuation, and leaves punctuated ones alone', () => {
    const html = '<p class="kicker">脱贫攻坚进行时</p>\n<h1 class="title">党建领航 脱贫奔康</h1>\n<p>正文。</p><p><strong>强调</strong>\n</p><p>Yes!</p><p>“引号”</p><p>x<img src="a.png"></p>';
    expect(punctuateBlocks(html)).toBe('<p class="kicker">脱贫攻坚进行时。</p>\n<h1 class="title">党建领航 脱贫奔康。</h1>\n<p>正文。</p><p><strong>强调</strong>。\n</p><p>Yes!</p><p>“引号”</p><p>x<img src="a.png"></p>');
  });

  it('separates table cells with "，"', () => {
    expect(punctuateBlocks('<table><tr><th>项目</th><td>—</td><td class="num">280</td></tr></table>')).toBe('<table><tr><th>项目，</th><td>—</td><td class="num">280，</td></tr></table>');
  });

  it('separates Han words with U+200B in text only, never in tags or attributes', () => {
    const indexed = indexedPage('<p title="易地扶贫搬迁">易地扶贫搬迁</p>');
    expect(indexed).toMatch(/^<p title="易地扶贫搬迁">易.*\u200b.*迁。<\/p>$/);
    expect(indexed.replace(/\u200b/g, '')).toBe('<p title="易地扶贫搬迁">易地扶贫搬迁。</p>');
  });
});

describe('the title the search index keeps', () => {
  it('is the first h1 as it stands, without the punctuation added for excerpts', () => {
    const indexed = indexedPage('<html><head><title>t</title></head><body><main data-pagefind-body><h1 class="title">党建领航 <em>“脱贫”</em>奔康</h1><p>正文</p></main></body></html>');
    expect(indexed.replace(/\u200b/g, '')).toContain('<head><meta data-pagefind-meta="title[content]" content="党建领航 “脱贫”奔康">');
  });

  it('is left to a page that names its own', () => {
    const html = '<html><head><meta data-pagefind-meta="title[content]" content="简报 第1期"></head><body><h1>简报</h1></body></html>';
    expect(indexedPage(html).match(/data-pagefind-meta/g)).toHaveLength(1);
  });
});

describe('Pagefind started ahead', () => {
  it('serves the search step, and ends with the service whether it was used or not', async () => {
    const { SearchIndexer, startSearchAhead, stopSearchService } = await import('../../scripts/emit/search.ts');
    const pagefind = () => descendants(process.pid).filter((pid) => /pagefind/.test(commandLine(pid)));
    // Started and stopped unused (a build that failed while printing): no process is left.
    startSearchAhead();
    expect(await eventually(() => pagefind().length === 1)).toBe(true);
    const unused = pagefind()[0];
    await stopSearchService();
    expect(await eventually(() => gone(unused))).toBe(true);
    // Started, then taken by the search step: one service for both, gone when the index is written.
    startSearchAhead();
    expect(await eventually(() => pagefind().length === 1)).toBe(true);
    const service = pagefind()[0];
    const search = await SearchIndexer.start();
    // Every Pagefind process seen while the index is made: the one started ahead alone.
    const seen = new Set<number>();
    const watching = setInterval(() => pagefind().forEach((pid) => seen.add(pid)), 5);
    const html = '<html><body><main data-pagefind-body><h1>标题</h1><p>正文。</p></main></body></html>';
    search.addSitePages([{ path: 'a.html', sha256: createHash('sha256').update(html).digest('hex'), html: async () => html }]);
    const out = mkdtempSync(join(tmpdir(), 'daan-search-ahead-'));
    try {
      const result = await search.finish({ dir: out, linked: () => undefined });
      clearInterval(watching);
      expect(result.pages).toBe(1);
      expect([...seen]).toEqual([service]);
      expect(existsSync(join(out, 'pagefind', 'site', 'pagefind.js'))).toBe(true);
    } finally {
      clearInterval(watching);
      rmSync(out, { recursive: true, force: true });
    }
    expect(await eventually(() => gone(service))).toBe(true);
  });
});

describe('the indexed copies', () => {
  it('are made on a thread beside the build, the same as on its own thread, and the thread ends with Pagefind', async () => {
    const { indexedCopiesOffThread, stopSearchService } = await import('../../scripts/emit/search.ts');
    // The sample edition's articles, as a page of the archive would hold them.
    const articles = join(repoRoot, 'content', '2017-09', 'articles');
    const text = readdirSync(articles)
      .filter((name) => name.endsWith('.md'))
      .sort()
      .map((name) => readFileSync(join(articles, name), 'utf8').replace(/^---[\s\S]*?---/, ''))
      .join('');
    const paragraphs = text.split(/\n+/).filter((line) => /\p{Script=Han}/u.test(line) && !/[<>&]/.test(line));
    expect(paragraphs.length).toBeGreaterThan(10);
    const page = `<html lang="zh-CN"><head><title>t</title></head><body><main data-pagefind-body><h1>易地扶贫搬迁</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</main></body></html>`;
    try {
      const made = await indexedCopiesOffThread([['a.html', page], ['b.html', '<html><body><p>没有正文标记的页面</p></body></html>']]);
      expect(made.thread).not.toBe(threadId);
      // The page without a body to index is left out.
      expect(made.indexed).toEqual([['a.html', indexedPage(page)]]);
      expect(made.indexed[0][1].split('\u200b').length).toBeGreaterThan(1000);
      // The build cache's entry of them.
      expect(JSON.parse(new TextDecoder().decode(made.entry))).toEqual(made.indexed);
      // Ended with Pagefind's service: the next build's copies are made on a thread of its own.
      await stopSearchService();
      const again = await indexedCopiesOffThread([['a.html', page]]);
      expect(again.thread).not.toBe(made.thread);
      expect(again.indexed).toEqual(made.indexed);
    } finally {
      await stopSearchService();
    }
  });
});

describe('the bundle of no year', () => {
  /** A page as the build hands it in: by its hash, read when indexed. */
  const page = (path: string, html: string) => ({ path, sha256: createHash('sha256').update(html).digest('hex'), html: async () => html });
  const home = (pdfSize: string) => `<html><body><h1>大安</h1><p><a href="2017-09/daan-2017-09.pdf">PDF（${pdfSize}）</a></p></body></html>`;
  const briefing = (text: string) => `<html><body><p>下载印刷版 PDF（380 KB）</p><main data-pagefind-body><h1>简报</h1><p>${text}</p></main></body></html>`;

  /** Indexes the pages as one build does, into out/ (the previous build's files, when given, as its manifest lists them). */
  async function indexInto(out: string, pages: ReturnType<typeof page>[], previous?: { outDir: string; keys: Record<string, string> }) {
    const { SearchIndexer } = await import('../../scripts/emit/search.ts');
    const files = previous ? filesOf(previous.outDir) : [];
    const search = SearchIndexer.start(previous && { ...previous, files });
    const linked: string[] = [];
    try {
      search.sealGroups({ dir: out, linked: () => undefined });
      search.addSitePages(pages);
      const result = await search.finish({ dir: out, linked: (entries) => linked.push(...entries.map((e) => e.path)) });
      return { ...result, linked };
    } finally {
      await search.abort();
    }
  }

  function filesOf(out: string) {
    return readdirSync(join(out, 'pagefind'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const path = join(entry.parentPath, entry.name).slice(out.length + 1);
        const bytes = readFileSync(join(out, path));
        return { path, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), unit: 'search' };
      });
  }

  it('leaves nothing unhandled when the build stops before it is sealed (the words thread ends while it segments)', async () => {
    const { SearchIndexer } = await import('../../scripts/emit/search.ts');
    const unhandled: unknown[] = [];
    const note = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', note);
    try {
      const search = SearchIndexer.start();
      // Long enough to be still segmenting when the build stops.
      search.addSitePages([page('briefings/long.html', briefing('大安区党建领航脱贫奔康。'.repeat(100_000)))]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await search.abort();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', note);
    }
  });

  it('is keyed by the pages it indexes: a new PDF size on pages without a body to index leaves it as it was, a new text indexes it again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'daan-site-bundle-'));
    try {
      const first = await indexInto(join(dir, 'a'), [page('index.html', home('420 KB')), page('briefings/2017-01.html', briefing('第一期简报正文。'))]);
      expect(first.pages).toBe(1);
      expect(first.reused).toBe(0);
      // The edition printed again: its PDF's size changes on the pages that link it, which have nothing to index.
      const sizes = await indexInto(join(dir, 'b'), [page('index.html', home('436 KB')), page('briefings/2017-01.html', briefing('第一期简报正文。'))], { outDir: join(dir, 'a'), keys: first.keys });
      expect(sizes.reused).toBe(1);
      expect(sizes.pages).toBe(0);
      expect(sizes.keys).toEqual(first.keys);
      expect(sizes.linked.some((path) => path.startsWith('pagefind/site/'))).toBe(true);
      // The briefing's text changed: indexed again.
      const text = await indexInto(join(dir, 'c'), [page('index.html', home('436 KB')), page('briefings/2017-01.html', briefing('第一期简报改过的正文。'))], { outDir: join(dir, 'b'), keys: sizes.keys });
      expect(text.reused).toBe(0);
      expect(text.pages).toBe(1);
      expect(text.keys.site).not.toBe(first.keys.site);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
