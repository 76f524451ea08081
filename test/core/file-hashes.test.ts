/**
 * Remembered file hashes (core/file-hashes.ts): a file is hashed again whenever it may have
 * changed since it was hashed — also when its size and modification time were put back as they
 * were, and when it was written within the file system clock's tick of its hashing.
 */
import { createHash } from 'node:crypto';
import { linkSync, lstatSync, mkdtempSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileSha256, MISSING, outFileSha256 } from '../../scripts/core/file-hashes.ts';

const dir = mkdtempSync(join(tmpdir(), 'daan-file-hashes-'));
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('remembered file hashes', () => {
  it('sees a change that keeps the size and puts the modification time back', async () => {
    const file = join(dir, 'a.md');
    // A whole second, which every file system keeps exactly.
    const then = 1_600_000_000;
    writeFileSync(file, '第一稿');
    utimesSync(file, then, then);
    // Long enough after the write for the hash to be trusted next time.
    await pause(2100);
    expect(await fileSha256(file)).toBe(sha('第一稿'));
    expect(await fileSha256(file)).toBe(sha('第一稿'));
    const before = statSync(file);
    writeFileSync(file, '第二稿');
    utimesSync(file, then, then);
    const after = statSync(file);
    expect([after.size, after.mtimeMs, after.ino]).toEqual([before.size, before.mtimeMs, before.ino]);
    expect(await fileSha256(file)).toBe(sha('第二稿'));
  });

  it('hashes again a file written just before it was hashed, whatever its times say', async () => {
    const file = join(dir, 'b.md');
    writeFileSync(file, '甲稿');
    expect(await fileSha256(file)).toBe(sha('甲稿'));
    writeFileSync(file, '乙稿');
    expect(await fileSha256(file)).toBe(sha('乙稿'));
  });

  it('follows a symbolic link every time, and says `missing` for a file that is gone', async () => {
    const target = join(dir, 'c.md');
    const link = join(dir, 'link.md');
    writeFileSync(target, '丙稿');
    symlinkSync(target, link);
    expect(await fileSha256(link)).toBe(sha('丙稿'));
    writeFileSync(target, '丁稿');
    expect(await fileSha256(link)).toBe(sha('丁稿'));
    rmSync(target);
    expect(await fileSha256(link)).toBe(MISSING);
    expect(await fileSha256(join(dir, 'none.md'))).toBe(MISSING);
  });
});

describe('remembered hashes of out/\'s files', () => {
  const then = 1_600_000_000;
  const outHash = (file: string) => outFileSha256(file, lstatSync(file, { throwIfNoEntry: false }));
  /** `file` written with `text` long ago (its times set back), then hashed once it is no longer new. */
  const hashedOld = async (file: string, text: string) => {
    writeFileSync(file, text);
    utimesSync(file, then, then);
    await pause(2100);
    expect(await outHash(file)).toBe(sha(text));
  };

  it('are trusted on size, modification time and inode alone: a hard link made or removed (a new change time) is not a change', async () => {
    const file = join(dir, 'page.html');
    await hashedOld(file, '<p>甲</p>');
    // The next build links it into its out/ and removes the previous one: the change time moves.
    const ctime = statSync(file).ctimeMs;
    linkSync(file, join(dir, 'page-next.html'));
    rmSync(join(dir, 'page-next.html'));
    expect(statSync(file).ctimeMs).not.toBe(ctime);
    // Shown by what it trusts: the same size, modification time and inode hold other bytes now, unread.
    writeFileSync(file, '<p>乙</p>');
    utimesSync(file, then, then);
    expect(await outHash(file)).toBe(sha('<p>甲</p>'));
  });

  it('reads a file again when it was written (a new modification time), replaced (another inode) or hashed too soon after a write', async () => {
    const file = join(dir, 'index.html');
    await hashedOld(file, '<p>一</p>');
    // Written in place, same size.
    writeFileSync(file, '<p>二</p>');
    expect(await outHash(file)).toBe(sha('<p>二</p>'));
    // Written just before it was read: read again next time, whatever its times say.
    writeFileSync(file, '<p>三</p>');
    expect(await outHash(file)).toBe(sha('<p>三</p>'));
    utimesSync(file, then, then);
    await pause(2100);
    expect(await outHash(file)).toBe(sha('<p>三</p>'));
    // Another file moved in with the same size and modification time.
    const other = join(dir, 'other.html');
    writeFileSync(other, '<p>四</p>');
    utimesSync(other, then, then);
    renameSync(other, file);
    expect(await outHash(file)).toBe(sha('<p>四</p>'));
    expect(await outHash(join(dir, 'gone.html'))).toBe(MISSING);
  });
});
