/**
 * Full-text search across every edition: a Pagefind index of the article pages (the element
 * marked data-pagefind-body; Pagefind segments Chinese), written to out/pagefind/. search.html
 * and assets/search.js query it in the browser. Pagefind loads its index with fetch(), which
 * browsers refuse for file:// pages: search needs the archive served (daan serve, or any static
 * server over out/).
 */
import { createIndex, close } from 'pagefind';
import { UserError } from '../report/problems.ts';

export interface SearchFile {
  path: string;
  bytes: Uint8Array;
}

/** Pagefind's bundled UIs: search.js does without them. */
const UNUSED = /^pagefind-(ui|modular-ui|component-ui|highlight)\.|^playground\//;

/** Indexes the HTML pages under `dir`; returns the files of out/pagefind/ (paths relative to it). */
export async function searchIndex(dir: string): Promise<{ pages: number; files: SearchFile[] }> {
  try {
    const { index, errors } = await createIndex({});
    if (!index) throw new Error(errors.join('; '));
    const added = await index.addDirectory({ path: dir, glob: '**/*.html' });
    if (added.errors.length) throw new Error(added.errors.join('; '));
    const written = await index.getFiles();
    if (written.errors.length) throw new Error(written.errors.join('; '));
    const files = written.files
      .map((f) => ({ path: f.path.replace(/\\/g, '/'), bytes: f.content }))
      .filter((f) => !UNUSED.test(f.path))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { pages: added.page_count, files };
  } catch (error) {
    throw new UserError(`The search index could not be built (Pagefind): ${(error as Error).message}`);
  } finally {
    await close();
  }
}
