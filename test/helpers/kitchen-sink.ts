/**
 * The kitchen-sink edition (test/fixtures/kitchen-sink): copied to a temporary folder with its
 * photos made there, deterministically, with sharp — photo-like pictures (smooth light and
 * shade with grain, not flat colour; the same bytes every time) of the sizes and shapes an editor brings: a 3000×2000
 * JPEG, a 6000 px wide one, a 1600×900 PNG, a portrait, a square, small ones.
 */
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './cli.ts';

export const KITCHEN_SINK = join(repoRoot, 'test/fixtures/kitchen-sink');
export const KITCHEN_SINK_EDITION = '2018-06';

/** Every photo of the fixture: file name, width, height. */
export const PHOTOS: [string, number, number][] = [
  ['wagao-panorama.jpg', 3000, 2000],
  ['hetao-class.jpg', 600, 400],
  ['housing-portrait.jpg', 1200, 1600],
  ['culture-wall.png', 1600, 900],
  ['orchard-before.jpg', 900, 600],
  ['orchard-after.jpg', 900, 600],
  ['tea-square.png', 800, 800],
  ['eldercare-wide.jpg', 6000, 3000],
];

/** Copies the fixture into `dir` (its content folder) and makes its photos; returns `dir`. */
export async function kitchenSinkContent(dir: string): Promise<string> {
  cpSync(KITCHEN_SINK, dir, { recursive: true });
  const images = join(dir, KITCHEN_SINK_EDITION, 'images');
  mkdirSync(images, { recursive: true });
  for (const [name, width, height] of PHOTOS) await makePhoto(join(images, name), width, height, name);
  return dir;
}

/** A photo-like picture: a seeded landscape of light and shade with grain, drawn small and enlarged. */
export async function makePhoto(file: string, width: number, height: number, seedText: string): Promise<void> {
  const { default: sharp } = await import('sharp');
  const random = seeded(seedText);
  const w = 320;
  const h = Math.max(2, Math.round((w * height) / width));
  const pixels = Buffer.alloc(w * h * 3);
  const waves = Array.from({ length: 6 }, () => ({ fx: random() * 0.12, fy: random() * 0.12, phase: random() * 6.3, tint: [random(), random(), random()] }));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sky = y / h;
      for (let c = 0; c < 3; c++) {
        let v = 90 + 100 * (c === 2 ? 1 - sky : sky);
        for (const wave of waves) v += 28 * wave.tint[c] * Math.sin(x * wave.fx + y * wave.fy + wave.phase);
        pixels[(y * w + x) * 3 + c] = Math.max(0, Math.min(255, v + (random() - 0.5) * 40));
      }
    }
  }
  const photo = sharp(pixels, { raw: { width: w, height: h, channels: 3 } }).resize(width, height, { kernel: 'cubic', fit: 'fill' });
  await (file.endsWith('.png') ? photo.png({ compressionLevel: 6 }) : photo.jpeg({ quality: 82 })).toFile(file);
}

function seeded(text: string): () => number {
  let state = [...text].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
