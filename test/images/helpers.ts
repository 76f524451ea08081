/** Pictures made in code for the image tests: photo-like ones and broken ones of every kind. */
import { crc32 } from 'node:zlib';
import sharp from 'sharp';

/** A photo-like image (gradients under grain) of `width` × `height`, in `format`. */
export async function picture(width: number, height: number, format: 'jpeg' | 'png' | 'webp' | 'gif' | 'avif' = 'jpeg', seed = 1): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = ((x * 255) / width + random() * 30) & 0xff;
      pixels[i + 1] = ((y * 255) / height + random() * 30) & 0xff;
      pixels[i + 2] = (seed * 40 + random() * 30) & 0xff;
    }
  }
  const image = sharp(pixels, { raw: { width, height, channels: 3 } });
  if (format === 'avif') return image.avif({ effort: 0 }).toBuffer();
  return image.toFormat(format).toBuffer();
}

/** A PNG whose header claims `width` × `height` (with a valid checksum) followed by a few bytes of data. */
export async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const real = await picture(300, 200, 'png');
  const header = Buffer.from(real.subarray(0, 33));
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  header.writeUInt32BE(crc32(header.subarray(12, 29)) >>> 0, 29);
  return Buffer.concat([header, real.subarray(33, 33 + Math.floor((real.length - 33) / 2))]);
}

/** The first half of a file. */
export function truncated(bytes: Buffer): Buffer {
  return bytes.subarray(0, Math.floor(bytes.length / 2));
}

/** A JPEG with garbage written over part of its compressed data. */
export function corrupted(jpeg: Buffer): Buffer {
  const copy = Buffer.from(jpeg);
  const start = Math.floor(copy.length / 3);
  for (let i = start; i < start + 400 && i < copy.length - 2; i++) copy[i] = (i * 13) & 0xff;
  return copy;
}
