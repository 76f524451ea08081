/**
 * The sample briefing of the default build (content/briefings/2017-01.md), measured from its PDF:
 * the GB/T 9704-2012 grid (A4, a 156 × 225 mm block of 22 lines × 28 characters), the folios, the
 * 报头 and the 版记, and the same PDF qualities as the issue.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfFonts, pdfInfo, pdfOutline } from '../helpers/pdf.ts';
import { pageSizes, qpdfCheck } from '../print/poppler.ts';
import { BLOCK, EM, FULL_WIDTH, LINE, MM, NO_END, NO_START, PX, isDark, isRed, pageWords, rgbRegion, rowsOf, splitFolio, type Row } from './helpers.ts';
import { builtOut } from '../helpers/built.ts';
import { pageFill, type BodyArea } from '../../scripts/bench/page-fill.ts';
import { TOLERATED_EMPTY_LINES } from '../../scripts/print/floats.ts';
import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFStream, decodePDFRawStream } from 'pdf-lib';
import { readMap } from '../../scripts/print/text-layer.ts';
import { banjiRules } from '../press/vectors.ts';

const out = await builtOut();
const pdf = join(out, 'briefings/2017-01.pdf');

let pages: { body: Row[]; folio?: Row }[];
beforeAll(() => {
  pages = pageWords(pdf).map((words) => splitFolio(rowsOf(words)));
});

const near = (value: number, target: number, tolerance: number) => Math.abs(value - target) <= tolerance;
const startsAtLeft = (row: Row, page: number) => near(row.x0, BLOCK.left(page), PX);
const startsIndented = (row: Row, page: number) => near(row.x0, BLOCK.left(page) + 2 * EM, PX);
/** A full line: it starts at the block's left edge (or two characters in) and is justified to its right edge. */
const isFull = (row: Row, page: number) => (startsAtLeft(row, page) || startsIndented(row, page)) && row.x1 >= BLOCK.right(page) - 0.2 * EM;
/** A page of running text only: no table, no chart, no 报头, no 版记. */
const isTextPage = (rows: Row[], page: number) => rows.every((r) => r.x0 >= BLOCK.left(page) - PX && r.x0 <= BLOCK.left(page) + 2 * EM + PX) && !rows.some((r) => /^(表|图)\d|^[报送发]：|^（共印/.test(r.text));

describe('the sample briefing, printed', () => {
  it('is written with its page next to it, and listed on the home page', () => {
    expect(existsSync(pdf)).toBe(true);
    expect(existsSync(join(out, 'briefings/2017-01.html'))).toBe(true);
    const home = readFileSync(join(out, 'index.html'), 'utf8');
    expect(home).toContain('href="briefings/2017-01.html"');
    expect(home).toContain('href="briefings/2017-01.pdf"');
    expect(home).toContain('大安区脱贫攻坚简报（第1期）');
  });

  it('is A4 on every page', () => {
    const sizes = pageSizes(pdf);
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    for (const size of sizes) {
      expect(size.width / MM).toBeCloseTo(210, 0);
      expect(size.height / MM).toBeCloseTo(297, 0);
    }
  });

  it('has the PDF qualities of the issue: no Type 3 font, everything embedded, tags, outline, metadata, zh-CN, dates of the briefing', async () => {
    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((f) => /Type 3/.test(f.type))).toEqual([]);
    expect(fonts.every((f) => f.embedded && /CID TrueType/.test(f.type))).toBe(true);
    const info = pdfInfo(pdf);
    expect(info.Tagged).toBe('yes');
    expect(info.Title).toBe('大安区脱贫攻坚简报（第1期）');
    expect(info.Author).toBe('大安区脱贫攻坚领导小组办公室');
    expect(info.CreationDate).toMatch(/Oct 20 00:00:00 2017/);
    expect(readFileSync(pdf, 'latin1')).toMatch(/\/Lang \(zh-CN\)/);
    const outline = await pdfOutline(pdf);
    expect(outline.map((e) => e.title)).toEqual(expect.arrayContaining(['永嘉乡以党建引领脱贫奔康', '一、坚持组织引领，凝聚脱贫奔康优势力量']));
    expect(outline.every((e) => e.page >= 1)).toBe(true);
    expect(qpdfCheck(pdf).status).toBe(0);
  });

  it('sets the （一） heads in 楷体 from npm (LXGW WenKai, lxgw-wenkai-webfont) embedded as CID TrueType, and nothing else in it', async () => {
    const wenkai = pdfFonts(pdf).filter((f) => /\+LXGWWenKai-Regular$/.test(f.name));
    expect(wenkai.length).toBeGreaterThan(0);
    for (const font of wenkai) expect([font.type, font.embedded]).toEqual([expect.stringMatching(/CID TrueType/), true]);
    // The characters the WenKai fonts draw (their ToUnicode maps) are those of the run-in heads.
    const drawn = new Set(await charactersOfFonts(pdf, /LXGWWenKai-Regular$/));
    // The run-in heads of the briefing's own page (the same body: its text and the articles it includes).
    const page = readFileSync(join(out, 'briefings/2017-01.html'), 'utf8');
    const heads = [...page.matchAll(/<strong class="run-in">([^<]+)<\/strong>/g)].map((m) => m[1]).join('');
    expect(heads.length).toBeGreaterThan(20);
    expect([...drawn].sort()).toEqual([...new Set(heads)].sort());
  });

  it('sets every line inside the 156 mm text block, odd pages 28 mm from the left edge and even pages 28 mm from the right', () => {
    pages.forEach(({ body }, i) => {
      const page = i + 1;
      for (const row of body) {
        expect(row.x0, `page ${page}: ${row.text}`).toBeGreaterThanOrEqual(BLOCK.left(page) - PX);
        expect(row.x1, `page ${page}: ${row.text}`).toBeLessThanOrEqual(BLOCK.right(page) + PX);
        // (The box pdftotext gives is the font's ascent and descent: the 42 pt name's reaches a point above its line.)
        expect(row.y0, `page ${page}: ${row.text}`).toBeGreaterThanOrEqual(BLOCK.top - 2);
        expect(row.y1, `page ${page}: ${row.text}`).toBeLessThanOrEqual(BLOCK.bottom + PX);
      }
      const full = body.filter((r) => startsAtLeft(r, page) && r.x1 >= BLOCK.right(page) - 0.2 * EM);
      if (full.length) expect(Math.max(...full.map((r) => r.x1)), `page ${page}`).toBeCloseTo(BLOCK.right(page), 0);
    });
  });

  it('fills a page of running text with exactly 22 lines, one grid line (225 mm / 22) apart', () => {
    const textPages = pages.map((p, i) => ({ ...p, page: i + 1 })).filter((p, i) => i > 0 && i < pages.length - 1 && isTextPage(p.body, p.page));
    expect(textPages.length, 'the sample should have at least one page of running text only').toBeGreaterThan(0);
    for (const { body, page } of textPages) {
      expect(body, `page ${page}`).toHaveLength(22);
      // pdftotext sizes a word by its first font: a line that opens with a 楷体 run-in head (LXGW
      // WenKai, a shallower descent than the serif's) reads up to a point higher than it sits.
      const runIn = (row: Row) => /^[（(][一二三四五六七八九十]+[）)]/.test(row.text);
      body.slice(1).forEach((row, k) => {
        const pitch = row.y1 - body[k].y1;
        const tolerance = runIn(row) || runIn(body[k]) ? PX + 1 : PX + 0.01;
        expect(near(pitch, LINE, tolerance), `page ${page}: line pitch ${pitch.toFixed(2)} pt, grid ${LINE.toFixed(2)} pt`).toBe(true);
      });
      expect(near(body[21].y1 - body[0].y1, 21 * LINE, 1), `page ${page}`).toBe(true);
      // The first line sits on the first line of the block: its box starts within a line of the top.
      expect(body[0].y0 - BLOCK.top).toBeLessThan(LINE);
    }
  });

  it('puts exactly 28 characters on a full line: 28 em across the block, each character one cell, short only where 禁则 moved a character', () => {
    const lines: { text: string; expected: number; width: number; next?: string; where: string }[] = [];
    pages.forEach(({ body }, i) => {
      const page = i + 1;
      body.forEach((row, k) => {
        if (!isFull(row, page) || !FULL_WIDTH.test(row.text)) return;
        const indented = startsIndented(row, page);
        // A paragraph that a float split goes on after it, on a later page: unindented, at the block's left edge.
        const continuation = () => pages.slice(i + 1).flatMap((p, j) => p.body.filter((r) => startsAtLeft(r, page + 1 + j) && !/^(表|图)\d|^资料来源/.test(r.text)))[0]?.text;
        lines.push({ text: row.text, expected: indented ? 26 : 28, width: row.x1 - row.x0, next: body[k + 1]?.text ?? continuation(), where: `page ${page} line ${k + 1}` });
      });
    });
    expect(lines.length).toBeGreaterThan(15);
    for (const line of lines) {
      const n = [...line.text].length;
      const why = `${line.where}: ${n} characters: ${line.text}`;
      expect(n, why).toBeLessThanOrEqual(line.expected);
      if (n < line.expected) {
        // One or two characters short: the next line begins with a mark that may not start a line (or
        // with a character that cannot be parted from one), or this one would have ended with an opening mark.
        expect(line.expected - n, why).toBeLessThanOrEqual(2);
        const next = [...(line.next ?? '')];
        expect(NO_START.test(next.slice(0, 3).join('')) || NO_END.test(next[0] ?? ''), `${why} / next: ${line.next}`).toBe(true);
      }
      expect(near(line.width, line.expected * EM, 1), `${why}: ${line.width.toFixed(2)} pt wide`).toBe(true);
    }
    const exact = lines.filter((l) => [...l.text].length === l.expected);
    expect(exact.length / lines.length).toBeGreaterThan(0.6);
    // On a line of exactly 28 characters nothing is stretched: the pitch is the body size, 156 mm / 28.
    for (const line of exact.filter((l) => l.expected === 28)) expect(line.width / 28).toBeCloseTo(156 * MM / 28, 1);
  });

  it('loses no lines to a table or chart that does not fit: on every page but the last (and one the 版记 left for a page of its own) at most 3 body lines stay empty', async () => {
    const area: BodyArea = { top: BLOCK.top, bottom: BLOCK.bottom, leftOdd: BLOCK.left(1), leftEven: BLOCK.left(2), width: BLOCK.width, columns: 1, lineHeight: LINE };
    const fills = await pageFill(pdf, area);
    expect(fills.length).toBe(pages.length);
    // The 版记 alone on the last page: the page before it ends with a forced break.
    const banjiAlone = pages.at(-1)!.body.every((row) => /^[报送发]：|^（共印/.test(row.text));
    const checked = fills.slice(0, banjiAlone ? -2 : -1);
    expect(checked.map((f) => `page ${f.page}: ${f.emptyLines[0]} empty lines`).filter((_, i) => checked[i].emptyLines[0] > TOLERATED_EMPTY_LINES)).toEqual([]);
  });

  it('numbers every page “— N —” 7 mm under the block, one character in: right on odd pages, left on even ones', () => {
    pages.forEach(({ folio }, i) => {
      const page = i + 1;
      expect(folio, `page ${page}`).toBeDefined();
      expect(folio!.text).toBe(`—${page}—`);
      expect(folio!.words.map((w) => w.text)).toEqual(['—', String(page), '—']);
      const size = (folio!.y1 - folio!.y0) / 1.4365; // Noto Serif SC: ascent + descent = 1.4365 em
      expect(size).toBeCloseTo(14, 0); // 四号
      const middle = (folio!.y0 + folio!.y1) / 2;
      expect(Math.abs(middle - (BLOCK.bottom + 7 * MM)), `page ${page}: ${((middle - BLOCK.bottom) / MM).toFixed(1)} mm under the block`).toBeLessThan(2);
      if (page % 2 === 1) expect(BLOCK.right(page) - folio!.x1).toBeCloseTo(14, 0);
      else expect(folio!.x0 - BLOCK.left(page)).toBeCloseTo(14, 0);
    });
  });

  it('opens with the 报头: the name large, red and centred, 第1期 under it, unit left and date right, a red rule the width of the block', () => {
    const { body } = pages[0];
    const centre = (BLOCK.left(1) + BLOCK.right(1)) / 2;
    const [name, number, line, title] = body;
    expect(name.text).toBe('大安区脱贫攻坚简报');
    expect(name.y1 - name.y0).toBeGreaterThan(2 * EM); // large: over 二号 many times the body's size
    expect(near((name.x0 + name.x1) / 2, centre, 2)).toBe(true);
    expect(number.text).toBe('第1期');
    expect(near((number.x0 + number.x1) / 2, centre, 2)).toBe(true);
    expect(number.y0).toBeGreaterThan(name.y1 - 2);
    expect(line.text).toBe('大安区脱贫攻坚领导小组办公室2017年10月20日');
    const unit = line.words.filter((w) => !/\d|年|月|日/.test(w.text));
    expect(near(line.x0, BLOCK.left(1) + EM, 1)).toBe(true);
    expect(near(line.x1, BLOCK.right(1) - EM, 1)).toBe(true);
    expect(unit.length).toBeGreaterThan(0);
    expect(title.text).toBe('永嘉乡以党建引领脱贫奔康');
    expect(near((title.x0 + title.x1) / 2, centre, 2)).toBe(true);

    // The name is red; a red rule runs the width of the block between the unit line and the title.
    const region = rgbRegion(pdf, 1, 0, 0, 595, Math.ceil(title.y0));
    let redInName = 0;
    for (let y = Math.round(name.y0); y < Math.round(name.y1); y++) for (let x = Math.round(name.x0); x < Math.round(name.x1); x++) if (isRed(region.pixel(x, y))) redInName++;
    expect(redInName).toBeGreaterThan(500);
    const ruleRows: { y: number; from: number; to: number }[] = [];
    for (let y = Math.round(line.y1); y < region.height; y++) {
      const red = [...Array(region.width).keys()].filter((x) => isRed(region.pixel(x, y)));
      if (red.length > 300) ruleRows.push({ y, from: red[0], to: red.at(-1)! });
    }
    expect(ruleRows.length).toBeGreaterThan(0);
    expect(near(ruleRows[0].from, BLOCK.left(1), 1.5)).toBe(true);
    expect(near(ruleRows[0].to, BLOCK.right(1), 1.5)).toBe(true);
    expect(ruleRows[0].y).toBeLessThan(title.y0);
  });

  it('ends with the 版记 at the foot of the last page: 报/送/发 indented one character, （共印60份） on the right, rules the width of the block, the last on its bottom edge', () => {
    const last = pages.length;
    const { body } = pages[last - 1];
    const tail = body.slice(-4);
    expect(tail.map((r) => r.text)).toEqual(['报：区委办公室，区政府办公室。', '送：区脱贫攻坚领导小组各成员单位。', '发：各乡镇党委、政府，各街道党工委、办事处。', '（共印60份）']);
    for (const row of tail.slice(0, 3)) expect(row.x0 - BLOCK.left(last)).toBeCloseTo(14, 0); // one character of 四号
    expect(BLOCK.right(last) - tail[3].x1).toBeCloseTo(14, 0);
    // The last line of the 版记 is the last line of the block.
    expect(BLOCK.bottom - tail[3].y1).toBeGreaterThan(0);
    expect(BLOCK.bottom - tail[3].y1).toBeLessThan(LINE / 2);
    for (let k = 1; k < 4; k++) expect(near(tail[k].y1 - tail[k - 1].y1, LINE, PX + 0.01)).toBe(true);

    // Rules across the whole block: above the first line, between the lines, and on the bottom edge.
    // (At 72 dpi a rule of 0.25 or 0.35 mm is a grey row, or two: inked, not dark.)
    const top = Math.floor(tail[0].y0 - 8);
    const region = rgbRegion(pdf, last, 0, top, 595, Math.ceil(BLOCK.bottom + 4 - top));
    const inked = ([r, g, b]: [number, number, number]) => r < 200 && g < 200 && b < 200;
    const rules: number[] = [];
    for (let y = 0; y < region.height; y++) {
      const dark = [...Array(region.width).keys()].filter((x) => inked(region.pixel(x, y)));
      if (dark.length > 0.95 * BLOCK.width && near(dark[0], BLOCK.left(last), 1.5) && near(dark.at(-1)!, BLOCK.right(last), 1.5)) rules.push(top + y);
    }
    const distinct = rules.filter((y, k) => k === 0 || y - rules[k - 1] > 2);
    expect(distinct).toHaveLength(5);
    // Within a pixel and a half, or a point more where a table on the last page takes it off the grid (placeBanji leaves a point then).
    expect(near(rules.at(-1)!, BLOCK.bottom, 2.5), `last rule at ${rules.at(-1)}, block bottom ${BLOCK.bottom.toFixed(1)}`).toBe(true);
  });

  it('draws the 版记 rules as vectors of their exact widths: the first and the last 0.35 mm, those between 0.25 mm (GB/T 9704-2012)', async () => {
    const rules = await banjiRules(pdf, pages.length);
    expect(rules.map((r) => r.mm)).toEqual([0.35, 0.25, 0.25, 0.25, 0.35].map((mm) => expect.closeTo(mm, 2)));
    for (const rule of rules) expect(Math.abs(rule.mm - (rule === rules[0] || rule === rules.at(-1) ? 0.35 : 0.25)), `${rule.mm} mm`).toBeLessThanOrEqual(0.01);
    for (const rule of rules) expect(rule.fill).toBe('0 0 0 rg');
  });

  it('puts the 版记 on the last page, an even one (the back of a sheet), read back with pdftotext', () => {
    const texts = pageWords(pdf).map((words) => words.map((w) => w.text).join(''));
    const at = texts.map((text, i) => (text.includes('（共印60份）') ? i + 1 : 0)).filter(Boolean);
    expect(at).toEqual([texts.length]);
    expect(texts.length % 2).toBe(0);
  });

  it('centres a table on the text block: its three rules, narrower than the block, have equal room left and right', () => {
    const page = pages.findIndex(({ body }) => body.some((r) => /^表\d/.test(r.text))) + 1;
    expect(page, 'the sample has a table').toBeGreaterThan(0);
    const caption = pages[page - 1].body.find((r) => /^表\d/.test(r.text))!;
    const region = rgbRegion(pdf, page, 0, 0, 595, 842);
    // Dark rows under the caption that run unbroken: the first is the table's top rule, and the other two have its ends.
    const runs: { y: number; from: number; to: number }[] = [];
    for (let y = Math.ceil(caption.y1); y < region.height; y++) {
      const dark = [...Array(region.width).keys()].filter((x) => isDark(region.pixel(x, y)));
      if (dark.length > 60 && dark.at(-1)! - dark[0] + 1 === dark.length && !runs.some((r) => y - r.y < 3)) runs.push({ y, from: dark[0], to: dark.at(-1)! });
    }
    const rules = runs.filter((r) => Math.abs(r.from - runs[0].from) <= 1 && Math.abs(r.to - runs[0].to) <= 1);
    expect(rules.length, JSON.stringify(runs)).toBeGreaterThanOrEqual(3);
    expect(runs[0].to - runs[0].from).toBeLessThan(BLOCK.width - 20);
    expect(Math.abs((runs[0].from + runs[0].to + 1) / 2 - (BLOCK.left(page) + BLOCK.right(page)) / 2), JSON.stringify(runs[0])).toBeLessThan(1.5);
  });
});

/** The characters the fonts whose name matches draw: the union of their ToUnicode maps. */
async function charactersOfFonts(file: string, name: RegExp): Promise<string[]> {
  const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
  const chars: string[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object instanceof PDFStream || object.get(PDFName.of('Subtype')) !== PDFName.of('Type0')) continue;
    if (!name.test((object.get(PDFName.of('BaseFont')) as PDFName).decodeText())) continue;
    const stream = doc.context.lookup(object.get(PDFName.of('ToUnicode')) as PDFRef) as PDFRawStream;
    for (const hex of readMap(Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1')).values()) chars.push(Buffer.from(hex, 'hex').swap16().toString('utf16le'));
  }
  return chars;
}
