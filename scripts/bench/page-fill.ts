/**
 * How full each page of a printed PDF is: the empty body lines at the foot of every column, read
 * back from the PDF (text boxes from `pdftotext -bbox`, image positions from pdf.js). The holes
 * rule and the before/after figures of issue 13 use it.
 *
 *   npx tsx scripts/bench/page-fill.ts out/2017-09/daan-2017-09.pdf [--content content] [--edition 2017-09]
 *
 * prints one line per page: the page, its columns' empty body lines, and what the page ends with.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { PageSettings } from '../load/model.ts';
import { printGeometry } from '../render/print.ts';

const PT_PER_MM = 72 / 25.4;

/** The body area of the pages, in pt from the page box's top-left corner. */
export interface BodyArea {
  top: number;
  bottom: number;
  /** Left edge of the text block on odd (right-hand) and even (left-hand) pages. */
  leftOdd: number;
  leftEven: number;
  width: number;
  columns: 1 | 2;
  lineHeight: number;
}

/** The body area that `page` (and an optional bleed) print with. */
export function bodyArea(page: PageSettings, bleed = page.bleed): BodyArea {
  const g = printGeometry(page, bleed);
  return {
    top: g.top * PT_PER_MM,
    bottom: (g.pageHeight - g.bottom) * PT_PER_MM,
    leftOdd: g.inner * PT_PER_MM,
    leftEven: g.outer * PT_PER_MM,
    width: g.textWidthPt,
    columns: g.columns,
    lineHeight: g.lineHeight,
  };
}

export interface PageFill {
  /** 1-based page number. */
  page: number;
  /** Empty body lines at the foot of each column (one entry per column). */
  emptyLines: number[];
  /** Whether anything at all is printed in the body area. */
  blank: boolean;
}

interface Box {
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** The empty body lines of every page of `pdfPath`. */
export async function pageFill(pdfPath: string, area: BodyArea): Promise<PageFill[]> {
  const words = textBoxes(pdfPath);
  const images = await imageBoxes(pdfPath);
  const pageCount = Math.max(words.length, images.length);
  const fills: PageFill[] = [];
  for (let i = 0; i < pageCount; i++) {
    const left = (i + 1) % 2 === 1 ? area.leftOdd : area.leftEven;
    const inBody = [...(words[i] ?? []), ...(images[i] ?? [])].filter((b) => b.yMin >= area.top - 2 && b.yMax <= area.bottom + 2);
    const columnWidth = area.width / area.columns;
    const emptyLines: number[] = [];
    for (let c = 0; c < area.columns; c++) {
      const x0 = left + c * columnWidth;
      const x1 = x0 + columnWidth;
      const bottoms = inBody.filter((b) => b.xMax > x0 + 1 && b.xMin < x1 - 1).map((b) => b.yMax);
      const lowest = bottoms.length ? Math.max(...bottoms) : area.top;
      emptyLines.push(Math.max(0, Math.floor((area.bottom - lowest) / area.lineHeight + 0.05)));
    }
    fills.push({ page: i + 1, emptyLines, blank: inBody.length === 0 });
  }
  return fills;
}

/** Word boxes of each page (pdftotext -bbox), in pt from the top-left corner. */
function textBoxes(pdfPath: string): Box[][] {
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const pages: Box[][] = [];
  for (const page of html.split('<page ').slice(1)) {
    const boxes: Box[] = [];
    for (const m of page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      if (m[5].trim()) boxes.push({ xMin: +m[1], yMin: +m[2], xMax: +m[3], yMax: +m[4] });
    }
    pages.push(boxes);
  }
  return pages;
}

/** Where every image is painted on each page (pdf.js operator list), in pt from the top-left corner. */
export async function imageBoxes(pdfPath: string): Promise<Box[][]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(pdfPath)), useSystemFonts: false, isEvalSupported: false }).promise;
  const { OPS } = pdfjs;
  const pages: Box[][] = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const height = page.view[3] - page.view[1];
      const list = await page.getOperatorList();
      const boxes: Box[] = [];
      let ctm = [1, 0, 0, 1, 0, 0];
      const stack: number[][] = [];
      for (let i = 0; i < list.fnArray.length; i++) {
        const fn = list.fnArray[i];
        if (fn === OPS.save) stack.push(ctm);
        else if (fn === OPS.restore) ctm = stack.pop() ?? [1, 0, 0, 1, 0, 0];
        else if (fn === OPS.transform) ctm = multiply(ctm, list.argsArray[i] as number[]);
        else if (fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject || fn === OPS.paintImageMaskXObject) {
          const corners = [[0, 0], [1, 0], [0, 1], [1, 1]].map(([x, y]) => [ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5]]);
          const xs = corners.map((p) => p[0]);
          const ys = corners.map((p) => height - p[1]);
          boxes.push({ xMin: Math.min(...xs), xMax: Math.max(...xs), yMin: Math.min(...ys), yMax: Math.max(...ys) });
        }
      }
      pages.push(boxes);
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return pages;
}

/**
 * The size in pt at which each page prints most of its text (pdf.js text items, the page's
 * transform included): a page that Chromium shrank to fit prints its body smaller than set.
 */
export async function commonTextSizes(pdfPath: string): Promise<number[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(pdfPath)), useSystemFonts: false, isEvalSupported: false }).promise;
  const sizes: number[] = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const counts = new Map<number, number>();
      for (const item of (await page.getTextContent()).items) {
        if (!('transform' in item) || !item.str.trim()) continue;
        const size = Math.round(Math.hypot(item.transform[2], item.transform[3]) * 100) / 100;
        counts.set(size, (counts.get(size) ?? 0) + item.str.length);
      }
      sizes.push([...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0);
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return sizes;
}

function multiply(m: number[], n: number[]): number[] {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const pdf = args.find((a) => !a.startsWith('--') && !args[args.indexOf(a) - 1]?.startsWith('--'));
  if (!pdf) throw new Error('usage: tsx scripts/bench/page-fill.ts FILE.pdf [--content DIR] [--edition ID]');
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const { loadContent } = await import('../load/index.ts');
  const { content, problems } = await loadContent(option('--content') ?? 'content');
  if (!content) throw new Error(problems.map(String).join('\n'));
  const editionId = option('--edition');
  const edition = editionId ? content.editions.find((e) => e.id === editionId) : undefined;
  const area = bodyArea(edition?.page ?? content.site.page);
  console.log(`body ${area.columns} column(s), ${Math.round((area.bottom - area.top) / area.lineHeight)} lines of ${area.lineHeight} pt`);
  const sizes = await commonTextSizes(pdf);
  for (const fill of await pageFill(pdf, area)) {
    console.log(`page ${fill.page}: ${fill.blank ? 'blank' : `empty body lines ${fill.emptyLines.join(' | ')}`}, text ${sizes[fill.page - 1]} pt`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
