/**
 * Reading PDFs back the way a printer's preflight would: poppler-utils, qpdf and pdf.js. A tool that
 * is missing fails the test with a message saying what to install — never a silent skip.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const INSTALL: Record<string, string> = {
  pdfinfo: 'apt-get install poppler-utils',
  pdffonts: 'apt-get install poppler-utils',
  pdftotext: 'apt-get install poppler-utils',
  pdftoppm: 'apt-get install poppler-utils',
  qpdf: 'apt-get install qpdf',
};

/** Throws a clear error when a command-line tool the tests read PDFs with is not installed. */
export function requireTools(...tools: string[]): void {
  const missing = tools.filter((tool) => spawnSync(tool, ['-v']).error);
  if (missing.length) {
    const how = [...new Set(missing.map((t) => INSTALL[t] ?? `install ${t}`))].join('; ');
    throw new Error(`These tests read the PDF back with ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not installed: ${how}.`);
  }
}

/** Throws a clear error when there is no Chromium to print with. */
export function requireChromium(): void {
  const candidates = [process.env.PUPPETEER_EXECUTABLE_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  if (!candidates.some((c) => c && existsSync(c))) {
    throw new Error('These tests print with Chromium, and none was found: apt-get install chromium, or set PUPPETEER_EXECUTABLE_PATH.');
  }
}

function run(tool: string, args: string[]): string {
  return execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** pdfinfo's "Key: value" lines as a record. */
export function pdfinfo(path: string, ...args: string[]): Record<string, string> {
  const info: Record<string, string> = {};
  for (const line of run('pdfinfo', [...args, path]).split('\n')) {
    const match = /^([^:]+):\s*(.*)$/.exec(line);
    if (match) info[match[1].trim()] = match[2].trim();
  }
  return info;
}

/** Every page's size in pt, from `pdfinfo -f 1 -l N`. */
export function pageSizes(path: string): { width: number; height: number }[] {
  const pages = Number(pdfinfo(path).Pages);
  const out = run('pdfinfo', ['-f', '1', '-l', String(pages), path]);
  return [...out.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => ({ width: Number(m[1]), height: Number(m[2]) }));
}

/** One box of one page from `pdfinfo -box`: [x0, y0, x1, y1]. */
export function pdfinfoBox(path: string, page: number, box: 'MediaBox' | 'TrimBox' | 'BleedBox' | 'CropBox'): number[] {
  const out = run('pdfinfo', ['-box', '-f', String(page), '-l', String(page), path]);
  const match = new RegExp(`^Page\\s+${page} ${box}:\\s+(.*)$`, 'm').exec(out);
  if (!match) throw new Error(`pdfinfo -box shows no ${box} for page ${page}`);
  return match[1].trim().split(/\s+/).map(Number);
}

export interface FontRow {
  name: string;
  type: string;
  emb: string;
}

/** pdffonts' table. */
export function pdffonts(path: string): FontRow[] {
  const lines = run('pdffonts', [path]).split('\n').slice(2).filter(Boolean);
  return lines.map((line) => {
    const match = /^(\S+)\s+(.+?)\s+(Identity-H|Identity-V|Custom|Builtin|WinAnsi|MacRoman|Standard|\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)/.exec(line);
    if (!match) throw new Error(`cannot read pdffonts line: ${line}`);
    return { name: match[1], type: match[2], emb: match[4] };
  });
}

/** The text of every page (pdftotext splits pages with form feeds). */
export function pageTexts(path: string, layout = false): string[] {
  const text = run('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', path, '-']);
  return text.split('\f').slice(0, -1);
}

/** `qpdf --check`: exit code and output. */
export function qpdfCheck(path: string): { status: number | null; output: string } {
  const result = spawnSync('qpdf', ['--check', path], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** A region of one page rendered to 8-bit grey by pdftoppm: x, y, width, height in pixels at `dpi`. */
export function greyRegion(path: string, page: number, dpi: number, x: number, y: number, width: number, height: number): Uint8Array {
  const args = ['-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), '-x', String(x), '-y', String(y), '-W', String(width), '-H', String(height), path];
  const pgm = execFileSync('pdftoppm', args, { maxBuffer: 64 * 1024 * 1024 });
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('pdftoppm did not write a PGM image');
  return new Uint8Array(pgm.subarray(header[0].length));
}

export interface OutlineEntry {
  title: string;
  depth: number;
  /** 1-based page the entry resolves to, or undefined when it does not resolve. */
  page: number | undefined;
}

/** The outline read with pdf.js: every entry with the page its destination resolves to. */
export async function outline(bytes: Uint8Array): Promise<OutlineEntry[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  const entries: OutlineEntry[] = [];
  type Item = Awaited<ReturnType<typeof doc.getOutline>>[number];
  const walk = async (items: Item[], depth: number) => {
    for (const item of items) {
      entries.push({ title: item.title, depth, page: await resolvePage(item.dest) });
      await walk(item.items, depth + 1);
    }
  };
  const resolvePage = async (dest: Item['dest']): Promise<number | undefined> => {
    const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : dest;
    const target = explicit?.[0];
    if (target && typeof target === 'object') return (await doc.getPageIndex(target as { num: number; gen: number })) + 1;
    if (typeof target === 'number') return target + 1;
    return undefined;
  };
  await walk((await doc.getOutline()) ?? [], 0);
  await doc.destroy();
  return entries;
}
