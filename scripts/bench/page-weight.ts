/**
 * What a reader's browser transfers for the web pages, measured in Chromium over HTTP through the
 * DevTools protocol (Network.loadingFinished's encodedDataLength: bytes on the wire):
 *
 * - first visit: one article page with the cache off (HTML, CSS, fonts, everything it loads);
 * - next edition: then an article page of another edition, with the cache on: the font bytes it
 *   adds (what the first page's slices did not hold).
 *
 * The server says files may be kept an hour (Cache-Control: max-age=3600), as a static site's is
 * set up to; without caching headers a browser may fetch every file again.
 *
 *   npm run bench:weight -- [--out out] [--first 2017-09/x.html] [--next 2017-08/y.html]
 *
 * Without --first/--next: the first article page of the newest edition and of the oldest one.
 * Used by test/site/page-weight.test.ts with the test browser.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer';

export interface Transfer {
  url: string;
  type: string;
  bytes: number;
}

export interface Visit {
  total: number;
  byType: Record<string, number>;
  requests: Transfer[];
}

/** Loads `url` in `page` (fonts settled) and lists what came over the network. */
export async function measureVisit(page: Page, url: string, options: { cache: boolean }): Promise<Visit> {
  const session = await page.createCDPSession();
  await session.send('Network.enable');
  await session.send('Network.setCacheDisabled', { cacheDisabled: !options.cache });
  const seen = new Map<string, { url: string; type: string }>();
  const requests: Transfer[] = [];
  session.on('Network.responseReceived', (e) => seen.set(e.requestId, { url: e.response.url, type: e.type }));
  session.on('Network.loadingFinished', (e) => {
    const response = seen.get(e.requestId);
    if (response) requests.push({ ...response, bytes: e.encodedDataLength });
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready);
  // The last responses' loadingFinished can come just after the load event.
  await page.waitForNetworkIdle({ idleTime: 200 });
  await session.detach();
  const byType: Record<string, number> = {};
  for (const r of requests) byType[r.type] = (byType[r.type] ?? 0) + r.bytes;
  return { total: requests.reduce((n, r) => n + r.bytes, 0), byType, requests };
}

/** First article page (in file order) of each edition folder of a built site, oldest edition first. */
export function articlePages(out: string): string[] {
  const editions = readdirSync(out).filter((d) => /^\d{4}-\d{2}$/.test(d)).sort();
  return editions.flatMap((id) => {
    const page = readdirSync(join(out, id)).filter((f) => f.endsWith('.html') && f !== 'index.html').sort()[0];
    return page ? [`${id}/${page}`] : [];
  });
}

export interface PageWeight {
  first: { page: string; visit: Visit };
  next?: { page: string; visit: Visit; fontBytes: number };
}

/** The first visit to `first` (cache off), then `next` with the cache of that visit. */
export async function pageWeight(browser: Browser, baseUrl: string, first: string, next?: string): Promise<PageWeight> {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.setViewport({ width: 360, height: 800 });
    const visit = await measureVisit(page, `${baseUrl}${first}`, { cache: false });
    if (!next) return { first: { page: first, visit } };
    // The first page again with the cache on, so that the cache holds what it loaded.
    await measureVisit(page, `${baseUrl}${first}`, { cache: true });
    const second = await measureVisit(page, `${baseUrl}${next}`, { cache: true });
    const fontBytes = second.requests.filter((r) => r.type === 'Font').reduce((n, r) => n + r.bytes, 0);
    return { first: { page: first, visit }, next: { page: next, visit: second, fontBytes } };
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const { parseArgs } = await import('node:util');
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'out' }, first: { type: 'string' }, next: { type: 'string' } } });
  const out = values.out!;
  const pages = articlePages(out);
  const first = values.first ?? pages.at(-1);
  const next = values.next ?? (pages.length > 1 ? pages[0] : undefined);
  if (!first) throw new Error(`no article page in ${out}: build first (npm run build -- --out ${out})`);
  const { serveStatic } = await import('../../test/helpers/static-server.ts');
  const { PrintBrowser } = await import('../print/browser.ts');
  const browser = await PrintBrowser.launch({ shareable: true });
  const server = await serveStatic(out, '', { maxAge: 3600 });
  try {
    const weight = await pageWeight((await browser.current()).browser as unknown as Browser, server.url, first, next);
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    const v = weight.first.visit;
    console.log(`first visit ${first}: ${kb(v.total)} (${Object.entries(v.byType).map(([t, n]) => `${t} ${kb(n)}`).join(', ')}; ${v.requests.length} requests)`);
    if (weight.next) console.log(`then ${weight.next.page}: ${kb(weight.next.fontBytes)} of new font bytes (${weight.next.visit.requests.filter((r) => r.type === 'Font').length} font requests), ${kb(weight.next.visit.total)} in all`);
  } finally {
    await server.close();
    await browser.close();
  }
}

if (process.argv[1] && import.meta.filename === (await import('node:fs')).realpathSync(process.argv[1])) await main();
