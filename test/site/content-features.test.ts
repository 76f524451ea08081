/**
 * Issue 13, problems 1–4, end to end: an edition as a new editor writes it — photos far wider than
 * the column (a bare image in a paragraph, a lone image, a side-by-side figure, a portrait photo
 * taller than a page), a footnote, a
 * plain GFM table with a caption, a long URL — builds, prints at the same text size and scale as
 * the same article without them, and its page does not scroll sideways at 360 px.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBrowser } from '../helpers/browser.ts';
import { daan } from '../helpers/cli.ts';
import { makeContent } from '../helpers/content.ts';
import { solidPng } from '../helpers/png.ts';
import { pageTexts, pdfLines, squeeze, type PdfLine } from '../helpers/pdf.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';
import { run } from '../helpers/tools.ts';
import { bodyArea } from '../../scripts/bench/page-fill.ts';
import { loadContent } from '../../scripts/load/index.ts';
import { requireChromium, requireTools } from '../print/poppler.ts';


const paragraph = '大安区地处自贡市东部，辖区内山水相依，人文荟萃。近年来，全区上下坚持以人民为中心的发展思想，统筹推进城乡融合发展，群众的获得感、幸福感、安全感不断增强。'.repeat(3);
const front = (title: string, slug: string) => `---\ntitle: ${title}\ncolumn: 要闻\nslug: ${slug}\n---\n\n`;
const plain = `${front('图文测试', 'tuwen')}${paragraph}\n\n${paragraph}\n`;
const rich = `${front('图文测试', 'tuwen')}${paragraph}\n\n${paragraph}

脚注测试[^1]。照片见:ref{id=wide}，对比见:ref{id=pair}，数据见:ref{id=roads}。行内图片![小图](images/narrow.png)不应缩进。

![大安区全景](images/wide.png)

:::figure[新旧村道对比]{id=pair credit=李明}
![2014年的村道](images/huge.png)
![2024年的村道](images/narrow.png)
:::

![一张竖幅照片](images/tall.png)

:::table[2024年各村道路长度]{id=roads}
| 村名 | 道路长度 | 备注 |
| --- | --- | --- |
| 新房村 | 12.5公里 | 硬化完成，路面宽度四点五米 |
| 瓦高村 | 1,234 | — |
:::

网址https://example.com/${'a'.repeat(120)}/${'1234567890'.repeat(8)}。

[^1]: 注释内容，出自区志。
`;

const edition = (number: number) => `year: 2020\nnumber: ${number}\ndate: 2020-0${number}-28\ncolumns:\n  - 要闻\n`;
let content: string;
let out: string;
let browser: Browser;

beforeAll(async () => {
  requireChromium();
  requireTools('pdftotext');
  content = temporary(
    makeContent({
      '2020-01/articles/a.md': null,
      '2020-01/edition.yaml': edition(1),
      '2020-01/articles/tuwen.md': plain,
      '2020-02/edition.yaml': edition(2),
      '2020-02/articles/tuwen.md': rich,
      '2020-02/images/wide.png': solidPng(1600, 900, [40, 90, 160]),
      '2020-02/images/huge.png': solidPng(6000, 400, [160, 60, 40]),
      '2020-02/images/narrow.png': solidPng(600, 300, [40, 140, 60]),
      '2020-02/images/tall.png': solidPng(900, 3000, [90, 90, 90]),
    }),
  );
  out = temporary(join(content, '..', `${content.split('/').pop()}-out`));
  const result = daan(['build', '--content', content, '--out', out, '--quiet']);
  expect(result.code, result.output).toBe(0);
  browser = await connectBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.disconnect();
  removeTemporary();
});

const pdf = (number: number) => join(out, `2020-0${number}`, `daan-2020-0${number}.pdf`);

/**
 * The lines of the article's first paragraph: where they start, how wide they are, how tall. They
 * are read down its column (the first line's, indented 2 em), not in pdftotext's order, which goes
 * across the two columns.
 */
function firstParagraphLines(file: string): PdfLine[] {
  const start = squeeze(paragraph).slice(0, 8);
  const lines = pdfLines(file);
  const first = lines.find((line) => squeeze(line.text).startsWith(start));
  expect(first, `the first paragraph in ${file}`).toBeDefined();
  const column = lines.filter((l) => l.page === first!.page && l.yMin >= first!.yMin && l.xMin >= first!.xMin - 2 * 10.5 - 0.5 && l.xMax <= first!.xMax + 0.5);
  return column.sort((a, b) => a.yMin - b.yMin).slice(0, 4);
}

describe('an edition with wide photos, a footnote and a GFM table', () => {
  it('prints its text at the size and on the page scale of the same article without them', () => {
    const [a, b] = [firstParagraphLines(pdf(1)), firstParagraphLines(pdf(2))];
    for (let i = 0; i < a.length; i++) {
      expect(Math.abs(b[i].xMin - a[i].xMin), `line ${i + 1} starts where it does without the photos`).toBeLessThan(0.1);
      expect(Math.abs(b[i].xMax - b[i].xMin - (a[i].xMax - a[i].xMin)), `line ${i + 1} is as wide`).toBeLessThan(0.1);
      expect(Math.abs(b[i].yMin - a[i].yMin), `line ${i + 1} is as high on the page`).toBeLessThan(0.1);
    }
    const cover = (file: string) => pdfLines(file).find((line) => line.page === 1 && line.text.includes('大安'))!;
    expect(cover(pdf(2))).toMatchObject({ xMin: cover(pdf(1)).xMin, yMin: cover(pdf(1)).yMin });
  });

  it('keeps every line of text inside the text block, the long URL too', async () => {
    const loaded = await loadContent(content);
    const area = bodyArea(loaded.content!.editions.find((e) => e.id === '2020-02')!.page);
    const outside = pdfLines(pdf(2)).filter((line) => {
      const left = line.page % 2 === 1 ? area.leftOdd : area.leftEven;
      return line.page > 2 && (line.xMin < left - 0.5 || line.xMax > left + area.width + 0.5);
    });
    expect(outside.map((l) => l.text)).toEqual([]);
    // The text block is the one of the edition without photos: its widest line ends on the same right edge.
    const widest = (file: string, page: number) => Math.max(...pdfLines(file).filter((l) => l.page === page).map((l) => l.xMax));
    expect(Math.abs(widest(pdf(2), 3) - widest(pdf(1), 3))).toBeLessThan(0.5);
  });

  it('prints the footnote as ① and a 注释 section, with no back-link glyph', () => {
    const text = squeeze(pageTexts(pdf(2)).join(''));
    expect(text).toContain('脚注测试①。');
    expect(text).toMatch(/注释①注释内容，出自区志。/);
    expect(text).not.toContain('↩');
    expect(text).not.toContain('返回');
  });

  it('numbers the photos 图1, 图2 and the captioned table 表1, and :ref names them', () => {
    const text = squeeze(pageTexts(pdf(2)).join(''));
    expect(text).toContain('照片见图1，对比见图2，数据见表1。');
    // Each caption is one printed line (pdftotext's reading order may put a tall photo's caption beside the next table).
    const lines = run('pdftotext', ['-layout', '-enc', 'UTF-8', pdf(2), '-']).split('\n').map(squeeze);
    expect(lines).toContain('图1大安区全景');
    expect(lines).toContain('图2新旧村道对比摄影：李明');
    expect(lines).toContain('图3一张竖幅照片');
    expect(lines).toContain('表12024年各村道路长度');
  });

  it('fits a 360 px screen: no sideways scroll, photos inside the column, the table scrolling in its own box', async () => {
    const page = await browser.newPage();
    try {
      await page.setViewport({ width: 360, height: 800 });
      await page.goto(pathToFileURL(join(out, '2020-02', 'tuwen.html')).href, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      const measured = await page.evaluate(() => {
        const body = document.querySelector('.article-body')!.getBoundingClientRect();
        const images = [...document.querySelectorAll('.article-body img')].map((img) => {
          const box = img.getBoundingClientRect();
          return { src: img.getAttribute('src'), left: box.left - body.left, right: body.right - box.right, width: box.width };
        });
        const cell = [...document.querySelectorAll('.gfm-table td')].find((td) => td.textContent === '12.5公里')!;
        const range = document.createRange();
        range.selectNodeContents(cell);
        return {
          scrollWidth: document.documentElement.scrollWidth,
          images,
          cellLines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size,
          back: document.querySelector('.data-footnote-backref')?.textContent,
          figures: [...document.querySelectorAll('figure.figure')].map((f) => ({ alt: [...f.querySelectorAll('img')].map((i) => i.alt), caption: f.querySelector('figcaption')?.textContent })),
        };
      });
      expect(measured.scrollWidth).toBeLessThanOrEqual(360);
      expect(measured.images.length).toBe(5);
      for (const image of measured.images) {
        expect(image.left, `${image.src} starts inside the column (no paragraph indent)`).toBeGreaterThanOrEqual(-0.5);
        expect(image.right, `${image.src} ends inside the column`).toBeGreaterThanOrEqual(-0.5);
      }
      expect(measured.cellLines, '12.5公里 stays on one line in its cell').toBe(1);
      expect(measured.back).toBe('返回');
      expect(measured.figures).toEqual([
        { alt: ['大安区全景'], caption: '图1　大安区全景' },
        { alt: ['2014年的村道', '2024年的村道'], caption: '图2　新旧村道对比摄影：李明' },
        { alt: ['一张竖幅照片'], caption: '图3　一张竖幅照片' },
      ]);
    } finally {
      await page.close();
    }
  });
});
