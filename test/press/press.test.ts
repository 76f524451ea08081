/**
 * The press copy and editorial queries, read back from one real build (`daan build --press
 * --allow-queries`) of the default content with queries added in every place a query can stand:
 * pdfinfo -box, gs -sDEVICE=inkcov, pdffonts, qpdf --check, the output intent and PDF/X keys;
 * and no word of a query in any page, PDF, search index file or briefing.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { daan, repoRoot } from '../helpers/cli.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';
import { pdffonts, pdfinfo, pdfinfoBox, qpdfCheck, requireChromium, requireTools } from '../print/poppler.ts';
import { prepareForPress } from '../../scripts/press/prepare.ts';
import { convertToPdfX, pressGhostscript, resolveProfile } from '../../scripts/press/pdfx.ts';

const QUERIES = {
  inline: '核实瓦高村拓宽公路的公里数甲乙丙',
  block: '这一段请作者补充时间戊己庚',
  frontMatter: '作者职务请向乡党委核对辛壬癸',
  briefing: '报送范围请办公室确认子丑寅',
  data: '也可能是3户4人，请向永嘉乡核实',
};

let content: string;
let out: string;
let build: ReturnType<typeof daan>;
const pdf = () => join(out, '2017-09', 'daan-2017-09-press.pdf');
const reading = () => join(out, '2017-09', 'daan-2017-09.pdf');
const MM = 72 / 25.4;

beforeAll(() => {
  requireChromium();
  requireTools('pdfinfo', 'pdffonts', 'pdftotext', 'pdftoppm', 'qpdf', 'gs');
  const work = temporary(mkdtempSync(join(tmpdir(), 'daan-press-')));
  content = join(work, 'content');
  out = join(work, 'out');
  cpSync(join(repoRoot, 'content'), content, { recursive: true });
  const article = join(content, '2017-09/articles/dangjian-linghang.md');
  let text = readFileSync(article, 'utf8');
  text = text.replace('slug: dangjian-linghang-tuopin-benkang\n', `slug: dangjian-linghang-tuopin-benkang\nqueries:\n  - ${QUERIES.frontMatter}\n`);
  text = text.replace('瓦高村拓宽公路4.1公里。', `瓦高村拓宽公路4.1公里。:query[${QUERIES.inline}]`);
  text = text.replace(/\n## 二、/, `\n::query[${QUERIES.block}]\n\n## 二、`);
  writeFileSync(article, text);
  const briefing = join(content, 'briefings/2017-01.md');
  writeFileSync(briefing, readFileSync(briefing, 'utf8').replace('copies: 60\n', `copies: 60\nqueries: [${QUERIES.briefing}]\n`));
  build = daan(['build', '--content', content, '--out', out, '--press', '--allow-queries']);
}, 600_000);

afterAll(removeTemporary);

describe('editorial queries', () => {
  it('the build succeeds and says how many queries are open', () => {
    expect(build.code, build.output).toBe(0);
    expect(build.output).toMatch(/5 open editorial queries/);
  });

  it('warns once that the briefings are not in 仿宋, naming the setting', () => {
    expect(build.output.match(/not in 仿宋 as GB\/T 9704-2012 asks; set fonts\.fangsong in/g)).toHaveLength(1);
  });

  it('daan check lists every open query with file:line:column', () => {
    const check = daan(['check', '--content', content]);
    expect(check.code, check.output).toBe(0);
    const line = (needle: string, file: string) => {
      const at = readFileSync(join(content, file), 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;
      expect(at).toBeGreaterThan(0);
      return new RegExp(`${join(content, file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${at}:\\d+  .*${needle.slice(0, 6)}`);
    };
    expect(check.stdout).toMatch(/5 open editorial queries/);
    expect(check.stdout).toMatch(line(QUERIES.inline, '2017-09/articles/dangjian-linghang.md'));
    expect(check.stdout).toMatch(line(QUERIES.block, '2017-09/articles/dangjian-linghang.md'));
    expect(check.stdout).toMatch(line(QUERIES.frontMatter, '2017-09/articles/dangjian-linghang.md'));
    expect(check.stdout).toMatch(line(QUERIES.briefing, 'briefings/2017-01.md'));
    expect(check.stdout).toMatch(line('请向永嘉乡核实', '2017-09/data/housing.yaml'));
  });

  it('a press build refuses while any is open, naming each at its place', () => {
    const refused = daan(['build', '--content', content, '--out', join(out, '..', 'refused'), '--press']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Open editorial query: 核实瓦高村/);
    expect(refused.stderr).toMatch(/--allow-queries/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
  });

  it('no word of a query reaches a page, a PDF (reading, press, briefing), the search index or the manifest', () => {
    const texts: [string, string][] = [];
    for (const file of files(out)) {
      const bytes = readFileSync(file);
      if (file.endsWith('.pdf')) texts.push([file, execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })]);
      else if (file.includes(`${'pagefind'}`) && bytes[0] === 0x1f && bytes[1] === 0x8b) texts.push([file, gunzipSync(bytes).toString('utf8')]);
      else texts.push([file, bytes.toString('utf8')]);
    }
    expect(texts.some(([f]) => f.endsWith('.pf_fragment'))).toBe(true);
    expect(texts.some(([f]) => f.endsWith('briefings/2017-01.pdf'))).toBe(true);
    for (const query of Object.values(QUERIES)) {
      const found = texts.filter(([, text]) => text.replace(/\s/g, '').includes(query.slice(-6).replace(/\s/g, ''))).map(([f]) => relative(out, f));
      expect(found, query).toEqual([]);
    }
    // The sentence around the inline query is still there, whole.
    const page = readFileSync(join(out, '2017-09/dangjian-linghang-tuopin-benkang.html'), 'utf8');
    expect(page).toContain('瓦高村拓宽公路4.1公里。下一步');
    expect(page).not.toMatch(/<p>\s*<\/p>/);
  });

  it('the reading copy is byte for byte the default build’s: queries leave no trace, --press does not touch it', () => {
    expect(readFileSync(reading()).equals(readFileSync(join(inject('builtOut'), '2017-09', 'daan-2017-09.pdf')))).toBe(true);
  });
});

describe('the press copy', () => {
  it('is PDF/X with a CMYK output intent naming its profile', () => {
    expect(build.code, build.output).toBe(0);
    const raw = readFileSync(pdf()).toString('latin1');
    expect(raw).toMatch(/\/GTS_PDFXVersion\s*\(PDF\/X-3:2002\)/);
    expect(raw).toMatch(/\/OutputIntents\s*\[/);
    expect(raw).toMatch(/\/S\s*\/GTS_PDFX/);
    expect(raw).toMatch(/\/DestOutputProfile/);
    expect(pdfinfo(pdf()).Producer).toMatch(/Ghostscript/);
    expect(qpdfCheck(pdf()).status).toBe(0);
    expect(build.output).toMatch(/daan-2017-09-press\.pdf: preflight passed/);
  });

  it('has 3 mm bleed on every page: TrimBox inside BleedBox = MediaBox by 3 mm', () => {
    const pages = Number(pdfinfo(pdf()).Pages);
    for (let page = 1; page <= pages; page++) {
      const media = pdfinfoBox(pdf(), page, 'MediaBox');
      const trim = pdfinfoBox(pdf(), page, 'TrimBox');
      const bleed = pdfinfoBox(pdf(), page, 'BleedBox');
      expect((trim[2] - trim[0]) / MM).toBeCloseTo(210, 0);
      expect((trim[3] - trim[1]) / MM).toBeCloseTo(285, 0);
      for (const i of [0, 1]) expect((trim[i] - bleed[i]) / MM).toBeCloseTo(3, 1);
      for (const i of [2, 3]) expect((bleed[i] - trim[i]) / MM).toBeCloseTo(3, 1);
      expect(bleed).toEqual(media);
    }
  });

  it('has a multiple of 4 pages, and every article on the page the reading copy has it', () => {
    const pages = Number(pdfinfo(pdf()).Pages);
    const readingPages = Number(pdfinfo(reading()).Pages);
    expect(pages % 4).toBe(0);
    expect(pages - readingPages).toBe((4 - (readingPages % 4)) % 4);
    // Drawn at 1 px per mm (the press page cropped to its trim): each page looks like the reading copy's.
    // (Text cannot be compared: Ghostscript 10.0 rewrites the fonts' ToUnicode maps, see docs/press.md.)
    const draw = (file: string, page: number, crop: number) => {
      const args = ['-r', '25.4', '-f', String(page), '-l', String(page), '-gray', '-x', String(crop), '-y', String(crop), '-W', '210', '-H', '285', file];
      const bytes = execFileSync('pdftoppm', args);
      const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.toString('latin1'))!;
      return bytes.subarray(header[0].length);
    };
    const difference = (a: Uint8Array, b: Uint8Array) => a.reduce((sum, v, i) => sum + Math.abs(v - (b[i] ?? 255)), 0) / a.length;
    for (let page = 2; page <= readingPages; page++) {
      const press = draw(pdf(), page + (page === readingPages ? pages - readingPages : 0), 3);
      const same = difference(press, draw(reading(), page, 0));
      const other = difference(press, draw(reading(), page === 2 ? 3 : 2, 0));
      expect(same, `page ${page}`).toBeLessThan(other / 2);
    }
  });

  it('prints text in black ink only: text pages have C = M = Y = 0 (gs inkcov)', () => {
    const ink = execFileSync('gs', ['-q', '-o', '-', '-sDEVICE=inkcov', '-r72', pdf()], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/).slice(0, 4).map(Number));
    const texts = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf(), '-'], { encoding: 'utf8' }).split('\f');
    // The pages of running text (after the one with the chart and the tables): body text, rules, folios.
    const textOnly = ink.map((cmyk, i) => ({ cmyk, i })).filter(({ i }) => i >= 4 && texts[i].replace(/\s/g, '').length > 300);
    expect(textOnly.length).toBeGreaterThan(1);
    for (const { cmyk, i } of textOnly) {
      expect(cmyk.slice(0, 3), `page ${i + 1}`).toEqual([0, 0, 0]);
      expect(cmyk[3], `page ${i + 1}`).toBeGreaterThan(0.01);
    }
  });

  it('prints the cover in the CMYK of the settings, not converted from sRGB, to the bleed edge (600 dpi)', () => {
    const cover = execFileSync('gs', ['-q', '-o', '-', '-sDEVICE=ink_cov', '-r36', '-dFirstPage=1', '-dLastPage=1', pdf()], { encoding: 'utf8' }).trim().split(/\s+/).slice(0, 4).map(Number);
    // ink_cov: the average ink over the page; the cover colour is C0 M90 Y80 K20 under white type.
    expect(cover[0]).toBeCloseTo(0, 3);
    expect(cover[1] / cover[3]).toBeCloseTo(90 / 20, 0);
    expect(cover[2] / cover[3]).toBeCloseTo(80 / 20, 0);
    // The bottom of the cover at 600 dpi, from just above the trim to the bleed edge: no white row.
    const media = pdfinfoBox(pdf(), 1, 'MediaBox');
    const height = Math.floor(((media[3] - media[1]) / 72) * 600);
    const strip = execFileSync('pdftoppm', ['-r', '600', '-f', '1', '-l', '1', '-gray', '-x', '0', '-y', String(height - 90), '-W', '4000', '-H', '90', pdf()]);
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(strip.toString('latin1'))!;
    const [w, h] = [Number(header[1]), Number(header[2])];
    const data = strip.subarray(header[0].length);
    for (let row = 0; row < h; row++) expect(Math.min(...data.subarray(row * w, (row + 1) * w)), `row ${row} from the top of the strip`).toBeLessThan(250);
    for (let row = 0; row < h; row++) expect(data[row * w + Math.floor(w / 2)], `row ${row}`).toBeLessThan(250);
  });

  it('embeds every font as CID TrueType (no Type 3)', () => {
    const fonts = pdffonts(pdf());
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font.emb, font.name).toBe('yes');
      expect(font.type, font.name).toBe('CID TrueType');
    }
  });

  it('is byte-identical when converted twice (fixed dates, document and instance ids, /ID)', async () => {
    const gs = await pressGhostscript();
    const work = temporary(mkdtempSync(join(tmpdir(), 'daan-pdfx-')));
    const input = join(work, 'in.pdf');
    writeFileSync(input, (await prepareForPress(readFileSync(reading()), { '#9e1b1b': [0, 90, 80, 20] })).pdf);
    const options = { icc: resolveProfile('default_cmyk.icc', content, gs), condition: 'Custom', title: '大安', date: new Date('2017-09-30T00:00:00Z') };
    await convertToPdfX(gs, input, join(work, 'a.pdf'), options, work);
    await new Promise((resume) => setTimeout(resume, 1100));
    await convertToPdfX(gs, input, join(work, 'b.pdf'), options, work);
    expect(readFileSync(join(work, 'a.pdf')).equals(readFileSync(join(work, 'b.pdf')))).toBe(true);
    expect(pdfinfo(join(work, 'a.pdf')).CreationDate).toMatch(/2017/);
  }, 120_000);
});

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}
