/**
 * Subsets the bundled faces to the characters a document uses: TrueType for print (one subset per
 * face per document, so pairs of marks compress), woff2 for the EPUB; and, for the web pages,
 * many small woff2 slices of a face at once (subsetSlices, see web.ts).
 *
 * woff2 is compressed below the encoder's default brotli quality, 11. On our subsets (40 to 100 KB
 * of TrueType: a few hundred CJK glyphs), Google's encoder takes about 70 ms a file at 11, 27 ms
 * at 10 (files 0.3 % larger) and 2 ms at 8 (3 to 4 % larger); 9 is slower than 10. Files every
 * page or reader downloads, made once (the web's shared slices, the EPUB's faces), are made at
 * WOFF2_SMALL; the web's per-group subsets, some 300 in a cold 100-edition archive, at WOFF2_FAST.
 */
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fork, type ChildProcess } from 'node:child_process';
import pLimit, { type LimitFunction } from 'p-limit';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { cached, hasEntries } from '../core/cache.ts';
import { faces as allFaces, type Face } from './faces.ts';
import { readCodePointsOfFile } from './cmap.ts';

export interface FontFile {
  face: Face;
  /** daan-serif-400.3f2a9c1e.woff2 — the hash makes caching safe and names stable. */
  name: string;
  bytes: Uint8Array;
  /** The characters this file stands for, when it is one slice of a face (fonts/wenkai.ts). */
  unicodeRange?: string;
}

const coverage = new Map<string, Promise<Set<number>>>();

/** The code points a face covers (its file is read once and not kept: the four faces weigh 50 MB). */
export function codePointsOf(face: Face): Promise<Set<number>> {
  if (!coverage.has(face.id)) coverage.set(face.id, readCodePointsOfFile(face.file));
  return coverage.get(face.id)!;
}

/** Characters always kept, so that small edits in templates never print blanks. */
const BASE = ' 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.,:;!?%()[]/-+–—·…“”‘’《》〈〉「」『』、，。：；！？（）【】—～ \u00a0\u3000';

/** The characters a subset for `text` keeps: those of the text and BASE, each once, sorted. */
export function subsetCharacters(text: string): string {
  return [...new Set(BASE + text)].sort().join('');
}

/** brotli qualities of woff2 files (see above). */
export const WOFF2_SMALL = 10;
export const WOFF2_FAST = 8;

/**
 * What the bytes of a woff2 subset depend on besides the face, its characters and the quality:
 * the encoder subset-process.mjs uses — native where npm installed @napi-rs/woff-build's binary
 * for this machine (its package records only some platforms' binaries), else wawoff2 (WebAssembly,
 * always at quality 11, several times slower). Found out when first needed: loading the binary takes some ms.
 */
let woff2Encoder: { name: string; native: boolean } | undefined;

function chosenWoff2Encoder(): { name: string; native: boolean } {
  if (woff2Encoder) return woff2Encoder;
  const require = createRequire(import.meta.url);
  const version = (name: string) => (require(`${name}/package.json`) as { version: string }).version;
  try {
    if (process.env.DAAN_WOFF2_ENCODER === 'wasm') throw new Error('asked for the WebAssembly encoder');
    require('@napi-rs/woff-build');
    woff2Encoder = { name: `@napi-rs/woff-build ${version('@napi-rs/woff-build')}`, native: true };
  } catch {
    woff2Encoder = { name: `wawoff2 ${(createRequire(require.resolve('subset-font'))('wawoff2/package.json') as { version: string }).version} quality 11`, native: false };
  }
  return woff2Encoder;
}

export function woff2EncoderName(): string {
  return chosenWoff2Encoder().name;
}

/** The build cache's name of a subset of `face` (kind `fonts`): by the face file, the format (woff2: the encoder and quality) and the characters. */
export async function subsetCacheKey(face: Face, characters: string, format: 'woff2' | 'truetype', quality = WOFF2_SMALL): Promise<string> {
  return (await subsetCacheKeys(face, [characters], format, quality))[0];
}

/**
 * subsetCacheKey of each character set, the face's file looked at once (a large archive names some thousand slices a build);
 * `looked`: the faces' files as a build already looked at them, by path (fonts/web.ts: once a build, not once per font group).
 */
export async function subsetCacheKeys(face: Face, sets: string[], format: 'woff2' | 'truetype', quality = WOFF2_SMALL, looked?: Map<string, Promise<Stats>>): Promise<string[]> {
  let looking = looked?.get(face.file);
  if (!looking) {
    looking = stat(face.file);
    looked?.set(face.file, looking);
  }
  const info = await looking;
  const kind = format === 'woff2' ? `woff2\0${woff2EncoderName()}\0${quality}` : format;
  const ext = format === 'woff2' ? 'woff2' : 'ttf';
  return sets.map((characters) => `${createHash('sha256').update(`${face.id}\0${face.file}\0${info.size}\0${info.mtimeMs}\0${kind}\0${characters}`).digest('hex')}.${ext}`);
}

export async function subsetFaces(text: string, format: 'woff2' | 'truetype', faces: Face[] = allFaces): Promise<FontFile[]> {
  const characters = subsetCharacters(text);
  return Promise.all(
    faces.map(async (face) => {
      const bytes = await cachedSubset(face, characters, format);
      const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 10);
      const ext = format === 'woff2' ? 'woff2' : 'ttf';
      return { face, name: `daan-${face.id}.${hash}.${ext}`, bytes };
    }),
  );
}

/**
 * Subsetting is deterministic but takes time (reading the 15 MB face, cutting, compressing), so
 * results are kept in the build cache (core/cache.ts, kind `fonts`), by subsetCacheKey.
 */
async function cachedSubset(face: Face, characters: string, format: 'woff2' | 'truetype'): Promise<Uint8Array> {
  return cached('fonts', await subsetCacheKey(face, characters, format), () => subsetters.run(face.file, characters, format));
}

/**
 * The processes that subset (subset-process.mjs), a p-limit pool like the build's others: as many as there are cores, at most two,
 * started when a subset is not in the cache. harfbuzz's and the woff2 encoder's WebAssembly
 * memories never shrink (110–180 MB per process after a CJK face), so a process ends as soon as
 * the pool has had nothing to do for a moment, or at once when the build says it is done with
 * them (releaseSubsetters). An idle process never keeps the build alive.
 *
 * While Chromium prints, the pool is one process (subsetAlongsidePrinting): two renderers and two
 * subsetters at once made the build's peak memory, and on two cores a second subsetter only
 * takes time from the printing. The web-font slices (many batches, made beside the printing) go
 * through a lane of their own, as wide as the pool: at most that many wait in the pool at once, so
 * that a print document's subsets (whose printing waits for them) come next, never after all of them.
 */
/** `keep`: how many parsed faces the process may keep (one while Chromium prints; else all). */
type SubsetMessage = { file: string; sets: string[]; format: 'woff2' | 'truetype'; quality: number; native?: boolean; keep?: number };

/** `collected`: the process collected garbage before answering (it does only after reading a face). */
type SubsetReply = { subsets?: Uint8Array[]; faces?: number; collected?: boolean; error?: string };

class SubsetPool {
  /** Processes started and free; p-limit lets at most `size` tasks hold one. */
  private readonly idle: ChildProcess[] = [];
  private readonly limit: LimitFunction;
  /** The web-font slices' lane into the pool (see above). */
  private readonly slicing: LimitFunction;
  private timer?: NodeJS.Timeout;
  /** Callers that asked for one process (subsetAlongsidePrinting); the pool is `size` wide when none is left. */
  private narrowed = 0;

  constructor(
    private readonly size: number,
    private readonly idleMs: number,
  ) {
    this.limit = pLimit(size);
    this.slicing = pLimit(size);
  }

  /** One process until the returned function is called (by each caller that asked). */
  narrow(): () => void {
    this.narrowed++;
    this.resize(1);
    let undone = false;
    return () => {
      if (undone) return;
      undone = true;
      if (--this.narrowed === 0) this.resize(this.size);
    };
  }

  private resize(width: number): void {
    this.limit.concurrency = this.slicing.concurrency = width;
    // Free processes beyond the new width end now; busy ones when their task is done (see ask).
    while (this.idle.length > width) this.idle.shift()!.kill();
  }

  async run(file: string, characters: string, format: 'woff2' | 'truetype'): Promise<Uint8Array> {
    const [bytes] = (await this.ask({ file, sets: [characters], format, quality: WOFF2_SMALL })).subsets!;
    return new Uint8Array(bytes);
  }

  /** woff2 subsets of one face for each character set, made in one process. */
  async slices(file: string, slices: string[], quality: number): Promise<Uint8Array[]> {
    return (await this.slicing(() => this.ask({ file, sets: slices, format: 'woff2', quality }))).subsets!.map((bytes) => new Uint8Array(bytes));
  }

  /** Ends the processes that have nothing to do now; busy ones end when the pool next falls idle. */
  release(): void {
    this.warmed = false;
    for (const child of this.idle.splice(0)) child.kill();
  }

  /**
   * Has each process read the faces of `files` (nothing is cut), on the cores the build's thread
   * leaves idle while it loads and transforms; a later subset of those faces then goes to the
   * process that holds it. Errors are left to the subsets that follow.
   */
  warm(files: string[]): void {
    this.warmed = true;
    for (const file of files) this.ask({ file, sets: [], format: 'truetype', quality: WOFF2_SMALL }, true).catch(() => undefined);
  }

  /** Warmed, and asked for no subset since: the processes wait for one rather than end when idle. */
  private warmed = false;

  private ask(message: SubsetMessage, warming = false): Promise<SubsetReply> {
    if (!warming) this.warmed = false;
    return this.limit(async () => {
      clearTimeout(this.timer);
      const keep = this.narrowed ? 1 : undefined;
      const child = await this.take(message.file);
      this.busy.add(child);
      try {
        const reply = await exchange(child, { ...message, native: message.format === 'woff2' && chosenWoff2Encoder().native, ...(keep ? { keep } : {}) });
        this.held(child, message.file, keep ?? Infinity);
        // Still running (it answered): free for the next task, also after a font it could not subset,
        // unless the pool has become narrower than the processes it has (subsetAlongsidePrinting).
        if (this.idle.length + this.busy.size > this.limit.concurrency) child.kill();
        else this.idle.push(child);
        if (reply.error !== undefined) throw new Error(`Could not subset a font: ${reply.error}`);
        return reply;
      } finally {
        this.busy.delete(child);
        this.freed();
        // The last task of a busy spell (this one is still counted): the processes end after a moment of nothing to do.
        if (!this.warmed && this.limit.activeCount <= 1 && this.limit.pendingCount === 0 && this.idle.length) this.timer = setTimeout(() => this.release(), this.idleMs).unref();
      }
    });
  }

  /** The faces each process holds, the last used last, as subset-process.mjs keeps them. */
  private readonly holding = new WeakMap<ChildProcess, string[]>();

  private held(child: ChildProcess, file: string, keep: number): void {
    const files = this.holding.get(child) ?? [];
    if (!files.includes(file)) while (files.length >= Math.max(1, keep)) files.shift();
    this.holding.set(child, [...files.filter((held) => held !== file), file]);
  }

  /** Processes at work, and the tasks waiting in take() for one of them to be free. */
  private readonly busy = new Set<ChildProcess>();
  private readonly waiting: (() => void)[] = [];

  /**
   * A process for a subset of the face of `file`: a free one that holds the face; else, when one
   * at work holds it, that one once free (reading a face again costs more than the wait, and two
   * subsets of a face asked for together would otherwise have both processes read it); else a new
   * process while the pool may grow, else the last freed.
   */
  private async take(file: string): Promise<ChildProcess> {
    const holds = (child: ChildProcess) => this.holding.get(child)?.includes(file);
    for (;;) {
      const holder = this.idle.findIndex(holds);
      if (holder >= 0) return this.idle.splice(holder, 1)[0];
      if (![...this.busy].some(holds)) {
        if (this.idle.length + this.busy.size < this.limit.concurrency) return this.spawn();
        const free = this.idle.pop();
        if (free) return free;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  /** A process was freed or ended: the tasks waiting in take() look again. */
  private freed(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  private spawn(): ChildProcess {
    // No inherited flags (--inspect, --cpu-prof, tsx): the script is plain JavaScript. gc() frees each face read.
    const child = fork(fileURLToPath(new URL('./subset-process.mjs', import.meta.url)), [], { serialization: 'advanced', execArgv: ['--expose-gc'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: { ...process.env, GLIBC_TUNABLES: [KEEP_MALLOC_MEMORY, process.env.GLIBC_TUNABLES].filter(Boolean).join(':') } });
    // A free process that ends (killed by release, or by the system) is no longer offered; a busy one's task learns it in exchange.
    child.on('exit', () => {
      const at = this.idle.indexOf(child);
      if (at >= 0) this.idle.splice(at, 1);
      this.freed();
    });
    child.on('error', () => undefined);
    return child;
  }
}

/** One task sent to a subsetting process and its answer; the process keeps the build alive only meanwhile. */
function exchange(child: ChildProcess, message: SubsetMessage): Promise<SubsetReply> {
  return new Promise((resolve, reject) => {
    const settle = () => {
      child.off('message', answered);
      child.off('exit', stopped);
      child.off('error', failed);
      child.unref();
      child.channel?.unref();
    };
    const answered = (reply: SubsetReply) => {
      settle();
      resolve(reply);
    };
    const stopped = (code: number | null, signal: NodeJS.Signals | null) => {
      settle();
      reject(new Error(`The font subsetting process stopped (${signal ?? `exit code ${code}`}).`));
    };
    const failed = (error: Error) => {
      settle();
      reject(new Error(`The font subsetting process failed: ${error.message}`, { cause: error }));
    };
    child.on('message', answered);
    child.on('exit', stopped);
    child.on('error', failed);
    child.ref();
    child.channel?.ref();
    child.send(message);
  });
}

/**
 * glibc's malloc in the subsetting processes keeps what it freed (up to 256 MiB) instead of giving
 * it back at once: the woff2 encoder allocates and frees the same tens of megabytes for every
 * file, and with glibc's defaults the first files of a process, and every so often a later one,
 * cost 80–200 ms of page faults for a 2–5 ms encoding. The processes' peak memory stays the same.
 * Other C libraries ignore the variable; one the user set wins (it comes after).
 */
const KEEP_MALLOC_MEMORY = 'glibc.malloc.trim_threshold=268435456:glibc.malloc.mmap_threshold=268435456';

const SUBSETTERS = Math.max(1, Math.min(2, availableParallelism()));
const subsetters = new SubsetPool(SUBSETTERS, 1000);

/** Most slices of a face sent to a process at once, so that progress moves; fewer, so that every process has a share of them. */
const SLICES_PER_BATCH = 12;

/** woff2 subsets of `face` for each character set of `slices` (web-font slices, fonts/web.ts), at brotli `quality`; `tick` after each batch's slices. */
export async function subsetSlices(face: Face, slices: string[], quality = WOFF2_SMALL, tick: (index: number) => void = () => undefined): Promise<Uint8Array[]> {
  const size = Math.min(SLICES_PER_BATCH, Math.ceil(slices.length / SUBSETTERS));
  const batches: number[] = [];
  for (let i = 0; i < slices.length; i += size) batches.push(i);
  const made = await Promise.all(
    batches.map(async (start) => {
      const batch = slices.slice(start, start + size);
      const bytes = await subsetters.slices(face.file, batch, quality);
      for (let i = 0; i < batch.length; i++) tick(start + i);
      return bytes;
    }),
  );
  return made.flat();
}

/**
 * When the build cache holds no font subset yet (a fresh clone, a cleared cache), every face is
 * read into the subsetting processes now, while the build's thread loads and transforms the
 * content: that is a second or more of a first build that would otherwise come after it. With
 * subsets in the cache, most builds subset nothing, and reading the faces would only cost memory.
 */
export function warmSubsettersForEmptyCache(): void {
  if (!hasEntries('fonts')) subsetters.warm(allFaces.map((face) => face.file));
}

/** Ends the font subsetting processes now (they give their memory back); a later subset starts them again. */
export function releaseSubsetters(): void {
  subsetters.release();
}

/**
 * One subsetting process, not two, until the returned function is called: for the time Chromium
 * prints beside the subsetting (see SubsetPool).
 */
export function subsetAlongsidePrinting(): () => void {
  return subsetters.narrow();
}

/** @font-face rules for subset files placed under `urlPrefix` (relative to the CSS file). */
export function fontFaceCss(files: FontFile[], urlPrefix: string): string {
  return files
    .map(({ face, name, unicodeRange }) => {
      const format = name.endsWith('.woff2') ? 'woff2' : 'truetype';
      const range = unicodeRange ? ` unicode-range: ${unicodeRange};` : '';
      return `@font-face { font-family: "${face.family}"; font-weight: ${face.weight}; font-style: normal; font-display: block; src: url("${urlPrefix}${name}") format("${format}");${range} }`;
    })
    .join('\n');
}
