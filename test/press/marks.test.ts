/**
 * Crop marks on the press copy (`press.marks` in site.yaml): a small edition built with
 * `daan build --press`, once with marks and once without, read back as vectors (the registration
 * colour strokes of the content stream) and as pixels (pdftoppm at 10 px per mm): eight marks per
 * page on the slug, outside the BleedBox, in line with the trim edges, and none inside; none at
 * all when marks are off.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARK } from '../../scripts/print/postprocess.ts';
import { daan, repoRoot } from '../helpers/cli.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';
import { pdfinfo, pdfinfoBox, requireChromium, requireTools } from '../print/poppler.ts';
import { strokedSegments } from './vectors.ts';

const MM = 72 / 25.4;
let work: string;

/** content/ with the sample's site.yaml (press.marks as given) and one short edition. */
function writeContent(dir: string, marks: boolean): void {
  mkdirSync(join(dir, '2017-08', 'articles'), { recursive: true });
  cpSync(join(repoRoot, 'content', 'site.yaml'), join(dir, 'site.yaml'));
  writeFileSync(join(dir, 'site.yaml'), `${readFileSync(join(dir, 'site.yaml'), 'utf8')}\npress:\n  marks: ${marks}\n`);
  writeFileSync(join(dir, '2017-08', 'edition.yaml'), 'year: 2017\nnumber: 8\ndate: 2017-08-31\nprint_date: 2017-08-28\ncopies: 800\ncolumns:\n  - 乡村振兴\ncover:\n  lines:\n    - 新村新貌\n');
  writeFileSync(join(dir, '2017-08', 'articles', 'xincun.md'), '---\ntitle: 新村新貌\ncolumn: 乡村振兴\nauthor: 通讯员\norder: 1\n---\n\n新房村的新村聚居点已经建成，四十二户村民搬进了新居。\n');
}

function build(marks: boolean): string {
  const content = join(work, marks ? 'marks' : 'plain', 'content');
  const out = join(work, marks ? 'marks' : 'plain', 'out');
  writeContent(content, marks);
  const result = daan(['build', '--press', '--content', content, '--out', out]);
  expect(result.code, result.output).toBe(0);
  expect(result.output).toMatch(/daan-2017-08-press\.pdf: preflight passed/);
  return join(out, '2017-08', 'daan-2017-08-press.pdf');
}

/** A page at 10 px per mm, grey: `dark(x, y)` with x, y in mm from the MediaBox's top left corner. */
function raster(file: string, page: number): { dark: (xMm: number, yMm: number) => boolean; widthMm: number; heightMm: number } {
  const bytes = execFileSync('pdftoppm', ['-r', '254', '-gray', '-f', String(page), '-l', String(page), file], { maxBuffer: 128 * 1024 * 1024 });
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.subarray(0, 64).toString('latin1'))!;
  const [w, h] = [Number(header[1]), Number(header[2])];
  const data = bytes.subarray(header[0].length);
  return { dark: (x, y) => data[Math.round(y * 10) * w + Math.round(x * 10)] < 128, widthMm: w / 10, heightMm: h / 10 };
}

beforeAll(() => {
  requireChromium();
  requireTools('pdfinfo', 'pdftoppm');
  work = temporary(mkdtempSync(join(tmpdir(), 'daan-marks-')));
}, 60_000);
afterAll(removeTemporary);

describe('crop marks on the press copy', () => {
  let marked: string;
  let plain: string;
  beforeAll(() => {
    marked = build(true);
    plain = build(false);
  }, 600_000);

  it('enlarges the MediaBox by the marks and their padding, outside the 3 mm bleed', () => {
    const pages = Number(pdfinfo(marked).Pages);
    expect(pages % 4).toBe(0);
    for (let page = 1; page <= pages; page++) {
      const [media, bleed, trim] = (['MediaBox', 'BleedBox', 'TrimBox'] as const).map((box) => pdfinfoBox(marked, page, box));
      expect((trim[2] - trim[0]) / MM).toBeCloseTo(210, 1);
      for (const i of [0, 1]) expect((trim[i] - bleed[i]) / MM).toBeCloseTo(3, 1);
      for (const i of [0, 1]) expect((trim[i] - media[i]) / MM).toBeCloseTo(3 + MARK.lengthMm + MARK.paddingMm, 1);
    }
  });

  it('draws eight marks on every page as registration-colour vectors, all outside the BleedBox, in line with the trim edges', async () => {
    const pages = Number(pdfinfo(marked).Pages);
    for (let page = 1; page <= pages; page++) {
      const [bleed, trim] = (['BleedBox', 'TrimBox'] as const).map((box) => pdfinfoBox(marked, page, box));
      const marks = (await strokedSegments(marked, page)).filter((s) => s.stroke === '1 1 1 1 K');
      expect(marks, `page ${page}`).toHaveLength(8);
      for (const { from, to, width } of marks) {
        expect(width).toBeCloseTo(MARK.widthPt, 2);
        const xs = [from[0], to[0]].sort((a, b) => a - b);
        const ys = [from[1], to[1]].sort((a, b) => a - b);
        const outside = xs[1] <= bleed[0] + 0.01 || xs[0] >= bleed[2] - 0.01 || ys[1] <= bleed[1] + 0.01 || ys[0] >= bleed[3] - 0.01;
        expect(outside, `page ${page}: mark ${JSON.stringify([from, to])}`).toBe(true);
        // Along a trim edge's line, 5 mm long.
        const onTrimLine = [trim[0], trim[2]].some((x) => Math.abs(xs[0] - x) < 0.01 && Math.abs(xs[1] - x) < 0.01) || [trim[1], trim[3]].some((y) => Math.abs(ys[0] - y) < 0.01 && Math.abs(ys[1] - y) < 0.01);
        expect(onTrimLine, `page ${page}: mark ${JSON.stringify([from, to])}`).toBe(true);
        expect(Math.hypot(to[0] - from[0], to[1] - from[1]) / MM).toBeCloseTo(MARK.lengthMm, 1);
      }
    }
  });

  it('prints them on the slug: ink along each mark and nowhere else outside the bleed, none in the margin inside the trim (pdftoppm)', () => {
    const page = 2; // a text page: white margins inside the trim
    const r = raster(marked, page);
    const slug = 3 + MARK.lengthMm + MARK.paddingMm; // trim to MediaBox edge, mm
    const [trimLeft, trimTop] = [slug, slug];
    const [trimRight, trimBottom] = [slug + 210, slug + 285];
    const corners: [number, number, number, number][] = [
      [trimLeft, trimTop, -1, -1],
      [trimRight, trimTop, 1, -1],
      [trimLeft, trimBottom, -1, 1],
      [trimRight, trimBottom, 1, 1],
    ];
    for (const [x, y, sx, sy] of corners) {
      // Along each mark, 3.5 to 7.5 mm out from the trim: inked.
      for (let d = 3.5; d <= 7.5; d += 0.5) {
        expect(r.dark(x + sx * d, y) || r.dark(x + sx * d, y + 0.1) || r.dark(x + sx * d, y - 0.1), `horizontal mark at ${x},${y}, ${d} mm out`).toBe(true);
        expect(r.dark(x, y + sy * d) || r.dark(x + 0.1, y + sy * d) || r.dark(x - 0.1, y + sy * d), `vertical mark at ${x},${y}, ${d} mm out`).toBe(true);
      }
      // Off the marks' lines in the slug (1 mm beside them) and in the trim's corner inside: no ink.
      for (let d = 0.5; d <= 9.5; d += 0.5) {
        expect(r.dark(x + sx * d, y + sy * 1), `slug beside the marks at ${x},${y}`).toBe(false);
        expect(r.dark(x - sx * d, y - sy * 1), `inside the trim at ${x},${y}`).toBe(false);
        expect(r.dark(x - sx * d, y), `the trim line inside the page at ${x},${y}`).toBe(false);
      }
    }
    expect(r.widthMm).toBeCloseTo(210 + 2 * slug, 0);
  });

  it('draws none when press.marks is off: the MediaBox is the BleedBox, no registration-colour stroke, no ink outside the trim of a text page', async () => {
    const pages = Number(pdfinfo(plain).Pages);
    for (let page = 1; page <= pages; page++) {
      expect(pdfinfoBox(plain, page, 'MediaBox')).toEqual(pdfinfoBox(plain, page, 'BleedBox'));
      expect((await strokedSegments(plain, page)).filter((s) => s.stroke === '1 1 1 1 K'), `page ${page}`).toEqual([]);
    }
    const r = raster(plain, 2);
    for (let d = 0; d < 3; d += 0.2) for (let t = 0; t < 285; t += 0.5) for (const x of [d, 3 + 210 + d]) expect(r.dark(x, 3 + t), `${x} mm, ${t} mm`).toBe(false);
  });
});
