/**
 * The text a reader copies or searches is the content's own: no joiner or other invisible
 * character in the HTML or the PDF text layer, and "2014—2016" and "7·26" found and copied as
 * they are, in Chromium and with pdftotext. And still no line starts with ——, …, · or a closing
 * mark: on screen at every width of a sweep (and the same sweep without the nobr spans does
 * produce such lines, so the check can fail), in the sample's pages, and in its printed issue.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer';
import { toHtml } from 'hast-util-to-html';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transformMarkdown } from '../../scripts/transform/processor.ts';
import { helpers } from '../../scripts/render/helpers.ts';
import { connectBrowser } from '../helpers/browser.ts';
import { builtOut } from '../helpers/built.ts';
import { pageTexts, pdfLines } from '../helpers/pdf.ts';

const out = await builtOut();
const files = readdirSync(out, { recursive: true, encoding: 'utf8' }).sort();
const htmlPages = files.filter((f) => f.endsWith('.html'));
const pdfs = files.filter((f) => f.endsWith('.pdf'));
const issuePdf = join(out, '2017-09/daan-2017-09.pdf');
const article = htmlPages.find((f) => f.startsWith('2017-09/') && f !== '2017-09/index.html')!;

/** Format characters (joiners, zero width spaces, BOM, soft hyphen…): the sample's sources have none. */
const INVISIBLE = /[\p{Cf}\u00ad]/u;
/** What may not start a line (clreq 行首禁则): dashes, ellipses, middle dots, closing punctuation. */
const NOT_AT_LINE_START = /^[—…·～，。、；：？！）」』》〉】”’%]/u;

let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  await browser?.disconnect();
});

async function withPage<T>(run: (page: Page) => Promise<T>): Promise<T> {
  const page = await browser.newPage();
  try {
    return await run(page);
  } finally {
    await page.close();
  }
}

/**
 * Every character that starts a line inside a block (not the block's first line), with the text
 * of its line, as Chromium lays the page out now.
 */
function lineStarts(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const found: string[] = [];
    const blocks = document.querySelectorAll(`${selector} :is(p, li, h1, h2, h3, h4, td, th, figcaption, blockquote)`);
    for (const block of blocks) {
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT, { acceptNode: (n) => (n.parentElement?.closest('svg') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT) });
      let previous: DOMRect | undefined;
      const range = document.createRange();
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        if (node.parentElement?.closest('p, li, h1, h2, h3, h4, td, th, figcaption, blockquote') !== block) continue;
        for (let i = 0; i < node.data.length; i++) {
          if (/\s/.test(node.data[i])) continue;
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getClientRects()[0];
          if (!rect) continue;
          if (previous && rect.top >= previous.bottom - 1) found.push(node.data.slice(i, i + 8));
          previous = rect;
        }
      }
    }
    return found;
  }, selector);
}

describe('clean text', () => {
  it('no page and no PDF text layer of the sample holds an invisible character', () => {
    for (const file of htmlPages) expect(INVISIBLE.test(readFileSync(join(out, file), 'utf8')), file).toBe(false);
    expect(pdfs.length).toBeGreaterThan(0);
    for (const file of pdfs) expect(INVISIBLE.test(pageTexts(join(out, file)).join('')), file).toBe(false);
  });

  it('pdftotext of the issue returns exactly "2014—2016" and "7·26"', () => {
    const text = pageTexts(issuePdf).join('');
    expect(text).toContain('2014—2016');
    expect(text).toContain('“7·26”');
  });

  it('in Chromium, find and copy of "2014—2016" and "7·26" return exactly those characters', async () => {
    const found = await withPage(async (page) => {
      await page.goto(pathToFileURL(join(out, article)).href, { waitUntil: 'load' });
      return page.evaluate(() =>
        ['2014—2016', '7·26'].map((phrase) => {
          getSelection()?.removeAllRanges();
          // window.find: the browser's own find-in-page; it selects what it found, which is what a copy takes.
          const hit = (window as unknown as { find(text: string): boolean }).find(phrase);
          return { phrase, hit, copied: getSelection()?.toString(), inText: document.querySelector('.article-body')!.textContent!.includes(phrase) };
        }),
      );
    });
    for (const { phrase, hit, copied, inText } of found) {
      expect(hit, phrase).toBe(true);
      expect(copied).toBe(phrase);
      expect(inText, phrase).toBe(true);
    }
  });

  it('on screen, no line starts with a dash, ellipsis, middle dot or closing mark at any width (and would without the spans)', async () => {
    const markdown = Array.from({ length: 6 }, (_, i) => `第${i + 1}段，他说——这是破折号${'。'.repeat(i % 2)}省略号……在这里。2014—2016年的“7·26”讲话，**较长的一段强调文字**——说明；又及${'一'.repeat(i)}——结束……`).join('\n\n');
    const { hast } = await transformMarkdown(markdown, 'sweep.md', { datasets: () => undefined, editionId: 'test' });
    // Titles and subtitles come from front matter through the templates' {{marks …}} helper.
    const title = (text: string) => `<h1>${helpers.marks(text).toString()}</h1>`;
    const withSpans = title('乡村振兴新篇章——2014—2016年“7·26”讲话精神……回顾与展望') + title('他们说——山里的路……通了') + toHtml(hast);
    const css = readFileSync(join(import.meta.dirname, '../../templates/css/data.css'), 'utf8');
    const violations = async (body: string) =>
      withPage(async (page) => {
        await page.setContent(`<!DOCTYPE html><html lang="zh-CN"><style>${css} body { margin: 0; font-size: 16px; text-align: justify; } main { width: var(--w); }</style><main>${body}</main></html>`);
        const all: string[] = [];
        for (let width = 150; width <= 330; width += 3) {
          await page.evaluate((w) => document.documentElement.style.setProperty('--w', `${w}px`), width);
          for (const start of await lineStarts(page, 'main')) if (NOT_AT_LINE_START.test(start)) all.push(`${width}px: ${start}`);
        }
        return all;
      });
    expect(await violations(withSpans)).toEqual([]);
    expect((await violations(withSpans.replace(/<span class="nobr">|<\/span>/g, ''))).length).toBeGreaterThan(0);
  });

  it('{{marks}} escapes the title it keeps whole', () => {
    expect(helpers.marks('<img src=x onerror=alert(1)>——“&”').toString()).toBe('&#x3C;img src=x onerror=alert(1)<span class="nobr">>——</span>“&#x26;”');
  });

  it('in the sample article at 360 and 1280 px, no line starts with a mark it may not start with', async () => {
    for (const width of [360, 1280]) {
      const starts = await withPage(async (page) => {
        await page.setViewport({ width, height: 800 });
        await page.goto(pathToFileURL(join(out, article)).href, { waitUntil: 'load' });
        await page.evaluate(() => document.fonts.ready);
        return lineStarts(page, 'main');
      });
      expect(starts.length, `${width}px: the article has wrapped lines`).toBeGreaterThan(10);
      expect(starts.filter((s) => NOT_AT_LINE_START.test(s)), `${width}px`).toEqual([]);
    }
  });

  it('in the printed issue, a line starts with such a mark only where its paragraph does', () => {
    const html = readFileSync(join(out, article), 'utf8').replace(/<[^>]+>/g, '\n');
    const blockStarts = html.split('\n').map((line) => line.trim()).filter((line) => NOT_AT_LINE_START.test(line));
    const lines = pdfLines(issuePdf).map((l) => l.text).filter((text) => NOT_AT_LINE_START.test(text) && !/^—\s*\d+\s*—$/.test(text));
    for (const line of lines) expect(blockStarts.some((start) => start.replace(/\s/g, '').startsWith(line.replace(/\s/g, '').slice(0, 6))), line).toBe(true);
  });
});
