/**
 * The build cache (core/cache.ts): entries read back as written, an entry cut short by a crash
 * (written without fsync) is a miss, a cache folder removed meanwhile is made again, and a kind is
 * pruned, beside the writes, to the entries this process used and the newest `keep` others once
 * it is a quarter over.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cached, cacheSettled, readCached, writeCached } from '../../scripts/core/cache.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';

const root = temporary(mkdtempSync(join(tmpdir(), 'daan-cache-')));
afterAll(removeTemporary);
beforeAll(() => {
  process.env.DAAN_CACHE_DIR = root;
});

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array | undefined) => (data ? new TextDecoder().decode(data) : undefined);

describe('the build cache', () => {
  it('reads an entry back as written, and leaves no file beside it', async () => {
    await writeCached('probe', 'a.json', bytes('{"a":1}'));
    expect(text(await readCached('probe', 'a.json'))).toBe('{"a":1}');
    expect(readdirSync(join(root, 'probe'))).toEqual(['a.json']);
    expect(text(await cached('probe', 'a.json', async () => bytes('made again')))).toBe('{"a":1}');
  });

  it('takes an empty entry (cut short by a crash) for a missing one, and makes it again', async () => {
    writeFileSync(join(root, 'probe', 'empty.json'), '');
    expect(await readCached('probe', 'empty.json')).toBeUndefined();
    expect(text(await cached('probe', 'empty.json', async () => bytes('made')))).toBe('made');
    expect(text(await readCached('probe', 'empty.json'))).toBe('made');
  });

  it('makes its folder again when it was removed since', async () => {
    await writeCached('gone', 'x', bytes('1'));
    rmSync(join(root, 'gone'), { recursive: true });
    await writeCached('gone', 'y', bytes('2'));
    expect(text(await readCached('gone', 'y'))).toBe('2');
  });

  it('prunes a kind at its first write to what this process used and the newest `keep` others', async () => {
    const dir = join(root, 'pruned');
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 5; i++) {
      writeFileSync(join(dir, `old-${i}`), String(i));
      utimesSync(join(dir, `old-${i}`), 1_000_000 + i, 1_000_000 + i);
    }
    await readCached('pruned', 'old-0');
    await writeCached('pruned', 'new', bytes('new'), 2);
    await cacheSettled();
    // Used by this process: old-0 (read) and new (written); the newest two others: old-4, old-3.
    expect(readdirSync(dir).sort()).toEqual(['new', 'old-0', 'old-3', 'old-4']);
  });

  it('lets a kind grow a quarter over `keep` before pruning it back to `keep`', async () => {
    const dir = join(root, 'slack');
    mkdirSync(dir, { recursive: true });
    const old = (i: number) => {
      writeFileSync(join(dir, `old-${i}`), String(i));
      utimesSync(join(dir, `old-${i}`), 1_000_000 + i, 1_000_000 + i);
    };
    for (let i = 0; i < 5; i++) old(i);
    // 5 others with keep 4: within a quarter over, nothing is removed.
    await writeCached('slack', 'new-a', bytes('a'), 4);
    await cacheSettled();
    expect(readdirSync(dir)).toHaveLength(6);
    // 6 others: over the bound, pruned back to the newest 4 and what this process wrote.
    old(5);
    await writeCached('slack', 'new-b', bytes('b'), 4);
    await cacheSettled();
    expect(readdirSync(dir).sort()).toEqual(['new-a', 'new-b', 'old-2', 'old-3', 'old-4', 'old-5']);
  });

  it('prunes what another build added at this process\'s next write, also when this process listed the kind already', async () => {
    const dir = join(root, 'listed');
    const others = () => readdirSync(dir).filter((name) => name.startsWith('other-')).sort();
    for (let i = 0; i < 10; i++) {
      await writeCached('listed', `entry-${i}`, bytes(String(i)), 20);
      await cacheSettled();
    }
    // Another build adds 30 entries meanwhile: the next write sees the folder changed and prunes them to the newest 20.
    for (let i = 0; i < 30; i++) {
      writeFileSync(join(dir, `other-${i}`), String(i));
      utimesSync(join(dir, `other-${i}`), 1_000_000 + i, 1_000_000 + i);
    }
    await writeCached('listed', 'entry-10', bytes('10'), 20);
    await cacheSettled();
    expect(others()).toEqual(Array.from({ length: 20 }, (_, i) => `other-${i + 10}`).sort());
    expect(readdirSync(dir).filter((name) => name.startsWith('entry-'))).toHaveLength(11);
  });
});
