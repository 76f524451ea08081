/**
 * Photos in a real build: the web page shows WebP/JPEG copies in several widths (srcset, sizes,
 * width, height, lazy), the copies are in out/ and byte-identical across two builds (the second
 * takes them from the build cache), the PDF embeds the print copy at no more than 300 dpi, and a
 * coarse photo gets a warning with its file, line and dpi.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fromHtml } from 'hast-util-from-html';
import type { Element } from 'hast';
import { visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daan } from '../helpers/cli.ts';
import { makeContent } from '../helpers/content.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';
import { run } from '../helpers/tools.ts';
import { connectBrowser } from '../helpers/browser.ts';
import { picture } from './helpers.ts';

const article = `---
title: 照片
column: 要闻
slug: zhaopian
---

村里新修了路。

<figure><img src="images/road.jpg" alt="新修的村道"></figure>

旧照片：![旧照片](images/old.png)
`;

let content: string;
let out1: string;
let out2: string;
let first: ReturnType<typeof daan>;
let second: ReturnType<typeof daan>;
const page = () => readFileSync(join(out1, '2020-01', 'zhaopian.html'), 'utf8');

beforeAll(async () => {
  content = temporary(
    makeContent({
      '2020-01/articles/zhaopian.md': article,
      '2020-01/images/road.jpg': await picture(2400, 1600, 'jpeg', 5),
      '2020-01/images/old.png': await picture(500, 300, 'png', 6),
    }),
  );
  const work = temporary(mkdtempSync(join(tmpdir(), 'daan-images-build-')));
  out1 = join(work, 'out1');
  out2 = join(work, 'out2');
  const env = { DAAN_CACHE_DIR: join(work, 'cache'), CI: 'true' };
  first = daan(['build', '--content', content, '--out', out1, '--verbose'], { env });
  second = daan(['build', '--content', content, '--out', out2, '--verbose'], { env });
}, 600_000);
afterAll(removeTemporary);

function images(html: string): Element[] {
  const found: Element[] = [];
  visit(fromHtml(html), 'element', (node: Element) => {
    if (node.tagName === 'img' || node.tagName === 'source') found.push(node);
  });
  return found;
}

function candidates(srcset: unknown): { path: string; width: number }[] {
  return String(srcset)
    .split(',')
    .map((part) => part.trim().split(/\s+/))
    .map(([path, w]) => ({ path, width: Number(w.replace(/w$/, '')) }));
}

describe('photos in a build', () => {
  it('builds, and warns about the coarse photo at its line, with its dpi', () => {
    expect(first.code, first.output).toBe(0);
    expect(second.code, second.output).toBe(0);
    // An image in a paragraph prints in one column of the two (81 mm of 210 × 285 mm with 22/18 mm margins).
    expect(first.output).toMatch(/2020-01\/articles\/zhaopian\.md\n11:5-11:\d+ warning Photo images\/old\.png is only 156 dpi in print: 500 × 300 pixels across 81 mm/);
    expect(first.output).toContain('fix: Use a larger original');
  });

  it('the web page has a <picture>: WebP and JPEG in several widths, with sizes, width, height and lazy loading', () => {
    const [source, img] = images(page());
    expect(source.properties).toMatchObject({ type: 'image/webp', sizes: expect.stringContaining('612px') });
    expect(candidates(source.properties.srcSet).map((c) => c.width)).toEqual([480, 960, 1440]);
    expect(candidates(source.properties.srcSet).every((c) => /^images\/road-\d+\.\w+\.webp$/.test(c.path))).toBe(true);
    expect(img.properties).toMatchObject({ alt: '新修的村道', width: 1440, height: 960, loading: 'lazy', decoding: 'async', sizes: expect.stringContaining('612px') });
    expect(candidates(img.properties.srcSet).map((c) => c.width)).toEqual([480, 960, 1440]);
    expect(String(img.properties.src)).toMatch(/^images\/road-960\.\w+\.jpg$/);
    // The source photo itself is not published.
    expect(readdirSync(join(out1, '2020-01', 'images'))).not.toContain('road.jpg');
  });

  it('every copy the page names is in out/, with the width it claims', async () => {
    const sharp = (await import('sharp')).default;
    for (const node of images(page())) {
      for (const { path, width } of candidates(node.properties.srcSet)) {
        const meta = await sharp(readFileSync(join(out1, '2020-01', path))).metadata();
        expect(meta.width, path).toBe(width);
        expect(meta.format).toBe(path.endsWith('.webp') ? 'webp' : path.endsWith('.png') ? 'png' : 'jpeg');
      }
    }
  });

  it('Chromium shows the WebP copy that fits, at the page width, without layout shift', async () => {
    const browser = await connectBrowser();
    const tab = await browser.newPage();
    try {
      await tab.setViewport({ width: 360, height: 640, deviceScaleFactor: 2 });
      await tab.goto(pathToFileURL(join(out1, '2020-01', 'zhaopian.html')).href, { waitUntil: 'load' });
      const img = await tab.$eval('img[alt="新修的村道"]', async (element) => {
        const image = element as HTMLImageElement;
        image.scrollIntoView();
        await image.decode();
        return { current: image.currentSrc, shown: image.getBoundingClientRect().width, ratio: image.getBoundingClientRect().height / image.getBoundingClientRect().width, scroll: document.documentElement.scrollWidth };
      });
      // 2 device pixels per CSS pixel on a 328 px column: the 960 px WebP.
      expect(img.current).toMatch(/road-960\.\w+\.webp$/);
      expect(img.shown).toBeLessThanOrEqual(360);
      expect(img.ratio).toBeCloseTo(1600 / 2400, 2);
      expect(img.scroll).toBeLessThanOrEqual(360);
    } finally {
      await tab.close();
      browser.disconnect();
    }
  });

  it('the image copies are byte-identical across two builds, and the second takes them from the build cache', () => {
    const files = readdirSync(join(out1, '2020-01', 'images')).sort();
    expect(readdirSync(join(out2, '2020-01', 'images')).sort()).toEqual(files);
    for (const name of files) expect(readFileSync(join(out2, '2020-01', 'images', name)).equals(readFileSync(join(out1, '2020-01', 'images', name))), name).toBe(true);
    expect(readFileSync(join(out2, '2020-01', 'zhaopian.html'), 'utf8')).toBe(page());
    expect(first.output).toMatch(/wrote 8 image file\(s\) for 2020-01 \(0 from the build cache\)/);
    expect(second.output).toMatch(/wrote 8 image file\(s\) for 2020-01 \(8 from the build cache\)/);
    expect(readFileSync(join(out2, '2020-01', 'daan-2020-01.pdf')).equals(readFileSync(join(out1, '2020-01', 'daan-2020-01.pdf')))).toBe(true);
  });

  it('the PDF embeds the print copy of the photo at no more than 300 dpi', () => {
    const list = run('pdfimages', ['-list', join(out1, '2020-01', 'daan-2020-01.pdf')])
      .split('\n')
      .slice(2)
      .filter(Boolean)
      .map((line) => line.trim().split(/\s+/))
      .map((cols) => ({ width: Number(cols[3]), height: Number(cols[4]), xppi: Number(cols[12]), yppi: Number(cols[13]) }));
    expect(list.length).toBeGreaterThanOrEqual(2);
    for (const image of list) {
      expect(image.xppi).toBeLessThanOrEqual(300);
      expect(image.yppi).toBeLessThanOrEqual(300);
    }
    // The 2400 px photo was scaled down for the text width (not embedded whole), and still prints near 300 dpi.
    const road = list.find((image) => Math.abs(image.width / image.height - 1.5) < 0.01 && image.width > 1000)!;
    expect(road.width).toBeLessThan(2400);
    expect(road.xppi).toBeGreaterThanOrEqual(290);
    // The coarse one is embedded as it is, filling its column: 500 px at the 156 dpi the warning gave.
    expect(list.find((image) => image.width === 500)?.xppi).toBe(156);
  });
});
