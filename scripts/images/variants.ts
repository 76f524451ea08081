/**
 * The copies of a photo the outputs use, made with sharp and kept in the build cache by the
 * source's content hash and the settings they were made with:
 *
 * - on the web, a few widths (480, 960, 1440 px, never wider than the source) in WebP, with JPEG
 *   (PNG when the image has transparency) as the fallback for browsers without WebP. AVIF was
 *   measured and left out: it took 10–20 times as long as WebP to encode on this machine's two
 *   cores (3000×2000 photo: about 25 s at sharp's default effort, 3.5 s at effort 2, WebP 1.6 s).
 * - in print, one copy no finer than 300 dpi at its printed width (JPEG, or PNG with transparency).
 *
 * Every copy is decoded from the source with its EXIF orientation applied, converted to sRGB and
 * stripped of metadata (no GPS position of the photographer goes out). Names carry a hash of the
 * source and the settings, so a changed photo gets new names and a page never shows a stale copy.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { cached } from '../core/cache.ts';
import { UserError } from '../report/problems.ts';
import { say } from '../report/messages.ts';
import { decoder, loadSharp, MAX_IMAGE_PIXELS, type ImageInfo } from './inspect.ts';

/** Widths of the web copies, in pixels (the article column is at most 612 CSS px wide: 1×, 1.5×, 2× and phones). */
export const WEB_WIDTHS = [480, 960, 1440] as const;
/** Which width the browser needs: the article column (36em of 17 px) or the screen less its 1rem margins. */
export const WEB_SIZES = '(min-width: 644px) 612px, calc(100vw - 32px)';
/** The finest a print copy is, at its printed size. */
export const PRINT_DPI = 300;
/** Below this effective resolution at its printed size a photo gets a warning. */
export const LOW_DPI = 200;
/** CSS pixels per inch: an <img> without a CSS width prints at its width attribute in CSS px. */
export const CSS_PX_PER_INCH = 96;

export type VariantFormat = 'webp' | 'jpeg' | 'png';

/** One file made from an image. */
export interface Variant {
  /** Path relative to the edition (or briefing) folder, beside the source: images/wagao-960.1a2b3c4d5e.webp */
  path: string;
  width: number;
  height: number;
  format: VariantFormat;
  purpose: 'web' | 'print';
}

const EXTENSION: Record<VariantFormat, string> = { webp: 'webp', jpeg: 'jpg', png: 'png' };
/** Encoder settings; part of every copy's name and cache key. */
const SETTINGS = { webp: { quality: 75 }, jpeg: { quality: 82 }, printJpeg: { quality: 90 }, png: { compressionLevel: 9 } } as const;
const encoder = () => `${decoder()}-${JSON.stringify(SETTINGS)}`;

/** The widths of the web copies of an image `width` pixels wide: those of WEB_WIDTHS clearly narrower, and the widest it allows. */
export function webWidths(width: number): number[] {
  const widest = Math.min(width, WEB_WIDTHS[WEB_WIDTHS.length - 1]);
  return [...WEB_WIDTHS.filter((w) => w < widest * 0.9), widest];
}

/** The web copies of `src`: WebP, and the fallback (JPEG, or PNG with transparency), each in every width. */
export function webVariants(src: string, info: ImageInfo): { webp: Variant[]; fallback: Variant[] } {
  const widths = webWidths(info.width);
  const fallback: VariantFormat = info.alpha ? 'png' : 'jpeg';
  return { webp: widths.map((w) => variant(src, info, w, 'webp')), fallback: widths.map((w) => variant(src, info, w, fallback)) };
}

/** The print copy of `src` for a printed width of `printedPt` points: at most PRINT_DPI there, never wider than the source. */
export function printVariant(src: string, info: ImageInfo, printedPt: number): Variant {
  const width = Math.max(1, Math.min(info.width, Math.floor((printedPt / 72) * PRINT_DPI)));
  return variant(src, info, width, info.alpha ? 'png' : 'jpeg', 'print');
}

/** The width an image takes in print, in pt: its slot (text or column width), or less when its width attribute is smaller. */
export function printedWidthPt(cssWidth: number, slotPt: number): number {
  return Math.min(slotPt, (cssWidth / CSS_PX_PER_INCH) * 72);
}

/** Effective resolution of an image `width` pixels wide printed `printedPt` points wide. */
export function effectiveDpi(width: number, printedPt: number): number {
  return Math.round(width / (printedPt / 72));
}

function variant(src: string, info: ImageInfo, width: number, format: VariantFormat, purpose: Variant['purpose'] = 'web'): Variant {
  const { dir, name } = posix.parse(src);
  const tag = createHash('sha256').update(`${info.hash}\n${encoder()}\n${purpose}`).digest('hex').slice(0, 10);
  const height = Math.max(1, Math.round((info.height * width) / info.width));
  const label = purpose === 'print' ? `print-${width}` : String(width);
  return { path: posix.join(dir, `${name}-${label}.${tag}.${EXTENSION[format]}`), width, height, format, purpose };
}

/** The bytes of `variant` made from the image file `file`, from the build cache when it holds them. */
export async function makeVariant(file: string, info: ImageInfo, variant: Variant): Promise<{ bytes: Uint8Array; fromCache: boolean }> {
  const key = createHash('sha256').update(`${info.hash}\n${encoder()}\n${variant.format} ${variant.width}x${variant.height} ${variant.path}`).digest('hex');
  // Made once when asked for twice at a time: the web copies are made while the print copies are (a print copy is often the largest web copy).
  let making = inFlight.get(key);
  if (!making) {
    let made = false;
    making = cached(
      'images',
      `${key}.${EXTENSION[variant.format]}`,
      async () => {
        made = true;
        return encode(file, variant);
      },
      400,
    )
      .then((bytes) => ({ bytes, fromCache: !made }))
      .finally(() => inFlight.delete(key));
    inFlight.set(key, making);
  }
  return making;
}

/** The variants being made, by key. */
const inFlight = new Map<string, Promise<{ bytes: Uint8Array; fromCache: boolean }>>();

async function encode(file: string, variant: Variant): Promise<Uint8Array> {
  try {
    return await encodeWith(file, variant);
  } catch (error) {
    // The file was decoded when it was checked: it changed since, or the disk failed.
    throw new UserError(say('image-variant', { path: variant.path, file, error: (error as Error).message }), { cause: error });
  }
}

async function encodeWith(file: string, variant: Variant): Promise<Uint8Array> {
  const sharp = await loadSharp();
  const pipeline = sharp(file, { failOn: 'none', limitInputPixels: MAX_IMAGE_PIXELS })
    .rotate()
    .resize({ width: variant.width, height: variant.height, fit: 'fill' })
    .toColourspace('srgb');
  const print = variant.purpose === 'print';
  if (variant.format === 'webp') pipeline.webp(SETTINGS.webp);
  else if (variant.format === 'jpeg') pipeline.flatten({ background: '#ffffff' }).jpeg(print ? SETTINGS.printJpeg : SETTINGS.jpeg);
  else pipeline.png(SETTINGS.png);
  return new Uint8Array(await pipeline.toBuffer());
}
