/**
 * Images are decoded before use: broken files of every kind (made here in code) are errors naming
 * the image and the article line that uses it; limits are checked from the header; a photo too
 * coarse for its printed width gets a warning with its dpi; web and print markup.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessor, transformMarkdown } from '../../scripts/transform/processor.ts';
import { bodyHtml, imageHtml } from '../../scripts/transform/images.ts';
import { inspectImage, MAX_IMAGE_PIXELS } from '../../scripts/images/inspect.ts';
import { effectiveDpi, PRINT_DPI } from '../../scripts/images/variants.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';
import { corrupted, picture, pngClaiming, truncated } from './helpers.ts';

const noData = { datasets: () => undefined, editionId: '2020-01' };
/** A4-ish text block: 170 mm = 482 pt; one column of a two-column page: 230 pt. */
const print = { textWidthPt: 482, columnWidthPt: 230 };
let content: string;
let edition: string;

beforeAll(async () => {
  // The decode cache of these tests starts empty and stays out of the real one.
  process.env.DAAN_CACHE_DIR = temporary(mkdtempSync(join(tmpdir(), 'daan-image-cache-')));
  content = temporary(mkdtempSync(join(tmpdir(), 'daan-images-')));
  edition = join(content, '2020-01');
  mkdirSync(join(edition, 'images'), { recursive: true });
  const jpeg = await picture(300, 200, 'jpeg');
  const files: Record<string, Buffer | string> = {
    'ok.jpg': jpeg,
    'big.jpg': await picture(2400, 1600, 'jpeg', 2),
    'small.png': await picture(600, 400, 'png', 3),
    'tall.jpg': await picture(1000, 3000, 'jpeg', 4),
    'fake.png': '这不是图片，是一段文字。\n',
    'huge.png': await pngClaiming(100_000, 100_000),
    'truncated.png': truncated(await picture(300, 200, 'png')),
    'truncated.jpg': truncated(jpeg),
    'corrupt.jpg': corrupted(jpeg),
    'broken.gif': truncated(await picture(300, 200, 'gif')),
    'broken.webp': truncated(await picture(300, 200, 'webp')),
    'broken.avif': truncated(await picture(300, 200, 'avif')),
    'tiff.png': await (await import('sharp')).default(jpeg).tiff().toBuffer(),
    'empty.jpg': '',
  };
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(edition, 'images', name), bytes);
});
afterAll(removeTemporary);

async function transform(markdown: string) {
  const processor = createProcessor(noData, undefined, { baseDir: edition, rootDir: content, print });
  return transformMarkdown(markdown, join(edition, 'articles', 'a.md'), noData, processor);
}

describe('broken images are errors at the line that uses them', () => {
  const cases: [string, RegExp][] = [
    ['fake.png', /images\/fake\.png is not a picture: the file holds text/],
    ['huge.png', /images\/huge\.png is 100000 × 100000 pixels \(10000 megapixels\); at most 50 megapixels/],
    ['truncated.png', /images\/truncated\.png is damaged: its PNG data cannot be decoded/],
    ['truncated.jpg', /images\/truncated\.jpg is damaged: its JPEG data cannot be decoded/],
    ['corrupt.jpg', /images\/corrupt\.jpg is damaged: its JPEG data cannot be decoded/],
    ['broken.gif', /images\/broken\.gif (is damaged|cannot be read)/],
    ['broken.webp', /images\/broken\.webp (is damaged|cannot be read)/],
    ['broken.avif', /images\/broken\.avif (is damaged|cannot be read)/],
    ['tiff.png', /images\/tiff\.png is a TIFF file, not a PNG, JPEG, GIF, WebP or AVIF picture/],
    ['empty.jpg', /images\/empty\.jpg is an empty file/],
  ];
  for (const [name, reason] of cases) {
    it(name, async () => {
      const { messages, images } = await transform(`第一段。\n\n第二段。\n\n![图](images/${name})\n`);
      const errors = messages.filter((m) => m.fatal);
      expect(errors).toHaveLength(1);
      expect(errors[0].reason).toMatch(reason);
      expect(errors[0].line).toBe(5);
      expect(errors[0].note).toMatch(/replace the file|Scale it down|Convert it/);
      expect(images).toEqual([]);
    });
  }

  it('raw HTML <img> too, and every use of a broken file', async () => {
    const { messages } = await transform('<p><img src="images/fake.png" alt="x"></p>\n\n正文。\n\n![又一次](images/fake.png)\n');
    expect(messages.filter((m) => m.fatal).map((m) => m.line)).toEqual([1, 5]);
  });

  it('checks the pixel limit from the header, before decoding', async () => {
    const started = process.cpuUsage();
    const found = await inspectImage(join(edition, 'images', 'huge.png'), 'images/huge.png');
    expect(found).toMatchObject({ reason: expect.stringMatching(/megapixels/) });
    // Decoding 10^10 pixels would take minutes and 30 GB; reading the header takes nothing.
    expect(MAX_IMAGE_PIXELS).toBe(50_000_000);
    expect(process.cpuUsage(started).user).toBeLessThan(2_000_000);
  });

  it('a good image is decoded: size, format, hash', async () => {
    const found = await inspectImage(join(edition, 'images', 'big.jpg'), 'images/big.jpg');
    expect(found).toMatchObject({ width: 2400, height: 1600, format: 'jpeg', alpha: false, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });
});

describe('print resolution', () => {
  it('warns (without stopping) when a photo prints below 200 dpi, naming the file and its dpi', async () => {
    // Inside the text (an image alone in its paragraph would be a figure): one column.
    const { messages } = await transform('正文。\n\n正文![小图](images/small.png)。\n\n正文![大图](images/big.jpg)。\n');
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    const warnings = messages.filter((m) => m.fatal === false);
    expect(warnings).toHaveLength(1);
    // Inline (not in a figure): one column, 230 pt = 3.19 in → 188 dpi.
    expect(warnings[0].reason).toBe('Photo images/small.png is only 188 dpi in print: 600 × 400 pixels across 81 mm (at least 200 dpi looks sharp, 300 is best)');
    expect(warnings[0].line).toBe(3);
    expect(warnings[0].ruleId).toBe('image-resolution');
  });

  it('the print copy is at most 300 dpi at the printed width; the web copies are several widths', async () => {
    const { hast, images } = await transform('正文![大图](images/big.jpg)。\n');
    const big = images.find((i) => i.src === 'images/big.jpg')!;
    // Inline (not in a figure) in a two-column page: one column, 230 pt = 3.19 in → 958 px at 300 dpi.
    expect(big.prints).toHaveLength(1);
    expect(big.prints[0].width).toBe(Math.floor((230 / 72) * PRINT_DPI));
    expect(effectiveDpi(big.prints[0].width, 230)).toBeLessThanOrEqual(PRINT_DPI);
    const printed = toHtml(imageHtml(hast, 'print'));
    expect(printed).toContain(`<img src="${big.prints[0].path}" alt="大图" width="1440" height="960">`);
    const web = toHtml(imageHtml(hast, 'web'));
    expect(web).toMatch(/<picture><source type="image\/webp" srcset="images\/big-480\.\w+\.webp 480w, images\/big-960\.\w+\.webp 960w, images\/big-1440\.\w+\.webp 1440w" sizes="[^"]+">/);
    expect(web).toMatch(/<img src="images\/big-960\.\w+\.jpg" alt="大图" srcset="images\/big-480\.\w+\.jpg 480w, [^"]+" sizes="[^"]+" width="1440" height="960" loading="lazy" decoding="async"><\/picture>/);
    expect(web).not.toContain('images/big.jpg');
  });

  it('a body without images is the same HTML for the web and print, its tree used as it is; one with an image is copied, never changed', async () => {
    const plain = await transform('正文，没有图片。\n\n| 年 | 户 |\n| - | - |\n| 2016 | 3 |\n');
    expect(imageHtml(plain.hast, 'web')).toBe(plain.hast);
    expect(imageHtml(plain.hast, 'print')).toBe(plain.hast);
    const body = bodyHtml(plain.hast);
    expect(body.html).toBe(toHtml(plain.hast));
    expect(body.printHtml).toBe(body.html);
    const pictured = await transform('正文![大图](images/big.jpg)。\n');
    const before = toHtml(pictured.hast);
    const both = bodyHtml(pictured.hast);
    expect(both.html).toContain('<picture>');
    expect(both.printHtml).not.toContain('<picture>');
    expect(both.printHtml).toContain('<img src="images/big-print');
    expect(toHtml(pictured.hast)).toBe(before);
  });

  it('an image alone in its paragraph is a figure: the text width', async () => {
    const { images } = await transform('正文。\n\n![大图](images/big.jpg)\n');
    expect(images[0].prints[0].width).toBe(Math.floor((482 / 72) * PRINT_DPI));
  });

  it('an image narrower than its slot prints at its own size (CSS px at 96 per inch)', async () => {
    const { messages } = await transform('<figure><img src="images/small.png" alt="小"></figure>\n');
    // 600 CSS px = 450 pt (6.25 in) < 482 pt of text width: 96 dpi.
    expect(messages.filter((m) => m.fatal === false).map((m) => m.reason)).toEqual(['Photo images/small.png is only 96 dpi in print: 600 × 400 pixels across 159 mm (at least 200 dpi looks sharp, 300 is best)']);
  });

  it('an image in a figure takes the text width, shared with the other images of the figure', async () => {
    const one = await transform('<figure><img src="images/big.jpg" alt="一"></figure>\n');
    expect(one.images[0].prints[0].width).toBe(Math.floor((482 / 72) * PRINT_DPI));
    const two = await transform('<figure><img src="images/big.jpg" alt="一"><img src="images/ok.jpg" alt="二"></figure>\n');
    expect(two.images.find((i) => i.src === 'images/big.jpg')!.prints[0].width).toBe(Math.floor((241 / 72) * PRINT_DPI));
  });

  it('follows the figure width classes, the gap between photos side by side, and the height limit of a figure', async () => {
    const widths = { ...print, bodySizePt: 10 };
    const width = async (html: string, src = 'images/big.jpg') => {
      const processor = createProcessor(noData, undefined, { baseDir: edition, rootDir: content, print: widths });
      const { images } = await transformMarkdown(html, join(edition, 'articles', 'a.md'), noData, processor);
      return images.find((i) => i.src === src)!.prints[0].width;
    };
    const px = (pt: number) => Math.floor((pt / 72) * PRINT_DPI);
    expect(await width('<figure class="figure figure-full"><img src="images/big.jpg" alt=""></figure>\n')).toBe(px(482));
    expect(await width('<figure class="figure figure-column"><img src="images/big.jpg" alt=""></figure>\n')).toBe(px(230));
    expect(await width('<figure class="figure figure-half"><img src="images/big.jpg" alt=""></figure>\n')).toBe(px(115));
    // Three side by side: (482 − 2 × 7.5) / 3.
    expect(await width('<figure class="figure figure-row"><img src="images/big.jpg" alt=""><img src="images/ok.jpg" alt=""><img src="images/small.png" alt=""></figure>\n')).toBe(px((482 - 15) / 3));
    // 1000 × 3000 at most 160 mm tall: 160 mm × 1/3 wide.
    expect(await width('<figure class="figure"><img src="images/tall.jpg" alt=""></figure>\n', 'images/tall.jpg')).toBe(px(((160 / 25.4) * 72) / 3));
  });
});
