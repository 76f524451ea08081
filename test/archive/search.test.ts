/**
 * Search across the archive in real Chromium: the Pagefind index built with the fixture archive,
 * served by a tiny static server on 127.0.0.1 (Pagefind's fetch() is refused from file://), finds
 * a Chinese phrase from an article of one edition and links to it; from file:// the search page
 * says how to open the archive instead, without an error. A page holding the whole phrase ranks
 * above pages holding only its words; excerpts read with Chinese punctuation; briefings show
 * their name and number; the sample searches the same with and without its PDFs.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBrowser } from '../helpers/browser.ts';
import { daan, repoRoot } from '../helpers/cli.ts';
import { builtOut } from '../helpers/built.ts';
import { serveStatic, type StaticServer } from '../helpers/static-server.ts';
import { workspace } from './helpers.ts';

const { dir, content } = workspace('daan-archive-search-');
const out = join(dir, 'out');
let server: StaticServer;
let browser: Browser;

const PHRASE = '易地扶贫搬迁';

/**
 * Two articles rich in the phrase's words (易地, 扶贫, 搬迁) that never write the phrase, and one
 * that writes it once: Pagefind alone ranks the phrase article below them.
 */
function addPhraseArticles(): void {
  const article = (slug: string, title: string, body: string) =>
    writeFileSync(join(content, '2017-09/articles', `${slug}.md`), `---\ntitle: ${title}\ncolumn: 脱贫攻坚进行时\nslug: ${slug}\n---\n\n${body}\n`);
  const words = (n: number) => Array.from({ length: n }, (_, i) => `第${i + 1}组搬迁户在易地安置点落户，扶贫干部上门走访，扶贫资金用于搬迁后的产业。`).join('');
  article('banqian-zongshu', '搬迁工作综述', words(12));
  article('fupin-ganbu', '扶贫干部走访记', words(9));
  article('xin-cun', '新村见闻', `今年全乡实施${PHRASE}项目，群众住进了新房。村里修了路，通了水，办起了合作社。`);
  mkdirSync(join(content, 'briefings'), { recursive: true });
  for (const number of [1, 2]) {
    writeFileSync(
      join(content, 'briefings', `2017-0${number}.md`),
      `---\nname: 大安区脱贫攻坚简报\nnumber: ${number}\nunit: 大安区脱贫攻坚领导小组办公室\ndate: 2017-1${number}-20\ndistribution:\n  报: [区委办公室]\ncopies: 60\n---\n\n第${number}期简报：各乡镇推进产业扶贫，防寒物资已经发放。\n`,
    );
  }
}

beforeAll(async () => {
  addPhraseArticles();
  const result = daan(['build', '--content', content, '--out', out, '--no-pdf']);
  expect(result.code, result.output).toBe(0);
  server = await serveStatic(out);
  browser = await connectBrowser();
});

afterAll(async () => {
  await browser?.disconnect();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Search {
  url: string;
  status: string;
  results: { title: string; href: string; edition: string; excerpt: string }[];
  errors: string[];
}

/** The pages Pagefind itself ranks for a query, best first (its own order over every bundle of the index, before search.js reorders). */
async function pagefindOrder(base: string, query: string): Promise<string[]> {
  const page: Page = await browser.newPage();
  try {
    await page.goto(`${base}search.html`, { waitUntil: 'load' });
    // A string, so that the test runner does not rewrite the page's own import().
    return (await page.evaluate(`(async () => {
      const bundles = await (await fetch(new URL('pagefind/bundles.json', location.href))).json();
      const base = (name) => new URL('pagefind/' + name + '/', location.href).href;
      const pagefind = await import(base(bundles[0]) + 'pagefind.js');
      for (const name of bundles.slice(1)) await pagefind.mergeIndex(base(name));
      const search = await pagefind.search(${JSON.stringify(query)});
      // A merged bundle's results come with whole URLs: compared by path.
      return Promise.all(search.results.map(async (r) => new URL((await r.data()).url, location.href).pathname));
    })()`)) as string[];
  } finally {
    await page.close();
  }
}

async function search(url: string): Promise<Search> {
  const page: Page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => !/正在搜索/.test(document.getElementById('search-status')?.textContent ?? '正在搜索'), { timeout: 30_000 });
    const status = await page.$eval('#search-status', (e) => e.textContent ?? '');
    const results = await page.$$eval('#search-list li', (items) =>
      items.map((li) => ({
        title: li.querySelector('a')?.textContent ?? '',
        href: (li.querySelector('a') as HTMLAnchorElement | null)?.href ?? '',
        edition: li.querySelector('.search-edition')?.textContent ?? '',
        excerpt: li.querySelector('.search-excerpt')?.textContent ?? '',
      })),
    );
    return { url: page.url(), status, results, errors };
  } finally {
    await page.close();
  }
}

describe('search across the archive', () => {
  it('finds a Chinese phrase from an article and links to the article', async () => {
    const { status, results, errors } = await search(`${server.url}search.html?q=${encodeURIComponent('井盐文化')}`);
    expect(errors).toEqual([]);
    expect(status).toContain('找到 1 篇');
    expect(results).toHaveLength(1);
    expect(results[0].title).toBe('走进盐业历史博物馆');
    expect(results[0].href).toBe(`${server.url}2017-03/yanye-bowuguan.html`);
    expect(results[0].edition).toBe('《大安》2017年第3期');
    expect(results[0].excerpt).toContain('井盐');
    expect(results[0].excerpt).not.toContain('\u200b');
  });

  it('finds articles in every edition, and says when nothing matches', async () => {
    const winter = await search(`${server.url}search.html?q=${encodeURIComponent('温暖过冬')}`);
    expect(winter.results.map((r) => r.href)).toEqual([`${server.url}2016-12/nianzhong-huiyi.html`]);
    const party = await search(`${server.url}search.html?q=${encodeURIComponent('脱贫攻坚')}`);
    expect(party.results.map((r) => r.href)).toContain(`${server.url}2017-09/dangjian-linghang.html`);
    const none = await search(`${server.url}search.html?q=${encodeURIComponent('宇宙飞船')}`);
    expect(none.results).toEqual([]);
    expect(none.status).toContain('没有找到');
  });

  it('works from the search box of any page, with the archive served under a sub-path', async () => {
    const sub = await serveStatic(out, 'daan/');
    const page = await browser.newPage();
    try {
      await page.goto(`${sub.url}2016-12/index.html`, { waitUntil: 'load' });
      await page.type('#search-q', '博物馆');
      await Promise.all([page.waitForNavigation(), page.click('.search-box button')]);
      expect(page.url()).toBe(`${sub.url}search.html?q=${encodeURIComponent('博物馆')}`);
      await page.waitForSelector('#search-list li a');
      expect(await page.$eval('#search-list li a', (a) => (a as HTMLAnchorElement).href)).toBe(`${sub.url}2017-03/yanye-bowuguan.html`);
    } finally {
      await page.close();
      await sub.close();
    }
  });

  it('ranks a page with the whole phrase above pages with only its words', async () => {
    const { status, results, errors } = await search(`${server.url}search.html?q=${encodeURIComponent(PHRASE)}`);
    expect(errors).toEqual([]);
    expect(results.map((r) => r.href)).toContain(`${server.url}2017-09/banqian-zongshu.html`);
    expect(results[0].href).toBe(`${server.url}2017-09/xin-cun.html`);
    expect(results[0].excerpt).toContain(PHRASE);
    expect(status).toContain(`找到 ${results.length} 篇`);
    // Pagefind's own order puts the phrase page lower: the fixture reproduces the problem.
    const plain = await pagefindOrder(server.url, PHRASE);
    expect(plain[0]).not.toBe('/2017-09/xin-cun.html');
    expect(plain).toContain('/2017-09/xin-cun.html');
  });

  it('writes excerpts with Chinese punctuation, never the index\'s ". " between fields', async () => {
    const { results } = await search(`${server.url}search.html?q=${encodeURIComponent('脱贫攻坚')}`);
    expect(results.length).toBeGreaterThan(1);
    for (const { excerpt } of results) {
      expect(excerpt).not.toMatch(/\.\s/);
      expect(excerpt).not.toMatch(/\p{Script=Han}\./u);
    }
    const title = await search(`${server.url}search.html?q=${encodeURIComponent('党建领航')}`);
    expect(title.results[0].excerpt).toMatch(/党建领航 脱贫奔康。/);
  });

  it('shows each briefing with its name and number', async () => {
    const { results } = await search(`${server.url}search.html?q=${encodeURIComponent('防寒物资')}`);
    const briefings = results.filter((r) => r.href.includes('/briefings/'));
    expect(briefings.map((r) => [r.title, r.edition, r.href.slice(server.url.length)]).sort()).toEqual([
      ['大安区脱贫攻坚简报 第1期', '大安区脱贫攻坚简报 第1期', 'briefings/2017-01.html'],
      ['大安区脱贫攻坚简报 第2期', '大安区脱贫攻坚简报 第2期', 'briefings/2017-02.html'],
    ]);
  });

  it('searches the sample the same with its PDFs built and without', async () => {
    const withPdf = await builtOut();
    const noPdf = join(dir, 'sample-no-pdf');
    const built = daan(['build', '--content', join(repoRoot, 'content'), '--out', noPdf, '--no-pdf']);
    expect(built.code, built.output).toBe(0);
    const servers = [await serveStatic(withPdf), await serveStatic(noPdf)];
    try {
      const found = [];
      for (const s of servers) {
        const { results, errors } = await search(`${s.url}search.html?q=${encodeURIComponent('易地搬迁')}`);
        expect(errors).toEqual([]);
        found.push(results.map((r) => ({ ...r, href: r.href.slice(s.url.length) })));
      }
      expect(found[0].map((r) => r.href)).toEqual(expect.arrayContaining(['2017-09/dangjian-linghang-tuopin-benkang.html', 'briefings/2017-01.html']));
      expect(found[0].find((r) => r.href.startsWith('briefings/'))?.edition).toBe('大安区脱贫攻坚简报 第1期');
      expect(found[1]).toEqual(found[0]);
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }
  }, 600_000);

  it('explains from file:// that the archive must be served, without an error', async () => {
    const { status, results, errors } = await search(`${pathToFileURL(join(out, 'search.html')).href}?q=${encodeURIComponent('井盐')}`);
    expect(errors).toEqual([]);
    expect(results).toEqual([]);
    expect(status).toContain('从本地文件打开时不能搜索');
    expect(status).toContain('daan serve');
  });
});
