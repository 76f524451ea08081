/** The print-ready PDF of the default edition, read back with poppler and pdf.js. */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { daan, repoRoot } from '../helpers/cli.ts';
import { bodyText, pageTexts, pdfFonts, pdfInfo, pdfLines, pdfOutline, squeeze } from '../helpers/pdf.ts';
import { run } from '../helpers/tools.ts';
import { restoredParagraphs } from '../helpers/seed.ts';
import { builtOut } from '../helpers/built.ts';

const out = await builtOut();
const pdf = join(out, '2017-09/daan-2017-09.pdf');
const MM = 72 / 25.4;
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function size(info: Record<string, string>): [number, number] {
  const [w, h] = info['Page size'].split(' x ').map(parseFloat);
  return [w, h];
}

describe('daan-2017-09.pdf', () => {
  it('is the trim size, 210 × 285 mm, tagged, with the edition’s metadata and dates', () => {
    const info = pdfInfo(pdf);
    const [w, h] = size(info);
    expect(Math.abs(w - 210 * MM)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(h - 285 * MM)).toBeLessThanOrEqual(0.5);
    expect(info.Tagged).toBe('yes');
    expect(info.Title).toBe('《大安》2017年第9期');
    expect(info.Author).toBeTruthy();
    expect(info.Subject).toContain('党建领航 脱贫奔康');
    expect(info.CreationDate).toMatch(/Sep 30 00:00:00 2017/);
    expect(info.ModDate).toMatch(/Sep 30 00:00:00 2017/);
    expect(Number(info.Pages)).toBeGreaterThanOrEqual(5);
  });

  it('embeds every font as TrueType, no Type 3', () => {
    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font.type, font.name).not.toMatch(/Type 3/);
      expect(font.embedded, font.name).toBe(true);
      expect(font.name).toMatch(/\+Noto(Serif|Sans)SC-/);
    }
  });

  it('gives in its table of contents the page where each article starts', () => {
    const pages = pageTexts(pdf).map(squeeze);
    const tocIndex = pages.findIndex((p) => p.includes('目录'));
    expect(tocIndex).toBeGreaterThanOrEqual(0);
    const title = '党建领航脱贫奔康';
    const listed = new RegExp(`${title}(?:陈永刚)?(\\d+)`).exec(pages[tocIndex]);
    expect(listed, pages[tocIndex]).not.toBeNull();
    const start = pages.findIndex((p, i) => i > tocIndex && p.includes(title)) + 1;
    expect(Number(listed![1])).toBe(start);
  });

  it('has an outline of the article and its headings, every entry resolving to its page', async () => {
    const outline = await pdfOutline(pdf);
    const pages = pageTexts(pdf).map(squeeze);
    const titles = outline.map((e) => squeeze(e.title));
    expect(titles).toContain('党建领航脱贫奔康');
    for (const heading of ['一、坚持组织引领，凝聚脱贫奔康优势力量', '二、突出结对帮扶，形成脱贫奔康整体合力', '三、夯实基层基础，筑牢脱贫奔康战斗堡垒']) {
      const entry = outline.find((e) => squeeze(e.title) === heading);
      expect(entry, heading).toBeDefined();
      expect(pages[entry!.page - 1]).toContain(heading);
    }
    for (const entry of outline) expect(entry.page).toBeGreaterThan(0);
  });

  it('starts no line with a closing mark and ends none with an opening mark (禁则)', () => {
    // The subtitle's leading —— is the convention for a 副题, not a line broken before a dash.
    const lines = pdfLines(pdf).filter((l) => l.text.length > 1 && !l.text.startsWith('——助力永嘉'));
    expect(lines.length).toBeGreaterThan(50);
    const badStart = lines.filter((l) => /^[、，。：；！？）》」』”’·…—～]/.test(l.text));
    const badEnd = lines.filter((l) => /[（《「『“‘]$/.test(l.text));
    expect(badStart.map((l) => `p${l.page}: ${l.text}`)).toEqual([]);
    expect(badEnd.map((l) => `p${l.page}: ${l.text}`)).toEqual([]);
  });

  it('passes qpdf --check', () => {
    expect(run('qpdf', ['--check', pdf], 'qpdf')).toMatch(/No syntax or stream encoding errors found/);
  });

  it('is byte-identical when built again; with --bleed 3mm --marks it has TrimBox and BleedBox', () => {
    const again = join(mkdtempSync(join(tmpdir(), 'daan-again-')), 'out');
    const first = daan(['build', '--out', again]);
    expect(first.code, first.stderr).toBe(0);
    expect(sha(join(again, '2017-09/daan-2017-09.pdf'))).toBe(sha(pdf));

    const press = join(mkdtempSync(join(tmpdir(), 'daan-press-')), 'out');
    const result = daan(['build', '--out', press, '--bleed', '3mm', '--marks']);
    expect(result.code, result.stderr).toBe(0);
    const info = pdfInfo(join(press, '2017-09/daan-2017-09.pdf'));
    const box = (name: string) => info[name].split(/\s+/).map(parseFloat);
    const [tx0, ty0, tx1, ty1] = box('TrimBox');
    const [bx0, by0, bx1, by1] = box('BleedBox');
    const [mx0, my0, mx1, my1] = box('MediaBox');
    expect(Math.abs(tx1 - tx0 - 210 * MM)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(ty1 - ty0 - 285 * MM)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(tx0 - bx0 - 3 * MM)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(by1 - ty1 - 3 * MM)).toBeLessThanOrEqual(0.5);
    expect(mx0).toBeLessThan(bx0);
    expect(my0).toBeLessThan(by0);
    expect(mx1).toBeGreaterThan(bx1);
    expect(my1).toBeGreaterThan(by1);
  });

  it('sets the body in two columns by default, titles and tables spanning both, inside the configured margins', () => {
    const start = pageTexts(pdf).findIndex((p) => squeeze(p).includes('一、坚持组织引领')) + 1;
    const body = pdfLines(pdf).filter((l) => l.page === start && l.text.length > 12 && !/^表|^图/.test(l.text));
    const width = Number(pdfInfo(pdf)['Page size'].split(' x ')[0]);
    const left = body.filter((l) => l.xMax < width / 2);
    const right = body.filter((l) => l.xMin > width / 2);
    expect(left.length).toBeGreaterThan(5);
    expect(right.length).toBeGreaterThan(5);
    const title = pdfLines(pdf).find((l) => l.text.includes('党建领航') && l.text.includes('脱贫奔康') && l.page > 2)!;
    expect(title.xMin).toBeLessThan(width / 2);
    // 22 mm inner, 18 mm outer: the right column ends 18 mm from the edge on a right-hand (odd) page.
    const page = start % 2 === 1 ? start : start + 1;
    const lines = pdfLines(pdf).filter((l) => l.page === page && l.text.length > 12);
    expect(Math.min(...lines.map((l) => l.xMin))).toBeGreaterThanOrEqual(22 * MM - 1);
    expect(Math.max(...lines.map((l) => l.xMax))).toBeLessThanOrEqual(width - 18 * MM + 1);
    expect(Math.max(...lines.map((l) => l.xMax))).toBeGreaterThan(width - 18 * MM - 10.5);
  });

  it('leaves no hole where a table or chart did not fit: at most 3 empty body lines a column but on the article’s last page', async () => {
    const { pageFill, bodyArea } = await import('../../scripts/bench/page-fill.ts');
    const { loadContent } = await import('../../scripts/load/index.ts');
    const { content } = await loadContent(join(repoRoot, 'content'));
    const fills = await pageFill(pdf, bodyArea(content!.editions[0].page));
    const pages = pageTexts(pdf).map(squeeze);
    const first = pages.findIndex((p) => p.includes('党建领航') && !p.includes('目录') && p.includes('永嘉乡总人口')) + 1;
    const last = pages.findIndex((p) => p.includes('作者：')) + 1;
    expect(first).toBeGreaterThan(2);
    expect(last).toBeGreaterThan(first);
    expect(fills.slice(first - 1, last - 1).filter((f) => Math.max(...f.emptyLines) > 3).map((f) => `page ${f.page}: ${f.emptyLines.join(' | ')}`)).toEqual([]);
  });

  it('sets the body in one column when the settings ask, every paragraph of the seed article in its text', () => {
    const content = join(mkdtempSync(join(tmpdir(), 'daan-columns-')), 'content');
    cpSync(join(repoRoot, 'content'), content, { recursive: true });
    const site = join(content, 'site.yaml');
    writeFileSync(site, readFileSync(site, 'utf8').replace(/^  columns: 2.*$/m, '  columns: 1'));
    const out = join(content, '..', 'out');
    const result = daan(['build', '--content', content, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const file = join(out, '2017-09/daan-2017-09.pdf');
    const start = pageTexts(file).findIndex((p) => squeeze(p).includes('一、坚持组织引领')) + 1;
    const body = pdfLines(file).filter((l) => l.page === start && l.text.length > 30);
    const width = Number(pdfInfo(file)['Page size'].split(' x ')[0]);
    expect(body.length).toBeGreaterThan(10);
    // Full lines run across the middle of the page.
    expect(body.filter((l) => l.xMin < width / 2 && l.xMax > width / 2).length).toBeGreaterThan(10);
    // Every paragraph of the seed article is in its text (read in one column: pdftotext reads
    // across two columns line by line, so a paragraph of the two-column default is not one run).
    const heads = ['《大安》2017年第9期', '脱贫攻坚进行时'];
    // Flag marks (34人* — unverified) belong to the data note, not to the prose.
    const text = squeeze(pageTexts(file).map((page) => bodyText(page, heads)).join('')).replace(/[*†‡]/g, '');
    // A paragraph may be interrupted once, by a figure or table floated into it (print/floats.ts).
    for (const paragraph of restoredParagraphs().map(squeeze)) {
      let k = paragraph.length;
      while (k > 0 && !text.includes(paragraph.slice(0, k))) k--;
      expect(k, paragraph).toBeGreaterThan(0);
      const at = text.indexOf(paragraph.slice(0, k));
      expect(text.indexOf(paragraph.slice(k), at + k), paragraph).toBeGreaterThanOrEqual(at + k);
    }
  });
});
