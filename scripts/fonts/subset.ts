/**
 * Subsets the bundled faces to the characters a document uses: woff2 for the web pages,
 * TrueType for print (one subset per face per document, so pairs of marks compress).
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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
      const bytes = await cachedSubset(face, characters, format);
      const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 10);
      const ext = format === 'woff2' ? 'woff2' : 'ttf';
      return { face, name: `daan-${face.id}.${hash}.${ext}`, bytes };
    }),
  );
}

/**
 * Subsetting is deterministic but slow (woff2 compression: about 1 s per face for 650 characters),
 * so results are kept in a content-addressed cache, node_modules/.cache/daan/fonts/ (or
 * $DAAN_CACHE_DIR/fonts), keyed by the face file, the character set and the format. A cache
 * that cannot be written only costs time. The newest 160 files are kept.
 */
const CACHE_DIR = join(process.env.DAAN_CACHE_DIR ?? join(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'daan'), 'fonts');
const CACHE_KEEP = 160;

async function cachedSubset(face: Face, characters: string, format: 'woff2' | 'truetype'): Promise<Uint8Array> {
  const info = await stat(face.file);
  const key = createHash('sha256').update(`${face.id}\0${face.file}\0${info.size}\0${info.mtimeMs}\0${format}\0${characters}`).digest('hex');
  const file = join(CACHE_DIR, `${key}.${format === 'woff2' ? 'woff2' : 'ttf'}`);
  const cached = await readFile(file).catch(() => undefined);
  if (cached) {
    const now = new Date();
    await utimes(file, now, now).catch(() => undefined);
    return new Uint8Array(cached);
  }
  const bytes = new Uint8Array(await subsetFont(await fullFont(face), characters, { targetFormat: format }));
  try {
    await mkdir(CACHE_DIR, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, file);
    await pruneCache();
  } catch {
    // A read-only node_modules: no cache, same result.
  }
  return bytes;
}

async function pruneCache(): Promise<void> {
  const names = (await readdir(CACHE_DIR)).filter((n) => !n.endsWith('.tmp'));
  if (names.length <= CACHE_KEEP) return;
  const dated = await Promise.all(names.map(async (name) => ({ name, time: (await stat(join(CACHE_DIR, name)).catch(() => undefined))?.mtimeMs ?? 0 })));
  dated.sort((a, b) => b.time - a.time);
  await Promise.all(dated.slice(CACHE_KEEP).map(({ name }) => rm(join(CACHE_DIR, name), { force: true })));
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
