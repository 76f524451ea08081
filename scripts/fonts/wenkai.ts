/**
 * The bundled 楷体 face of the briefings' （一） headings: LXGW WenKai (霞鹜文楷, OFL), from the npm
 * package lxgw-wenkai-webfont. No npm package ships it as one TrueType file: this one has it in
 * some hundred woff2 slices, each listed in the package's CSS with its unicode-range. A document
 * takes the slices that hold its characters, each subset to those characters as TrueType (glyf
 * outlines, so Chromium embeds it as CID TrueType, never Type 3), with a unicode-range of exactly
 * those characters: Chromium picks the slice per character, as a browser does with the package's
 * own CSS. `fonts.kaiti` in site.yaml (a font the office owns) replaces it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Face } from './faces.ts';
import { subsetFaces, type FontFile } from './subset.ts';

const PACKAGE = 'lxgw-wenkai-webfont';
const require = createRequire(import.meta.url);

/** One woff2 slice of the face and the code points its CSS says it holds. */
interface Slice {
  face: Face;
  codePoints: Set<number>;
}

let slices: Slice[] | undefined;

/** The slices of LXGW WenKai Regular, read from the package's CSS once. */
function wenkaiSlices(): Slice[] {
  if (slices) return slices;
  const dir = dirname(require.resolve(`${PACKAGE}/package.json`));
  const css = readFileSync(join(dir, 'lxgwwenkai-regular.css'), 'utf8');
  slices = [...css.matchAll(/@font-face\s*{([^}]*)}/g)].flatMap(([, rule]) => {
    const src = /url\(['"]?\.\/([^'")]+\.woff2)['"]?\)/.exec(rule)?.[1];
    const range = /unicode-range:\s*([^;}]+)/.exec(rule)?.[1];
    if (!src || !range) return [];
    const n = /subset-(\d+)\.woff2$/.exec(src)?.[1] ?? src;
    const face: Face = { id: `wenkai-${n}`, family: 'Daan Kaiti', weight: 400, postScriptName: 'LXGWWenKai-Regular', file: join(dir, src), package: PACKAGE };
    return [{ face, codePoints: parseUnicodeRange(range) }];
  });
  if (!slices.length) throw new Error(`${PACKAGE}: no @font-face slices in lxgwwenkai-regular.css; reinstall the package (npm ci)`);
  return slices;
}

/** The face as the briefing template knows it (one family, whatever the slices). */
export const WENKAI: Pick<Face, 'family' | 'package' | 'postScriptName'> = { family: 'Daan Kaiti', package: PACKAGE, postScriptName: 'LXGWWenKai-Regular' };

/** Every code point LXGW WenKai has a glyph for. */
export function wenkaiCodePoints(): Set<number> {
  return new Set(wenkaiSlices().flatMap((slice) => [...slice.codePoints]));
}

/** TrueType subsets of the slices `text` needs, each with the unicode-range of the characters it holds. */
export async function subsetWenKai(text: string): Promise<FontFile[]> {
  const wanted = [...new Set(text)].map((c) => c.codePointAt(0)!).filter((cp) => cp > 0x20);
  const files: FontFile[] = [];
  for (const slice of wenkaiSlices()) {
    const held = wanted.filter((cp) => slice.codePoints.has(cp)).sort((a, b) => a - b);
    if (!held.length) continue;
    const [file] = await subsetFaces(String.fromCodePoint(...held), 'truetype', [slice.face]);
    files.push({ ...file, unicodeRange: held.map((cp) => `U+${cp.toString(16)}`).join(', ') });
  }
  return files;
}

/** `U+4e00-4e05, U+4e07` → the code points. */
export function parseUnicodeRange(range: string): Set<number> {
  const points = new Set<number>();
  for (const part of range.split(',')) {
    const match = /U\+([0-9a-f?]+)(?:-([0-9a-f]+))?/i.exec(part.trim());
    if (!match) continue;
    const [low, high] = match[1].includes('?') ? [match[1].replace(/\?/g, '0'), match[1].replace(/\?/g, 'f')] : [match[1], match[2] ?? match[1]];
    for (let cp = parseInt(low, 16); cp <= parseInt(high, 16); cp++) points.add(cp);
  }
  return points;
}
