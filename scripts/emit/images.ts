/**
 * The image copies an edition's (or a briefing's) pages and print document show, written next to
 * what shows them: out/<edition>/images/ beside the web pages (the WebP and JPEG/PNG widths of
 * images/variants.ts), and .print/<edition>/images/ beside the print document (the print copies;
 * the only folder the print browser may read). The source files are not copied. The transform
 * stage checked and decoded the images; the copies come from the build cache when it has them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import pMap from 'p-map';
import type { EditionView } from '../render/model.ts';
import type { ImageRef } from '../transform/images.ts';
import { makeVariant, webVariants, type Variant } from '../images/variants.ts';
import { writeError } from './staging.ts';

/** Copies made at once: the machine's two cores. */
const AT_ONCE = 2;

/** Every image an edition's articles use, once. */
export function editionImages(edition: EditionView): ImageRef[] {
  const images = new Map<string, ImageRef>();
  for (const article of edition.articles) {
    for (const image of article.images ?? []) {
      const known = images.get(image.src);
      if (!known) images.set(image.src, { ...image, prints: [...image.prints] });
      else for (const print of image.prints) if (!known.prints.some((p) => p.path === print.path)) known.prints.push(print);
    }
  }
  return [...images.values()].sort((a, b) => (a.src < b.src ? -1 : a.src > b.src ? 1 : 0));
}

/** The files `target` needs of these images: every web copy, or the print copies. */
export function imageFiles(images: ImageRef[], target: 'web' | 'print'): { image: ImageRef; variant: Variant }[] {
  return images.flatMap((image) => {
    const web = webVariants(image.src, image.info);
    const variants = target === 'web' ? [...web.webp, ...web.fallback] : image.prints.length ? image.prints : [web.fallback.at(-1)!];
    return variants.map((variant) => ({ image, variant }));
  });
}

export interface WrittenImages {
  files: number;
  /** Of them, taken from the build cache. */
  fromCache: number;
}

/** Writes the copies `target` needs of `images` under `dir` (the edition's folder in out/, or its print folder). */
export async function writeImages(images: ImageRef[], dir: string, target: 'web' | 'print'): Promise<WrittenImages> {
  const files = imageFiles(images, target);
  let fromCache = 0;
  await pMap(
    files,
    async ({ image, variant }) => {
      const made = await makeVariant(image.file, image.info, variant);
      if (made.fromCache) fromCache++;
      const path = join(dir, variant.path);
      try {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, made.bytes);
      } catch (error) {
        throw writeError(error, path);
      }
    },
    { concurrency: AT_ONCE },
  );
  return { files: files.length, fromCache };
}

/** The copies `target` needs of `images`, as files to write (path relative to the folder of what shows them). */
export async function imageOutputs(images: ImageRef[], target: 'web' | 'print'): Promise<{ path: string; data: Uint8Array }[]> {
  const outputs: { path: string; data: Uint8Array }[] = [];
  for (const { image, variant } of imageFiles(images, target)) outputs.push({ path: variant.path, data: (await makeVariant(image.file, image.info, variant)).bytes });
  return outputs;
}

/** The images of `edition` for its web pages or its print document, under `dir`. */
export function writeEditionImages(edition: EditionView, dir: string, target: 'web' | 'print'): Promise<WrittenImages> {
  return writeImages(editionImages(edition), dir, target);
}
