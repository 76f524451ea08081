/**
 * `daan serve` as a user runs it: a child process on a copy of content/, a real Chromium (the
 * test run's shared browser) on the served pages. Editing an article rebuilds and reloads the
 * page; a broken file shows as an overlay with its file:line, and the fix clears it; the server
 * keeps running throughout. The files in out/ never carry the reload script.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBrowser } from '../helpers/browser.ts';
import { contentCopy, startServe, type ServeChild } from '../helpers/serve.ts';

const articlePath = '2017-09/dangjian-linghang-tuopin-benkang.html';
/** The address for the browser: the test browser resolves no names but localhost (see CHROMIUM_FLAGS). */
const inBrowser = (server: ServeChild, path: string) => new URL(path, server.url.replace('127.0.0.1', 'localhost')).href;
const overlayText = (page: Page) =>
  page.evaluate(() => {
    const host = document.querySelector('#daan-error-overlay');
    return host ? (host.shadowRoot?.textContent ?? '') : null;
  });

describe('daan serve --no-pdf', () => {
  let browser: Browser;
  let server: ServeChild;
  let page: Page;
  let work: ReturnType<typeof contentCopy>;
  let articleFile: string;
  let original: string;

  beforeAll(async () => {
    work = contentCopy();
    articleFile = join(work.content, '2017-09/articles/dangjian-linghang.md');
    original = readFileSync(articleFile, 'utf8');
    server = await startServe(['--no-pdf', '--content', work.content, '--out', work.out]);
    browser = await connectBrowser();
    page = await browser.newPage();
  }, 180_000);

  afterAll(async () => {
    // The server first: nothing may keep it running after the test.
    await server?.stop();
    await page?.close().catch(() => undefined);
    await browser?.disconnect().catch(() => undefined);
    if (work) rmSync(work.dir, { recursive: true, force: true });
  });

  it('serves out/ with MIME types, folder indexes, and nothing outside it', async () => {
    const get = (path: string) => fetch(new URL(path, server.url), { redirect: 'manual' });
    const html = await get(articlePath);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await html.text()).toContain('<script src="/__daan/client.js" defer></script>');
    // The reload script is added on the way out, never written into the build.
    expect(readFileSync(join(work.out, articlePath), 'utf8')).not.toContain('__daan');
    expect((await get('assets/site.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await get('manifest.json')).headers.get('content-type')).toBe('application/json; charset=utf-8');
    const folder = await get('2017-09');
    expect(folder.status).toBe(301);
    expect(folder.headers.get('location')).toBe('/2017-09/');
    expect((await get('2017-09/')).status).toBe(200);
    for (const path of ['/..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/a%00b', '/..%5c..%5cpackage.json']) {
      const res = await get(path);
      expect([403, 404], path).toContain(res.status);
      expect(await res.text()).not.toContain('root:');
    }
    expect((await fetch(new URL('index.html', server.url), { method: 'POST' })).status).toBe(405);
    expect((await get('no-such-page.html')).status).toBe(404);
  });

  it('rebuilds when an article is edited, and the open page shows the change', async () => {
    await page.goto(inBrowser(server, articlePath), { waitUntil: 'load' });
    expect(await page.$eval('h1', (h) => h.textContent)).toContain('党建领航');
    await page.waitForFunction(() => (window as { __daanClient?: boolean }).__daanClient === true);
    const from = server.output().length;
    writeFileSync(articleFile, `${original.replace('subtitle: 助力永嘉新农村建设取得新成效', 'subtitle: 实时预览里改过的副题')}\n实时预览新写的一段正文。\n`);
    await page.waitForFunction(() => document.body.innerText.includes('实时预览里改过的副题') && document.body.innerText.includes('实时预览新写的一段正文'), { timeout: 90_000 });
    // The terminal says what changed and that it rebuilt.
    await server.waitFor(/rebuilt in [\d.]+ s/, 30_000, from);
    expect(server.output().slice(from)).toMatch(/changed: .*dangjian-linghang\.md \(edition 2017-09\)/);
    expect(readFileSync(join(work.out, articlePath), 'utf8')).toContain('实时预览里改过的副题');
  });

  it('shows a build error over the page with its file:line, keeps serving, and clears it after the fix', async () => {
    const edited = readFileSync(articleFile, 'utf8');
    const broken = edited.replace('\nauthor: 陈永刚\n', '\nauther: 陈永刚\n');
    expect(broken).not.toBe(edited);
    const line = broken.split('\n').findIndex((l) => l.startsWith('auther:')) + 1;
    const from = server.output().length;
    writeFileSync(articleFile, broken);
    await page.waitForSelector('#daan-error-overlay', { timeout: 60_000 });
    const text = await overlayText(page);
    expect(text).toContain(`articles/dangjian-linghang.md:${line}:1`);
    expect(text).toContain('Unknown field `auther`');
    expect(text).toContain('fix: Remove it');
    // The terminal has the same report; the server is still running and still serves the last good build.
    await server.waitFor(/Unknown field `auther`/, 10_000, from);
    expect(server.child.exitCode).toBeNull();
    const res = await fetch(new URL(articlePath, server.url));
    expect(await res.text()).toContain('实时预览里改过的副题');
    // A page opened while the build is broken shows the problems too.
    const second = await browser.newPage();
    try {
      await second.goto(inBrowser(server, '2017-09/'), { waitUntil: 'load' });
      await second.waitForSelector('#daan-error-overlay', { timeout: 10_000 });
    } finally {
      await second.close();
    }
    writeFileSync(articleFile, edited);
    await page.waitForFunction(() => !document.querySelector('#daan-error-overlay'), { timeout: 90_000 });
    expect(await page.evaluate(() => document.body.innerText)).toContain('实时预览里改过的副题');
  });

  it("shows each article's 公众号 view, whose button puts the fragment on the clipboard as rich text", async () => {
    const view = inBrowser(server, '/__wechat/2017-09/dangjian-linghang-tuopin-benkang');
    expect((await fetch(new URL('/__wechat/2017-09/no-such-article', server.url))).status).toBe(404);
    const context = await browser.createBrowserContext();
    try {
      await context.overridePermissions(new URL(view).origin, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
      const tab = await context.newPage();
      await tab.goto(view, { waitUntil: 'load' });
      // The fragment as the build wrote it, its pictures served beside it.
      expect(await tab.$eval('#daan-wechat-phone h1', (h) => h.textContent)).toBe('党建领航 脱贫奔康');
      expect(await tab.$eval('#daan-wechat-phone img', (img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(500);
      await tab.click('#daan-wechat-copy');
      await tab.waitForFunction(() => document.querySelector('#daan-wechat-status')?.textContent?.startsWith('已复制'));
      const copied = await tab.evaluate(async () => {
        const [item] = await navigator.clipboard.read();
        return { types: item.types, html: await (await item.getType('text/html')).text() };
      });
      expect(copied.types).toContain('text/html');
      expect(copied.html).toContain('党建领航 脱贫奔康');
      expect(copied.html).toMatch(/<h1 style="[^"]*font-size:\s*22px/);
      expect(copied.html).not.toMatch(/class=|<script/);
    } finally {
      await context.close();
    }
  });

  it('explains on the print preview page that the preview needs PDFs', async () => {
    await page.goto(inBrowser(server, '__print/2017-09/'), { waitUntil: 'load' });
    const note = await page.$eval('#no-pdf', (n) => n.textContent ?? '');
    expect(note).toContain('印刷预览需要 PDF');
    expect(note).toContain('--no-pdf');
  });
});

describe('daan serve (with PDFs): the print preview', () => {
  let browser: Browser;
  let server: ServeChild;
  let work: ReturnType<typeof contentCopy>;

  beforeAll(async () => {
    work = contentCopy();
    server = await startServe(['--content', work.content, '--out', work.out], 240_000);
    browser = await connectBrowser();
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
    await browser?.disconnect().catch(() => undefined);
    if (work) rmSync(work.dir, { recursive: true, force: true });
  });

  it('shows every page of the printed PDF, as spreads, drawn from the PDF the build printed', async () => {
    const pdf = await PDFDocument.load(readFileSync(join(work.out, '2017-09/daan-2017-09.pdf')));
    const pageCount = pdf.getPageCount();
    expect(pageCount).toBeGreaterThan(2);
    const page = await browser.newPage();
    try {
      await page.setViewport({ width: 1200, height: 900 });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.goto(inBrowser(server, '__print/2017-09/'), { waitUntil: 'load' });
      await page.waitForSelector('#pages[data-rendered]', { timeout: 90_000 });
      expect(errors).toEqual([]);
      const shown = await page.$$eval('#pages canvas', (canvases) => canvases.map((c) => Number((c as HTMLCanvasElement).dataset.page)));
      expect(shown).toEqual(Array.from({ length: pageCount }, (_, i) => i + 1));
      // Spreads: the cover alone, then pages side by side.
      expect(await page.$$eval('#pages .spread', (spreads) => spreads.map((s) => s.querySelectorAll('canvas').length))).toEqual([1, ...Array.from({ length: Math.ceil((pageCount - 1) / 2) }, (_, i) => (i * 2 + 2 < pageCount ? 2 : 1))]);
      // The pages are drawn (not blank), and at the PDF's proportions (210 × 285 mm).
      const drawn = await page.$$eval('#pages canvas', (canvases) =>
        canvases.slice(0, 3).map((c) => {
          const canvas = c as HTMLCanvasElement;
          const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
          let dark = 0;
          for (let i = 0; i < data.length; i += 4 * 97) if (data[i] + data[i + 1] + data[i + 2] < 600) dark += 1;
          return { dark, ratio: canvas.width / canvas.height };
        }),
      );
      for (const { dark, ratio } of drawn) {
        expect(dark).toBeGreaterThan(10); // a blank page has none
        expect(ratio).toBeCloseTo(210 / 285, 2);
      }
      expect(await page.$eval('#info', (i) => i.textContent)).toContain(`共 ${pageCount} 页 · 210 × 285 mm`);

      // An edit prints the edition again, and the preview reloads with the new PDF.
      const pdfFile = join(work.out, '2017-09/daan-2017-09.pdf');
      const before = readFileSync(pdfFile);
      await page.evaluate(() => ((window as { __before?: boolean }).__before = true));
      const article = join(work.content, '2017-09/articles/dangjian-linghang.md');
      writeFileSync(article, readFileSync(article, 'utf8').replace('subtitle: 助力永嘉新农村建设取得新成效', 'subtitle: 印刷预览里改过的副题'));
      await page.waitForFunction(() => !(window as { __before?: boolean }).__before && document.querySelector('#pages[data-rendered]'), { timeout: 120_000 });
      expect(readFileSync(pdfFile).equals(before)).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
