/**
 * Pictures for the outlets that cannot take the web page's own: an e-reader (EPUB) and the
 * 公众号 editor want JPEG or PNG files of a sensible size, and the 公众号 editor does not keep the
 * charts' inline SVG. Made with sharp and kept in the build cache by a hash of their inputs.
 *
 * Chart text is drawn by librsvg (inside sharp) with the bundled npm fonts only: a private
 * fontconfig file lists their folders, so the PNG is the same on every machine, with or without
 * system CJK fonts.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { cacheDir, cached } from '../core/cache.ts';
import { writeAtomicallySync } from '../core/files.ts';
import { faces } from '../fonts/faces.ts';
import { recordFile } from '../core/inputs.ts';
import { loadSharp } from '../images/inspect.ts';

let fontconfigSet = false;

/** sharp, with fontconfig (read once, when librsvg first draws text) pointed at the bundled faces only. */
function sharp(): ReturnType<typeof loadSharp> {
  if (!fontconfigSet) process.env.FONTCONFIG_FILE = bundledFontconfig();
  fontconfigSet = true;
  return loadSharp();
}

/**
 * A fontconfig file that lists the bundled faces and nothing else (also for the tests, which
 * open the 公众号 fragment in a Chromium that sees the same fonts on every machine).
 */
export function bundledFontconfig(): string {
  const dir = cacheDir('fontconfig');
  const file = join(dir, 'fonts.conf');
  const folders = [...new Set(faces.map((f) => dirname(f.file)))].sort();
  const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  // Atomically: another build may be reading it.
  writeAtomicallySync(
    file,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n${folders.map((f) => `  <dir>${xml(f)}</dir>`).join('\n')}\n  <cachedir>${xml(join(dir, 'cache'))}</cachedir>\n</fontconfig>\n`,
  );
  return file;
}

export interface Picture {
  bytes: Uint8Array;
  /** 'jpg' or 'png' */
  extension: 'jpg' | 'png';
  width: number;
  height: number;
}

const VERSION = 'daan-pictures-v1';

function keyOf(...parts: (string | Uint8Array | number)[]): string {
  const hash = createHash('sha256').update(VERSION);
  for (const part of parts) hash.update(typeof part === 'number' ? String(part) : part).update('\0');
  return hash.digest('hex');
}

/** Picture bytes in the cache carry their size and type in a small header line. */
function pack(picture: Picture): Uint8Array {
  const head = Buffer.from(`${picture.extension} ${picture.width} ${picture.height}\n`);
  return Buffer.concat([head, picture.bytes]);
}

function unpack(bytes: Uint8Array): Picture {
  const end = bytes.indexOf(10);
  const [extension, width, height] = Buffer.from(bytes.subarray(0, end)).toString().split(' ');
  return { extension: extension as Picture['extension'], width: Number(width), height: Number(height), bytes: bytes.subarray(end + 1) };
}

/**
 * A photo at most `maxWidth` pixels wide, as JPEG (PNG when it has transparency), under `maxBytes`
 * when given: the JPEG quality steps down until it fits.
 */
export async function readerPicture(file: string, options: { maxWidth: number; maxBytes?: number }): Promise<Picture> {
  const source = new Uint8Array(await readFile(file));
  recordFile(file, source);
  const key = keyOf('photo', source, options.maxWidth, options.maxBytes ?? 0);
  return unpack(
    await cached('pictures', key, async () => {
      const make = await sharp();
      const image = make(source, { failOn: 'error' }).rotate();
      const meta = await image.metadata();
      const resized = image.resize({ width: options.maxWidth, withoutEnlargement: true });
      if (meta.hasAlpha && meta.format === 'png') {
        const { data, info } = await resized.png({ compressionLevel: 9 }).toBuffer({ resolveWithObject: true });
        return pack({ bytes: new Uint8Array(data), extension: 'png', width: info.width, height: info.height });
      }
      for (const quality of [85, 75, 65, 55, 45]) {
        const { data, info } = await resized.clone().flatten({ background: '#ffffff' }).jpeg({ quality, mozjpeg: true }).toBuffer({ resolveWithObject: true });
        if (!options.maxBytes || data.length <= options.maxBytes || quality === 45) return pack({ bytes: new Uint8Array(data), extension: 'jpg', width: info.width, height: info.height });
      }
      throw new Error('unreachable');
    }),
  );
}

/** An SVG drawing (a chart) as a PNG `width` pixels wide, its text in the bundled fonts. */
export async function svgPicture(svg: string, width: number): Promise<Picture> {
  const key = keyOf('svg', svg, width);
  return unpack(
    await cached('pictures', key, async () => {
      const make = await sharp();
      const { data, info } = await make(Buffer.from(svg), { density: 288 })
        .resize({ width })
        .flatten({ background: '#ffffff' })
        .png({ compressionLevel: 9 })
        .toBuffer({ resolveWithObject: true });
      return pack({ bytes: new Uint8Array(data), extension: 'png', width: info.width, height: info.height });
    }),
  );
}
