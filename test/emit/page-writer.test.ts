/**
 * The build's page writer (emit/page-writer.ts) on a real staging folder whose writes can be made
 * to fail: a failed write is the error of whatever comes after it, never a read of a file that was
 * never written (the full-disk build once ended on "ENOENT … di-er-pian.html" instead of saying the
 * disk was full).
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStaging, type Staging } from '../../scripts/emit/staging.ts';
import { pageWriter } from '../../scripts/emit/page-writer.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';

let staging: Staging;

// DAAN_CACHE_DIR is put back after the file by test/setup/each-file.ts.
beforeEach(async () => {
  const work = temporary(mkdtempSync(join(tmpdir(), 'daan-page-writer-')));
  mkdirSync(join(work, 'site'));
  process.env.DAAN_CACHE_DIR = join(work, 'cache');
  staging = await createStaging(join(work, 'site', 'out'));
});
afterEach(() => staging.discard());
afterAll(removeTemporary);

/** The staging folder, whose writes to `failing` fail with a full disk's error. */
function withFullDisk(failing: string): { staging: Staging; error: Error } {
  const error = Object.assign(new Error('No space left on device (a stand-in)'), { code: 'ENOSPC' });
  const write: Staging['write'] = async (path, data) => {
    if (path === failing) throw error;
    return staging.write(path, data);
  };
  return { staging: { ...staging, write }, error };
}

describe('pageWriter', () => {
  it('reads back a page once written', async () => {
    const write = pageWriter(staging);
    await write('2020-01/a.html', '<p>甲</p>');
    expect(await write.read('2020-01/a.html')).toBe('<p>甲</p>');
    await write.settled();
  });

  it("a page whose write failed reads as that write's error, once the write has ended", async () => {
    const full = withFullDisk('2020-01/b.html');
    const write = pageWriter(full.staging);
    await write('2020-01/b.html', '<p>乙</p>');
    await expect(write.settled()).rejects.toBe(full.error);
    // The write is over and forgotten: reading its file would say ENOENT.
    await expect(write.read('2020-01/b.html')).rejects.toBe(full.error);
  });

  it("a page whose write is still going reads as that write's error", async () => {
    const full = withFullDisk('2020-01/b.html');
    const write = pageWriter(full.staging);
    await write('2020-01/b.html', '<p>乙</p>');
    await expect(write.read('2020-01/b.html')).rejects.toBe(full.error);
  });

  it('after a failed write, the next write says that error and writes nothing', async () => {
    const full = withFullDisk('2020-01/b.html');
    const write = pageWriter(full.staging);
    await write('2020-01/b.html', '<p>乙</p>');
    await write.settled().catch(() => undefined);
    await expect(write('2020-01/c.html', '<p>丙</p>')).rejects.toBe(full.error);
    expect(staging.known.has('2020-01/c.html')).toBe(false);
  });

  it('two pages to one file (letter case aside) are refused', async () => {
    const write = pageWriter(staging);
    await write('2020-01/A.html', 'x');
    await expect(write('2020-01/a.html', 'y')).rejects.toThrow(/two outputs of this build would be written to one file: 2020-01\/A\.html and 2020-01\/a\.html/);
    await write.settled();
  });
});
