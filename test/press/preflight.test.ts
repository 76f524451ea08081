/**
 * `daan preflight` against PDFs made to fail one rule each (pdf-lib), and one that passes.
 * Each finding must name the page and the object.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFName, StandardFonts, cmyk, rgb } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daan } from '../helpers/cli.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';
import { requireTools } from '../print/poppler.ts';
import { preflight, type Finding } from '../../scripts/press/preflight.ts';

const MM = 72 / 25.4;
const [W, H, BLEED] = [210 * MM, 285 * MM, 3 * MM];
let dir: string;

/** A press-shaped page: trim 210 × 285 mm, 3 mm bleed, boxes set. */
function pressPage(doc: PDFDocument) {
  const page = doc.addPage([W + 2 * BLEED, H + 2 * BLEED]);
  page.setBleedBox(0, 0, W + 2 * BLEED, H + 2 * BLEED);
  page.setTrimBox(BLEED, BLEED, W, H);
  return page;
}

async function write(name: string, make: (doc: PDFDocument) => Promise<void> | void, pages = 4): Promise<string> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) pressPage(doc);
  await make(doc);
  const file = join(dir, name);
  writeFileSync(file, await doc.save());
  return file;
}

async function findingsOf(file: string): Promise<Finding[]> {
  return preflight(file, { press: true });
}

/** A 10 × 10 px PNG (grey), for the resolution rule. */
function tinyPng(): Uint8Array {
  return Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAoAAAAKCAAAAACoWZBhAAAAEElEQVQI12OsZ4ABJgaaMwE6zQCTM5NQNAAAAABJRU5ErkJggg==', 'base64');
}

beforeAll(() => {
  requireTools('gs');
  dir = temporary(mkdtempSync(join(tmpdir(), 'daan-preflight-')));
});
afterAll(removeTemporary);

describe('preflight', () => {
  it('passes a clean press page: CMYK, boxes, bleed covered, 4 pages', async () => {
    const file = await write('clean.pdf', (doc) => {
      // A K-only rule, and a colour block that runs from the trim edge to the bleed edge.
      doc.getPage(0).drawRectangle({ x: 40, y: 400, width: 300, height: 1, color: cmyk(0, 0, 0, 1) });
      doc.getPage(0).drawRectangle({ x: 0, y: 0, width: W + 2 * BLEED, height: 100, color: cmyk(0, 0.9, 0.8, 0.2) });
    });
    expect(await findingsOf(file)).toEqual([]);
  });

  it('fonts: a font that is not embedded, with its page and name', async () => {
    const file = await write('font.pdf', async (doc) => {
      const font = await doc.embedFont(StandardFonts.Helvetica);
      doc.getPage(1).drawText('press', { x: 50, y: 500, size: 12, font, color: cmyk(0, 0, 0, 1) });
    });
    expect(await findingsOf(file)).toContainEqual(expect.objectContaining({ rule: 'fonts', severity: 'error', page: 2, object: 'Helvetica', message: expect.stringMatching(/not embedded/) }));
  });

  it('fonts: a Type 3 font', async () => {
    const file = await write('type3.pdf', (doc) => {
      const font = doc.context.obj({ Type: 'Font', Subtype: 'Type3', BaseFont: 'Bitmap3', FontBBox: [0, 0, 1, 1], FontMatrix: [1, 0, 0, 1, 0, 0], CharProcs: {}, Encoding: { Type: 'Encoding', Differences: [] }, FirstChar: 0, LastChar: 0, Widths: [0] });
      const page = doc.getPage(0);
      page.node.setFontDictionary(PDFName.of('T3'), doc.context.register(font));
    });
    expect(await findingsOf(file)).toContainEqual(expect.objectContaining({ rule: 'fonts', page: 1, object: 'Bitmap3', message: expect.stringMatching(/Type 3/) }));
  });

  it('colour: RGB in a press copy, and rich black text', async () => {
    const file = await write('colour.pdf', async (doc) => {
      const page = doc.getPage(2);
      page.drawRectangle({ x: 50, y: 50, width: 100, height: 100, color: rgb(0.2, 0.4, 0.6) });
      // Rich black text, drawn with a raw operator (pdf-lib's own text needs a font, which is not the point).
      const stream = doc.context.flateStream('q 0.6 0.5 0.5 1 k BT /F1 12 Tf 50 600 Td (x) Tj ET Q');
      const font = await doc.embedFont(StandardFonts.Helvetica);
      page.node.setFontDictionary(PDFName.of('F1'), font.ref);
      page.node.addContentStream(doc.context.register(stream));
    });
    const findings = await findingsOf(file);
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'colour', page: 3, object: 'RGB 51,102,153', message: expect.stringMatching(/RGB/) }));
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'colour', page: 3, object: 'Helvetica, C60 M50 Y50 K100', message: expect.stringMatching(/rich black/) }));
  });

  it('images: effective resolution at the printed size (error below 150 dpi, warning below 250)', async () => {
    const file = await write('images.pdf', async (doc) => {
      const image = await doc.embedPng(tinyPng());
      doc.getPage(0).drawImage(image, { x: 50, y: 50, width: 50 * MM, height: 50 * MM }); // 10 px over 50 mm: 5 dpi
      doc.getPage(1).drawImage(image, { x: 50, y: 50, width: (10 / 200) * 72, height: (10 / 200) * 72 }); // 200 dpi
    });
    const findings = await findingsOf(file);
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'images', severity: 'error', page: 1, object: expect.stringMatching(/^image [\w-]+ \(10 × 10 px at 50 × 50 mm\)$/), message: expect.stringMatching(/^5 dpi/) }));
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'images', severity: 'warning', page: 2, message: expect.stringMatching(/^200 dpi/) }));
  });

  it('images: one picture over a whole page past the cover (a page turned into an image) is flagged; on the cover, or smaller, it is not', async () => {
    const file = await write('full-page.pdf', async (doc) => {
      const image = await doc.embedPng(tinyPng());
      // Page 1 (the cover) and page 2: a picture from bleed edge to bleed edge; page 3: half a page.
      for (const page of [0, 1]) doc.getPage(page).drawImage(image, { x: 0, y: 0, width: W + 2 * BLEED, height: H + 2 * BLEED });
      doc.getPage(2).drawImage(image, { x: BLEED, y: BLEED, width: W, height: H / 2 });
    });
    const full = (await findingsOf(file)).filter((f) => /of the page/.test(f.message));
    expect(full).toEqual([expect.objectContaining({ rule: 'images', severity: 'warning', page: 2, object: expect.stringMatching(/^image [\w-]+ \(10 × 10 px at 216 × 291 mm\)$/), message: expect.stringMatching(/^one image covers 100 % of the page: if the page was meant to be text, it was turned into a picture/) })]);
  });

  it('ink: total area coverage above 300 %', async () => {
    const file = await write('ink.pdf', (doc) => doc.getPage(3).drawRectangle({ x: 100, y: 100, width: 100, height: 100, color: cmyk(1, 1, 1, 1) }));
    expect(await findingsOf(file)).toContainEqual(expect.objectContaining({ rule: 'ink', page: 4, message: expect.stringMatching(/total ink 400 %/) }));
  });

  it('geometry: hairlines, thin rules, missing boxes, short bleed, colour that stops at the trim, page count', async () => {
    const file = await write(
      'geometry.pdf',
      (doc) => {
        doc.getPage(0).drawLine({ start: { x: 50, y: 300 }, end: { x: 300, y: 300 }, thickness: 0.1, color: cmyk(0, 0, 0, 1) });
        doc.getPage(1).drawRectangle({ x: 50, y: 300, width: 200, height: 0.15, color: cmyk(0, 0, 0, 1) });
        // Page 2 too: a line whose width a graphics state sets (/LW, as Chromium strokes an SVG line).
        const thin = doc.context.register(doc.context.obj({ Type: 'ExtGState', LW: 0.2 }));
        doc.getPage(1).node.setExtGState(PDFName.of('GThin'), thin);
        doc.getPage(1).node.addContentStream(doc.context.register(doc.context.flateStream('q 0 0 0 1 K /GThin gs 50 500 m 300 500 l S Q')));
        doc.getPage(2).node.delete(PDFName.of('TrimBox'));
        doc.getPage(3).setBleedBox(BLEED - MM, BLEED - MM, W + 2 * MM, H + 2 * MM);
        // Page 5: a block that touches the bottom trim edge and stops there.
        doc.getPage(4).drawRectangle({ x: BLEED, y: BLEED, width: W, height: 80, color: cmyk(0, 0, 0, 1) });
      },
      5,
    );
    const findings = await findingsOf(file);
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'geometry', page: 1, object: 'line 0.035 mm' }));
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'geometry', page: 2, object: 'rule 0.053 × 70.6 mm' }));
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'geometry', page: 2, object: 'line 0.071 mm' }));
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'geometry', page: 3, object: 'TrimBox' }));
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'geometry', page: 4, object: 'BleedBox', message: expect.stringMatching(/bleed 1\.0 mm/) }));
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'geometry', page: 5, object: 'bottom edge', message: expect.stringMatching(/stops before the bleed/) }));
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'geometry', message: expect.stringMatching(/^5 pages/) }));
  });

  it('leaves out what lies wholly outside the BleedBox (crop marks: 0.25 pt, registration colour, on the slug), not what reaches into it', async () => {
    const SLUG = 10 * MM;
    const file = await write('slug.pdf', (doc) => {
      doc.getPages().forEach((page, i) => {
        page.setMediaBox(-SLUG, -SLUG, W + 2 * BLEED + 2 * SLUG, H + 2 * BLEED + 2 * SLUG);
        // A crop mark below the bottom left corner of the trim, 3 to 8 mm out: outside the bleed.
        const x = BLEED;
        page.drawLine({ start: { x, y: BLEED - 3 * MM - 0.2 }, end: { x, y: BLEED - 8 * MM }, thickness: 0.25, color: cmyk(1, 1, 1, 1) });
        page.drawRectangle({ x: -SLUG + 5, y: -SLUG + 5, width: 15, height: 15, color: cmyk(1, 1, 1, 1) });
        // Page 4: the same line and block, reaching 2 mm into the bleed: both found.
        if (i === 3) {
          page.drawLine({ start: { x: 3 * MM, y: 0 + 2 * MM }, end: { x: 3 * MM, y: -5 * MM }, thickness: 0.25, color: cmyk(0, 0, 0, 1) });
          page.drawRectangle({ x: -SLUG + 5, y: 2 * MM - 40, width: 40, height: 40, color: cmyk(1, 1, 1, 1) });
        }
      });
    });
    const findings = await findingsOf(file);
    expect(findings.filter((f) => f.page !== 4)).toEqual([]);
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'geometry', page: 4, object: 'line 0.088 mm' }));
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'ink', page: 4 }));
  });

  it('daan preflight prints text and --json, and exits 1 on errors', async () => {
    const bad = join(dir, 'geometry.pdf');
    const clean = join(dir, 'clean.pdf');
    const text = daan(['preflight', bad]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/error +page 1 · line 0\.035 mm · geometry: a line thinner than 0\.1 mm/);
    const json = daan(['preflight', '--json', clean, bad]);
    const report = JSON.parse(json.stdout) as { file: string; findings: Finding[] }[];
    expect(report.map((r) => r.findings.length > 0)).toEqual([false, true]);
    expect(daan(['preflight', clean]).code).toBe(0);
  });

  it('speaks the language asked for: every line of the findings in Chinese with --lang zh, in English with --lang en', () => {
    const bad = join(dir, 'geometry.pdf');
    const zh = daan(['preflight', '--lang', 'zh', bad, join(dir, 'images.pdf'), join(dir, 'clean.pdf')]);
    expect(zh.code).toBe(1);
    expect(zh.stdout).toMatch(/geometry\.pdf：印前检查发现 \d+ 个错误、0 个警告/);
    expect(zh.stdout).toMatch(/ {2}错误 第 1 页 · 线 0\.035 毫米 · 版面：线条细于 0\.1 毫米，可能印不出来/);
    expect(zh.stdout).toMatch(/错误 第 3 页 · TrimBox · 版面：没有成品框（TrimBox）：印刷厂不知道在哪里裁切/);
    expect(zh.stdout).toMatch(/错误 第 5 页 · 下边 · 版面：颜色碰到了下边的裁切线，却没有铺到出血里/);
    expect(zh.stdout).toMatch(/错误 整个文件 · 版面：共 5 页：付印版的页数要是 4 的倍数/);
    expect(zh.stdout).toMatch(/警告 第 2 页 · 图片 [\w-]+（10 × 10 像素，印成 \d+ × \d+ 毫米） · 图片：按印出来的大小只有 200 dpi/);
    expect(zh.stdout).toMatch(/clean\.pdf：印前检查通过/);
    // No English words left in a finding line (names of PDF boxes and units aside).
    const findingLines = zh.stdout.split('\n').filter((line) => /^ {2}(错误|警告)/.test(line));
    expect(findingLines.length).toBeGreaterThan(5);
    for (const line of findingLines) expect(line.replace(/TrimBox|BleedBox|dpi|RGB|CMYK|[\w-]+\.pdf|Im\w*|[A-Z]\d+/g, ''), line).not.toMatch(/[A-Za-z]{3,}/);
    const json = JSON.parse(daan(['preflight', '--lang', 'zh', '--json', bad]).stdout) as { findings: Finding[] }[];
    expect(json[0].findings.map((f) => f.rule)).toContain('geometry');
    expect(json[0].findings.find((f) => f.page === 1)?.message).toBe('线条细于 0.1 毫米，可能印不出来');

    const en = daan(['preflight', '--lang', 'en', bad, join(dir, 'clean.pdf')]);
    expect(en.stdout).toMatch(/geometry\.pdf: preflight found \d+ error\(s\), 0 warning\(s\)/);
    expect(en.stdout).toMatch(/ {2}error {3}page 1 · line 0\.035 mm · geometry: a line thinner than 0\.1 mm does not print reliably/);
    expect(en.stdout).toMatch(/error {3}document · geometry: 5 pages: a press copy needs a multiple of 4/);
    expect(en.stdout).toMatch(/clean\.pdf: preflight passed/);
    expect(en.stdout).not.toMatch(/\p{Script=Han}/u);
  });
});
