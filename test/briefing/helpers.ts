/**
 * Reading a briefing's PDF back on the GB/T 9704-2012 grid: words and rows of every page from
 * `pdftotext -bbox-layout` (y measured from the top of the page, in pt), the text block of odd and
 * even pages, colours from `pdftoppm`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { run } from '../helpers/tools.ts';

export const MM = 72 / 25.4;
/** The text block: 天头 37 mm, 订口 28 mm (left on odd pages, right on even ones), 156 × 225 mm. */
export const BLOCK = {
  top: 37 * MM,
  bottom: (37 + 225) * MM,
  width: 156 * MM,
  left: (page: number) => (page % 2 === 1 ? 28 : 26) * MM,
  right: (page: number) => (page % 2 === 1 ? 28 + 156 : 26 + 156) * MM,
};
/** One grid line: 225 mm / 22. */
export const LINE = (225 * MM) / 22;
/** The body size: 156 mm / 28. */
export const EM = (156 * MM) / 28;
/** Chromium lays the page out in whole CSS pixels: edges may be off by up to this much. */
export const PX = 0.75;

export interface Word {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: string;
}

export interface Row {
  /** Words left to right. */
  words: Word[];
  /** Text without word joiners. */
  text: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** The words of every page (index 0 = page 1). */
export function pageWords(file: string): Word[][] {
  const xml = run('pdftotext', ['-bbox-layout', '-enc', 'UTF-8', file, '-']);
  return xml
    .split('<page ')
    .slice(1)
    .map((page) =>
      [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
        x0: Number(m[1]),
        y0: Number(m[2]),
        x1: Number(m[3]),
        y1: Number(m[4]),
        text: decodeXml(m[5]),
      })),
    );
}

/** Words grouped into rows by their bottom edge; superscript marks (*) are left out. */
export function rowsOf(words: Word[]): Row[] {
  const rows: Word[][] = [];
  for (const word of [...words].sort((a, b) => a.y1 - b.y1)) {
    if (/^[*＊†‡]$/.test(word.text)) continue;
    const row = rows.find((r) => Math.abs(r[0].y1 - word.y1) < 4);
    if (row) row.push(word);
    else rows.push([word]);
  }
  return rows.map((list) => {
    const sorted = list.sort((a, b) => a.x0 - b.x0);
    return {
      words: sorted,
      text: sorted.map((w) => w.text).join(''),
      x0: Math.min(...sorted.map((w) => w.x0)),
      x1: Math.max(...sorted.map((w) => w.x1)),
      y0: Math.min(...sorted.map((w) => w.y0)),
      y1: Math.max(...sorted.map((w) => w.y1)),
    };
  });
}

/** The folio is the row under the text block. */
export function splitFolio(rows: Row[]): { body: Row[]; folio?: Row } {
  const folio = rows.find((r) => r.y0 > BLOCK.bottom);
  return { body: rows.filter((r) => r !== folio), folio };
}

/** Characters that take one full cell of the grid: Han, full-width punctuation, curly quotes, dashes. */
export const FULL_WIDTH = /^[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’—…·]+$/u;
/** Marks that may not start a line, and marks that may not end one (禁则). */
export const NO_START = /[，。、；：？！”’）》」』〉】…—·]/u;
export const NO_END = /[“‘（《「『〈【]/u;

/** A region of a page as RGB pixels (1 px = 1 pt at 72 dpi): r, g, b per pixel, row by row. */
export function rgbRegion(file: string, page: number, x: number, y: number, width: number, height: number): { width: number; height: number; pixel: (x: number, y: number) => [number, number, number] } {
  const args = ['-r', '72', '-f', String(page), '-l', String(page), '-x', String(Math.round(x)), '-y', String(Math.round(y)), '-W', String(Math.round(width)), '-H', String(Math.round(height)), file];
  const ppm = execFileSync('pdftoppm', args, { maxBuffer: 64 * 1024 * 1024 });
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('pdftoppm did not write a PPM image');
  const [w, h] = [Number(header[1]), Number(header[2])];
  const data = ppm.subarray(header[0].length);
  return { width: w, height: h, pixel: (px, py) => [data[(py * w + px) * 3], data[(py * w + px) * 3 + 1], data[(py * w + px) * 3 + 2]] };
}

export const isRed = ([r, g, b]: [number, number, number]) => r > 200 && g < 130 && b < 130;
export const isDark = ([r, g, b]: [number, number, number]) => r < 110 && g < 110 && b < 110;

/**
 * A copy of a TrueType font with its PostScript name changed (same length), so that a test can
 * tell it apart in the PDF: a bundled face standing in for a font the office owns.
 */
export function renamedFont(source: string, target: string, from: string, to: string): void {
  if (from.length !== to.length) throw new Error('the new name must be as long as the old one');
  const bytes = readFileSync(source);
  for (const [a, b] of [
    [Buffer.from(from, 'latin1'), Buffer.from(to, 'latin1')],
    [Buffer.from(from, 'utf16le').swap16(), Buffer.from(to, 'utf16le').swap16()],
  ]) {
    for (let at = bytes.indexOf(a); at >= 0; at = bytes.indexOf(a, at + 1)) b.copy(bytes, at);
  }
  writeFileSync(target, bytes);
}

function decodeXml(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'");
}
