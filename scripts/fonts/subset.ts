/**
 * Subsets the bundled faces to the characters a document uses: woff2 for the web pages,
 * TrueType for print (one subset per face per document, so pairs of marks compress).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import subsetFont from 'subset-font';
import { faces as allFaces, type Face } from './faces.ts';
import { readCodePoints } from './cmap.ts';

export interface FontFile {
  face: Face;
  /** daan-serif-400.3f2a9c1e.woff2 — the hash makes caching safe and names stable. */
  name: string;
  bytes: Uint8Array;
}

const fullFonts = new Map<string, Promise<Buffer>>();
const coverage = new Map<string, Promise<Set<number>>>();

function fullFont(face: Face): Promise<Buffer> {
  if (!fullFonts.has(face.id)) fullFonts.set(face.id, readFile(face.file));
  return fullFonts.get(face.id)!;
}

export function codePointsOf(face: Face): Promise<Set<number>> {
  if (!coverage.has(face.id)) coverage.set(face.id, fullFont(face).then(readCodePoints));
  return coverage.get(face.id)!;
}

/** Characters always kept, so that small edits in templates never print blanks. */
const BASE = ' 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.,:;!?%()[]/-+–—·…“”‘’《》〈〉「」『』、，。：；！？（）【】—～ \u00a0\u3000';

export async function subsetFaces(text: string, format: 'woff2' | 'truetype', faces: Face[] = allFaces): Promise<FontFile[]> {
  const characters = [...new Set(BASE + text)].sort().join('');
  return Promise.all(
    faces.map(async (face) => {
      const bytes = new Uint8Array(await subsetFont(await fullFont(face), characters, { targetFormat: format }));
      const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 10);
      const ext = format === 'woff2' ? 'woff2' : 'ttf';
      return { face, name: `daan-${face.id}.${hash}.${ext}`, bytes };
    }),
  );
}

/** @font-face rules for subset files placed under `urlPrefix` (relative to the CSS file). */
export function fontFaceCss(files: FontFile[], urlPrefix: string): string {
  return files
    .map(({ face, name }) => {
      const format = name.endsWith('.woff2') ? 'woff2' : 'truetype';
      return `@font-face { font-family: "${face.family}"; font-weight: ${face.weight}; font-style: normal; font-display: block; src: url("${urlPrefix}${name}") format("${format}"); }`;
    })
    .join('\n');
}
