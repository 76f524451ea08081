/**
 * Search across the archive in real Chromium: the Pagefind index built with the fixture archive,
 * served by a tiny static server on 127.0.0.1 (Pagefind's fetch() is refused from file://), finds
 * a Chinese phrase from an article of one edition and links to it; from file:// the search page
 * says how to open the archive instead, without an error.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBrowser } from '../helpers/browser.ts';
import { daan } from '../helpers/cli.ts';
import { serveStatic, type StaticServer } from '../helpers/static-server.ts';
import { workspace } from './helpers.ts';

const { dir, content } = workspace('daan-archive-search-');
const out = join(dir, 'out');
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
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
  status: string;
  results: { title: string; href: string; edition: string; excerpt: string }[];
  errors: string[];
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
    return { status, results, errors };
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

  it('explains from file:// that the archive must be served, without an error', async () => {
    const { status, results, errors } = await search(`${pathToFileURL(join(out, 'search.html')).href}?q=${encodeURIComponent('井盐')}`);
    expect(errors).toEqual([]);
    expect(results).toEqual([]);
    expect(status).toContain('从本地文件打开时不能搜索');
    expect(status).toContain('daan serve');
  });
});
