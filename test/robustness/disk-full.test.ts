/**
 * A full disk, simulated (faults.test.ts mounts a real small tmpfs where it can): every write of
 * the build's output fails with ENOSPC once the switch is on. The build stops with a message that
 * says what happened and what to do, discards its staging folder, and leaves out/ as it was.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { baseContent } from '../helpers/bad-input.ts';
import { makeContent } from '../helpers/content.ts';
import { hashTree } from '../helpers/tree.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';

const disk = vi.hoisted(() => ({ full: false, onlyNamed: '' }));

vi.mock('node:fs/promises', async (original) => {
  const fs = await original<typeof import('node:fs/promises')>();
  const full = (path: unknown) => {
    if (disk.onlyNamed && String(path).endsWith(disk.onlyNamed)) {
      // As a write through a file handle fails: the error names no file.
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    }
    if (disk.full && String(path).includes('.daan-staging-')) {
      throw Object.assign(new Error(`ENOSPC: no space left on device, write '${String(path)}'`), { code: 'ENOSPC', errno: -28, syscall: 'write', path: String(path) });
    }
  };
  return {
    ...fs,
    default: fs,
    writeFile: async (path: Parameters<typeof fs.writeFile>[0], ...rest: unknown[]) => {
      full(path);
      return (fs.writeFile as (...args: unknown[]) => Promise<void>)(path, ...rest);
    },
    copyFile: async (from: string, to: string, mode?: number) => {
      full(to);
      return fs.copyFile(from, to, mode);
    },
  };
});

const { build } = await import('../../scripts/build/index.ts');
const { createStaging } = await import('../../scripts/emit/staging.ts');
const { UserError } = await import('../../scripts/report/problems.ts');

const templatesDir = resolve(import.meta.dirname, '../../templates');
let parent: string;
let out: string;
let before: string;

afterAll(removeTemporary);

beforeAll(async () => {
  parent = temporary(mkdtempSync(join(tmpdir(), 'daan-enospc-')));
  out = join(parent, 'out');
  await build({ contentDir: temporary(makeContent()), outDir: out, templatesDir, pdf: false });
  before = hashTree(out);
});

describe('no space left on device', () => {
  it('a staging write says so, with the path and what to do', async () => {
    const staging = await createStaging(out);
    disk.full = true;
    try {
      const error = await staging.write('2020-01/index.html', '<p>x</p>').catch((e) => e);
      expect(error).toBeInstanceOf(UserError);
      expect(error.message).toMatch(/^No space left on device while writing .*out\/2020-01\/index\.html; free some space \(or build into another folder with --out\) and build again\. The previous output was left as it was\.$/);
    } finally {
      disk.full = false;
      await staging.discard();
    }
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('stops a build cleanly: a UserError (no stack trace), out/ byte-identical, no staging folder left', async () => {
    disk.full = true;
    try {
      const error = await build({ contentDir: temporary(baseContent()), outDir: out, templatesDir, pdf: false, force: true }).catch((e) => e);
      expect(error).toBeInstanceOf(UserError);
      expect(error.message).toMatch(/^No space left on device while writing /);
    } finally {
      disk.full = false;
    }
    expect(hashTree(out)).toBe(before);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('a failed write that names no file (a file handle\'s) is said as a full disk of the output folder, not as the failure of the step it hit', async () => {
    // The list of the search index's parts, written last by the search step.
    disk.onlyNamed = 'bundles.json';
    try {
      const error = await build({ contentDir: temporary(baseContent()), outDir: out, templatesDir, pdf: false, force: true }).catch((e) => e);
      expect(error).toBeInstanceOf(UserError);
      expect(error.message).toMatch(/^No space left on device while writing .*daan-enospc-\w+\/out; free some space \(or build into another folder with --out\) and build again\. The previous output was left as it was\.$/);
    } finally {
      disk.onlyNamed = '';
    }
    expect(hashTree(out)).toBe(before);
    expect(readdirSync(parent)).toEqual(['out']);
  });
});
