/**
 * Reads an image file the content uses and makes sure it is a picture the build can show: its
 * header names a PNG, JPEG, GIF, WebP or AVIF image within the pixel limit, and its data decodes
 * to the end (a truncated or damaged file is refused, not published). The limits are checked from
 * the header, before anything is decoded. A file that passed is remembered in the build cache by
 * its content hash, so a rebuild does not decode it again.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Metadata } from 'sharp';
import { readCached, writeCached } from '../core/cache.ts';
import { reasonAndFix, say, sayProblem } from '../report/messages.ts';

/** An image larger than this many bytes is refused before it is read (a photo for print needs far less). */
export const MAX_IMAGE_BYTES = 30 * 1024 * 1024;
/** An image with more pixels than this is refused from its header, before decoding: 50 megapixels (e.g. 8660 × 5773). */
export const MAX_IMAGE_PIXELS = 50_000_000;

/** Image formats shown on the pages and in print (by their content, whatever the file is named). */
export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'avif';

/** What the build knows of an image after decoding it. */
export interface ImageInfo {
  /** Size in pixels as shown (EXIF orientation applied). */
  width: number;
  height: number;
  format: ImageFormat;
  /** The image has an alpha channel (its copies stay PNG rather than JPEG). */
  alpha: boolean;
  /** sha256 of the file's bytes: the key of everything made from it. */
  hash: string;
}

export interface ImageRefusal {
  reason: string;
  fix: string;
}

type Sharp = typeof import('sharp').default;
let sharpLoaded: Sharp | undefined;
let sharpLoading: Promise<Sharp> | undefined;

/** sharp, loaded when the build first meets an image: a build without pictures does without it (loading it costs about 0.3 s of CPU). */
export function loadSharp(): Promise<Sharp> {
  sharpLoading ??= import('sharp').then((module) => (sharpLoaded = module.default));
  return sharpLoading;
}

/**
 * The decoder's version: a cached result made by another one is not trusted. Known once sharp is
 * loaded, which inspectImage does before it gives out any ImageInfo.
 */
export function decoder(): string {
  if (!sharpLoaded) throw new Error('sharp is not loaded: an image is inspected (inspectImage) before its copies are named');
  return `sharp-${sharpLoaded.versions.sharp}-vips-${sharpLoaded.versions.vips}`;
}
const CACHE = 'image-info';

/** Decodes `file` (shown in messages as `shown`) and returns what it is, or why it cannot be used. */
export async function inspectImage(file: string, shown: string): Promise<ImageInfo | ImageRefusal> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return reasonAndFix(sayProblem('image-unreadable', { shown, code: (error as NodeJS.ErrnoException).code ?? (error as Error).message }));
  }
  if (bytes.length > MAX_IMAGE_BYTES) return tooBig(shown, bytes.length);
  const hash = createHash('sha256').update(bytes).digest('hex');
  await loadSharp();
  // The limit is part of the key: a picture that passed under a higher one is checked again.
  const key = `${hash}-${decoder()}-${MAX_IMAGE_PIXELS}.json`;
  const hit = await readCached(CACHE, key);
  if (hit) {
    try {
      return JSON.parse(Buffer.from(hit).toString('utf8')) as ImageInfo;
    } catch {
      // A damaged cache entry: decode again.
    }
  }
  const found = await decode(bytes, shown, hash);
  if ('width' in found) await writeCached(CACHE, key, Buffer.from(JSON.stringify(found)), 1000);
  return found;
}

export function tooBig(shown: string, size: number): ImageRefusal {
  return reasonAndFix(sayProblem('image-too-big', { shown, mb: megabytes(size), max: megabytes(MAX_IMAGE_BYTES) }));
}

async function decode(bytes: Buffer, shown: string, hash: string): Promise<ImageInfo | ImageRefusal> {
  const again = say('image-export-again');
  if (bytes.length === 0) return { reason: say('image-empty', { shown }), fix: again };
  if (looksLikeText(bytes)) return { reason: say('image-text', { shown }), fix: again };
  const sharp = await loadSharp();
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    return { reason: say('image-undecodable', { shown, detail: plain(error) }), fix: again };
  }
  const format = formatOf(meta);
  if (!format) return reasonAndFix(sayProblem('image-format', { shown, format: String(meta.format).toUpperCase() }));
  const { width, height } = meta;
  if (!width || !height) return { reason: say('image-no-size', { shown }), fix: again };
  if (width * height > MAX_IMAGE_PIXELS) {
    return reasonAndFix(sayProblem('image-pixels', { shown, width, height, megapixels: (width * height / 1e6).toFixed(0), max: MAX_IMAGE_PIXELS / 1e6 }));
  }
  try {
    // Decodes every byte of the data (at a reduced size, which still reads it all): a truncated or damaged file fails here.
    await sharp(bytes, { failOn: 'warning', limitInputPixels: MAX_IMAGE_PIXELS }).rotate().resize(64, 64, { fit: 'inside' }).raw().toBuffer();
  } catch (error) {
    return { reason: say('image-damaged', { shown, format: format.toUpperCase(), detail: plain(error) }), fix: again };
  }
  // EXIF orientations 5–8 turn the picture a quarter: width and height swap.
  const turned = (meta.orientation ?? 1) >= 5;
  return { width: turned ? height : width, height: turned ? width : height, format, alpha: Boolean(meta.hasAlpha), hash };
}

function formatOf(meta: Metadata): ImageFormat | undefined {
  if (meta.format === 'jpeg' || meta.format === 'png' || meta.format === 'gif' || meta.format === 'webp') return meta.format;
  if (meta.format === 'heif' && meta.compression === 'av1') return 'avif';
  return undefined;
}

/** No NUL byte and valid UTF-8 in the first kilobyte: a text file (an HTML page, notes) saved under an image's name. */
function looksLikeText(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 1024);
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, lastWholeCharacter(head)));
    return true;
  } catch {
    return false;
  }
}

/** The length of `bytes` without a UTF-8 sequence cut off at its end. */
function lastWholeCharacter(bytes: Buffer): number {
  let end = bytes.length;
  for (let i = Math.max(0, end - 3); i < end; i++) if (bytes[i] >= 0xc0) end = i;
  return end;
}

/** The decoder's message without its internal prefixes: "VipsJpeg: Premature end of input file" → "premature end of input file". */
function plain(error: unknown): string {
  const text = String((error as Error)?.message ?? error)
    .split('\n')
    .map((line) => line.replace(/^[A-Za-z]+(load|save)?(_[a-z]+)?: ?/i, '').replace(/^Vips\w+: ?/, '').trim())
    .filter(Boolean)[0] ?? 'unknown error';
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);
}
