/**
 * The swap of a staged build into out/: the previous out/ is moved into the build cache's
 * `removing/` folder and removed there by a process of its own, so the build does not wait for
 * thousands of unlinks; nothing of it is left beside out/, and what a killed remover left is
 * removed by the next one. Where the cache cannot take it, it is removed at once, as before.
 */
import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStaging, REMOVING, startRemover } from '../../scripts/emit/staging.ts';
import { eventually } from '../helpers/processes.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';

let parent: string;
let cache: string;
let before: string | undefined;

beforeEach(() => {
  const work = temporary(mkdtempSync(join(tmpdir(), 'daan-staging-')));
  parent = join(work, 'site');
  cache = join(work, 'cache');
  mkdirSync(parent);
  before = process.env.DAAN_CACHE_DIR;
  process.env.DAAN_CACHE_DIR = cache;
});
afterEach(() => {
  if (before === undefined) delete process.env.DAAN_CACHE_DIR;
  else process.env.DAAN_CACHE_DIR = before;
});
afterAll(removeTemporary);

/** The processes of removers (emit/staging.ts REMOVER) emptying this test's cache, by pid. */
function removers(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(join(cache, REMOVING));
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** A process's state letter (R, S, Z …), or undefined once it is gone (or a zombie). */
function processState(pid: number): string | undefined {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '')[0];
    return state === 'Z' ? undefined : state;
  } catch {
    return undefined;
  }
}

/** An out/ of `files` files in a few folders, as a previous build left it. */
function previousOut(out: string, files: number): void {
  for (let i = 0; i < files; i++) {
    mkdirSync(join(out, `e${i % 5}`), { recursive: true });
    writeFileSync(join(out, `e${i % 5}`, `p${i}.html`), `<p>${i}</p>`);
  }
}

async function stage(out: string, pages: Record<string, string>): Promise<void> {
  const staging = await createStaging(out);
  for (const [path, text] of Object.entries(pages)) await staging.write(path, text);
  await staging.commit();
}

describe('committing a build', () => {
  it('swaps out/ in and removes the previous one in the background, from the build cache; a killed remover\'s leftovers go too', async () => {
    const out = join(parent, 'out');
    previousOut(out, 200);
    // A file of the previous out/ that a reader still holds (a hard link elsewhere) keeps its bytes.
    linkSync(join(out, 'e0', 'p0.html'), join(parent, '..', 'kept.html'));
    // What a remover killed half-way left.
    const removing = join(cache, REMOVING);
    previousOut(join(removing, '.daan-retired-out-1-deadbeef'), 20);
    await stage(out, { 'index.html': '<h1>新</h1>', '2020-01/a.html': '<p>甲</p>' });
    // out/ is the new build at once, and nothing is left beside it.
    expect(readdirSync(parent)).toEqual(['out']);
    expect(readdirSync(out).sort()).toEqual(['2020-01', 'index.html']);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('<h1>新</h1>');
    // The previous out/ and the leftovers are removed by the remover.
    expect(await eventually(() => readdirSync(removing).length === 0, 60_000)).toBe(true);
    expect(readFileSync(join(parent, '..', 'kept.html'), 'utf8')).toBe('<p>0</p>');
  });

  it('has a remover started ahead wait until the build commits, then remove the previous out/', async () => {
    const out = join(parent, 'out');
    previousOut(out, 50);
    const removing = join(cache, REMOVING);
    previousOut(join(removing, '.daan-retired-out-2-cafebabe'), 5);
    const before = removers();
    startRemover();
    const started = removers().filter((pid) => !before.includes(pid));
    expect(started).toHaveLength(1);
    // It waits: what the folder holds is still there while its process lives.
    expect(await eventually(() => processState(started[0]) === 'S', 20_000)).toBe(true);
    expect(readdirSync(removing)).toEqual(['.daan-retired-out-2-cafebabe']);
    await stage(out, { 'index.html': '<h1>新</h1>' });
    expect(readdirSync(out)).toEqual(['index.html']);
    // No other remover was started for the commit.
    expect(removers().filter((pid) => !before.includes(pid) && pid !== started[0])).toEqual([]);
    expect(await eventually(() => readdirSync(removing).length === 0, 60_000)).toBe(true);
    expect(await eventually(() => processState(started[0]) === undefined, 60_000)).toBe(true);
  });

  it('removes the previous out/ at once when the build cache cannot take it', async () => {
    // The cache folder is a file: nothing can be moved into it.
    writeFileSync(cache, 'not a folder');
    const out = join(parent, 'out');
    previousOut(out, 20);
    await stage(out, { 'index.html': '<h1>新</h1>' });
    expect(readdirSync(parent)).toEqual(['out']);
    expect(readdirSync(out)).toEqual(['index.html']);
    expect(existsSync(join(cache, REMOVING))).toBe(false);
  });

  it('links a file whose bytes out/ already holds at that path (checked against the file), writes the others, and never writes through a link', async () => {
    const out = join(parent, 'out');
    mkdirSync(join(out, 'assets'), { recursive: true });
    const files: Record<string, string> = { 'index.html': '<h1>首页</h1>', 'assets/site.css': 'body{}', 'a.html': '<p>甲</p>', 'b.html': '<p>乙</p>' };
    for (const [path, text] of Object.entries(files)) writeFileSync(join(out, path), text);
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    const manifest = { files: Object.entries(files).map(([path, text]) => ({ path, size: Buffer.byteLength(text), sha256: sha(text) })) };
    // Changed in out/ by hand, same size: the manifest's bytes are no longer there.
    writeFileSync(join(out, 'b.html'), '<p>丙</p>');
    const inode = (path: string) => statSync(path).ino;
    const before = Object.fromEntries(Object.keys(files).map((path) => [path, inode(join(out, path))]));
    const staging = await createStaging(out, manifest);
    await staging.write('index.html', '<h1>首页</h1>');
    await staging.write('assets/site.css', 'body{}');
    await staging.write('a.html', '<p>新</p>');
    await staging.write('b.html', '<p>乙</p>');
    expect(inode(join(staging.dir, 'index.html'))).toBe(before['index.html']);
    expect(inode(join(staging.dir, 'assets/site.css'))).toBe(before['assets/site.css']);
    expect(inode(join(staging.dir, 'a.html'))).not.toBe(before['a.html']);
    expect(inode(join(staging.dir, 'b.html'))).not.toBe(before['b.html']);
    expect(readFileSync(join(staging.dir, 'b.html'), 'utf8')).toBe('<p>乙</p>');
    // Written again after it was linked: a file of its own; the previous out/ keeps its bytes.
    await staging.write('index.html', '<h1>改</h1>');
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('<h1>首页</h1>');
    expect(readFileSync(join(staging.dir, 'index.html'), 'utf8')).toBe('<h1>改</h1>');
    expect(staging.known.get('index.html')).toEqual({ size: Buffer.byteLength('<h1>改</h1>'), sha256: sha('<h1>改</h1>') });
    await staging.commit();
    expect(readFileSync(join(out, 'assets/site.css'), 'utf8')).toBe('body{}');
    expect(readFileSync(join(out, 'a.html'), 'utf8')).toBe('<p>新</p>');
  });
});
