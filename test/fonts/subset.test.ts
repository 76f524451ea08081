/**
 * Font subsetting runs in child processes that end when the build is done with them (their
 * WebAssembly memory is only given back when they end): the TrueType subsets are byte for byte
 * those that subset-font makes in this process, the woff2 ones hold the same font, no process is
 * left behind, and a failure says so.
 */
import { fork, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import subsetFont from 'subset-font';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Subset from '../../scripts/fonts/subset.ts';
import { faces } from '../../scripts/fonts/faces.ts';
import { cacheSettled } from '../../scripts/core/cache.ts';

const cache = mkdtempSync(join(tmpdir(), 'daan-subset-test-'));
let subset: typeof Subset;

beforeAll(async () => {
  // A cache of its own, empty: every subset below is made, not read back.
  process.env.DAAN_CACHE_DIR = cache;
  subset = await import('../../scripts/fonts/subset.ts');
});

afterAll(() => {
  subset.releaseSubsetters();
  rmSync(cache, { recursive: true, force: true });
});

/** This process's children that run subset-process.mjs. */
function subsetProcesses(): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${name}/cmdline`, 'latin1').includes('subset-process.mjs')) found.push(Number(name));
    } catch {
      // Ended while we looked.
    }
  }
  return found;
}

/** Waits until `condition` holds (the test's timeout bounds the wait: no figure of time is asserted). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resume) => setTimeout(resume, 50));
}

/** Google's woff2 decoder, as subset-font's converter uses it. */
const wawoff2 = createRequire(createRequire(createRequire(import.meta.url).resolve('subset-font')).resolve('fontverter'))('wawoff2') as { decompress(bytes: Uint8Array): Promise<Uint8Array> };

const text = '党建领航 脱贫奔康：助力永嘉新农村建设取得新成效，2017年第9期。';

describe('font subsets', () => {
  it('are byte for byte what subset-font makes in this process (TrueType), or decode to it (woff2)', async () => {
    const made = await subset.subsetFaces(text, 'truetype');
    expect(made.map((f) => f.face.id)).toEqual(faces.map((f) => f.id));
    const [woff2] = await subset.subsetFaces(text, 'woff2', [faces[0]]);
    const characters = subset.subsetCharacters(text);
    for (const [i, face] of faces.entries()) {
      const local = new Uint8Array(await subsetFont(await readFile(face.file), characters, { targetFormat: 'truetype' }));
      expect(Buffer.from(made[i].bytes).equals(Buffer.from(local)), face.id).toBe(true);
    }
    // Compressed by another encoder than subset-font's (and at another brotli quality): Google's
    // decoder gives back the same TrueType from both (woff2 rebuilds the glyph table it transformed).
    const local = new Uint8Array(await subsetFont(await readFile(faces[0].file), characters, { targetFormat: 'woff2' }));
    expect(new TextDecoder().decode(woff2.bytes.slice(0, 4))).toBe('wOF2');
    expect(Buffer.from(woff2.bytes).equals(Buffer.from(local))).toBe(false);
    expect(Buffer.from(await wawoff2.decompress(woff2.bytes)).equals(Buffer.from(await wawoff2.decompress(local)))).toBe(true);
    expect(woff2.name).toMatch(/^daan-serif-400\.[0-9a-f]{10}\.woff2$/);
  });

  it('are made in child processes that end when released, and start again when needed', async () => {
    await subset.subsetFaces(`${text}一`, 'truetype');
    expect(subsetProcesses().length).toBeGreaterThan(0);
    subset.releaseSubsetters();
    await until(() => subsetProcesses().length === 0);
    const again = await subset.subsetFaces(`${text}二`, 'truetype', [faces[2]]);
    expect(again[0].bytes.length).toBeGreaterThan(1000);
  });

  it("run with glibc's malloc keeping freed memory, which the woff2 encoder allocates again for every file", async () => {
    await subset.subsetFaces(`${text}九`, 'truetype', [faces[0]]);
    const [pid] = subsetProcesses();
    const environment = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
    // glibc rewrites the variable in place as it reads it: /proc shows its first setting.
    expect(environment.find((entry) => entry.startsWith('GLIBC_TUNABLES='))).toMatch(/^GLIBC_TUNABLES=glibc\.malloc\.trim_threshold=\d{8,}/);
  });

  it('end by themselves when idle, and never keep the process alive', async () => {
    await subset.subsetFaces(`${text}三`, 'truetype', [faces[3]]);
    await until(() => subsetProcesses().length === 0);
    // A script that subsets and is then done exits at once, without releasing the pool: once the
    // file system requests in flight (the cache's bookkeeping) are done, nothing holds its event
    // loop — neither an idle subsetter (a child process, its pipes) nor the pool's idle timer.
    const script = `import { subsetFaces } from ${JSON.stringify(new URL('../../scripts/fonts/subset.ts', import.meta.url).href)};
await subsetFaces('五六七', 'truetype');
while (process.getActiveResourcesInfo().some((type) => type.startsWith('FSReq'))) await new Promise((resume) => setImmediate(resume));
console.log(JSON.stringify(process.getActiveResourcesInfo()));`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, DAAN_CACHE_DIR: join(cache, 'alive') }, timeout: 60_000 });
    // It ended by itself (a hang would be killed by the guard above, with a signal and no status).
    expect(run.signal, run.stderr).toBeNull();
    expect(run.status, run.stderr).toBe(0);
    // Nothing of the subsetting holds it: only its own standard streams may be listed (pipes to this test).
    expect((JSON.parse(run.stdout) as string[]).filter((type) => type !== 'PipeWrap' && type !== 'TTYWrap'), 'what keeps the process alive after subsetting').toEqual([]);
  });

  it('stay in the cache while this process uses them; of the others, the newest 160 are kept', async () => {
    const dir = join(cache, 'fonts');
    const mine = readdirSync(dir).filter((n) => !n.endsWith('.tmp'));
    expect(mine.length).toBeGreaterThan(4);
    // 250 subsets of other builds, the oldest first: more than a quarter over the 160 kept (pruning waits for that, core/cache.ts).
    for (let i = 0; i < 250; i++) {
      const file = join(dir, `other-${String(i).padStart(3, '0')}.ttf`);
      writeFileSync(file, 'x');
      utimesSync(file, 1_000_000 + i, 1_000_000 + i);
    }
    await subset.subsetFaces(`${text}八`, 'truetype', [faces[0]]);
    await cacheSettled();
    const after = readdirSync(dir);
    for (const name of mine) expect(after).toContain(name);
    const others = after.filter((n) => n.startsWith('other-')).sort();
    expect(others).toHaveLength(160);
    expect(others[0]).toBe('other-090.ttf');
  });

  it('while Chromium prints: one process at a time, and the subsets of a print document go before the web-font slices waiting', async () => {
    await until(() => subsetProcesses().length === 0);
    let most = 0;
    const watch = setInterval(() => (most = Math.max(most, subsetProcesses().length)), 10);
    const order: string[] = [];
    try {
      const widen = subset.subsetAlongsidePrinting();
      // Three batches of web-font slices, then one print subset asked for while the first batch is made.
      const sets = Array.from({ length: 36 }, (_, i) => `${text.slice(0, 8)}${String.fromCodePoint(0x4e00 + i)}`);
      const slicing = subset.subsetSlices(faces[2], sets).then((made) => (order.push('slices'), made));
      const printing = subset.subsetFaces(`${text}九`, 'truetype', [faces[3]]).then((made) => (order.push('print'), made));
      const [slices, [print]] = await Promise.all([slicing, printing]);
      expect(slices).toHaveLength(36);
      expect(print.bytes.length).toBeGreaterThan(1000);
      expect(order).toEqual(['print', 'slices']);
      expect(most, 'subsetting processes alive at once while printing').toBe(1);
      // Printing done: as many as the pool holds again (what the count above would have been without the bound).
      widen();
      most = 0;
      await subset.subsetFaces(`${text}十`, 'truetype', [faces[0], faces[1]]);
      expect(most).toBe(Math.min(2, availableParallelism()));
    } finally {
      clearInterval(watch);
    }
  });

  it('take a face shipped as woff2 (LXGW WenKai\'s slices) as subset-font does', async () => {
    const { subsetWenKai, parseUnicodeRange } = await import('../../scripts/fonts/wenkai.ts');
    const made = await subsetWenKai('（一）加强组织领导');
    expect(made.length).toBeGreaterThan(0);
    for (const file of made) {
      const held = String.fromCodePoint(...parseUnicodeRange(file.unicodeRange!));
      const expected = new Uint8Array(await subsetFont(readFileSync(file.face.file), subset.subsetCharacters(held), { targetFormat: 'truetype' }));
      expect(Buffer.from(file.bytes).equals(Buffer.from(expected)), file.face.file).toBe(true);
    }
  });

  it('are the same woff2 bytes whatever the process made before (nothing left over in their padding)', async () => {
    const sets = Array.from({ length: 48 }, (_, i) => `${text.slice(i % 10, 12 + (i % 10))}${String.fromCodePoint(0x4e00 + 7 * i)}`);
    const first = await subset.subsetSlices(faces[1], sets);
    // Other subsets between, then the same ones the other way round.
    await subset.subsetSlices(faces[1], sets.map((set) => `${set}国家`));
    const again = (await subset.subsetSlices(faces[1], [...sets].reverse())).reverse();
    for (const [i, bytes] of first.entries()) expect(Buffer.from(again[i]).equals(Buffer.from(bytes)), sets[i]).toBe(true);
  });

  it('keep one parsed face when asked to (while Chromium prints), every face they read otherwise', async () => {
    const child = fork(fileURLToPath(new URL('../../scripts/fonts/subset-process.mjs', import.meta.url)), [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const ask = (message: object) =>
      new Promise<{ faces?: number; error?: string }>((resolve) => {
        child.once('message', resolve);
        child.send(message);
      });
    try {
      const request = (face: number, keep?: number) => ({ file: faces[face].file, sets: ['大安'], format: 'truetype', quality: 8, ...(keep ? { keep } : {}) });
      expect((await ask(request(0))).faces).toBe(1);
      expect((await ask(request(1))).faces).toBe(2);
      expect((await ask(request(2, 1))).faces).toBe(1);
      expect((await ask(request(0, 1))).faces).toBe(1);
      expect((await ask(request(3))).faces).toBe(2);
    } finally {
      child.kill();
    }
  });

  it('are named in the cache alike whether their keys are asked one by one or for several character sets at once', async () => {
    const sets = ['大安', '区刊', text.slice(0, 20)];
    const together = await subset.subsetCacheKeys(faces[1], sets, 'woff2', subset.WOFF2_FAST);
    expect(together).toEqual(await Promise.all(sets.map((set) => subset.subsetCacheKey(faces[1], set, 'woff2', subset.WOFF2_FAST))));
    expect(new Set(together).size).toBe(3);
    expect(await subset.subsetCacheKeys(faces[1], sets, 'woff2', subset.WOFF2_SMALL)).not.toEqual(together);
  });

  it('are named alike when a build looks at the faces\' files once for all its keys, face by face', async () => {
    const sets = ['大安', text.slice(0, 20)];
    const looked = new Map();
    for (const face of [faces[0], faces[1], faces[0]]) expect(await subset.subsetCacheKeys(face, sets, 'woff2', subset.WOFF2_FAST, looked)).toEqual(await subset.subsetCacheKeys(face, sets, 'woff2', subset.WOFF2_FAST));
    expect([...looked.keys()].sort()).toEqual([faces[0].file, faces[1].file].sort());
    expect(await subset.subsetCacheKeys(faces[0], sets, 'woff2', subset.WOFF2_FAST, looked)).not.toEqual(await subset.subsetCacheKeys(faces[1], sets, 'woff2', subset.WOFF2_FAST, looked));
  });

  it('read a TrueType face straight into harfbuzz, and collect garbage only after converting a face shipped as woff2', async () => {
    const child = fork(fileURLToPath(new URL('../../scripts/fonts/subset-process.mjs', import.meta.url)), [], { serialization: 'advanced', execArgv: ['--expose-gc'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const ask = (message: object) =>
      new Promise<{ subsets?: Uint8Array[]; collected?: boolean; error?: string }>((resolve) => {
        child.once('message', resolve);
        child.send(message);
      });
    try {
      const request = (file: string, sets: string[], keep?: number) => ({ file, sets, format: 'truetype', quality: 8, ...(keep ? { keep } : {}) });
      // Read into memory a face freed before (keep 1), and into fresh memory: the same subset as subset-font's.
      for (const [file, keep] of [[faces[0].file, undefined], [faces[1].file, 1], [faces[0].file, 1]] as const) {
        const made = await ask(request(file, ['大安区刊'], keep));
        expect(made.error).toBeUndefined();
        expect(made.collected).toBe(false);
        const expected = new Uint8Array(await subsetFont(readFileSync(file), subset.subsetCharacters('大安区刊').replace(/[^大安区刊]/g, ''), { targetFormat: 'truetype' }));
        expect(Buffer.from(made.subsets![0]).equals(Buffer.from(expected)), file).toBe(true);
      }
      const shipped = join(dirname(createRequire(import.meta.url).resolve('lxgw-wenkai-webfont/package.json')), 'files', 'lxgwwenkai-regular-subset-100.woff2');
      expect(new TextDecoder().decode(readFileSync(shipped).subarray(0, 4))).toBe('wOF2');
      expect((await ask(request(shipped, ['（']))).collected).toBe(true);
      expect((await ask(request(shipped, ['）']))).collected).toBe(false);
    } finally {
      child.kill();
    }
  });

  it('read every face ahead when the cache holds no subset yet, wait for the build meanwhile, and give each face to the process that read it', async () => {
    await subset.subsetFaces(`${text}冷`, 'truetype', [faces[0]]);
    subset.releaseSubsetters();
    await until(() => subsetProcesses().length === 0);
    const before = process.env.DAAN_CACHE_DIR;
    try {
      // The cache holds subsets: nothing is read ahead.
      subset.warmSubsettersForEmptyCache();
      await new Promise((resume) => setTimeout(resume, 300));
      expect(subsetProcesses()).toEqual([]);
      process.env.DAAN_CACHE_DIR = mkdtempSync(join(tmpdir(), 'daan-subset-warm-'));
      subset.warmSubsettersForEmptyCache();
      const bytesRead = () => subsetProcesses().reduce((sum, pid) => sum + Number(/rchar: (\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'latin1'))![1]), 0);
      const faceBytes = faces.reduce((sum, face) => sum + statSync(face.file).size, 0);
      await until(() => subsetProcesses().length > 0 && bytesRead() >= faceBytes);
      // Longer than an idle pool waits before its processes end: a warmed pool waits for the build.
      await new Promise((resume) => setTimeout(resume, 1500));
      expect(subsetProcesses().length).toBe(Math.min(2, availableParallelism()));
      const read = bytesRead();
      const made = await subset.subsetFaces(`${text}暖`, 'truetype');
      expect(made).toHaveLength(faces.length);
      // No face was read again (a face is some 10–17 MB; the subsets' own reads are the cache's and the harfbuzz module's, none).
      expect(bytesRead() - read, 'bytes the subsetting processes read after warming').toBeLessThan(1_000_000);
      // Asked for a subset, the pool ends its processes when idle again.
      await until(() => subsetProcesses().length === 0);
    } finally {
      rmSync(process.env.DAAN_CACHE_DIR!, { recursive: true, force: true });
      process.env.DAAN_CACHE_DIR = before;
    }
  });

  it('read a face again when its file changed, though the process keeps the faces it read', async () => {
    const file = join(cache, 'changing-face.ttf');
    writeFileSync(file, readFileSync(faces[2].file));
    const face = { ...faces[2], file };
    const [before] = await subset.subsetFaces(text, 'truetype', [face]);
    // The same process (the pool keeps it for a moment), the file now another face.
    writeFileSync(file, readFileSync(faces[3].file));
    utimesSync(file, 2_000_000, 2_000_000);
    const [after] = await subset.subsetFaces(text, 'truetype', [face]);
    const expected = new Uint8Array(await subsetFont(readFileSync(faces[3].file), subset.subsetCharacters(text), { targetFormat: 'truetype' }));
    expect(Buffer.from(after.bytes).equals(Buffer.from(expected))).toBe(true);
    expect(Buffer.from(after.bytes).equals(Buffer.from(before.bytes))).toBe(false);
  });

  it('fail with the reason when a face cannot be subset, and the pool goes on', async () => {
    const missing = { ...faces[0], id: 'serif-400', file: join(cache, 'no-such-face.ttf') };
    await expect(subset.subsetFaces(text, 'truetype', [missing])).rejects.toThrow();
    const after = await subset.subsetFaces(`${text}四`, 'truetype', [faces[1]]);
    expect(after[0].bytes.length).toBeGreaterThan(1000);
  });
  it('fall back to the WebAssembly woff2 encoder where npm installed no native one for the machine (another cache key, the same font)', async () => {
    const native = (await subset.subsetFaces(text, 'woff2', [faces[0]]))[0];
    const nativeKey = await subset.subsetCacheKey(faces[0], subset.subsetCharacters(text), 'woff2');
    expect(subset.woff2EncoderName()).toMatch(/^@napi-rs\/woff-build /);
    process.env.DAAN_WOFF2_ENCODER = 'wasm';
    // A cache of its own, so that the other tests' count of this process's entries holds.
    process.env.DAAN_CACHE_DIR = mkdtempSync(join(tmpdir(), 'daan-subset-wasm-'));
    vi.resetModules();
    const fallback = await import('../../scripts/fonts/subset.ts');
    try {
      expect(fallback.woff2EncoderName()).toMatch(/^wawoff2 [\d.]+ quality 11$/);
      expect(await fallback.subsetCacheKey(faces[0], subset.subsetCharacters(text), 'woff2')).not.toBe(nativeKey);
      const [wasm] = await fallback.subsetFaces(text, 'woff2', [faces[0]]);
      // subset-font's own woff2 (the same WebAssembly encoder at quality 11), and the same font as the native encoder's once decoded.
      const local = new Uint8Array(await subsetFont(await readFile(faces[0].file), subset.subsetCharacters(text), { targetFormat: 'woff2' }));
      expect(Buffer.from(wasm.bytes).equals(Buffer.from(local))).toBe(true);
      expect(Buffer.from(await wawoff2.decompress(wasm.bytes)).equals(Buffer.from(await wawoff2.decompress(native.bytes)))).toBe(true);
    } finally {
      fallback.releaseSubsetters();
      rmSync(process.env.DAAN_CACHE_DIR, { recursive: true, force: true });
      process.env.DAAN_CACHE_DIR = cache;
      delete process.env.DAAN_WOFF2_ENCODER;
      vi.resetModules();
    }
  });

});
