/**
 * The 版记 of a briefing on an even page (GB/T 9704-2012: the last page, the back of a sheet):
 * where banjiPlacement puts it for each place the first print can leave it, and two short
 * briefings printed with `daan brief`, read back with pdftotext: one whose 版记 would fit under
 * its text on page 1, and one whose text fills pages 1 and 2 (the 版记 would stand alone on page 3).
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { banjiPlacement, LINE_HEIGHT_PT, TEXT_HEIGHT_PT } from '../../scripts/render/briefing.ts';
import { daan, repoRoot } from '../helpers/cli.ts';
import { pdfInfo } from '../helpers/pdf.ts';
import { requireChromium, requireTools } from '../print/poppler.ts';
import { banjiRules } from '../press/vectors.ts';
import { BLOCK, LINE, pageWords, rowsOf, splitFolio } from './helpers.ts';

const TOP = 800;
const BOTTOM = TOP - TEXT_HEIGHT_PT;
/** A 版记 of four lines whose top is `linesFromTop` lines under the top of the block. */
const banji = (page: number, bodyEndPage: number, linesFromTop: number) => ({
  bodyEndPage,
  banjiPage: page,
  blockTop: TOP,
  banjiTop: TOP - linesFromTop * LINE_HEIGHT_PT,
  banjiBottom: TOP - (linesFromTop + 4) * LINE_HEIGHT_PT,
});

describe('banjiPlacement', () => {
  it('leaves a 版记 on an even page where it is and fills the room under it with whole lines', () => {
    const placed = banjiPlacement(banji(2, 2, 10));
    expect(placed.newPage).toBe(false);
    expect(placed.blankPage).toBeUndefined();
    expect(placed.spacerPt / LINE_HEIGHT_PT).toBeCloseTo(8, 2);
    // On an even page of its own: at the foot of that page.
    expect(banjiPlacement(banji(4, 3, 0))).toMatchObject({ newPage: true });
    expect(banjiPlacement(banji(4, 3, 0)).blankPage).toBeUndefined();
    expect(banjiPlacement(banji(4, 3, 0)).spacerPt / LINE_HEIGHT_PT).toBeCloseTo(18, 2);
  });

  it('moves a 版记 that ends the body on an odd page on to the next page, at its foot', () => {
    const placed = banjiPlacement(banji(1, 1, 12));
    expect(placed.newPage).toBe(true);
    expect(placed.blankPage).toBeUndefined();
    expect(placed.spacerPt / LINE_HEIGHT_PT).toBeCloseTo(18, 2);
  });

  it('leaves a page blank before a 版记 that stood alone on an odd page', () => {
    expect(banjiPlacement(banji(3, 2, 0))).toMatchObject({ newPage: true, blankPage: true });
    expect(banjiPlacement(banji(3, 2, 0)).spacerPt / LINE_HEIGHT_PT).toBeCloseTo(18, 2);
  });

  it('keeps a point of room where the page is off the grid (a chart on it), so that the 版记 never spills over', () => {
    const offGrid = { ...banji(2, 2, 10), banjiBottom: BOTTOM + 8.3 * LINE_HEIGHT_PT };
    expect(banjiPlacement(offGrid).spacerPt).toBeCloseTo(8.3 * LINE_HEIGHT_PT - 1, 3);
  });
});

describe('the 版记 printed on an even page', () => {
  let content: string;
  let out: string;
  beforeAll(() => {
    requireChromium();
    requireTools('pdftotext', 'pdfinfo');
    const work = mkdtempSync(join(tmpdir(), 'daan-banji-'));
    content = join(work, 'content');
    out = join(work, 'out');
    cpSync(join(repoRoot, 'content'), content, { recursive: true });
  });

  const write = (id: string, body: string) =>
    writeFileSync(join(content, `briefings/${id}.md`), `---\nname: 测试简报\nnumber: 3\nunit: 测试办公室\ndate: 2020-03-01\ncopies: 5\ndistribution:\n  报: 甲单位\n  送: 乙单位\n  发: 丙单位\n---\n\n${body}\n`);
  const banjiLines = ['报：甲单位。', '送：乙单位。', '发：丙单位。', '（共印5份）'];
  /** The text of each page (pdftotext), white space left out. */
  const pageTexts = (pdf: string) => pageWords(pdf).map((words) => words.map((w) => w.text).join(''));

  it('puts the 版记 of a one-paragraph briefing on page 2, at the foot, with its rules at 0.35 / 0.25 mm', async () => {
    write('short', '这一期只有一段话，版记本可以排在第一页的下面。');
    const result = daan(['brief', 'short', '--content', content, '--out', out]);
    expect(result.code, result.output).toBe(0);
    expect(result.output).not.toMatch(/warning: (?!briefings: the body is set in the bundled serif)/);
    const pdf = join(out, 'briefings/short.pdf');
    expect(pdfInfo(pdf).Pages).toBe('2');
    const texts = pageTexts(pdf);
    expect(texts[0]).toContain('这一期只有一段话');
    expect(texts[0]).not.toMatch(/报：|共印/);
    const { body } = splitFolio(rowsOf(pageWords(pdf)[1]));
    expect(body.map((r) => r.text)).toEqual(banjiLines);
    expect(BLOCK.bottom - body[3].y1).toBeGreaterThan(0);
    expect(BLOCK.bottom - body[3].y1).toBeLessThan(LINE / 2);
    expect((await banjiRules(pdf, 2)).map((r) => r.mm)).toEqual([0.35, 0.25, 0.25, 0.25, 0.35].map((mm) => expect.closeTo(mm, 2)));
  }, 180_000);

  it('leaves page 3 blank when the text fills pages 1 and 2, and puts the 版记 at the foot of page 4', () => {
    // 报头 5 lines + 17 lines of text fill page 1, 22 lines page 2: nineteen paragraphs of 26 + 28 characters and one of 26.
    const text = '党建引领脱贫奔康'.repeat(8);
    write('fill2', [...Array(19).fill(text.slice(0, 54)), `${text.slice(0, 24)}完。`].join('\n\n'));
    const result = daan(['brief', 'fill2', '--content', content, '--out', out]);
    expect(result.code, result.output).toBe(0);
    expect(result.output).not.toMatch(/warning: (?!briefings: the body is set in the bundled serif)/);
    const pdf = join(out, 'briefings/fill2.pdf');
    expect(pdfInfo(pdf).Pages).toBe('4');
    const pages = pageWords(pdf).map((words) => splitFolio(rowsOf(words)));
    // The text ends on the last line of page 2 (else this test would not test a blank page).
    expect(pages[1].body).toHaveLength(22);
    expect(pages[1].body.at(-1)!.text).toBe(`${text.slice(0, 24)}完。`);
    expect(pages[2].body).toEqual([]);
    expect(pages[3].body.map((r) => r.text)).toEqual(banjiLines);
    expect(BLOCK.bottom - pages[3].body[3].y1).toBeLessThan(LINE / 2);
  }, 180_000);
});
