/**
 * The manifest's listing in two parts (emit/manifest.ts listFiles, manifestEntries): a build lists
 * and hashes everything but pagefind/ while Pagefind may still be writing it, then pagefind/ alone.
 * The two parts together are the whole listing, each file once.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listFiles, manifestEntries, MANIFEST, PAGEFIND_DIR } from '../../scripts/emit/manifest.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';

const dir = mkdtempSync(join(tmpdir(), 'daan-manifest-'));
temporary(dir);
afterAll(removeTemporary);

const files: Record<string, string> = {
  'index.html': '首页',
  [MANIFEST]: '{}',
  '2017-09/index.html': '目录',
  '2017-09/images/a.webp': 'webp',
  // A folder of an edition that happens to share the index's name is not the index.
  '2017-09/pagefind/x.html': '同名文件夹',
  'pagefind/bundles.json': '["2017"]',
  'pagefind/2017/pagefind-entry.json': '{}',
  'pagefindx/y.txt': '相近的名字',
};
for (const [path, text] of Object.entries(files)) {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

describe('the manifest of a staging folder, listed in two parts', () => {
  it('lists all but one top-level folder, and that folder alone, which together are every file once', async () => {
    const whole = await listFiles(dir);
    expect(whole).toEqual(Object.keys(files).sort());
    const apart = await listFiles(dir, PAGEFIND_DIR);
    expect(apart).toEqual(whole.filter((path) => !path.startsWith('pagefind/')));
    expect(apart).toContain('2017-09/pagefind/x.html');
    expect(apart).toContain('pagefindx/y.txt');
    const skip = (path: string) => path === MANIFEST;
    const outside = await manifestEntries(dir, skip, new Map(), { apart: PAGEFIND_DIR });
    const inside = await manifestEntries(dir, skip, new Map(), { folder: PAGEFIND_DIR });
    expect(inside.map((entry) => entry.path)).toEqual(['pagefind/2017/pagefind-entry.json', 'pagefind/bundles.json']);
    expect([...outside, ...inside].sort((a, b) => (a.path < b.path ? -1 : 1))).toEqual(await manifestEntries(dir, skip));
  });

  it('names each file by its path inside the folder however the folder is written (a trailing slash, a relative path, a link to it)', async () => {
    const whole = await listFiles(dir);
    expect(whole.length).toBe(Object.keys(files).length);
    expect(await listFiles(`${dir}/`)).toEqual(whole);
    expect(await listFiles(join(dir, '2017-09', '..'))).toEqual(whole);
    expect(await listFiles(relative(process.cwd(), dir))).toEqual(whole);
    const link = join(mkdtempSync(join(tmpdir(), 'daan-manifest-link-')), 'out');
    temporary(dirname(link));
    symlinkSync(dir, link);
    expect(await listFiles(link, PAGEFIND_DIR)).toEqual(whole.filter((path) => !path.startsWith('pagefind/')));
  });

  it('lists no search index when there is none', async () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    writeFileSync(join(empty, 'index.html'), '首页');
    expect(await manifestEntries(empty, () => false, new Map(), { folder: PAGEFIND_DIR })).toEqual([]);
  });
});
