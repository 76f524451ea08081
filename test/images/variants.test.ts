/**
 * An image's copies are made once: asked for the same copy twice at a time (the web copies are
 * made while the print document's are, and a print copy is often the largest web copy), both get
 * the one made; asked again later, the build cache gives it.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inspectImage } from '../../scripts/images/inspect.ts';
import { makeVariant, webVariants } from '../../scripts/images/variants.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';
import { picture } from './helpers.ts';

let cache: string;
let file: string;

beforeAll(async () => {
  cache = temporary(mkdtempSync(join(tmpdir(), 'daan-variant-cache-')));
  process.env.DAAN_CACHE_DIR = cache;
  const dir = temporary(mkdtempSync(join(tmpdir(), 'daan-variants-')));
  file = join(dir, 'photo.jpg');
  writeFileSync(file, await picture(1600, 1200, 'jpeg', 5));
});

afterAll(removeTemporary);

it('makes a copy asked for twice at a time once, and takes it from the build cache later', async () => {
  const info = await inspectImage(file, 'images/photo.jpg');
  if (!('width' in info)) throw new Error(`not an image: ${JSON.stringify(info)}`);
  const largest = webVariants('images/photo.jpg', info).fallback.at(-1)!;
  const [first, second] = await Promise.all([makeVariant(file, info, largest), makeVariant(file, info, largest)]);
  // The same bytes, not two copies made side by side.
  expect(second.bytes).toBe(first.bytes);
  expect(first.fromCache).toBe(false);
  expect(second.fromCache).toBe(false);
  expect(readdirSync(join(cache, 'images'))).toHaveLength(1);
  const later = await makeVariant(file, info, largest);
  expect(later.fromCache).toBe(true);
  expect(Buffer.from(later.bytes).equals(Buffer.from(first.bytes))).toBe(true);
});
