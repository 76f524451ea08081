/** Reading a PDF back the way a printer or a reader would: poppler for text, boxes and fonts; pdf.js for the outline. */
import { readFileSync } from 'node:fs';
import { run } from './tools.ts';

export function pdfInfo(file: string): Record<string, string> {
  const lines = run('pdfinfo', ['-box', file]).split('\n');
  return Object.fromEntries(lines.filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]));
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
}

export function pdfFonts(file: string): PdfFont[] {
  return run('pdffonts', [file])
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((line) => {
      const name = line.slice(0, 37).trim();
      const type = line.slice(37, 55).trim();
      const emb = line.slice(72, 76).trim();
      return { name, type, embedded: emb === 'yes' };
    });
}

/**
 * Text of each page (1-based index 0 = page 1), in the order the PDF paints it: Chromium paints
 * in document order, column after column. (pdftotext's own reading order goes across two columns:
 * body lines 1.75 em apart are too far apart for it to make them one block.)
 */
export function pageTexts(file: string): string[] {
  return run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']).split('\f').slice(0, -1);
}

/** The body text of a page: running heads and folios (lines of their own) left out. */
export function bodyText(page: string, runningHeads: string[]): string {
  return page
    .split('\n')
    .filter((line) => !runningHeads.some((head) => squeeze(head) === squeeze(line)) && !/^\s*(—\s*)?\d+(\s*—)?\s*$/.test(line))
    .join('\n');
}

/** The text with every white space removed (pdftotext puts spaces around Latin and digits). */
export function squeeze(text: string): string {
  return text.replace(/\s/g, '');
}

export interface PdfLine {
  page: number;
  text: string;
  xMin: number;
  xMax: number;
  yMin: number;
}

/** Every line of every page, with its box (pdftotext -bbox-layout). */
export function pdfLines(file: string): PdfLine[] {
  const xml = run('pdftotext', ['-bbox-layout', '-enc', 'UTF-8', file, '-']);
  const lines: PdfLine[] = [];
  let page = 0;
  for (const match of xml.matchAll(/<page |<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([\s\S]*?)<\/line>/g)) {
    if (match[0].startsWith('<page')) {
      page++;
      continue;
    }
    const words = [...match[4].matchAll(/<word[^>]*>([^<]*)<\/word>/g)].map((w) => decodeXml(w[1]));
    const line = { page, text: words.join(''), xMin: Number(match[1]), yMin: Number(match[2]), xMax: Number(match[3]) };
    const previous = lines.at(-1);
    if (previous && continuesLine(previous, line)) Object.assign(previous, { text: previous.text + line.text, xMax: line.xMax });
    else lines.push(line);
  }
  return lines;
}

/**
 * pdftotext splits a visual line where compressed punctuation makes glyphs overlap (人”，);
 * a "line" that starts on the same baseline where the previous one ends is its continuation.
 */
function continuesLine(previous: PdfLine, line: PdfLine): boolean {
  return previous.page === line.page && Math.abs(previous.yMin - line.yMin) < 1 && line.xMin <= previous.xMax + 2 && line.xMin >= previous.xMin;
}

function decodeXml(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'");
}

export interface OutlineEntry {
  title: string;
  page: number;
  depth: number;
}

/** The outline (bookmarks), each entry resolved to its 1-based page with pdf.js. */
export async function pdfOutline(file: string): Promise<OutlineEntry[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), useSystemFonts: false }).promise;
  const entries: OutlineEntry[] = [];
  const walk = async (items: Awaited<ReturnType<typeof doc.getOutline>>, depth: number) => {
    for (const item of items ?? []) {
      const dest = typeof item.dest === 'string' ? await doc.getDestination(item.dest) : item.dest;
      const page = dest ? (await doc.getPageIndex(dest[0] as never)) + 1 : 0;
      entries.push({ title: item.title, page, depth });
      await walk(item.items, depth + 1);
    }
  };
  await walk(await doc.getOutline(), 0);
  await doc.destroy();
  return entries;
}
