/**
 * The pipeline's files in the input hash (build/input-hash.ts addFiles): a regular file counts by
 * its bytes, remembered by the build cache (core/file-hashes.ts) rather than read at every start;
 * an edit changes the hash, also one that keeps the file's size, and a symbolic link counts by
 * where it points.
 */
import { mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFiles, InputHash } from '../../scripts/build/input-hash.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';

const dir = mkdtempSync(join(tmpdir(), 'daan-input-hash-'));
temporary(dir);
afterAll(removeTemporary);
const scripts = join(dir, 'scripts');
let before: string | undefined;
beforeAll(() => {
  before = process.env.DAAN_CACHE_DIR;
  process.env.DAAN_CACHE_DIR = join(dir, 'cache');
  mkdirSync(join(scripts, 'render'), { recursive: true });
  writeFileSync(join(scripts, 'render/page.ts'), 'export const page = 1;\n');
  writeFileSync(join(scripts, 'render/view.ts'), 'export const view = 1;\n');
});
afterAll(() => {
  if (before === undefined) delete process.env.DAAN_CACHE_DIR;
  else process.env.DAAN_CACHE_DIR = before;
});

async function digest(): Promise<string> {
  const hash = new InputHash();
  await addFiles(hash, 'scripts/', scripts, dir);
  return hash.digest();
}

describe("the pipeline's files in the input hash", () => {
  it('is the same for the same files, and changes with an edit of the same size, an added file and a link', async () => {
    const first = await digest();
    expect(await digest()).toBe(first);
    // An edit of the same size, its modification time set back: the change time still tells it apart.
    const file = join(scripts, 'render/page.ts');
    writeFileSync(file, 'export const page = 2;\n');
    utimesSync(file, new Date(2020, 0, 1), new Date(2020, 0, 1));
    const edited = await digest();
    expect(edited).not.toBe(first);
    writeFileSync(file, 'export const page = 1;\n');
    expect(await digest()).toBe(first);
    symlinkSync(join(scripts, 'render/view.ts'), join(scripts, 'render/alias.ts'));
    const linked = await digest();
    expect(linked).not.toBe(first);
    writeFileSync(join(scripts, 'render/new.ts'), 'export {};\n');
    expect(await digest()).not.toBe(linked);
  });
});
