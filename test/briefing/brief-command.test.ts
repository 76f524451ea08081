/**
 * `daan brief <id>`: one briefing, printed fast into an existing out/ without touching the rest;
 * byte-identical to the full build's. Then the fonts the office owns (a bundled face renamed,
 * standing in for a 仿宋 and a 楷体 file), and a 版记 that needs a page of its own.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { faces } from '../../scripts/fonts/faces.ts';
import { daan, repoRoot } from '../helpers/cli.ts';
import { pdfFonts, pdfInfo } from '../helpers/pdf.ts';
import { BLOCK, EM, LINE, PX, FULL_WIDTH, pageWords, renamedFont, rowsOf, splitFolio } from './helpers.ts';
import { builtOut } from '../helpers/built.ts';

const built = await builtOut();

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

/** The font (PostScript name, subset tag dropped) each text item of a page is drawn with, read with pdf.js. */
async function fontsOfText(file: string, pageNumber: number): Promise<{ text: string; font: string }[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0, isEvalSupported: false, disableFontFace: true }).promise;
  const page = await doc.getPage(pageNumber);
  const content = await page.getTextContent();
  await page.getOperatorList();
  const items = content.items.flatMap((item) => ('str' in item && item.str.trim() ? [{ text: item.str, font: String(page.commonObjs.get(item.fontName).name).replace(/^[A-Z]{6}\+/, '') }] : []));
  await doc.destroy();
  return items;
}

describe('daan brief', () => {
  it('rebuilds one briefing into an existing out/: the same bytes as the full build, every other file untouched', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'daan-brief-')), 'out');
    cpSync(built, out, { recursive: true });
    const result = daan(['brief', '2017-01', '--out', out]);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/wrote .*briefings\/2017-01\.html and .*briefings\/2017-01\.pdf/);
    expect(result.output).not.toMatch(/daan-2017-09\.pdf/); // no edition is printed
    expect(files(out)).toEqual(files(built));
    for (const file of files(built)) expect(readFileSync(join(out, file)).equals(readFileSync(join(built, file))), file).toBe(true);
    expect(readdirSync(dirname(out))).toEqual(['out']); // no work folder left behind
    expect(daan(['verify', '--out', out]).code).toBe(0);
    // The briefing is a unit of the build: `daan build` then finds nothing left to do.
    const next = daan(['build', '--out', out]);
    expect(next.output).toMatch(/skipped briefing 2017-01 \(unchanged\)/);
    expect(next.output).toMatch(/is up to date/);
  });

  it('writes into an out/ that does not exist yet, and says what is wrong with a missing or unknown id', () => {
    expect(daan(['brief']).output).toMatch(/give the id of one briefing, e.g. `daan brief 2017-01`/);
    const unknown = daan(['brief', 'nope', '--out', join(tmpdir(), 'never-written')]);
    expect(unknown.code).toBe(1);
    expect(unknown.output).toMatch(/no briefing “nope” in content\/briefings\/ — the briefings are: 2017-01/);
    expect(existsSync(join(tmpdir(), 'never-written'))).toBe(false);
  });
});

describe('briefings with the fonts the office owns', () => {
  let content: string;
  let out: string;
  beforeAll(() => {
    const work = mkdtempSync(join(tmpdir(), 'daan-brief-fonts-'));
    content = join(work, 'content');
    out = join(work, 'out');
    cpSync(join(repoRoot, 'content'), content, { recursive: true });
    mkdirSync(join(content, 'fonts'));
    const serif = faces.find((f) => f.id === 'serif-400')!.file;
    renamedFont(serif, join(content, 'fonts/fangsong.ttf'), 'NotoSerifSC-Regular', 'DaanFangsongStandIn');
    renamedFont(serif, join(content, 'fonts/kaiti.ttf'), 'NotoSerifSC-Regular', 'DaanKaitiStandIn-01');
    writeFileSync(join(content, 'site.yaml'), `${readFileSync(join(content, 'site.yaml'), 'utf8')}\nfonts:\n  fangsong: fonts/fangsong.ttf\n  kaiti: fonts/kaiti.ttf\n`);
  });

  it('sets the body in the 仿宋 file and （一） heads in the 楷体 file, embedded as TrueType, on the same grid', async () => {
    const result = daan(['brief', '2017-01', '--content', content, '--out', out]);
    expect(result.code, result.output).toBe(0);
    const pdf = join(out, 'briefings/2017-01.pdf');
    const fonts = pdfFonts(pdf);
    expect(fonts.filter((f) => /Type 3/.test(f.type))).toEqual([]);
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, ''))).toEqual(expect.arrayContaining(['DaanFangsongStandIn', 'DaanKaitiStandIn-01', 'NotoSansSC-Regular']));
    const items = await fontsOfText(pdf, 2);
    // The text after a float is printed in short runs (each character carries a mark, print/floats.ts): the run where `start` begins.
    const fontOf = (start: string) => items.find((_, k) => items.slice(k, k + start.length).map((i) => i.text).join('').startsWith(start))?.font;
    expect(fontOf('把党的组织优势')).toBe('DaanFangsongStandIn');
    expect(fontOf('（一）健全工作机制')).toBe('DaanKaitiStandIn-01');
    expect(fontOf('一、坚持组织引领')).toBe('NotoSansSC-Regular');
    // The grid holds: full lines of 28 characters, 28 em wide.
    const rows = rowsOf(pageWords(pdf)[1]);
    const full = rows.filter((r) => Math.abs(r.x0 - BLOCK.left(2)) <= PX && FULL_WIDTH.test(r.text) && [...r.text].length === 28);
    expect(full.length).toBeGreaterThan(3);
    for (const row of full) expect(Math.abs(row.x1 - row.x0 - 28 * EM)).toBeLessThan(1);
  });

  it('gives the 版记 a page of its own, at the foot, when the text fills the last page', () => {
    // 报头 5 lines + 17 lines of text (eight paragraphs of 26 + 28 characters, one of 26) fill page 1.
    const text = '党建引领脱贫奔康'.repeat(8);
    const body = [...Array(8).fill(text.slice(0, 54)), text.slice(0, 26)].join('\n\n');
    writeFileSync(join(content, 'briefings/fill.md'), `---\nname: 测试简报\nnumber: 2\nunit: 测试办公室\ndate: 2020-03-01\ncopies: 5\ndistribution:\n  报: 甲单位\n  送: 乙单位\n  发: 丙单位\n---\n\n${body}\n`);
    const result = daan(['brief', 'fill', '--content', content, '--out', out]);
    expect(result.code, result.output).toBe(0);
    expect(result.output).not.toMatch(/warning/);
    const pdf = join(out, 'briefings/fill.pdf');
    expect(pdfInfo(pdf).Pages).toBe('2');
    const [first, second] = pageWords(pdf).map((words) => splitFolio(rowsOf(words)).body);
    expect(first).toHaveLength(3 + 17); // name, 第2期, unit and date; the rule's line is empty
    expect(first.at(-1)!.text).toBe(text.slice(0, 26));
    expect(second.map((r) => r.text)).toEqual(['报：甲单位。', '送：乙单位。', '发：丙单位。', '（共印5份）']);
    expect(BLOCK.bottom - second[3].y1).toBeGreaterThan(0);
    expect(BLOCK.bottom - second[3].y1).toBeLessThan(LINE / 2);
    // Both passes agree and the file is the same on a second run.
    const again = readFileSync(pdf);
    expect(daan(['brief', 'fill', '--content', content, '--out', out]).code).toBe(0);
    expect(readFileSync(pdf).equals(again)).toBe(true);
  }, 300_000); // two `daan brief` runs: over two minutes on a busy machine
});

describe('the bundled 楷体 (LXGW WenKai from npm) when no fonts.kaiti is set', () => {
  it('sets the （一） heads in it, and a character it lacks in the serif, with one warning naming it', async () => {
    const work = mkdtempSync(join(tmpdir(), 'daan-brief-kai-'));
    const content = join(work, 'content');
    const out = join(work, 'out');
    cpSync(join(repoRoot, 'content'), content, { recursive: true });
    // 乢 is in Noto Serif SC, not in LXGW WenKai.
    const body = '**（一）核查乢字。**这一段的小标题有一个文楷没有的字。\n\n**（二）健全机制。**小标题全用文楷。';
    // The title with a line break of the editor's choosing (docs/press.md).
    writeFileSync(join(content, 'briefings/kai.md'), `---\nname: 测试简报\nnumber: 3\nunit: 测试办公室\ndate: 2020-03-01\ntitle: "关于进一步加强\\n脱贫攻坚工作的情况报告"\ncopies: 5\ndistribution:\n  报: 甲单位\n---\n\n${body}\n`);
    const result = daan(['brief', 'kai', '--content', content, '--out', out]);
    expect(result.code, result.output).toBe(0);
    expect(result.output.match(/LXGW WenKai \(lxgw-wenkai-webfont\) has no glyph for “乢” \(U\+4E62\); the bundled serif stands in for them/g)).toHaveLength(1);
    const pdf = join(out, 'briefings/kai.pdf');
    const fonts = pdfFonts(pdf);
    expect(fonts.filter((f) => /LXGWWenKai-Regular$/.test(f.name)).every((f) => f.embedded && /CID TrueType/.test(f.type))).toBe(true);
    // Character by character, in reading order (each WenKai slice is a font of its own, so pdf.js splits the heads into short items).
    const chars = (await fontsOfText(pdf, 1)).flatMap((item) => [...item.text].map((char) => ({ char, font: item.font })));
    const fontsOf = (text: string) => {
      const at = chars.map((c) => c.char).join('').indexOf(text);
      expect(at, text).toBeGreaterThanOrEqual(0);
      return chars.slice(at, at + [...text].length).map((c) => c.font);
    };
    expect(fontsOf('（一）核查乢字。')).toEqual(['LXGWWenKai-Regular', 'LXGWWenKai-Regular', 'LXGWWenKai-Regular', 'LXGWWenKai-Regular', 'LXGWWenKai-Regular', 'NotoSerifSC-Regular', 'LXGWWenKai-Regular', 'LXGWWenKai-Regular']);
    expect(new Set(fontsOf('（二）健全机制。'))).toEqual(new Set(['LXGWWenKai-Regular']));
    expect(new Set(fontsOf('小标题全用文楷。'))).toEqual(new Set(['NotoSerifSC-Regular']));
    const rows = splitFolio(rowsOf(pageWords(pdf)[0])).body.map((r) => r.text);
    expect(rows).toContain('关于进一步加强');
    expect(rows).toContain('脱贫攻坚工作的情况报告');
  }, 300_000);
});
