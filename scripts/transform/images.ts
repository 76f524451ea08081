/**
 * Images of an article: `![说明](images/x.png)` or raw `<img src="images/x.png">`, relative to the
 * edition folder: files in content/<edition>/images/. Each must be a file there, of an image type,
 * that decodes (see images/inspect.ts); a URL, an absolute path, a `../` out of the edition, a
 * symlink out of content/, a missing, damaged or oversized file is an error at its place. The
 * files used are listed in `file.data.images`.
 *
 * The outputs never show the source file itself: `imageHtml` rewrites every checked <img> of the
 * finished tree, wherever it stands (in a figure or not), for the web — a <picture> of WebP and
 * JPEG copies in a few widths, with width/height and lazy loading — or for print — one copy no
 * finer than 300 dpi at its printed size. The emit stage makes those copies (emit/images.ts).
 */
import type { Element, ElementContent, ElementData, Parent, Root } from 'hast';
import { basename, extname, join, posix } from 'node:path';
import { EXIT, SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { realFileInside, refuseReference } from '../load/safe-path.ts';
import { inspectImage, MAX_IMAGE_BYTES, type ImageInfo } from '../images/inspect.ts';
import { effectiveDpi, LOW_DPI, PRINT_DPI, printedWidthPt, printVariant, webVariants, WEB_SIZES, type Variant } from '../images/variants.ts';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { reasonAndFix, say, sayProblem } from '../report/messages.ts';

export { MAX_IMAGE_BYTES };

export interface ImageOptions {
  /** content/<edition>: image paths are relative to it, and must stay inside it. */
  baseDir: string;
  /** content/: no image may come from outside it, symlinks followed. */
  rootDir: string;
  /** A briefing: images of included articles (marked data-edition by include.ts) are in their edition's folder. */
  includes?: boolean;
  /** The print document's widths in pt: the text block, one column of it (the same with one column), and the body size (gaps between photos side by side). */
  print?: PrintWidths;
}

export interface PrintWidths {
  textWidthPt: number;
  columnWidthPt: number;
  bodySizePt?: number;
}

/** One image file an article uses. */
export interface ImageRef {
  /** Path relative to the edition folder, as written in the HTML: images/x.png */
  src: string;
  /** Real path of the file on disk. */
  file: string;
  /** Its size, format and content hash, from decoding it. */
  info: ImageInfo;
  /** The print copies its uses need (one per printed width). */
  prints: Variant[];
}

/** What the transform learnt about one <img>; kept in the node's data, which is never written out as HTML. */
interface ImageUse {
  src: string;
  info: ImageInfo;
  print?: Variant;
}

declare module 'vfile' {
  interface DataMap {
    images: ImageRef[];
  }
}

declare module 'hast' {
  interface ElementData {
    daanImage?: ImageUse;
  }
}

/** The folder of an edition that holds its images; the same name beside the pages and the print document. */
export const IMAGES = 'images';
/** Image types the pages and the print document show. SVG is refused: it can carry scripts. */
export const IMAGE_TYPES = ['.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif'];

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
  for (const node of images) {
    // An image of an article a briefing includes is in that article's edition (marked by include.ts).
    const edition = node.properties?.dataEdition;
    delete node.properties.dataEdition;
    const included = options.includes && typeof edition === 'string' && /^[\w-]+$/.test(edition) ? edition : undefined;
    const base = included ? join(options.rootDir, included) : options.baseDir.replace(/[\\/]+$/, '');
    const src = node.properties?.src;
    if (typeof src !== 'string' || !src.trim()) {
      fail(file, node, 'An image without a path', 'Write ![说明](images/name.png)');
      continue;
    }
    const found = await check(src.trim(), base, options);
    if ('reason' in found) {
      fail(file, node, found.reason, found.fix);
      delete node.properties.src;
      continue;
    }
    // Beside the briefing, an included edition's images keep to a folder of their own: images/2017-09/x.jpg.
    if (included) found.src = posix.join(IMAGES, included, posix.relative(IMAGES, found.src));
    node.properties.src = found.src;
    if (!used.some((image) => image.src === found.src)) used.push(found);
  }
}

async function check(src: string, base: string, options: ImageOptions): Promise<ImageRef | { reason: string; fix: string }> {
  const refused = refuseReference(src, say('noun-image'), base);
  if (refused) return refused;
  let path = src.replace(/[?#].*$/, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    // Not percent-encoded: use it as written.
  }
  const again = refuseReference(path, say('noun-image'), base);
  if (again) return again;
  const normal = posix.normalize(path.replace(/\\/g, '/')).replace(/^\.\//, '');
  if (!normal.startsWith(`${IMAGES}/`)) {
    return reasonAndFix(sayProblem('image-folder', { src, folder: IMAGES, base, name: basename(normal) }));
  }
  const type = extname(normal).toLowerCase();
  if (!IMAGE_TYPES.includes(type)) {
    return reasonAndFix(sayProblem('image-type', { src, svg: type === '.svg', name: basename(normal, type) }));
  }
  const shown = join(base, normal);
  const found = await realFileInside(shown, options.rootDir, say('noun-image'), MAX_IMAGE_BYTES);
  if ('refusal' in found) {
    return { reason: found.refusal.reason, fix: found.refusal.kind === 'missing' ? say('image-missing-fix', { base }) : found.refusal.fix };
  }
  const info = await inspectImage(found.real, shown);
  if ('reason' in info) return info;
  return { src: normal, file: found.real, info, prints: [] };
}

function fail(file: VFile, node: Element, reason: string, fix: string): void {
  const message = file.message(reason, { place: node.position, ruleId: 'image', source: 'daan' });
  message.fatal = true;
  message.note = fix;
}

/**
 * The print side of every checked <img>, on the finished tree (after figures are formed): the width
 * it prints at (see slotWidthPt), the copy it needs, and a warning at its line when the photo has
 * fewer than LOW_DPI pixels per inch there. Without print widths, nothing to do.
 */
export default function rehypeImages(options?: ImageOptions) {
  return (tree: Root, file: VFile): void => {
    const refs = new Map((file.data.images ?? []).map((ref) => [ref.src, ref]));
    walk(tree, [], (node, ancestors) => {
      const ref = typeof node.properties.src === 'string' ? refs.get(node.properties.src) : undefined;
      if (!ref) return;
      const use: ImageUse = { src: ref.src, info: ref.info };
      if (node.data) node.data.daanImage = use;
      else node.data = { daanImage: use } as ElementData;
      if (!options?.print) return;
      const figure = [...ancestors].reverse().find((a): a is Element => a.type === 'element' && (a as Element).tagName === 'figure');
      let printedPt = printedWidthPt(cssWidth(ref.info), slotWidthPt(figure, options.print));
      // A photo in a figure is at most FIGURE_MAX_HEIGHT_MM tall (data.css): a tall one prints narrower.
      if (figure && classesOf(figure).includes('figure')) printedPt = Math.min(printedPt, ((FIGURE_MAX_HEIGHT_MM / 25.4) * 72 * ref.info.width) / ref.info.height);
      const print = printVariant(ref.src, ref.info, printedPt);
      use.print = print;
      if (!ref.prints.some((p) => p.path === print.path)) ref.prints.push(print);
      const dpi = effectiveDpi(ref.info.width, printedPt);
      if (dpi < LOW_DPI) {
        const mm = Math.round((printedPt / 72) * 25.4);
        const [reason, fix] = sayProblem('image-resolution', { src: ref.src, dpi, width: ref.info.width, height: ref.info.height, mm, low: LOW_DPI, best: PRINT_DPI, pixels: Math.ceil((printedPt / 72) * PRINT_DPI) });
        const message = file.message(reason, {
          place: node.position,
          ruleId: 'image-resolution',
          source: 'daan',
        });
        message.fatal = false;
        message.note = fix;
      }
    });
  };
}

/** The width attribute the outputs give an image: its own width, or the widest web copy's. */
function cssWidth(info: ImageInfo): number {
  return webVariants('x', info).webp.at(-1)!.width;
}

/** The tallest a photo in a figure prints (templates/css/data.css: figure.figure img { max-height }). */
export const FIGURE_MAX_HEIGHT_MM = 160;

/**
 * The widest an image may print, after the figure rules of templates/css (print.css, data.css):
 * a figure spans the text block (`figure-full`, or no width class), one column (`figure-column`) or
 * half of one column (`figure-half`), and the photos side by side in it share that width less the
 * gaps between them (.75em); an image outside a figure stands in one column.
 */
export function slotWidthPt(figure: Element | undefined, print: PrintWidths): number {
  if (!figure) return print.columnWidthPt;
  const classes = classesOf(figure);
  const width = classes.includes('figure-column') ? print.columnWidthPt : classes.includes('figure-half') ? print.columnWidthPt / 2 : print.textWidthPt;
  const parts = Math.max(1, imagesIn(figure));
  return (width - (parts - 1) * 0.75 * (print.bodySizePt ?? 0)) / parts;
}

function classesOf(element: Element): string[] {
  const value = element.properties?.className;
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? String(value).split(/\s+/) : [];
}

function imagesIn(figure: Element): number {
  let count = 0;
  visit(figure, 'element', (node: Element) => {
    if (node.tagName === 'img') count++;
  });
  return count;
}

function walk(node: Parent, ancestors: Parent[], see: (node: Element, ancestors: Parent[]) => void): void {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === 'img') see(child, [...ancestors, node]);
    walk(child, [...ancestors, node], see);
  }
}

/**
 * A copy of `tree` with every checked <img> set for `target`:
 * - web: `<picture><source type="image/webp" srcset sizes><img src srcset sizes width height loading="lazy" decoding="async"></picture>`
 *   (the fallback <img> is the JPEG or PNG copies);
 * - print: `<img src="…print copy…" width height>`; elements marked data-target="web" are left out.
 * Images the transform did not check (no image options) are left as they are. A tree with nothing
 * to set is returned itself, not copied (most articles: copying each twice cost an archive of
 * 1,200 articles half a second).
 */
export function imageHtml(tree: Root, target: 'web' | 'print'): Root {
  if (!setsAnything(tree, target)) return tree;
  const copy = structuredClone(tree);
  visit(copy, 'element', (node: Element, index, parent) => {
    // What is drawn for the web only (a chart's narrow variant, data-target="web") is not printed.
    if (target === 'print' && node.properties.dataTarget === 'web' && parent && index !== undefined) {
      parent.children.splice(index, 1);
      return index;
    }
    const use = node.tagName === 'img' ? node.data?.daanImage : undefined;
    if (!use || !parent || index === undefined) return;
    const { webp, fallback } = webVariants(use.src, use.info);
    const widest = fallback.at(-1)!;
    const size = { width: widest.width, height: widest.height };
    if (target === 'print') {
      node.properties = { ...withoutSources(node.properties), src: (use.print ?? widest).path, ...size };
      return SKIP;
    }
    const middle = fallback.find((v) => v.width >= 960) ?? widest;
    const img: Element = {
      ...node,
      properties: { ...withoutSources(node.properties), src: middle.path, srcSet: srcset(fallback), sizes: WEB_SIZES, ...size, loading: 'lazy', decoding: 'async' },
    };
    const picture = h('picture', [h('source', { type: 'image/webp', srcSet: srcset(webp), sizes: WEB_SIZES }), img]);
    picture.position = node.position;
    parent.children[index] = picture;
    return SKIP;
  });
  return copy;
}

/** An article's body as HTML for the web pages and for print, serialized once when both are the same tree. */
export function bodyHtml(tree: Root): { html: string; printHtml: string } {
  const web = imageHtml(tree, 'web');
  const print = imageHtml(tree, 'print');
  const html = toHtml(web);
  return { html, printHtml: print === web ? html : toHtml(print) };
}

/** Whether imageHtml would change anything in `tree` for `target`: a checked <img>, or (for print) an element for the web only. */
function setsAnything(tree: Root, target: 'web' | 'print'): boolean {
  let found = false;
  visit(tree, 'element', (node: Element) => {
    if ((node.tagName === 'img' && node.data?.daanImage) || (target === 'print' && node.properties.dataTarget === 'web')) {
      found = true;
      return EXIT;
    }
  });
  return found;
}

/** The source file of every path the pages and print documents give an image: its src, and each of its web and print copies. */
export function imageSources(images: readonly ImageRef[]): Map<string, string> {
  const sources = new Map<string, string>();
  for (const image of images) {
    const { webp, fallback } = webVariants(image.src, image.info);
    for (const path of [image.src, ...[...webp, ...fallback, ...image.prints].map((v) => v.path)]) sources.set(path, image.file);
  }
  return sources;
}

function srcset(variants: Variant[]): string {
  return variants.map((v) => `${v.path} ${v.width}w`).join(', ');
}

function withoutSources(properties: Element['properties']): Element['properties'] {
  const { srcSet: _srcSet, sizes: _sizes, width: _width, height: _height, loading: _loading, decoding: _decoding, ...rest } = properties;
  return rest;
}
