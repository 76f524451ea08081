/**
 * The image files of an edition's articles, copied next to what shows them: out/<edition>/images/
 * beside the web pages, and .print/<edition>/images/ beside the print document (the only folder
 * the print browser may read). The transform stage checked them (inside content/, regular files).
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { EditionView } from '../render/model.ts';
import { writeError } from './staging.ts';

/** Every image an edition's articles use, once: src (images/x.png) → file on disk. */
export function editionImages(edition: EditionView): Map<string, string> {
  const images = new Map<string, string>();
  for (const article of edition.articles) for (const image of article.images ?? []) images.set(image.src, image.file);
  return images;
}

/** Copies the images of `edition` into `dir` (the edition's folder in out/, or its print folder). */
export async function copyEditionImages(edition: EditionView, dir: string): Promise<number> {
  const images = editionImages(edition);
  for (const [src, file] of images) {
    const target = join(dir, src);
    try {
      await mkdir(dirname(target), { recursive: true });
      await copyFile(file, target);
    } catch (error) {
      throw writeError(error, target);
    }
  }
  return images.size;
}
