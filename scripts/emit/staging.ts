/**
 * Atomic output: a build writes into a staging folder beside out/ and swaps it in only when
 * everything succeeded, so a failed or interrupted build leaves the previous out/ as it was.
 */
import { atExit } from '../core/cleanup.ts';
import { cacheDir } from '../core/config.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, linkSync, lstatSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { UserError } from '../report/problems.ts';
import { outFileSha256 } from '../core/file-hashes.ts';
import type { Manifest } from './manifest.ts';
import { say } from '../report/messages.ts';

const STAGING = '.daan-staging-';
const RETIRED = '.daan-retired-';

/** A staged file's size and sha256, as the manifest records it. */
export interface StagedFile {
  size: number;
  sha256: string;
}

export interface Staging {
  dir: string;
  /** The output folder it becomes on commit. */
  out: string;
  write(relativePath: string, data: string | Uint8Array): Promise<void>;
  /**
   * The files whose bytes are known without reading them back: those written with write(), and
   * those linked from out/ and recorded with linked() (emit/manifest.ts manifestEntries).
   */
  known: Map<string, StagedFile>;
  /** Records files linked into the staging folder from out/ with their manifest entries. */
  linked(entries: { path: string; size: number; sha256: string }[]): void;
  /** Swap the staging folder in as outDir. */
  commit(): Promise<void>;
  /** Remove the staging folder (after a failure). */
  discard(): Promise<void>;
}

/**
 * `previous`: the manifest of the out/ being replaced. A file written with the bytes that out/
 * already holds at that path (its recorded sha256, checked against the file: core/file-hashes.ts
 * outFileSha256) is hard-linked from there instead of written: a rebuilt edition's unchanged
 * pages, the web fonts' subsets, the stylesheets. Never written through: a path written again
 * after it was linked gets a file of its own, so that the previous out/ is never changed.
 */
export async function createStaging(outDir: string, previous?: Pick<Manifest, 'files'>): Promise<Staging> {
  const out = resolve(outDir);
  const parent = dirname(out);
  const dir = join(parent, `${STAGING}${basename(out)}-${process.pid}`);
  const live: Live = { dir, out };
  try {
    await mkdir(parent, { recursive: true });
    await removeLeftovers(parent, basename(out));
    track(live);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
  } catch (error) {
    untrack(live);
    throw writeError(error, dir);
  }
  // Folders already made: a build writes thousands of files into a few hundred folders.
  const made = new Map<string, Promise<unknown>>();
  const folder = (path: string) => {
    if (!made.has(path)) made.set(path, mkdir(path, { recursive: true }));
    return made.get(path)!;
  };
  const known = new Map<string, StagedFile>();
  const before = new Map((previous?.files ?? []).map((f) => [f.path, f]));
  /** Paths hard-linked from out/ by write(). */
  const linkedHere = new Set<string>();
  /** Whether `path` now links to out/'s file of the same bytes. */
  const linkedFromOut = async (path: string, file: StagedFile, target: string): Promise<boolean> => {
    const recorded = before.get(path);
    if (!recorded || recorded.sha256 !== file.sha256 || recorded.size !== file.size) return false;
    const source = join(out, path);
    if ((await outFileSha256(source, lstatSync(source, { throwIfNoEntry: false }))) !== file.sha256) return false;
    try {
      linkSync(source, target);
    } catch {
      return false;
    }
    linkedHere.add(path);
    return true;
  };
  return {
    dir,
    out,
    known,
    linked(entries) {
      for (const { path, size, sha256 } of entries) known.set(path, { size, sha256 });
    },
    async write(relativePath, data) {
      const target = join(dir, relativePath);
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      const path = relativePath.split(sep).join('/');
      const file = { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
      known.set(path, file);
      try {
        await folder(dirname(target));
        if (linkedHere.delete(path)) rmSync(target, { force: true });
        if (await linkedFromOut(path, file, target)) return;
        // A folder removed since (a print work folder): make it again.
        await writeFile(target, bytes).catch(async (error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
          await mkdir(dirname(target), { recursive: true });
          await writeFile(target, bytes);
        });
      } catch (error) {
        throw writeError(error, join(out, relativePath));
      }
    },
    async commit() {
      const retired = join(parent, `${RETIRED}${basename(out)}-${process.pid}`);
      try {
        live.retired = retired;
        if (existsSync(out)) await rename(out, retired);
        await rename(dir, out);
        untrack(live);
      } catch (error) {
        // Put the previous output back if it was moved aside.
        if (!existsSync(out) && existsSync(retired)) await rename(retired, out).catch(() => undefined);
        throw writeError(error, out);
      }
      removeRetired(retired);
    },
    async discard() {
      // Retried: a helper process stopped just before (Pagefind) may have been writing into it.
      await rm(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
      untrack(live);
    },
  };
}

/**
 * The previous out/, replaced: removed by a process of its own, so that the build ends without
 * waiting for it (unlinking the thousands of files of an archive took a third of a second of a
 * one-article change). It is first moved, in one rename, into the build cache's `removing/`
 * folder, out of the user's sight and never taken for an out/ to put back; what a remover killed
 * half-way leaves there is removed by the next one, which removes everything in that folder.
 * Where the cache is on another file system, or no process can be started, it is removed here.
 */
function removeRetired(retired: string): void {
  const removing = cacheDir(REMOVING);
  try {
    mkdirSync(removing, { recursive: true });
    renameSync(retired, join(removing, `${basename(retired)}-${randomBytes(4).toString('hex')}`));
  } catch {
    rmSync(retired, { recursive: true, force: true, maxRetries: 3, retryDelay: 20 });
    return;
  }
  // One started ahead (startRemover) goes now; else one is started.
  const ahead = waiting.get(removing);
  waiting.delete(removing);
  if (ahead) ahead.stdin?.end();
  else spawnRemover(removing, false);
}

/**
 * Starts the remover of this build's previous out/ now, to wait until the build commits: starting
 * a process costs the build's thread some tens of milliseconds at the end of an archive build,
 * better spent while it waits for the search index than after. It waits on its standard input,
 * which the commit ends (or this process, ending): then it removes what the `removing/` folder holds.
 */
export function startRemover(): void {
  const removing = cacheDir(REMOVING);
  if (waiting.has(removing)) return;
  const remover = spawnRemover(removing, true);
  if (remover) waiting.set(removing, remover);
}

/** Removers started ahead, by the folder they are to empty. */
const waiting = new Map<string, ChildProcess>();

/** At the lowest priority, alone (detached, no output): the next build need not wait for it either. */
function spawnRemover(removing: string, wait: boolean): ChildProcess | undefined {
  try {
    const remover = spawn(process.execPath, ['-e', REMOVER, removing, ...(wait ? ['wait'] : [])], { detached: true, stdio: [wait ? 'pipe' : 'ignore', 'ignore', 'ignore'] });
    remover.on('error', () => undefined);
    remover.stdin?.on('error', () => undefined);
    // Neither the process nor its input keeps this one alive.
    (remover.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    remover.unref();
    return remover;
  } catch {
    // Not even a process: the next build's remover takes it.
    return undefined;
  }
}

/** The build cache's folder of replaced out/ folders being removed. */
export const REMOVING = 'removing';

/** What the remover runs: every entry of the folder it is given removed, once its input ends when it is to wait. */
const REMOVER = `const { readdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');
try { require('node:os').setPriority(19); } catch {}
const folder = process.argv[1];
const remove = () => {
  for (const name of (() => { try { return readdirSync(folder); } catch { return []; } })()) {
    try { rmSync(join(folder, name), { recursive: true, force: true, maxRetries: 3, retryDelay: 50 }); } catch {}
  }
};
if (process.argv[2] === 'wait') {
  process.stdin.on('error', remove);
  process.stdin.on('end', remove);
  process.stdin.resume();
} else remove();`;

/**
 * A failed write as the user can act on it: a full disk, a read-only or forbidden folder. The
 * build stops; the previous out/ is untouched (the staging folder is discarded).
 */
export function writeError(error: unknown, path: string, options: { outputKept?: boolean } = {}): Error {
  if (error instanceof UserError) return error;
  const code = (error as NodeJS.ErrnoException)?.code;
  if (!code) return error as Error;
  const shown = relative(process.cwd(), path) || path;
  return new UserError(say('write-error', { shown, code, detail: (error as Error).message, kept: options.outputKept !== false }), { cause: error });
}

/** Errors of a full or read-only disk, wherever they were raised: the CLI reports them without a stack trace. */
export function isDiskFull(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'EROFS';
}

// Ctrl-C, SIGTERM or a crash while a staging folder exists: remove it, and put a retired out/ back.

interface Live {
  dir: string;
  out: string;
  /** Set while committing: where the previous out/ is moved aside. */
  retired?: string;
}

const active = new Map<Live, () => void>();

function track(live: Live): void {
  active.set(live, atExit(() => cleanUpNow(live)));
}

function untrack(live: Live): void {
  active.get(live)?.();
  active.delete(live);
}

/** Synchronous (it runs in the 'exit' event); what it cannot remove is left for the next build, which removes leftovers beside out/. */
function cleanUpNow(live: Live): void {
  if (live.retired && !existsSync(live.out) && existsSync(live.retired)) renameSync(live.retired, live.out);
  rmSync(live.dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 20 });
}

/** Staging folders of builds that were killed, and an out/ retired but not yet replaced. */
async function removeLeftovers(parent: string, name: string): Promise<void> {
  const entries = await readdir(parent).catch(() => [] as string[]);
  const out = join(parent, name);
  // Exactly `<prefix><name>-<pid>`: the leftovers of out-2 are not those of out. Only this build
  // may write out/ now (emit/out-folder.ts), so these belong to builds that are gone.
  const of = (prefix: string) => (entry: string) => entry.startsWith(`${prefix}${name}-`) && /^\d+$/.test(entry.slice(prefix.length + name.length + 1));
  for (const entry of entries) {
    const path = join(parent, entry);
    if (of(RETIRED)(entry) && !existsSync(out)) await rename(path, out);
    else if (of(STAGING)(entry) || of(RETIRED)(entry)) await rm(path, { recursive: true, force: true });
  }
}
