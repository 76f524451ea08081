/**
 * The column a reader sees: header, main column and footer line up at every width (the footer's
 * smaller type once made it narrower and shifted), and an article with no neighbour writes no
 * empty 上一篇/下一篇 navigation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectBrowser } from '../helpers/browser.ts';

const out = inject('builtOut');
const ARTICLE = '2017-09/dangjian-linghang-tuopin-benkang.html';
let browser: Browser;
beforeAll(async () => {
  browser = await connectBrowser();
});
afterAll(async () => {
  await browser?.disconnect();
});

describe('the page column', () => {
  for (const width of [360, 800, 1280]) {
    it(`lines up header, main and footer at ${width} px`, async () => {
      const page = await browser.newPage();
      try {
        await page.setViewport({ width, height: 800 });
        await page.goto(pathToFileURL(join(out, ARTICLE)).href, { waitUntil: 'load' });
        const boxes = await page.evaluate(() =>
          ['.site-header', 'main', '.site-footer'].map((selector) => {
            const element = document.querySelector(selector)!;
            const box = element.getBoundingClientRect();
            const style = getComputedStyle(element);
            // The content box: where the text of each starts and ends.
            return { left: Math.round(box.left + parseFloat(style.paddingLeft)), right: Math.round(box.right - parseFloat(style.paddingRight)) };
          }),
        );
        expect(boxes[2]).toEqual(boxes[1]);
        expect(boxes[0]).toEqual(boxes[1]);
      } finally {
        await page.close();
      }
    });
  }

  it('writes no 上一篇/下一篇 navigation for an article without neighbours', () => {
    const html = readFileSync(join(out, ARTICLE), 'utf8');
    expect(html).toContain('<footer class="site-footer">');
    expect(html).not.toContain('article-nav');
  });
});
