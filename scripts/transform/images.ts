/**
 * Images of an article: `![说明](images/x.png)` or raw `<img src="images/x.png">`, relative to the
 * edition folder: files in content/<edition>/images/. Each must be a file there, of an image type; a
 * URL, an absolute path, a `../` out of the edition or a symlink out of content/ is refused, and a
 * missing file is an error at its place. The files used are listed in `file.data.images`, and the
 * build copies them beside the web pages (out/<edition>/images/…) and the print document, so the
 * same relative src works in both.
 */
import type { Element, Root } from 'hast';
import { basename, extname, join, posix } from 'node:path';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { realFileInside, refuseReference } from '../load/safe-path.ts';

export interface ImageOptions {
  /** content/<edition>: image paths are relative to it, and must stay inside it. */
  baseDir: string;
  /** content/: no image may come from outside it, symlinks followed. */
  rootDir: string;
}

/** One image file an article uses. */
export interface ImageRef {
  /** Path relative to the edition folder, as written in the HTML: images/x.png */
  src: string;
  /** Real path of the file on disk. */
  file: string;
}

declare module 'vfile' {
  interface DataMap {
    images: ImageRef[];
  }
}

/** The folder of an edition that holds its images; the same name beside the pages and the print document. */
export const IMAGES = 'images';
/** Image types the pages and the print document show. SVG is refused: it can carry scripts. */
export const IMAGE_TYPES = ['.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif'];
/** An image larger than this is refused (a photo for print needs far less). */
export const MAX_IMAGE_BYTES = 30 * 1024 * 1024;

/**
 * Checks every <img> of the tree (run on the hast after raw HTML was parsed, before sanitizing, so
 * that positions are still there), except inside the elements in `dropped`, which the sanitizer
 * removes with their content. Refused images lose their src and get a fatal message.
 */
export async function checkImages(tree: Root, file: VFile, options: ImageOptions, dropped: readonly string[] = []): Promise<void> {
  const images: Element[] = [];
  visit(tree, 'element', (node: Element) => {
    // Inside what the sanitizer drops with its content (<noscript>, <svg> …) an image is never shown.
    if (dropped.includes(node.tagName)) return SKIP;
    if (node.tagName === 'img') images.push(node);
  });
  const used = (file.data.images ??= []);
  const base = options.baseDir.replace(/[\\/]+$/, '');
  for (const node of images) {
    const src = node.properties?.src;
    if (typeof src !== 'string' || !src.trim()) {
      fail(file, node, 'An image without a path', 'Write ![说明](images/name.png)');
      continue;
    }
    const error = await check(src.trim(), base, options);
    if ('reason' in error) {
      fail(file, node, error.reason, error.fix);
      delete node.properties.src;
      continue;
    }
    node.properties.src = error.src;
    if (!used.some((image) => image.src === error.src)) used.push(error);
  }
}

async function check(src: string, base: string, options: ImageOptions): Promise<ImageRef | { reason: string; fix: string }> {
  const refused = refuseReference(src, 'Image', base);
  if (refused) return refused;
  let path = src.replace(/[?#].*$/, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    // Not percent-encoded: use it as written.
  }
  const again = refuseReference(path, 'Image', base);
  if (again) return again;
  const normal = posix.normalize(path.replace(/\\/g, '/')).replace(/^\.\//, '');
  if (!normal.startsWith(`${IMAGES}/`)) {
    return { reason: `Image \`${src}\` is not in the edition's ${IMAGES}/ folder`, fix: `Put it in ${base}/${IMAGES}/ and write ${IMAGES}/${basename(normal)}` };
  }
  const type = extname(normal).toLowerCase();
  if (!IMAGE_TYPES.includes(type)) {
    const svg = type === '.svg' ? ' (SVG can carry scripts)' : '';
    return { reason: `Image \`${src}\` is not a PNG, JPEG, GIF, WebP or AVIF file${svg}`, fix: `Convert it to PNG or JPEG, e.g. images/${basename(normal, type)}.png` };
  }
  const found = await realFileInside(join(base, normal), options.rootDir, 'Image', MAX_IMAGE_BYTES);
  if ('refusal' in found) return { reason: found.refusal.reason, fix: found.refusal.kind === 'missing' ? `Add the file, or correct the path (it is relative to ${base}/)` : found.refusal.fix };
  return { src: normal, file: found.real };
}

function fail(file: VFile, node: Element, reason: string, fix: string): void {
  const message = file.message(reason, { place: node.position, ruleId: 'image', source: 'daan' });
  message.fatal = true;
  message.note = fix;
}
