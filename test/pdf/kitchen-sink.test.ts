/**
 * The kitchen-sink edition (test/fixtures/kitchen-sink: eight articles in three columns, one of
 * six pages and more, photos of every size and shape, footnotes, plain and data tables, every
 * chart type, lists, quotes, run-in headings), built once with the real CLI and read back: the
 * PDF with poppler and pdf.js, the pages in Chromium.
 *
 * Assertions that need the content side of issue 13 (photos as numbered figures, :::figure and
 * :::table, footnotes as ①/注释) are marked "content:" — on a branch without it the fixture
 * does not build at all (a footnote stops the build there).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AxePuppeteer } from '@axe-core/puppeteer';
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBrowser } from '../helpers/browser.ts';
import { daan } from '../helpers/cli.ts';
import { KITCHEN_SINK_EDITION, PHOTOS, kitchenSinkContent } from '../helpers/kitchen-sink.ts';
import { pageTexts, pdfInfo, pdfLines, squeeze } from '../helpers/pdf.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';
import { run } from '../helpers/tools.ts';
import { bodyArea, commonTextSizes, imageBoxes, pageFill, type BodyArea } from '../../scripts/bench/page-fill.ts';
import { readDestinations } from '../../scripts/print/destinations.ts';
import { loadContent } from '../../scripts/load/index.ts';
import { TOLERATED_EMPTY_LINES } from '../../scripts/print/floats.ts';

const MM = 72 / 25.4;
const work = temporary(mkdtempSync(join(tmpdir(), 'daan-kitchen-sink-')));
const content = join(work, 'content');
const out = join(work, 'out');
const cache = join(work, 'cache');
const pdf = join(out, KITCHEN_SINK_EDITION, `daan-${KITCHEN_SINK_EDITION}.pdf`);
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

let area: BodyArea;
let articles: { id: string; title: string; start: number; end: number }[];
let buildOutput: string;

beforeAll(async () => {
  await kitchenSinkContent(content);
  const result = daan(['build', '--content', content, '--out', out], { env: { DAAN_CACHE_DIR: cache } });
  buildOutput = result.output;
  if (result.code !== 0) throw new Error(`the kitchen-sink edition did not build (exit ${result.code}):\n${result.output}`);
  const loaded = await loadContent(content);
  const edition = loaded.content!.editions[0];
  area = bodyArea(edition.page);
  // Where each article starts (its named destination, the TOC's link target) and ends (the page before the next, or the colophon).
  const starts = await readDestinations(readFileSync(pdf));
  const pageCount = Number(pdfInfo(pdf).Pages);
  const ordered = edition.articles.map((a) => ({ id: `art-${a.slug}`, title: a.title })).filter((a) => starts.has(a.id));
  const sorted = ordered.map((a) => ({ ...a, start: starts.get(a.id)! })).sort((a, b) => a.start - b.start);
  articles = sorted.map((a, i) => ({ ...a, end: (sorted[i + 1]?.start ?? pageCount) - 1 }));
});
afterAll(removeTemporary);

describe('the kitchen-sink edition in print', () => {
  it('has eight articles in three columns, one of them six pages or more', () => {
    expect(articles.length).toBeGreaterThanOrEqual(8);
    expect(Math.max(...articles.map((a) => a.end - a.start + 1))).toBeGreaterThanOrEqual(6);
  });

  it('keeps the configured page: every page 210 × 285 mm, the body at 10.5 pt on every article page, whatever the photos’ pixel size', async () => {
    const info = run('pdfinfo', ['-f', '1', '-l', '999', pdf]);
    const sizes = [...info.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(sizes.length).toBe(Number(pdfInfo(pdf).Pages));
    for (const [w, h] of sizes) {
      expect(Math.abs(w - 210 * MM)).toBeLessThan(0.5);
      expect(Math.abs(h - 285 * MM)).toBeLessThan(0.5);
    }
    // A page Chromium shrank to fit a wide photo prints its text smaller than set (7 pt for 10.5).
    const text = await commonTextSizes(pdf);
    // Most text of an article page is body (10.5 pt) or table (9 pt) text; shrunk, it would be 8 pt or less.
    for (const a of articles) {
      for (let page = a.start; page <= a.end; page++) expect([page, [9, 10.5].includes(text[page - 1])]).toEqual([page, true]);
    }
  });

  it('starts no line with a closing mark, a dash, an ellipsis or a middle dot (禁则), also where a float split a paragraph', () => {
    // What may start a line is where a paragraph (or a cell, a caption) itself starts so.
    const NOT_AT_LINE_START = /^[—…·～，。、；：？！）」』》〉】”’]/u;
    const pages = readdirSync(join(out, KITCHEN_SINK_EDITION), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'));
    const blockStarts = pages.flatMap((f) => readFileSync(join(out, KITCHEN_SINK_EDITION, f), 'utf8').replace(/<[^>]+>/g, '\n').split('\n')).map((line) => line.replace(/\s/g, '')).filter((line) => NOT_AT_LINE_START.test(line));
    const offending = pdfLines(pdf)
      .filter((l) => l.yMin > area.top - 1 && l.yMin < area.bottom && NOT_AT_LINE_START.test(l.text) && !/^—\s*\d+\s*—$/.test(l.text))
      .filter((l) => !blockStarts.some((start) => start.startsWith(l.text.replace(/\s/g, '').slice(0, 6))));
    expect(offending.map((l) => `page ${l.page}: ${l.text}`)).toEqual([]);
  });

  it('sets the body lines a body line apart, inside the configured margins (22 mm inner, 18 mm outer)', () => {
    const lines = pdfLines(pdf);
    const width = 210 * MM;
    for (const a of articles) {
      for (let page = a.start; page <= a.end; page++) {
        const body = lines.filter((l) => l.page === page && l.yMin > area.top - 1 && l.yMin < area.bottom);
        const left = page % 2 === 1 ? 22 * MM : 18 * MM;
        const right = width - (page % 2 === 1 ? 18 : 22) * MM;
        for (const line of body) {
          expect(line.xMin, `page ${page}: ${line.text}`).toBeGreaterThanOrEqual(left - 0.5);
          expect(line.xMax, `page ${page}: ${line.text}`).toBeLessThanOrEqual(right + 0.5);
        }
        // Some full line starts on the left edge of the text block: the margin is the configured one, not wider.
        expect(Math.min(...body.map((l) => l.xMin)), `page ${page}`).toBeLessThan(left + 10.5 * 2 + 0.5);
      }
    }
    // Lines follow each other a body line apart (the most common distance between two lines of a column).
    const gaps = new Map<number, number>();
    for (const a of articles) {
      for (let page = a.start; page <= a.end; page++) {
        for (const half of [(l: { xMax: number }) => l.xMax < width / 2, (l: { xMin: number }) => l.xMin > width / 2]) {
          const column = lines.filter((l) => l.page === page && half(l)).sort((x, y) => x.yMin - y.yMin);
          for (let i = 1; i < column.length; i++) {
            const gap = Math.round((column[i].yMin - column[i - 1].yMin) * 100) / 100;
            gaps.set(gap, (gaps.get(gap) ?? 0) + 1);
          }
        }
      }
    }
    // Chromium puts lines on whole pixels: 18.38 pt comes out as 18 and 18.75 by turns; on average exact.
    const near = [...gaps].filter(([gap]) => Math.abs(gap - area.lineHeight) < 1);
    const count = near.reduce((n, [, c]) => n + c, 0);
    expect(count).toBeGreaterThan(50);
    expect(Math.abs(near.reduce((sum, [gap, c]) => sum + gap * c, 0) / count - area.lineHeight)).toBeLessThan(0.1);
  });

  it('sets the body in two columns of 22 characters at 10.5 pt', () => {
    const width = 210 * MM;
    const long = articles.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
    const lines = pdfLines(pdf).filter((l) => l.page === long.start + 1 && l.yMin > area.top - 1 && l.yMin < area.bottom);
    const left = lines.filter((l) => l.xMax < width / 2);
    const right = lines.filter((l) => l.xMin > width / 2);
    expect(left.length).toBeGreaterThan(10);
    expect(right.length).toBeGreaterThan(10);
    // A full line of Chinese text: 22 characters (the most common length of a column's lines).
    const counts = new Map<number, number>();
    for (const l of [...left, ...right]) if (/^[\p{Script=Han}，。、“”：；]+$/u.test(l.text)) counts.set(l.text.length, (counts.get(l.text.length) ?? 0) + 1);
    const common = [...counts].sort((a, b) => b[1] - a[1])[0][0];
    expect(common).toBe(22);
  });

  it('prints every photo, each inside the text block', async () => {
    const list = run('pdfimages', ['-list', pdf]).split('\n').slice(2).filter(Boolean);
    const images = list.filter((l) => / image /.test(l));
    expect(images.length).toBeGreaterThanOrEqual(PHOTOS.length);
    const boxes = await imageBoxes(pdf);
    let inBody = 0;
    for (const a of articles) {
      for (let page = a.start; page <= a.end; page++) {
        const left = page % 2 === 1 ? area.leftOdd : area.leftEven;
        for (const box of boxes[page - 1]) {
          inBody++;
          expect(box.xMin, `page ${page}`).toBeGreaterThanOrEqual(left - 0.5);
          expect(box.xMax, `page ${page}`).toBeLessThanOrEqual(left + area.width + 0.5);
          expect(box.yMin, `page ${page}`).toBeGreaterThanOrEqual(area.top - 0.5);
          expect(box.yMax, `page ${page}`).toBeLessThanOrEqual(area.bottom + 0.5);
        }
      }
    }
    expect(inBody).toBeGreaterThanOrEqual(PHOTOS.length);
  });

  it('leaves no hole: at most 3 empty body lines a column, but on an article’s last page', async () => {
    const fills = await pageFill(pdf, area);
    const holes: string[] = [];
    for (const a of articles) {
      for (let page = a.start; page < a.end; page++) {
        const empty = fills[page - 1].emptyLines;
        if (Math.max(...empty) > TOLERATED_EMPTY_LINES) holes.push(`page ${page} (${a.title}): ${empty.join(' | ')} empty lines`);
      }
    }
    expect(holes).toEqual([]);
  });

  it('numbers the figures and tables of each article in order, 图1, 图2 … and 表1, 表2 … (content: photos are figures)', () => {
    // A caption starts its line with its label (图1, then a space and the caption); read in the
    // order the PDF paints each page — document order, column after column — not by height on
    // the page, which would mix the two columns.
    const captions = pageTexts(pdf).flatMap((text, i) =>
      text
        .split('\n')
        .map((line) => /^((?:图|表))\s?(\d+)\s+\S/u.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ page: i + 1, text: `${m[1]}${m[2]}` })),
    );
    let figures = 0;
    let tables = 0;
    for (const a of articles) {
      const labels = captions.filter((w) => w.page >= a.start && w.page <= a.end);
      for (const label of ['图', '表']) {
        const numbers = labels.filter((w) => w.text.startsWith(label)).map((w) => Number(w.text.slice(1)));
        expect(numbers, `${a.title}: ${label}`).toEqual(numbers.map((_, i) => i + 1));
        if (label === '图') figures += numbers.length;
        else tables += numbers.length;
      }
    }
    // Every photo (two of them side by side in one figure) and every chart is numbered; the data tables and the captioned plain table too.
    expect(figures).toBeGreaterThanOrEqual(PHOTOS.length - 1 + 3);
    expect(tables).toBeGreaterThanOrEqual(4);
  });

  it('prints the footnotes as ①② in the text and 注释 at the article’s end, no back-link glyph (content: footnotes)', () => {
    // Read line by line: pdftotext reads across the two columns.
    const long = articles.find((a) => a.title === '瓦高村的变迁')!;
    const lines = pdfLines(pdf).filter((l) => l.page >= long.start && l.page <= long.end);
    const noteMarks = lines.filter((l) => /①/.test(l.text));
    expect(noteMarks.length).toBeGreaterThanOrEqual(2);
    expect(lines.some((l) => /②/.test(l.text))).toBe(true);
    const notes = lines.find((l) => squeeze(l.text) === '注释');
    const lastWords = lines.find((l) => squeeze(l.text).includes('一定会更好'));
    expect(notes && lastWords && (notes.page > lastWords.page || (notes.page === lastWords.page && notes.yMin > lastWords.yMin) || notes.xMin > lastWords.xMax)).toBeTruthy();
    expect(squeeze(pageTexts(pdf).join(''))).not.toContain('↩');
  });

  it('gives in its table of contents the page where each article starts', () => {
    const pages = pageTexts(pdf).map(squeeze);
    const toc = pages.find((p) => p.includes('目录'))!;
    for (const a of articles) {
      const listed = new RegExp(`${squeeze(a.title)}[^\\d]*?(\\d+)`).exec(toc);
      expect(listed, a.title).not.toBeNull();
      expect(Number(listed![1]), a.title).toBe(a.start);
      expect(pages[a.start - 1], a.title).toContain(squeeze(a.title));
    }
  });

  it('prints again, from the layout cache, in one print and to the same bytes', () => {
    const again = join(work, 'out-again');
    // Without the finished PDF the cache also keeps (print/pdf-cache.ts, test/print/pdf-cache.test.ts), which would be taken instead of printing.
    rmSync(join(cache, 'pdfs'), { recursive: true, force: true });
    const result = daan(['build', '--content', content, '--out', again, '--force'], { env: { DAAN_CACHE_DIR: cache, CI: 'true' } });
    expect(result.code, result.output).toBe(0);
    expect(buildOutput).toMatch(/daan-2018-06\.pdf[^\n]*\d prints/);
    expect(result.output).toMatch(/daan-2018-06\.pdf[^\n]*1 print\b/);
    expect(sha(join(again, KITCHEN_SINK_EDITION, `daan-${KITCHEN_SINK_EDITION}.pdf`))).toBe(sha(pdf));
  });
});

describe('the kitchen-sink edition’s web fonts', () => {
  it('are subset once, while the PDF prints: the pages need no subset the early pass missed (its PDF is 2.x MB, not the stand-in’s KB)', () => {
    expect(readFileSync(join(out, KITCHEN_SINK_EDITION, 'index.html'), 'utf8')).toMatch(/下载印刷版 PDF（\d+\.\d MB）/);
    for (const face of ['serif-400', 'serif-700', 'sans-400', 'sans-700']) {
      expect(buildOutput.match(new RegExp(`made \\d+ web font subset\\(s\\) of ${face} `, 'g')), face).toHaveLength(1);
    }
  });
});

describe('the kitchen-sink edition on the web', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await connectBrowser();
  });
  afterAll(async () => {
    await browser?.disconnect();
  });

  const files = () => readFileSync(join(out, 'manifest.json'), 'utf8').match(new RegExp(`${KITCHEN_SINK_EDITION}/[^"]+\\.html`, 'g'))!;

  it.each([360, 1280])('shows every article page at %i px without horizontal scroll, axe clean', async (width) => {
    const pages = [...new Set(files())];
    expect(pages.length).toBeGreaterThanOrEqual(9);
    for (const file of pages) {
      const page = await browser.newPage();
      try {
        await page.setViewport({ width, height: 800 });
        await page.goto(pathToFileURL(join(out, file)).href, { waitUntil: 'load' });
        await page.evaluate(() => document.fonts.ready);
        const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
        expect(scroll, `${file} at ${width} px`).toBeLessThanOrEqual(client);
        const axe = await new AxePuppeteer(page).analyze();
        expect(axe.violations.map((v) => `${file}: ${v.id} ${v.help}`)).toEqual([]);
      } finally {
        await page.close();
      }
    }
    // A hang guard only: nine pages, each analysed by axe, on a loaded machine.
  }, 900_000);
});
