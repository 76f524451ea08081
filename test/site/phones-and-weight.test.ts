/**
 * What a reader's phone pays and sees, in real Chromium over HTTP, on the default edition and on
 * a generated archive of several editions (text drawn from the default edition, see
 * scripts/bench/synthetic.ts): transfer sizes through the DevTools protocol (first visit with the
 * cache off; the new font bytes of an article of another edition), every character drawn in a
 * bundled face (the per-face character sets miss none), chart text at least 11 px at 360 px,
 * table cells and the home page's dates and download links whole, no sideways scrolling at 360
 * and 1280 px, and axe clean.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxePuppeteer } from '@axe-core/puppeteer';
import type { Browser, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articlePages, pageWeight } from '../../scripts/bench/page-weight.ts';
import { writeSyntheticArchive } from '../../scripts/bench/synthetic.ts';
import { connectBrowser } from '../helpers/browser.ts';
import { builtOut } from '../helpers/built.ts';
import { daan, repoRoot } from '../helpers/cli.ts';
import { serveStatic, type StaticServer } from '../helpers/static-server.ts';

const KB = 1024;
const sample = await builtOut();
const ARTICLE = '2017-09/dangjian-linghang-tuopin-benkang.html';

// A generated archive: 8 editions of 3 articles, HTML only.
const archiveDir = mkdtempSync(join(tmpdir(), 'daan-weight-'));
writeSyntheticArchive({ dir: join(archiveDir, 'content'), editions: 8, articles: 3, source: join(repoRoot, 'content/2017-09'), site: join(repoRoot, 'content/site.yaml') });
const archiveBuild = daan(['build', '--no-pdf', '--content', join(archiveDir, 'content'), '--out', join(archiveDir, 'out')]);
if (archiveBuild.code !== 0) throw new Error(`building the generated archive failed:\n${archiveBuild.stdout}\n${archiveBuild.stderr}`);
const archive = join(archiveDir, 'out');

let browser: Browser;
const servers: StaticServer[] = [];
let sampleUrl: string;
let archiveUrl: string;
beforeAll(async () => {
  browser = await connectBrowser();
  servers.push(await serveStatic(sample, '', { maxAge: 3600 }), await serveStatic(archive, '', { maxAge: 3600 }));
  [sampleUrl, archiveUrl] = servers.map((s) => s.url);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await browser?.disconnect();
  rmSync(archiveDir, { recursive: true, force: true });
});

async function open(url: string, width: number): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width, height: 800 });
  await page.goto(url, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready);
  return page;
}

async function withPage<T>(url: string, width: number, fn: (page: Page) => Promise<T>): Promise<T> {
  const page = await open(url, width);
  try {
    return await fn(page);
  } finally {
    await page.close();
  }
}

describe('page weight (Chromium over HTTP, transfer sizes through CDP)', () => {
  it('a first visit to the sample article transfers at most 400 KB, fonts in shared slices with font-display: swap', async () => {
    const { first } = await pageWeight(browser, sampleUrl, ARTICLE);
    const fonts = first.visit.requests.filter((r) => r.type === 'Font');
    expect(first.visit.total, JSON.stringify(first.visit.byType)).toBeLessThanOrEqual(400 * KB);
    // The fonts came, and in slices: no request holds a whole face.
    expect(fonts.length).toBeGreaterThan(4);
    expect(Math.max(...fonts.map((f) => f.bytes))).toBeLessThan(100 * KB);
    // Shared slices of the body serif, and the edition's own subsets of the other faces: every font file is declared, each with swap.
    const css = readFileSync(join(sample, 'assets/fonts.css'), 'utf8');
    const edition = readFileSync(join(sample, 'assets/fonts/2017-09.css'), 'utf8');
    const slices = css.split('\n').filter((rule) => rule.includes('url('));
    for (const rule of slices) expect(rule).toMatch(/font-family: "Daan Serif"; font-weight: 400;.*font-display: swap;.*unicode-range: U\+/);
    expect(slices.length).toBeGreaterThan(3);
    expect(edition).toMatch(/font-family: "Daan Sans"; font-weight: 700;.*font-display: swap;/);
    const declared = new Set([...css.matchAll(/url\("fonts\/([^"]+)"\)/g), ...readdirSync(join(sample, 'assets/fonts')).filter((f) => f.endsWith('.css')).flatMap((f) => [...readFileSync(join(sample, 'assets/fonts', f), 'utf8').matchAll(/url\("([^"]+)"\)/g)])].map((m) => m[1]));
    expect([...declared].sort()).toEqual(readdirSync(join(sample, 'assets/fonts')).filter((f) => f.endsWith('.woff2')).sort());
    expect(css).toMatch(/font-family: "Daan Serif Fallback";[^}]*src: local\([^}]*ascent-override: [\d.]+%; descent-override: [\d.]+%/);
  });

  it('in a generated archive, a first visit is at most 400 KB and an article of another edition adds at most 60 KB of font bytes', async () => {
    const pages = articlePages(archive);
    expect(pages.length).toBe(8);
    const { first, next } = await pageWeight(browser, archiveUrl, pages.at(-1)!, pages[0]);
    expect(first.visit.total, JSON.stringify(first.visit.byType)).toBeLessThanOrEqual(400 * KB);
    expect(next!.visit.requests.some((r) => r.type === 'Document')).toBe(true);
    expect(next!.fontBytes).toBeLessThanOrEqual(60 * KB);
  });

  it('briefing pages draw in the site fonts (no second set of their own)', () => {
    expect(readdirSync(join(sample, 'briefings')).some((f) => f === 'fonts')).toBe(false);
    const briefing = readdirSync(join(sample, 'briefings')).find((f) => f.endsWith('.html'))!;
    expect(readFileSync(join(sample, 'briefings', briefing), 'utf8')).toContain('href="../assets/fonts.css"');
  });
});

describe('every character in a bundled face', () => {
  const pagesOf = (out: string) => readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html') && !f.startsWith('pagefind'));
  for (const [name, out] of [['the sample', sample], ['the generated archive', archive]] as const) {
    it(`${name}: no text falls back to a system font`, async () => {
      const files = name === 'the sample' ? pagesOf(out) : ['index.html', 'search.html', ...articlePages(out).slice(0, 2)];
      const url = name === 'the sample' ? sampleUrl : archiveUrl;
      for (const file of files) {
        await withPage(`${url}${file}`, 1280, async (page) => {
          const session = await page.createCDPSession();
          await session.send('DOM.enable');
          await session.send('CSS.enable');
          const { root } = await session.send('DOM.getDocument', { depth: -1 });
          const { nodeIds } = await session.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: 'body *:not(script):not(style)' });
          const fallbacks: string[] = [];
          for (const nodeId of nodeIds) {
            const { fonts } = await session.send('CSS.getPlatformFontsForNode', { nodeId });
            for (const font of fonts) if (!font.isCustomFont) fallbacks.push(`${font.familyName} ×${font.glyphCount}`);
          }
          expect(fallbacks, file).toEqual([]);
        });
      }
    });
  }
});

describe('at 360 px', () => {
  it('chart text is at least 11 CSS px (the narrow variant), and the wide chart at 1280 px', async () => {
    for (const width of [360, 1280]) {
      const sizes = await withPage(`${sampleUrl}${ARTICLE}`, width, (page) =>
        page.evaluate(() =>
          [...document.querySelectorAll<SVGSVGElement>('.chart > svg')]
            .filter((svg) => svg.getBoundingClientRect().width > 0)
            .map((svg) => {
              const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
              const texts = [...svg.querySelectorAll('text')].filter((t) => t.textContent?.trim());
              return { narrow: svg.classList.contains('chart-narrow'), smallest: Math.min(...texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * scale)), texts: texts.length };
            }),
        ),
      );
      expect(sizes.length).toBeGreaterThan(0);
      for (const chart of sizes) {
        expect(chart.narrow).toBe(width === 360);
        expect(chart.texts).toBeGreaterThan(5);
        if (width === 360) expect(chart.smallest).toBeGreaterThanOrEqual(11);
      }
    }
  });

  it('no table cell breaks inside a word', async () => {
    const broken = await withPage(`${sampleUrl}${ARTICLE}`, 360, (page) =>
      page.evaluate(() =>
        [...document.querySelectorAll('.table-scroll th, .table-scroll td')].flatMap((cell) => {
          const text = cell.textContent ?? '';
          if (!text.trim() || /\s/.test(text.trim())) return [];
          const range = document.createRange();
          range.selectNodeContents(cell);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          return lines.size > 1 ? [text] : [];
        }),
      ),
    );
    expect(broken).toEqual([]);
  });

  it('the home page keeps each briefing date and download link on one line', async () => {
    const broken = await withPage(`${sampleUrl}index.html`, 360, (page) =>
      page.evaluate(() =>
        [...document.querySelectorAll('.briefing-item .edition-date, .briefing-pdf, .edition-item .edition-date')].flatMap((element) => {
          const lines = new Set([...element.getClientRects()].map((r) => Math.round(r.top)));
          return lines.size > 1 || element.getBoundingClientRect().height > parseFloat(getComputedStyle(element).lineHeight) * 1.5 ? [element.textContent] : [];
        }),
      ),
    );
    expect(await withPage(`${sampleUrl}index.html`, 360, (page) => page.$$eval('.briefing-pdf', (links) => links.length))).toBeGreaterThan(0);
    expect(broken).toEqual([]);
  });
});

describe('no sideways scrolling, axe clean', () => {
  for (const width of [360, 1280]) {
    it(`fits ${width} px: the sample's pages and the archive's`, async () => {
      const targets = [
        ...readdirSync(sample, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html')).map((f) => `${sampleUrl}${f}`),
        ...['index.html', ...articlePages(archive).slice(0, 2)].map((f) => `${archiveUrl}${f}`),
      ];
      for (const url of targets) {
        const scroll = await withPage(url, width, (page) => page.evaluate(() => document.documentElement.scrollWidth));
        expect(scroll, url).toBeLessThanOrEqual(width);
      }
    });
  }

  it('the archive home and an archive article pass axe at 360 px', async () => {
    for (const file of ['index.html', articlePages(archive)[0]]) {
      const violations = await withPage(`${archiveUrl}${file}`, 360, async (page) => (await new AxePuppeteer(page).analyze()).violations);
      expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), file).toEqual([]);
    }
  });
});
