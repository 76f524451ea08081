/**
 * The web fonts of the site: each bundled face cut into unicode-range slices, as large CJK web
 * fonts are served. A page downloads only the slices that hold characters it draws in that face,
 * and every page of the site shares them, so a reader going from one article to another fetches
 * only the slices of characters not seen before.
 *
 * - Slices follow character frequency (slices.json: the slicing Google Fonts serves Noto Serif SC
 *   and Noto Sans SC with, taken from @fontsource/noto-serif-sc 5.3.0's unicode.json): common
 *   characters sit together, and a rare character costs a small slice.
 * - Each slice holds only the characters the site uses in that face. The body face gets every
 *   character of every page; the bold and sans faces only those of headings, titles, navigation,
 *   tables and bold runs (the text outside plain paragraphs, see displayText).
 * - A slice is subset again only when its own characters changed (the build cache holds them by
 *   content), so a new article makes the slices of its new characters and reuses the others.
 * - font-display: swap, with a fallback face of the same vertical metrics (a system CJK font,
 *   whose ideographs are 1 em wide like ours), so the text shows at once and does not move.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { readCached, writeCached } from '../emit/cache.ts';
import { faces, type Face } from './faces.ts';
import { codePointsOf, subsetCharacters, subsetSlices } from './subset.ts';
import { readVerticalMetrics, type VerticalMetrics } from './cmap.ts';
import { silentProgress, type Progress } from '../report/progress.ts';

export interface WebFontFile {
  /** assets/fonts/ relative name: daan-serif-400.118.3f2a9c1e.woff2 */
  name: string;
  bytes: Uint8Array;
}

export interface WebFonts {
  /** The @font-face rules (slices and fallbacks), for a stylesheet in the folder above fonts/. */
  css: string;
  files: WebFontFile[];
}

/** A slice: its name (Google's slice number, or latin, rest) and the code points it stands for. */
interface Slice {
  name: string;
  points: Set<number>;
}

let sliceTable: { slices: Slice[]; byPoint: Map<number, Slice>; rest: Slice } | undefined;

function slicesOf(): NonNullable<typeof sliceTable> {
  if (sliceTable) return sliceTable;
  const table = JSON.parse(readFileSync(new URL('./slices.json', import.meta.url), 'utf8')) as Record<string, string>;
  const byPoint = new Map<number, Slice>();
  const named = new Map<string, Slice>();
  for (const [key, ranges] of Object.entries(table)) {
    // The Latin, Cyrillic and Vietnamese slices are a few characters each on this site: one slice.
    const name = /^\d+$/.test(key) ? key : 'latin';
    const slice = named.get(name) ?? { name, points: new Set<number>() };
    named.set(name, slice);
    for (const range of ranges.split(',')) {
      const [from, to = from] = range.split('-').map((hex) => parseInt(hex, 16));
      for (let point = from; point <= to; point++) if (!byPoint.has(point)) byPoint.set(point, slice);
    }
  }
  const rest = { name: 'rest', points: new Set<number>() };
  sliceTable = { slices: [...named.values(), rest], byPoint, rest };
  return sliceTable;
}

/**
 * What each face draws on the site's pages. `addPage` takes each page's HTML as it is written;
 * text is read as drawn (tags removed, entities decoded).
 */
export class WebFontText {
  private readonly body = new Set<string>();
  private readonly display = new Set<string>();

  addPage(html: string): void {
    for (const c of visibleText(html)) this.body.add(c);
    for (const c of visibleText(displayText(html))) this.display.add(c);
  }

  /** Text drawn in any face: every character (the search script's messages, say). */
  addText(text: string): void {
    for (const c of text) {
      this.body.add(c);
      this.display.add(c);
    }
  }

  /** The characters a face needs: the body serif every one, the other faces those outside plain paragraphs. */
  charactersOf(face: Face): string {
    return subsetCharacters([...(face.id === 'serif-400' ? this.body : this.display)].join(''));
  }
}

/**
 * The part of a page that may be drawn in bold or in the sans: everything but the text of plain
 * paragraphs (<p> without a class: body text, in the regular serif), whose bold runs are kept.
 */
export function displayText(html: string): string {
  return html.replace(/<p>([\s\S]*?)<\/p>/g, (_, inner: string) => [...inner.matchAll(/<(strong|b)\b[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => `<b>${m[2]}</b>`).join(''));
}

export interface WebFontOptions {
  /** The build's progress: a counter of slices, and a line per face whose new slices were made (in a pipe too). */
  progress?: Progress;
}

/** The slices of every bundled face for the characters each face draws, and their @font-face rules. */
export async function webFonts(text: WebFontText, options: WebFontOptions = {}): Promise<WebFonts> {
  const { byPoint, rest } = slicesOf();
  const planned = await Promise.all(
    faces.map(async (face) => {
      const covered = await codePointsOf(face);
      const groups = new Map<string, string[]>();
      for (const char of text.charactersOf(face)) {
        const point = char.codePointAt(0)!;
        if (!covered.has(point)) continue;
        const slice = byPoint.get(point) ?? rest;
        const group = groups.get(slice.name) ?? [];
        group.push(char);
        groups.set(slice.name, group);
      }
      return { face, slices: [...groups].map(([name, chars]) => ({ name, characters: chars.join('') })) };
    }),
  );
  const progress = options.progress ?? silentProgress;
  progress.count('font slices', planned.reduce((n, p) => n + p.slices.length, 0), { steps: 'verbose' });
  const files = await Promise.all(
    planned.map(async ({ face, slices }) => {
      const started = performance.now();
      const tick = (i: number, made: boolean) => progress.tick('font slices', `${made ? 'made' : 'reused'} web font slice ${face.id}.${slices[i].name}`);
      const { bytes, made } = await cachedSlices(face, slices.map((s) => s.characters), tick);
      if (made) progress.info(`made ${made} web font slice(s) of ${face.id} (${slices.length - made} reused, ${((performance.now() - started) / 1000).toFixed(1)} s)`);
      return slices.map((slice, i) => ({ face, slice, bytes: bytes[i], name: `daan-${face.id}.${slice.name}.${hashOf(bytes[i])}.woff2` }));
    }),
  );
  const metrics = new Map(await Promise.all(faces.map(async (face) => [face.id, readVerticalMetrics(await readFile(face.file))] as const)));
  const rules = [
    ...fallbackRules(metrics),
    ...files.flat().map(({ face, slice, name }) => `@font-face { font-family: "${face.family}"; font-weight: ${face.weight}; font-style: normal; font-display: swap; src: url("fonts/${name}") format("woff2"); unicode-range: ${unicodeRange(slice.characters)}; }`),
  ];
  return { css: `${rules.join('\n')}\n`, files: files.flat().map(({ name, bytes }) => ({ name, bytes })) };
}

/**
 * Slices from the build cache by content (face file, characters); those not there are cut in one
 * pass over the face (subset.ts) and kept.
 */
async function cachedSlices(face: Face, slices: string[], tick: (index: number, made: boolean) => void): Promise<{ bytes: Uint8Array[]; made: number }> {
  const info = await stat(face.file);
  const keys = slices.map((characters) => `${createHash('sha256').update(`${face.id}\0${face.file}\0${info.size}\0${info.mtimeMs}\0woff2-slice\0${characters}`).digest('hex')}.woff2`);
  const found = await Promise.all(keys.map((key) => readCached('fonts', key)));
  const missing = found.flatMap((bytes, i) => (bytes ? [] : [i]));
  for (const [i, bytes] of found.entries()) if (bytes) tick(i, false);
  if (missing.length) {
    const made = await subsetSlices(face, missing.map((i) => slices[i]), (k) => tick(missing[k], true));
    await Promise.all(missing.map((i, k) => writeCached('fonts', keys[i], made[k], 1000)));
    for (const [k, i] of missing.entries()) found[i] = made[k];
  }
  return { bytes: found as Uint8Array[], made: missing.length };
}

function hashOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 10);
}

/** U+4E00-4E02,U+4E07: the characters of a slice, runs joined. */
export function unicodeRange(characters: string): string {
  const points = [...new Set([...characters].map((c) => c.codePointAt(0)!))].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < points.length; i++) {
    let j = i;
    while (j + 1 < points.length && points[j + 1] === points[j] + 1) j++;
    const hex = (p: number) => p.toString(16).toUpperCase();
    parts.push(j > i ? `U+${hex(points[i])}-${hex(points[j])}` : `U+${hex(points[i])}`);
    i = j;
  }
  return parts.join(',');
}

/** System CJK fonts a reader's device may have, by family (full and PostScript names, for local()). */
const FALLBACKS: Record<Face['family'], Record<400 | 700, string[]>> = {
  'Daan Serif': {
    400: ['Noto Serif CJK SC', 'NotoSerifCJKsc-Regular', 'Source Han Serif SC', 'SourceHanSerifSC-Regular', 'Songti SC Regular', 'STSongti-SC-Regular', 'SimSun'],
    700: ['Noto Serif CJK SC Bold', 'NotoSerifCJKsc-Bold', 'Source Han Serif SC Bold', 'SourceHanSerifSC-Bold', 'Songti SC Bold', 'STSongti-SC-Bold', 'SimSun'],
  },
  'Daan Sans': {
    400: ['Noto Sans CJK SC', 'NotoSansCJKsc-Regular', 'Source Han Sans SC', 'SourceHanSansSC-Regular', 'PingFang SC Regular', 'PingFangSC-Regular', 'Microsoft YaHei'],
    700: ['Noto Sans CJK SC Bold', 'NotoSansCJKsc-Bold', 'Source Han Sans SC Bold', 'SourceHanSansSC-Bold', 'PingFang SC Semibold', 'PingFangSC-Semibold', 'Microsoft YaHei Bold'],
  },
  'Daan Fangsong': { 400: [], 700: [] },
  'Daan Kaiti': { 400: [], 700: [] },
};

/**
 * "Daan Serif Fallback" and "Daan Sans Fallback": a system CJK font set on our faces' ascent and
 * descent (its ideographs are 1 em wide, as ours are), so that when the slices arrive lines keep
 * their height and their breaks. The stylesheet names them after the bundled families.
 */
function fallbackRules(metrics: Map<string, VerticalMetrics>): string[] {
  return faces
    .filter((face) => FALLBACKS[face.family][face.weight].length)
    .map((face) => {
      const m = metrics.get(face.id)!;
      const percent = (v: number) => `${((100 * v) / m.unitsPerEm).toFixed(2)}%`;
      const src = FALLBACKS[face.family][face.weight].map((name) => `local("${name}")`).join(', ');
      return `@font-face { font-family: "${face.family} Fallback"; font-weight: ${face.weight}; font-style: normal; src: ${src}; size-adjust: 100%; ascent-override: ${percent(m.ascent)}; descent-override: ${percent(m.descent)}; line-gap-override: 0%; }`;
    });
}

/** Text of an HTML page as drawn: tags removed, entities decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (entity, code: string) => decodeEntity(entity, code));
}

function decodeEntity(entity: string, code: string): string {
  if (code.startsWith('#x')) return String.fromCodePoint(parseInt(code.slice(2), 16));
  if (code.startsWith('#')) return String.fromCodePoint(Number(code.slice(1)));
  return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' } as Record<string, string>)[code] ?? entity;
}
